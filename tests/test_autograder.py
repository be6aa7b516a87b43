"""The autograder: collecting an LMS download, and (slow) the whole round trip through nbgrader."""
import csv
import json
import re
import subprocess
import sys
import zipfile

import nbformat
import pytest

import grading_corpus as corpus
from autograder import collect as collecting
from autograder.collect import collect, parse_file_name, read_roster, student_id
from autograder.feedback import HideTestFrames
from autograder.repair import repair
from notebooks import REPOSITORY, SOLUTIONS, cells_by_id, graded_tests, read
from test_hidden_tests import catalogue, cells_affected_by

ASSIGNMENTS = [path.parent.name for path in SOLUTIONS]


def solution_path(assignment):
    return REPOSITORY / "solutions" / assignment / f"{assignment}.ipynb"


def release_path(assignment):
    return REPOSITORY / "assignments" / assignment / f"{assignment}.ipynb"

def write_notebook(path, notebook):
    nbformat.write(notebook, path)
    return path


def student_answers(assignment, wrong_function=None, wrong_functions=()):
    """The release with every answer cell filled in from the solutions (some of them wrong, if asked).

    The wrong answers are ones the visible checks let through (the catalogue's HIDDEN_ONLY): only the
    hidden tests, restored by nbgrader at grading time, can take their points away.
    """
    wrong_functions = {*wrong_functions, wrong_function} - {None}
    notebook, solutions, wrong = read(release_path(assignment)), cells_by_id(read(solution_path(assignment))), catalogue(assignment)
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = wrong.BUGS[grade_id][wrong.HIDDEN_ONLY[grade_id]] if grade_id in wrong_functions \
                else "\n".join(line for line in solutions[grade_id].source.splitlines() if "### " not in line)
    return notebook


def wrong_answer_groups(assignment) -> list[list[str]]:
    """The graded items in groups whose wrong answers can share one submission: no test cell runs the
    code of two items of a group (tests/test_hidden_tests.py traces which cells run which item), so each
    wrong answer still costs exactly its own test's points, and a class grades in a few submissions."""
    groups = []
    for function in catalogue(assignment).HIDDEN_ONLY:
        cells = set(cells_affected_by(assignment, function))
        group = next((g for g in groups if not cells & g["cells"]), None)
        if group is None:
            groups.append(group := {"functions": [], "cells": set()})
        group["functions"].append(function)
        group["cells"] |= cells
    return [group["functions"] for group in groups]


def switched_to_cifar10(notebook):
    """Right answers in a notebook whose data cells were switched to CIFAR-10, as the assignment invites a
    student in Colab to do (grading has no network); None for an assignment that offers no choice."""
    switched = False
    for cell in notebook.cells:
        if cell.cell_type == "code" and re.search(r'^\w*DATASET = "digits"', cell.source, re.M):
            cell.source = re.sub(r'^(\w*DATASET) = "digits"', r'\1 = "cifar10"', cell.source, flags=re.M)
            switched = True
    return notebook if switched else None


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
        ("alice.ipynb", "duplicate submission for student alice (graded: alice.ipynb)"),
        ("bob.ipynb", "not a notebook: invalid JSON (JSONDecodeError)"),
        ("carol.pdf", "not a notebook (.ipynb)"),
        ("dave.ipynb", "empty file"),
        ("eve.ipynb", "not a notebook: no list of cells"),
    }


@pytest.mark.parametrize("name, expected", [
    ("Kim Minjun_123456_assignsubmission_file_a1_classifiers.ipynb", ("123456", "Kim Minjun")),  # Moodle
    ("kimminjun_12345_67890_a1_classifiers.ipynb", ("12345", "kimminjun")),  # Canvas
    ("kimminjun_LATE_12345_67890_a1_classifiers.ipynb", ("12345", "kimminjun")),
    ("alice.ipynb", ("alice", "")),
    ("a1_classifiers.ipynb", ("a1_classifiers", "")),
])
def test_lms_file_names_give_student_id_and_name(name, expected):
    assert parse_file_name(name) == expected


def test_a_roster_matches_files_by_id_stem_or_name_and_lists_who_is_missing(tmp_path):
    roster_file = tmp_path / "roster.csv"
    roster_file.write_text("\ufeffstudent,name\n123456,Kim Minjun\nbob,\n777,Carol Lee\nabsent,Al\n")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ["Kim Minjun_123456_assignsubmission_file_a1.ipynb", "bob.ipynb", "carollee.ipynb", "zed.ipynb"]:
        (inbox / name).write_text(json.dumps({"cells": []}))
    got = {(s.student, s.name, s.file, s.problem) for s in collect(inbox, tmp_path / "work", read_roster(roster_file))}
    assert got == {("123456", "Kim Minjun", "Kim Minjun_123456_assignsubmission_file_a1.ipynb", None),
                   ("bob", "", "bob.ipynb", None), ("777", "Carol Lee", "carollee.ipynb", None),
                   ("zed", "", "zed.ipynb", "not on the roster"), ("absent", "Al", "", "no file submitted")}


def test_a_roster_without_a_student_column_is_a_clear_error(tmp_path):
    (tmp_path / "roster.csv").write_text("id,name\n1,A\n")
    with pytest.raises(ValueError, match="needs a 'student' column"):
        read_roster(tmp_path / "roster.csv")
    with pytest.raises(FileNotFoundError, match="roster"):
        read_roster(tmp_path / "nowhere.csv")


def test_oversized_files_and_zip_bombs_are_rejected_as_too_large(tmp_path, monkeypatch):
    monkeypatch.setattr(collecting, "MAX_NOTEBOOK_BYTES", 1000)
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("bomb.ipynb", "{" + " " * 10**6 + "}")
    (submission,) = collect(archive, tmp_path / "work")
    assert submission.problem.startswith("too large") and submission.path.stat().st_size == 1001


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


# --- repairing --------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def tiny_release(tmp_path_factory):
    from autograder.course import prepare_course

    solutions = tmp_path_factory.mktemp("solutions")
    (solutions / corpus.ASSIGNMENT).mkdir()
    nbformat.write(corpus.source_notebook(), solutions / corpus.ASSIGNMENT / f"{corpus.ASSIGNMENT}.ipynb")
    course = tmp_path_factory.mktemp("course")
    prepare_course(corpus.ASSIGNMENT, solutions, course)
    return read(course / "release" / corpus.ASSIGNMENT / f"{corpus.ASSIGNMENT}.ipynb")


def layout(notebook):
    """(cell type, nbgrader id, source) of each cell."""
    return [(cell.cell_type, cell.metadata.get("nbgrader", {}).get("grade_id"), cell.source) for cell in notebook.cells]


@pytest.mark.parametrize("damage", sorted(corpus.damaged(corpus.source_notebook())))
def test_a_damaged_notebook_is_rebuilt_in_the_release_layout_with_the_students_answers(tiny_release, damage):
    expected = corpus.answer(tiny_release, **corpus.RIGHT)
    notebook = json.loads(json.dumps(corpus.damaged(tiny_release)[damage]))
    repaired = repair(notebook, tiny_release, corpus.ASSIGNMENT)
    assert repaired.problem is None
    got = layout(repaired.notebook)
    if damage == "helper_in_added_cell":  # the student's own cell stays where it was, as an ordinary cell
        assert got[2] == ("code", None, "def plus(a, b):\n    return a + b")
        del got[2]
        assert got[2][2] == "def add_one(x):\n    return plus(x, 1)"
        got[2] = layout(expected)[2]
    assert got == layout(expected)
    assert all(cell.outputs == [] for cell in repaired.notebook.cells if cell.cell_type == "code")
    assert repaired.notebook.metadata == tiny_release.metadata  # not the editor's (Colab's widget state, broken or not)
    assert bool(repaired.repairs) == (damage not in corpus.NOTHING_TO_REPORT), repaired.repairs


def test_an_unanswered_deleted_answer_cell_is_reported_not_silently_zeroed(tiny_release):
    notebook = corpus.answer(tiny_release, **corpus.RIGHT)
    notebook.cells = [cell for cell in notebook.cells if cell.metadata.get("nbgrader", {}).get("grade_id") != "double"]
    repaired = repair(json.loads(json.dumps(notebook)), tiny_release, corpus.ASSIGNMENT)
    assert "answer cell 'double' was missing: graded as unanswered" in repaired.repairs


def test_another_assignments_notebook_cannot_be_matched(tiny_release):
    other = json.loads(release_path("a1_classifiers").read_text())
    repaired = repair(other, tiny_release, corpus.ASSIGNMENT)
    assert repaired.notebook is None and repaired.problem.startswith(f"cannot be matched to {corpus.ASSIGNMENT}")


# --- the round trip ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module", params=ASSIGNMENTS)
def graded(request, tmp_path_factory):
    """A class as an LMS zip: right, untouched, one wrong answer per function, and files that are no notebook.

    Returns (assignment, output folder, grades.csv rows by student).
    """
    assignment = request.param
    folder = tmp_path_factory.mktemp("class")
    write_notebook(folder / "alice.ipynb", student_answers(assignment))
    switched = switched_to_cifar10(student_answers(assignment))
    if switched is not None:
        write_notebook(folder / "carol.ipynb", switched)
    write_notebook(folder / "bob.ipynb", read(release_path(assignment)))
    (folder / "instructor.ipynb").write_bytes(solution_path(assignment).read_bytes())
    for index, functions in enumerate(wrong_answer_groups(assignment)):
        write_notebook(folder / f"wrong_{index}.ipynb", student_answers(assignment, wrong_functions=functions))
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
    switched = ["carol"] if switched_to_cifar10(read(release_path(assignment))) is not None else []
    assert sorted(rows) == sorted(["alice", "bob", "instructor", "notes", "broken", *switched]
                                  + [f"wrong_{index}" for index in range(len(wrong_answer_groups(assignment)))])
    assert rows["notes"]["status"] == "rejected" and rows["notes"]["score"] == ""
    assert rows["broken"]["status"] == "rejected" and "invalid JSON" in rows["broken"]["message"]
    assert all(float(row["max_score"]) == sum(tests.values()) for row in rows.values())


@pytest.mark.slow
def test_right_answers_score_full_marks(graded):
    _, _, rows, tests = graded
    right = ["alice", "instructor"] + (["carol"] if "carol" in rows else [])  # carol switched to CIFAR-10
    for student in right:
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
    for index, functions in enumerate(wrong_answer_groups(assignment)):
        row, lost = rows[f"wrong_{index}"], {f"test_{function}" for function in functions}
        assert row["status"] == "graded", functions
        assert float(row["score"]) == sum(points for test, points in tests.items() if test not in lost), functions
        for test, points in tests.items():
            assert float(row[test]) == (0 if test in lost else points), (functions, test)


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


def hidden_helpers(assignment):
    """The private names the hidden tests define (checks, reference implementations); not the dunder
    methods of their classes (``__init__``), which any student's traceback may name."""
    names = set()
    for cell in read(solution_path(assignment)).cells:
        for region in re.findall(r"### BEGIN HIDDEN TESTS(.*?)### END HIDDEN TESTS", cell.source, re.S):
            names |= set(re.findall(r"^\s*def (_(?!_)\w+)", region, re.M))
    return names


@pytest.mark.slow
def test_feedback_shows_no_hidden_test_code(graded):
    assignment, out, rows, _ = graded
    helpers = hidden_helpers(assignment)
    assert helpers, "the hidden tests define helpers, which the feedback must not show"
    for student, row in rows.items():
        if row["status"] == "graded":
            html = (out / "feedback" / f"{student}.html").read_text()
            assert "HIDDEN TESTS" not in html, student
            assert not [name for name in helpers if re.search(rf"\b{name}\b", html)], student
    # the instructor's copy, the autograded notebook, keeps them
    autograded = read(out / "nbgrader" / "autograded" / "alice" / assignment / f"{assignment}.ipynb")
    assert any("### BEGIN HIDDEN TESTS" in cell.source for cell in autograded.cells)


def error_output(*frames):
    return nbformat.v4.new_output("error", ename="AssertionError", evalue="wrong", traceback=[*frames, "AssertionError: wrong"])


def test_feedback_tracebacks_lose_the_frames_of_test_cells_only():
    # IPython's frame headers, colour codes included: cell 1 is the answer, cell 2 the test
    answer_frame = "\x1b[36mCell\x1b[39m\x1b[36m \x1b[39m\x1b[32mIn[1]\x1b[39m\x1b[32m, line 3\x1b[39m, in answer\n----> 3 return x[5]"
    test_frame = "\x1b[36mCell\x1b[39m\x1b[36m \x1b[39m\x1b[32mIn[2]\x1b[39m\x1b[32m, line 2\x1b[39m\n----> 2 assert _reference(x) == 1"
    later_frame = "\x1b[36mCell\x1b[39m\x1b[36m \x1b[39m\x1b[32mIn[3]\x1b[39m\x1b[32m, line 1\x1b[39m\n----> 1 _check()"
    answer = nbformat.v4.new_code_cell("def answer(x): ...", execution_count=1)
    answer.metadata.nbgrader = {"solution": True, "grade": False, "grade_id": "answer"}
    test = nbformat.v4.new_code_cell("assert answer(1)", execution_count=2, outputs=[error_output(test_frame, answer_frame)])
    test.metadata.nbgrader = {"solution": False, "grade": True, "grade_id": "test_answer", "points": 1}
    student = nbformat.v4.new_code_cell("_check()", execution_count=3, outputs=[error_output(later_frame, test_frame)])
    notebook = nbformat.v4.new_notebook(cells=[answer, test, student])

    notebook, _ = HideTestFrames().preprocess(notebook, {})
    assert test.outputs[0].traceback == ["Cell In[2]: in a test (its code is not shown)", answer_frame, "AssertionError: wrong"]
    assert student.outputs[0].traceback == [later_frame, "Cell In[2]: in a test (its code is not shown)", "AssertionError: wrong"]
