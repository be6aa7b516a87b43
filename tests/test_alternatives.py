"""Right answers written another way keep full marks: the catalogues' ALTERNATIVES.

Each catalogue in tests/wrong_answers/ may list, by graded function, correct implementations that
differ from the solution (another fold split, another call pattern, a library helper the course
recommends, a comment that names a forbidden function). In process, each replaces the solution and
no graded test cell may fail; through the autograder, one submission holding all of an assignment's
alternatives at once must score full marks.
"""
import csv
import subprocess
import sys

import pytest

from notebooks import REPOSITORY, graded_tests, read
from test_autograder import solution_path, student_answers, write_notebook
from test_hidden_tests import ASSIGNMENTS, catalogue, failing_tests


def alternatives(assignment: str) -> dict:
    return getattr(catalogue(assignment), "ALTERNATIVES", {})


def cases():
    return [pytest.param(assignment, function, name, id=f"{assignment}-{function}-{name}")
            for assignment in ASSIGNMENTS for function, sources in alternatives(assignment).items() for name in sources]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_alternatives_name_graded_functions(assignment):
    functions = set(catalogue(assignment).BUGS)
    assert set(alternatives(assignment)) <= functions


@pytest.mark.parametrize("assignment, function, name", cases())
def test_a_right_answer_written_another_way_fails_no_test(assignment, function, name):
    assert failing_tests(assignment, function, alternatives(assignment)[function][name]) == []


def answered_with_alternatives(assignment):
    """The release with every answer filled in: the first alternative of each function that has some,
    the solution elsewhere."""
    notebook = student_answers(assignment)
    chosen = {function: next(iter(sources.values())) for function, sources in alternatives(assignment).items()}
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if cell.metadata.get("nbgrader", {}).get("solution") and grade_id in chosen:
            cell.source = chosen[grade_id]
    return notebook


@pytest.mark.slow
@pytest.mark.parametrize("assignment", [a for a in ASSIGNMENTS if alternatives(a)])
def test_alternatives_score_full_marks_through_the_autograder(assignment, tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    write_notebook(folder / "dana.ipynb", answered_with_alternatives(assignment))
    out = tmp_path / "grades"
    subprocess.run([sys.executable, "-m", "autograder", "grade", assignment, str(folder), "--out", str(out), "--jobs", "1"],
                   check=True, cwd=REPOSITORY)
    with open(out / "grades.csv", newline="") as f:
        row = next(csv.DictReader(f))
    tests = graded_tests(read(solution_path(assignment)))
    assert row["status"] == "graded", row
    assert {test: float(row[test]) for test in tests} == {test: float(points) for test, points in tests.items()}
