"""The autograder: collecting an LMS download, and (slow) the whole round trip through nbgrader."""
import csv
import json
import subprocess
import sys
import zipfile

import nbformat
import pytest

from autograder.collect import collect, student_id
from notebooks import REPOSITORY, SOLUTIONS, cells_by_id, graded_tests, read
from test_hidden_tests import catalogue

ASSIGNMENTS = [path.parent.name for path in SOLUTIONS]


def solution_path(assignment):
    return REPOSITORY / "solutions" / assignment / f"{assignment}.ipynb"


def release_path(assignment):
    return REPOSITORY / "assignments" / assignment / f"{assignment}.ipynb"

def write_notebook(path, notebook):
    nbformat.write(notebook, path)
    return path


def student_answers(assignment, wrong_function=None):
    """The release with every answer cell filled in from the solutions (one of them wrong, if asked).

    The wrong answer is one the visible checks let through (the catalogue's HIDDEN_ONLY): only the
    hidden tests, restored by nbgrader at grading time, can take its points away.
    """
    notebook, solutions, wrong = read(release_path(assignment)), cells_by_id(read(solution_path(assignment))), catalogue(assignment)
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = wrong.BUGS[grade_id][wrong.HIDDEN_ONLY[grade_id]] if grade_id == wrong_function \
                else "\n".join(line for line in solutions[grade_id].source.splitlines() if "### " not in line)
    return notebook


# --- collecting ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, expected", [
    ("alice.ipynb", "alice"),
    ("Kim Min-jun.ipynb", "Kim_Min-jun"),
    ("../../etc/passwd.ipynb", "passwd"),
    ("...ipynb", "unnamed"),
])
def test_student_id_is_safe_in_a_path(name, expected):
    assert student_id(name) == expected


def test_every_file_becomes_one_submission_with_its_problem(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "alice.ipynb").write_text(json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    (inbox / "bob.ipynb").write_text("{ not json")
    (inbox / "carol.pdf").write_bytes(b"%PDF-1.4")
    (inbox / "dave.ipynb").write_text("")
    (inbox / "eve.ipynb").write_text(json.dumps({"cells": "nope"}))
    sub = inbox / "again"
    sub.mkdir()
    (sub / "alice.ipynb").write_text((inbox / "alice.ipynb").read_text())
    problems = {(s.file, s.problem) for s in collect(inbox, tmp_path / "work")}
    assert problems == {
        ("alice.ipynb", None),
        ("alice.ipynb", "duplicate submission for student alice"),
        ("bob.ipynb", "not a notebook: invalid JSON (JSONDecodeError)"),
        ("carol.pdf", "not a notebook (.ipynb)"),
        ("dave.ipynb", "empty file"),
        ("eve.ipynb", "not a notebook: no list of cells"),
    }


def test_zip_members_are_flattened_and_never_written_outside(tmp_path):
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("folder/alice.ipynb", "{}")
        z.writestr("../../escape.ipynb", "{}")
        z.writestr("__MACOSX/folder/._alice.ipynb", "junk")
        z.writestr("folder/", "")
    submissions = collect(archive, tmp_path / "work")
    assert sorted(s.file for s in submissions) == ["alice.ipynb", "escape.ipynb"]
    assert all((tmp_path / "work") in s.path.parents for s in submissions)
    assert not (tmp_path.parent / "escape.ipynb").exists()


def test_missing_submissions_and_unknown_assignment_are_clear_errors(tmp_path):
    with pytest.raises(FileNotFoundError):
        collect(tmp_path / "nowhere", tmp_path / "work")
    result = subprocess.run([sys.executable, "-m", "autograder", "grade", "a9_nothing", str(tmp_path), "--out",
                             str(tmp_path / "out")], capture_output=True, text=True, cwd=REPOSITORY)
    assert result.returncode == 2 and "no assignment 'a9_nothing'" in result.stderr and ASSIGNMENTS[0] in result.stderr


# --- the round trip ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module", params=ASSIGNMENTS)
def graded(request, tmp_path_factory):
    """A class as an LMS zip: right, untouched, one wrong answer per function, and files that are no notebook.

    Returns (assignment, output folder, grades.csv rows by student).
    """
    assignment = request.param
    folder = tmp_path_factory.mktemp("class")
    write_notebook(folder / "alice.ipynb", student_answers(assignment))
    write_notebook(folder / "bob.ipynb", read(release_path(assignment)))
    (folder / "instructor.ipynb").write_bytes(solution_path(assignment).read_bytes())
    for function in catalogue(assignment).HIDDEN_ONLY:
        write_notebook(folder / f"wrong_{function}.ipynb", student_answers(assignment, wrong_function=function))
    (folder / "notes.txt").write_text("I did my best")
    (folder / "broken.ipynb").write_text('{"cells": [')
    archive = folder / "submissions.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for path in sorted(folder.iterdir()):
            if path != archive:
                z.write(path, f"download/{path.name}")
    out = tmp_path_factory.mktemp("grades")
    subprocess.run([sys.executable, "-m", "autograder", "grade", assignment, str(archive), "--out", str(out)],
                   check=True, cwd=REPOSITORY)
    with open(out / "grades.csv", newline="") as f:
        rows = {row["student"]: row for row in csv.DictReader(f)}
    tests = graded_tests(read(solution_path(assignment)))
    return assignment, out, rows, tests


@pytest.mark.slow
def test_one_row_per_submitted_file(graded):
    assignment, _, rows, tests = graded
    assert sorted(rows) == sorted(["alice", "bob", "instructor", "notes", "broken"]
                                  + [f"wrong_{f}" for f in catalogue(assignment).HIDDEN_ONLY])
    assert rows["notes"]["status"] == "rejected" and rows["notes"]["score"] == ""
    assert rows["broken"]["status"] == "rejected" and "invalid JSON" in rows["broken"]["message"]
    assert all(float(row["max_score"]) == sum(tests.values()) for row in rows.values())


@pytest.mark.slow
def test_right_answers_score_full_marks(graded):
    _, _, rows, tests = graded
    for student in ("alice", "instructor"):
        assert rows[student]["status"] == "graded"
        assert float(rows[student]["score"]) == sum(tests.values()), student
        assert all(float(rows[student][test]) == points for test, points in tests.items()), student


@pytest.mark.slow
def test_the_untouched_release_scores_zero_on_every_test(graded):
    _, _, rows, tests = graded
    assert rows["bob"]["status"] == "graded" and float(rows["bob"]["score"]) == 0
    assert all(float(rows["bob"][test]) == 0 for test in tests)


@pytest.mark.slow
def test_a_wrong_answer_loses_exactly_its_functions_points(graded):
    assignment, _, rows, tests = graded
    for function in catalogue(assignment).HIDDEN_ONLY:
        row = rows[f"wrong_{function}"]
        assert row["status"] == "graded", function
        assert float(row["score"]) == sum(tests.values()) - tests[f"test_{function}"], function
        for test, points in tests.items():
            assert float(row[test]) == (0 if test == f"test_{function}" else points), (function, test)


@pytest.mark.slow
def test_feedback_for_every_graded_student_shows_each_test(graded):
    _, out, rows, tests = graded
    for student, row in rows.items():
        feedback = out / "feedback" / f"{student}.html"
        assert feedback.exists() == (row["status"] == "graded"), student
        if row["status"] == "graded":
            html = feedback.read_text()
            assert all(test in html for test in tests), student
    failing = next(f for f in rows if f.startswith("wrong_"))
    assert "AssertionError" in (out / "feedback" / f"{failing}.html").read_text(), "a failing test's error is shown"
