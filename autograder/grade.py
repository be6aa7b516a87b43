"""Grading a class: collect, repair, autograde each submission in a sandboxed worker, in parallel, then
write grades.csv, feedback and a summary. Rerunning the same command resumes: a submission whose file
is unchanged and whose grading finished is not graded again."""
import hashlib
import json
import logging
import os
import shutil
import sys
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook, MissingEntry
from tqdm.auto import tqdm

from . import report
from .collect import Submission, collect, read_roster
from .course import REPOSITORY, prepare_course
from .repair import nbgrader_id, repair
from .sandbox import WorkerPool, network_namespace

log = logging.getLogger(__name__)

MIN_SHARED = 0.5  # the share of another assignment's nbgrader ids a notebook must carry to be named as that one


@dataclass
class Limits:
    """What one submission may use."""

    cell_timeout: int = 300  # seconds per cell
    timeout: int = 1800  # seconds for the whole notebook
    memory_gb: float = 4


@dataclass
class Job:
    """A submission on its way through grading: where its files are, and what happened so far."""

    submission: Submission
    workdir: Path
    sha256: str = ""
    repairs: tuple[str, ...] = ()

    @property
    def result_file(self) -> Path:
        return self.workdir / "result.json"

    def result(self) -> dict | None:
        """The finished grading of this very file, if there is one (what makes reruns resume). A grading
        that failed for want of a result is not finished: a rerun tries again."""
        result = read_json(self.result_file)
        if result is None or result.get("sha256") != self.sha256:
            return None
        return result if result["outcome"]["success"] or result["killed"] else None


def grade(assignment: str, submissions: Path, out: Path, solutions: Path = REPOSITORY / "solutions",
          roster: Path | None = None, jobs: int | None = None, limits: Limits = Limits()) -> list[report.Row]:
    """Grade every file in ``submissions`` (a folder or a zip) and write the results under ``out``."""
    out = Path(out).resolve()
    course = out / "nbgrader"
    api, notebook = prepare_course(assignment, Path(solutions), course)
    release = nbformat.read(course / "release" / assignment / f"{notebook}.ipynb", as_version=4)
    with Gradebook(api.coursedir.db_url) as gradebook:
        max_score = gradebook.find_assignment(assignment).max_score
        tests = [cell.name for cell in gradebook.find_notebook(notebook, assignment).grade_cells]
    gradebook_path = course / "gradebook.db"
    enable_concurrent_writes(gradebook_path)

    received = collect(Path(submissions), out / "received", read_roster(roster) if roster else None)
    rows, pending, done = {}, [], []
    for index, submission in enumerate(received):
        if submission.problem:
            status = "missing" if submission.path is None else "rejected"
            rows[index] = report.Row(submission.student, submission.name, submission.file, None, max_score, status,
                                     message=submission.problem)
            continue
        job = Job(submission, out / "work" / submission.student)
        problem = stage(job, release, assignment, course, notebook, Path(solutions))
        if problem:
            rows[index] = report.Row(submission.student, submission.name, submission.file, None, max_score,
                                     "rejected", message=problem)
        elif job.result():
            done.append((index, job))
        else:
            pending.append((index, job))

    jobs = max(1, min(jobs or os.cpu_count() or 1, len(pending)))
    threads = max(1, (os.cpu_count() or 1) // jobs)
    (out / "work").mkdir(parents=True, exist_ok=True)
    with WorkerPool(jobs, int(limits.memory_gb * 2**30), threads, out / "work") as workers, ThreadPoolExecutor(jobs) as pool:
        futures = {pool.submit(run_job, job, assignment, course, limits, workers): (index, job) for index, job in pending}
        try:
            for future in tqdm(as_completed(futures), total=len(futures), desc=f"grading {assignment}", unit="notebook"):
                future.result()  # a worker's failure is in its result; an exception here is the grader's own bug
                done.append(futures[future])
        except KeyboardInterrupt:  # stop now, not after the queue: what is graded stays, a rerun grades the rest
            pool.shutdown(wait=False, cancel_futures=True)
            workers.kill()
            raise
    if pending and not done:
        log.warning("nothing was graded")

    for index, job in done:
        rows[index] = finish(job, api, assignment, notebook, max_score, out)
    ordered = [rows[index] for index in sorted(rows)]
    report.write_grades(out / "grades.csv", ordered, tests)
    report.write_summary(out / "summary.md", ordered, tests, assignment)
    return ordered


def enable_concurrent_writes(gradebook_path: Path) -> None:
    """Workers write grades at the same time: SQLite's write-ahead log lets them without locking readers."""
    import sqlite3

    with sqlite3.connect(gradebook_path) as connection:
        connection.execute("PRAGMA journal_mode=WAL")


def stage(job: Job, release, assignment: str, course: Path, notebook: str, solutions: Path) -> str | None:
    """Repair the submission and put it where nbgrader looks for it; why it cannot be graded, or None."""
    raw = job.submission.path.read_bytes()
    job.sha256 = hashlib.sha256(raw).hexdigest()
    repaired = repair(json.loads(raw), release, assignment)
    if repaired.problem:
        other = recognise(json.loads(raw), solutions, assignment)
        return repaired.problem + (f"; it looks like {other}" if other else "")
    job.repairs = tuple(repaired.repairs)
    if job.result():
        return None
    job.workdir.mkdir(parents=True, exist_ok=True)
    job.result_file.unlink(missing_ok=True)
    submitted = course / "submitted" / job.submission.student / assignment
    shutil.rmtree(submitted, ignore_errors=True)
    submitted.mkdir(parents=True)
    nbformat.write(repaired.notebook, submitted / f"{notebook}.ipynb")
    return None


def recognise(submitted: dict, solutions: Path, assignment: str) -> str | None:
    """The other assignment whose nbgrader ids the notebook carries, if any."""
    ids = {nbgrader_id(cell) for cell in submitted.get("cells", []) if isinstance(cell, dict)} - {None}
    for source in sorted(solutions.glob("*/*.ipynb")):
        if source.parent.name != assignment:
            theirs = {nbgrader_id(cell) for cell in nbformat.read(source, as_version=4).cells} - {None}
            if theirs and len(ids & theirs) >= MIN_SHARED * len(theirs):
                return source.parent.name
    return None


def run_job(job: Job, assignment: str, course: Path, limits: Limits, workers: WorkerPool) -> None:
    """Grade one submission in a sandboxed worker and record what happened in ``job.result_file``."""
    student = job.submission.student
    spec = {
        "course": str(course), "assignment": assignment, "student": student, "workdir": str(job.workdir),
        "cell_timeout": limits.cell_timeout, "timeout": limits.timeout,
        "report": str(job.workdir / "report.json"), "outcome": str(job.workdir / "outcome.json"),
        "log": str(job.workdir / "worker.log"),
        # The kernel may use its own autograded folder and the course package; nothing else of the grading
        # folder (other students, the gradebook) or of the repository (solutions, tests, the autograder).
        "allowed": [str(course / "autograded" / student), str(REPOSITORY / "dlcv"), sys.prefix],
        "forbidden": [str(course.parent), str(REPOSITORY)],
        "ipc": bool(network_namespace()),
    }
    for name in ("report.json", "outcome.json", "worker.log"):
        (job.workdir / name).unlink(missing_ok=True)
    job_file = job.workdir / "job.json"
    job_file.write_text(json.dumps(spec))
    killed = workers.run(job_file, timeout=limits.timeout + 300)
    outcome = read_json(job.workdir / "outcome.json") or {
        "success": False, "error": killed or "the grading process ended without a result (see worker.log)"}
    result = {"sha256": job.sha256, "outcome": outcome, "killed": killed,
              "report": read_json(job.workdir / "report.json") or {"flags": [], "details": []}}
    job.result_file.write_text(json.dumps(result))


def read_json(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return None


def finish(job: Job, api, assignment: str, notebook: str, max_score: float, out: Path) -> report.Row:
    """The row of a graded submission, from the gradebook, and its feedback page."""
    submission, result = job.submission, read_json(job.result_file)
    flags = list(result["report"]["flags"]) + (["repaired"] if job.repairs else [])
    details = list(result["report"]["details"])
    outcome = result["outcome"]
    row = report.Row(submission.student, submission.name, submission.file, None, max_score, "graded", flags=flags)
    if result["killed"]:
        row.score, row.flags = 0.0, sorted({*flags, "time-limit"})
        row.message = result["killed"]
    elif not outcome["success"]:
        row.status, row.message = "error", outcome["error"]
    else:
        try:
            with Gradebook(api.coursedir.db_url) as gradebook:
                graded = gradebook.find_submission_notebook(notebook, assignment, submission.student)
                row.score = graded.score
                row.tests = {grade.name: grade.score for grade in graded.grades if grade.cell_type == "code"}
        except MissingEntry:
            row.status, row.message = "error", "no grades in the gradebook"
        if outcome["error"]:
            row.message = outcome["error"]
    nbgrader_feedback = Path(api.coursedir.format_path("feedback", submission.student, assignment)) / f"{notebook}.html"
    report.write_feedback(out / "feedback" / f"{submission.student}.html", row, job.repairs, details,
                          nbgrader_feedback if row.status == "graded" and not result["killed"] else None)
    return row
