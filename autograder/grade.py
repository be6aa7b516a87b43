"""Grading a class: collect, autograde each submission with nbgrader, write grades.csv and feedback."""
import csv
import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from nbgrader.api import Gradebook
from tqdm.auto import tqdm

from .collect import Submission, collect
from .course import REPOSITORY, prepare_course

log = logging.getLogger(__name__)

CSV_COLUMNS = ["student", "file", "score", "max_score", "status", "message"]


@dataclass
class Row:
    """One line of grades.csv. ``status`` is graded, rejected (the file is not a gradable notebook)
    or error (grading it failed); ``message`` says why when it is not graded."""

    student: str
    file: str
    score: float | None
    max_score: float
    status: str
    message: str = ""
    tests: dict[str, float] = field(default_factory=dict)  # grade cell id -> points scored


def grade(assignment: str, submissions: Path, out: Path, solutions: Path = REPOSITORY / "solutions") -> list[Row]:
    """Grade every file in ``submissions`` (a folder or a zip) and write the results under ``out``."""
    out = Path(out)
    root = out / "nbgrader"
    api, notebook = prepare_course(assignment, Path(solutions), root)
    with Gradebook(api.coursedir.db_url) as gradebook:
        max_score = gradebook.find_assignment(assignment).max_score
        test_names = [cell.name for cell in gradebook.find_notebook(notebook, assignment).grade_cells]
    rows = []
    for submission in tqdm(collect(Path(submissions), out / "received"), desc=f"grading {assignment}", unit="notebook"):
        if submission.problem:
            rows.append(Row(submission.student, submission.file, None, max_score, "rejected", submission.problem))
        else:
            rows.append(grade_submission(api, assignment, notebook, submission, out, max_score))
    write_grades(out / "grades.csv", rows, test_names)
    return rows


def grade_submission(api, assignment: str, notebook: str, submission: Submission, out: Path, max_score: float) -> Row:
    """Autograde one notebook through nbgrader and read its scores back from the gradebook."""
    submitted = Path(api.coursedir.format_path(api.coursedir.submitted_directory, submission.student, assignment))
    submitted.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(submission.path, submitted / f"{notebook}.ipynb")
    result = api.autograde(assignment, submission.student, force=True, create=True)
    if not result["success"]:
        log.warning("autograding %s failed:\n%s", submission.file, result.get("error") or result.get("log"))
        reason = (result.get("error") or result.get("log") or "unknown error").strip().splitlines()[-1]
        return Row(submission.student, submission.file, None, max_score, "error", f"autograding failed: {reason}")
    feedback = api.generate_feedback(assignment, submission.student, force=True)
    if feedback["success"]:
        html = Path(api.coursedir.format_path("feedback", submission.student, assignment)) / f"{notebook}.html"
        (out / "feedback").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(html, out / "feedback" / f"{submission.student}.html")
    with Gradebook(api.coursedir.db_url) as gradebook:
        graded = gradebook.find_submission_notebook(notebook, assignment, submission.student)
        tests = {grade.name: grade.score for grade in graded.grades if grade.cell_type == "code"}
        return Row(submission.student, submission.file, graded.score, max_score, "graded",
                   "" if feedback["success"] else "no feedback: generate_feedback failed", tests)


def write_grades(path: Path, rows: list[Row], test_names: list[str]) -> None:
    """grades.csv for the LMS: the fixed columns, then one column of points per graded test cell."""
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(CSV_COLUMNS + test_names)
        for row in rows:
            score = "" if row.score is None else f"{row.score:g}"
            tests = [f"{row.tests[name]:g}" if name in row.tests else "" for name in test_names]
            writer.writerow([row.student, row.file, score, f"{row.max_score:g}", row.status, row.message] + tests)
