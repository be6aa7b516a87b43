"""The autograder: collecting an LMS download, and (slow) the whole round trip through nbgrader."""
import csv
import json
import subprocess
import sys
import zipfile

import nbformat
import pytest

from autograder.collect import collect, student_id
from notebooks import REPOSITORY, cells_by_id, graded_tests, read
from test_hidden_tests import BUGS

ASSIGNMENT = "a1_classifiers"
SOLUTION = REPOSITORY / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
RELEASE = REPOSITORY / "assignments" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"

# One wrong answer per graded function, each one the visible checks let through: only the hidden
# tests, restored by nbgrader at grading time, can take the points away.
HIDDEN_ONLY_BUGS = {
    "compute_distances_two_loops": "always float32 (torch.zeros)",
    "compute_distances_one_loop": "reshape(n, -1) fails on an empty test set",
    "compute_distances_no_loops": "negative distances from rounding (no clamp)",
    "predict_labels": "float labels (torch.mode of floats)",
    "knn_cross_validate": "torch.chunk folds (uneven sizes differ)",
}


def write_notebook(path, notebook):
    nbformat.write(notebook, path)
    return path


def student_answers(wrong_function=None):
    """The release with every answer cell filled in from the solutions (one of them wrong, if asked)."""
    notebook, solutions = read(RELEASE), cells_by_id(read(SOLUTION))
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = BUGS[grade_id][HIDDEN_ONLY_BUGS[grade_id]] if grade_id == wrong_function \
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
    assert result.returncode == 2 and "no assignment 'a9_nothing'" in result.stderr and ASSIGNMENT in result.stderr


# --- the round trip ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """A class as an LMS zip: right, untouched, one wrong answer per function, and files that are no notebook."""
    folder = tmp_path_factory.mktemp("class")
    write_notebook(folder / "alice.ipynb", student_answers())
    write_notebook(folder / "bob.ipynb", read(RELEASE))
    (folder / "instructor.ipynb").write_bytes(SOLUTION.read_bytes())
    for function in HIDDEN_ONLY_BUGS:
        write_notebook(folder / f"wrong_{function}.ipynb", student_answers(wrong_function=function))
    (folder / "notes.txt").write_text("I did my best")
    (folder / "broken.ipynb").write_text('{"cells": [')
    archive = folder / "submissions.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for path in sorted(folder.iterdir()):
            if path != archive:
                z.write(path, f"download/{path.name}")
    out = tmp_path_factory.mktemp("grades")
    subprocess.run([sys.executable, "-m", "autograder", "grade", ASSIGNMENT, str(archive), "--out", str(out)],
                   check=True, cwd=REPOSITORY)
    with open(out / "grades.csv", newline="") as f:
        rows = {row["student"]: row for row in csv.DictReader(f)}
    return out, rows


TESTS = graded_tests(read(SOLUTION))
MAX_SCORE = sum(TESTS.values())


@pytest.mark.slow
def test_one_row_per_submitted_file(graded):
    _, rows = graded
    assert sorted(rows) == sorted(["alice", "bob", "instructor", "notes", "broken"]
                                  + [f"wrong_{f}" for f in HIDDEN_ONLY_BUGS])
    assert rows["notes"]["status"] == "rejected" and rows["notes"]["score"] == ""
    assert rows["broken"]["status"] == "rejected" and "invalid JSON" in rows["broken"]["message"]
    assert all(row["max_score"] == f"{MAX_SCORE:g}" for row in rows.values())


@pytest.mark.slow
@pytest.mark.parametrize("student", ["alice", "instructor"])
def test_right_answers_score_full_marks(graded, student):
    _, rows = graded
    assert rows[student]["status"] == "graded"
    assert float(rows[student]["score"]) == MAX_SCORE
    assert all(float(rows[student][test]) == points for test, points in TESTS.items())


@pytest.mark.slow
def test_the_untouched_release_scores_zero_on_every_test(graded):
    _, rows = graded
    assert rows["bob"]["status"] == "graded" and float(rows["bob"]["score"]) == 0
    assert all(float(rows["bob"][test]) == 0 for test in TESTS)


@pytest.mark.slow
@pytest.mark.parametrize("function", sorted(HIDDEN_ONLY_BUGS))
def test_a_wrong_answer_loses_exactly_its_functions_points(graded, function):
    _, rows = graded
    row = rows[f"wrong_{function}"]
    assert row["status"] == "graded"
    assert float(row["score"]) == MAX_SCORE - TESTS[f"test_{function}"]
    for test, points in TESTS.items():
        assert float(row[test]) == (0 if test == f"test_{function}" else points), test


@pytest.mark.slow
def test_feedback_for_every_graded_student_shows_each_test(graded):
    out, rows = graded
    for student, row in rows.items():
        feedback = out / "feedback" / f"{student}.html"
        assert feedback.exists() == (row["status"] == "graded"), student
    html = (out / "feedback" / "wrong_compute_distances_no_loops.html").read_text()
    assert "negative squared distances" in html, "the failing test's message is in the feedback"
    assert all(test in html for test in TESTS)
