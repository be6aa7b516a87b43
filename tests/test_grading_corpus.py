"""The autograder on a whole class of broken and hostile submissions (tests/grading_corpus.py).

One batch through the command line, as an instructor runs it: the batch completes, every file has
its row, damaged notebooks with right answers keep their points, and no hostile one earns a point.
"""
import csv
import json
import re
import shutil
import signal
import subprocess
import sys
import time

import nbformat
import pytest

import grading_corpus as corpus
from autograder.course import prepare_course
from notebooks import REPOSITORY

FULL_MARKS = sum(corpus.POINTS.values())


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """(rows of grades.csv by student, output folder, the class folder)."""
    solutions = tmp_path_factory.mktemp("solutions")
    (solutions / corpus.ASSIGNMENT).mkdir()
    nbformat.write(corpus.source_notebook(), solutions / corpus.ASSIGNMENT / f"{corpus.ASSIGNMENT}.ipynb")
    shutil.copytree(REPOSITORY / "solutions" / "a1_classifiers", solutions / "a1_classifiers")
    prepare_course(corpus.ASSIGNMENT, solutions, tmp_path_factory.mktemp("release") / "nbgrader")
    release = nbformat.read(next(tmp_path_factory.getbasetemp().glob(f"release*/nbgrader/release/{corpus.ASSIGNMENT}/*.ipynb")),
                            as_version=4)

    inbox = tmp_path_factory.mktemp("inbox")
    notebooks = {"honest": corpus.answer(release, **corpus.RIGHT), "untouched": release,
                 **corpus.damaged(release), **{name: nb for name, (nb, _) in corpus.hostile(release).items()},
                 **corpus.crashing(release)}
    for name, notebook in notebooks.items():
        (inbox / f"{name}.ipynb").write_text(json.dumps(notebook))
    (inbox / "Kim Minjun_123456_assignsubmission_file_t1_tiny.ipynb").write_text(json.dumps(corpus.answer(release, **corpus.RIGHT)))
    (inbox / "wrong_assignment.ipynb").write_bytes((REPOSITORY / "assignments/a1_classifiers/a1_classifiers.ipynb").read_bytes())
    (inbox / "report.pdf").write_bytes(b"%PDF-1.4")
    (inbox / "invalid_json.ipynb").write_text('{"cells": [')
    (inbox / "empty.ipynb").write_text("")
    (inbox / "no_cells.ipynb").write_text('{"cells": "none"}')
    (inbox / "nested.ipynb").write_text("[" * 100_000 + "]" * 100_000)
    (inbox / "stranger.ipynb").write_text(json.dumps(release))
    again = inbox / "resubmitted"
    again.mkdir()
    (again / "honest.ipynb").write_text(json.dumps(release))
    roster = tmp_path_factory.mktemp("roster") / "roster.csv"
    students = [path.stem for path in inbox.glob("*.*") if path.stem not in ("stranger", "Kim Minjun_123456_assignsubmission_file_t1_tiny")]
    roster.write_text("student,name\n" + "".join(f"{s},\n" for s in students) + "123456,Kim Minjun\nabsent,Al Absent\n")

    out = tmp_path_factory.mktemp("grades")
    command = [sys.executable, "-m", "autograder", "grade", corpus.ASSIGNMENT, str(inbox), "--out", str(out),
               "--solutions", str(solutions), "--roster", str(roster), "--jobs", "2", "--cell-timeout", "15",
               "--timeout", "120", "--memory-gb", "3"]
    subprocess.run(command, check=True, cwd=REPOSITORY)
    with open(out / "grades.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    return rows, out, inbox, command


def by_student(rows):
    return {row["student"]: row for row in rows if row["file"] != "honest.ipynb" or row["status"] == "graded"}


def outcomes_in(html):
    """(score, points) of each test, as nbgrader's feedback page lists them at its top; none on a page of the
    grader's own, which stands in when nbgrader could not make one."""
    found = re.findall(r'<li><a href="#(\w+)">Test cell</a> \(Score: ([\d.]+) / ([\d.]+)\)</li>', html)
    return {test: (float(score), float(points)) for test, score, points in found}


@pytest.mark.slow
def test_every_file_has_exactly_one_row(graded):
    rows, _, inbox, _ = graded
    files = sorted(path.name for path in inbox.rglob("*") if path.is_file())
    assert sorted(row["file"] for row in rows if row["status"] != "missing") == files
    assert [row["student"] for row in rows if row["status"] == "missing"] == ["absent"]


@pytest.mark.slow
@pytest.mark.parametrize("student, reason", [
    ("report", "not a notebook (.ipynb)"), ("invalid_json", "invalid JSON"), ("empty", "empty file"),
    ("no_cells", "no list of cells"), ("nested", "invalid JSON"), ("stranger", "not on the roster"),
    ("wrong_assignment", "it looks like a1_classifiers"),
])
def test_files_that_cannot_be_graded_are_rejected_with_their_reason(graded, student, reason):
    row = by_student(graded[0])[student]
    assert row["status"] == "rejected" and reason in row["message"] and row["score"] == ""


@pytest.mark.slow
def test_a_second_file_from_the_same_student_is_rejected_as_a_duplicate(graded):
    rows = [row for row in graded[0] if row["student"] == "honest"]
    assert [row["status"] for row in rows] == ["graded", "rejected"]
    assert "duplicate submission for student honest (graded: honest.ipynb)" in rows[1]["message"]


@pytest.mark.slow
def test_lms_file_names_give_the_student_id_and_name(graded):
    row = by_student(graded[0])["123456"]
    assert row["name"] == "Kim Minjun" and float(row["score"]) == FULL_MARKS


@pytest.mark.slow
@pytest.mark.parametrize("student", ["honest", *corpus.damaged(corpus.source_notebook())])
def test_right_answers_keep_their_points_in_a_damaged_notebook(graded, student):
    row = by_student(graded[0])[student]
    assert row["status"] == "graded" and float(row["score"]) == FULL_MARKS, row
    assert "tampering" not in row["flags"]


@pytest.mark.slow
def test_repairs_are_flagged_and_reported_in_the_feedback(graded):
    rows, out, _, _ = graded
    rows = by_student(rows)
    assert rows["honest"]["flags"] == ""
    for student in corpus.NOTHING_TO_REPORT:
        assert rows[student]["flags"] == "", student
    for student in set(corpus.damaged(corpus.source_notebook())) - corpus.NOTHING_TO_REPORT:
        assert "repaired" in rows[student]["flags"].split(";"), student
        assert "your notebook was repaired" in (out / "feedback" / f"{student}.html").read_text(), student
    feedback = (out / "feedback" / "tests_deleted_and_edited.html").read_text()
    assert "cell &#x27;test_add_one&#x27; was missing: restored from the release" in feedback
    assert "cell &#x27;test_double&#x27; had been edited: restored from the release" in feedback


@pytest.mark.slow
@pytest.mark.parametrize("student, flag", [(name, flag) for name, (_, flag) in corpus.HOSTILE.items()])
def test_no_hostile_submission_earns_a_point_and_each_is_flagged(graded, student, flag):
    row = by_student(graded[0])[student]
    assert row["status"] == "graded" and float(row["score"]) == 0, row
    assert flag in row["flags"].split(";"), row


@pytest.mark.slow
def test_no_hostile_submission_wrote_outside_its_folder(graded):
    _, out, _, _ = graded
    honest = nbformat.read(out / "nbgrader/autograded/honest/t1_tiny/t1_tiny.ipynb", as_version=4)
    assert honest.cells  # still the autograded notebook, not the '{}' a hostile cell tried to write
    assert not list(out.rglob("*.pwned"))


@pytest.mark.slow
@pytest.mark.parametrize("student, score, flag", [
    ("exits_the_kernel", corpus.POINTS["test_add_one"], "kernel-died"),
    ("loops_forever", FULL_MARKS, "time-limit"),  # interrupted after --cell-timeout; the rest runs
    ("answer_runs_too_long", FULL_MARKS, "time-limit"),  # the same, in an answer cell after its function
    ("ignores_interrupts", corpus.POINTS["test_add_one"], "time-limit"),
    ("allocates_too_much", FULL_MARKS, ""),  # the allocation fails inside the cell; nothing else does
    ("calls_sys_exit", FULL_MARKS, ""),  # IPython turns SystemExit into an error in the cell
])
def test_crashes_and_hangs_cost_only_what_comes_after_them(graded, student, score, flag):
    row = by_student(graded[0])[student]
    assert row["status"] == "graded" and float(row["score"]) == score, row
    assert flag in row["flags"].split(";") if flag else row["flags"] in ("", "repaired"), row


@pytest.mark.slow
@pytest.mark.parametrize("student, cell", [("loops_forever", 4), ("answer_runs_too_long", 5)])
def test_the_feedback_says_which_cell_ran_out_of_time(graded, student, cell):
    _, out, _, command = graded
    limit = command[command.index("--cell-timeout") + 1]
    feedback = (out / "feedback" / f"{student}.html").read_text()
    assert f"cell {cell} did not finish within its time limit of {limit} s: the kernel was interrupted" in feedback


@pytest.mark.slow
def test_a_huge_allocation_is_refused_by_the_memory_limit(graded):
    _, out, _, _ = graded
    notebook = nbformat.read(out / "nbgrader/autograded/allocates_too_much/t1_tiny/t1_tiny.ipynb", as_version=4)
    errors = [output for cell in notebook.cells for output in cell.get("outputs", []) if output.output_type == "error"]
    assert any("can't allocate memory" in output.evalue or "MemoryError" in output.ename for output in errors), errors


@pytest.mark.slow
def test_feedback_shows_each_test_and_the_summary_lists_flags(graded):
    rows, out, _, _ = graded
    for row in rows:
        if row["status"] == "graded":
            html = (out / "feedback" / f"{row['student']}.html").read_text()
            expected = {test: (float(row[test]), points) for test, points in corpus.POINTS.items()}
            assert outcomes_in(html) == expected, row["student"]
    summary = (out / "summary.md").read_text()
    assert "Most failed tests" in summary and "replaces_allclose" in summary and "Not graded" in summary


@pytest.mark.slow
def test_rerunning_resumes_without_grading_again_and_gives_the_same_grades(graded):
    rows, out, _, command = graded
    before = {path: path.stat().st_mtime for path in (out / "work").glob("*/result.json")}
    subprocess.run(command, check=True, cwd=REPOSITORY, capture_output=True)
    with open(out / "grades.csv", newline="") as f:
        assert list(csv.DictReader(f)) == rows
    assert {path: path.stat().st_mtime for path in (out / "work").glob("*/result.json")} == before


@pytest.mark.slow
def test_an_interrupted_run_stops_at_once_and_a_rerun_grades_the_rest(graded, tmp_path):
    _, out, _, command = graded
    release = nbformat.read(out / f"nbgrader/release/{corpus.ASSIGNMENT}/{corpus.ASSIGNMENT}.ipynb", as_version=4)
    slow = corpus.with_cell(corpus.answer(release, **corpus.RIGHT), 2, "import time\ntime.sleep(5)")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    students = [f"student{number}" for number in range(6)]
    for student in students:
        (inbox / f"{student}.ipynb").write_text(json.dumps(slow))
    solutions = command[command.index("--solutions") + 1]
    again = [*command[:5], str(inbox), "--out", str(tmp_path / "out"), "--solutions", solutions, "--jobs", "1"]
    results = tmp_path / "out" / "work"

    grading = subprocess.Popen(again, cwd=REPOSITORY, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not list(results.glob("*/result.json")) and time.monotonic() < deadline:
        time.sleep(0.2)
    grading.send_signal(signal.SIGINT)
    _, stderr = grading.communicate(timeout=60)  # not the minute the other five notebooks would take
    assert grading.returncode == 130 and "run the same command again" in stderr
    finished = {path: path.stat().st_mtime for path in results.glob("*/result.json")
                if json.loads(path.read_text())["outcome"]["success"]}
    assert 1 <= len(finished) < len(students)

    subprocess.run(again, check=True, cwd=REPOSITORY, capture_output=True)
    with open(tmp_path / "out" / "grades.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert sorted(row["student"] for row in rows) == students
    assert all(row["status"] == "graded" and float(row["score"]) == FULL_MARKS for row in rows)
    assert all(path.stat().st_mtime == mtime for path, mtime in finished.items()), "finished gradings are kept"


@pytest.mark.slow
@pytest.mark.gpu
def test_hidden_tests_run_on_cuda_when_the_machine_has_it(graded):
    _, out, _, _ = graded
    notebook = nbformat.read(out / "nbgrader/autograded/honest/t1_tiny/t1_tiny.ipynb", as_version=4)
    assert "device: cuda" in notebook.cells[1].outputs[0].text
