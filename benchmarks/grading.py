"""Grading throughput: the course's autograder against plain ``nbgrader autograde``, same batch, same run.

    .venv/bin/python benchmarks/grading.py [--assignment a1_classifiers] [--count 20] [--jobs N]

Builds a class of ``--count`` submissions of the assignment from its release (right answers from the
solutions; every fifth one handed in untouched), grades it once with nbgrader's own autograde (one
notebook after the other, as ``nbgrader autograde`` does) and once with ``python -m autograder grade``'s
pipeline (repair, sandboxed workers in parallel, feedback), checks that both give every submission the
same score, and prints a table of submissions per minute and their ratio.
"""
import argparse
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))

from autograder.course import prepare_course  # noqa: E402
from autograder.grade import grade  # noqa: E402

SOLUTION_REGION = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$", re.M)


def make_class(assignment: str, count: int, folder: Path) -> list[str]:
    """``count`` submissions in ``folder``: the release with the solutions' answers, every fifth untouched."""
    release = nbformat.read(REPOSITORY / "assignments" / assignment / f"{assignment}.ipynb", as_version=4)
    source = nbformat.read(REPOSITORY / "solutions" / assignment / f"{assignment}.ipynb", as_version=4)
    answers = {cell.metadata.nbgrader["grade_id"]: SOLUTION_REGION.sub("", cell.source)
               for cell in source.cells if cell.metadata.get("nbgrader", {}).get("solution")}
    answered = nbformat.from_dict(json.loads(json.dumps(release)))
    for cell in answered.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
    students = [f"student{number:02d}" for number in range(count)]
    for number, student in enumerate(students):
        nbformat.write(release if number % 5 == 4 else answered, folder / f"{student}.ipynb")
    return students


def plain_nbgrader(assignment: str, students: list[str], submissions: Path, root: Path) -> dict[str, float]:
    """Autograde with nbgrader's API, one submission after the other; scores by student."""
    api, notebook = prepare_course(assignment, REPOSITORY / "solutions", root)
    for student in students:
        submitted = root / "submitted" / student / assignment
        submitted.mkdir(parents=True)
        (submitted / f"{notebook}.ipynb").write_bytes((submissions / f"{student}.ipynb").read_bytes())
    for student in students:
        result = api.autograde(assignment, student, force=True, create=True)
        if not result["success"]:
            raise RuntimeError(f"nbgrader could not grade {student}: {result.get('error') or result.get('log')}")
    with Gradebook(api.coursedir.db_url) as gradebook:
        return {student: gradebook.find_submission_notebook(notebook, assignment, student).score for student in students}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--assignment", default="a1_classifiers", help="the heaviest assignment (default: %(default)s)")
    parser.add_argument("--count", type=int, default=20, help="submissions in the batch (default: %(default)s)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count(), help="the autograder's workers (default: %(default)s)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        (scratch / "class").mkdir()
        students = make_class(args.assignment, args.count, scratch / "class")

        start = time.perf_counter()
        plain = plain_nbgrader(args.assignment, students, scratch / "class", scratch / "plain")
        plain_seconds = time.perf_counter() - start

        start = time.perf_counter()
        rows = grade(args.assignment, scratch / "class", scratch / "autograder", jobs=args.jobs)
        ours_seconds = time.perf_counter() - start
        ours = {row.student: row.score for row in rows}

    differing = {student: (plain[student], ours.get(student)) for student in students if plain[student] != ours.get(student)}
    per_minute = lambda seconds: 60 * args.count / seconds  # noqa: E731
    print(f"\n{args.assignment}: {args.count} submissions, {os.cpu_count()} cores\n")
    print(f"| {'grader':<38} | {'seconds':>8} | {'submissions/min':>15} |")
    print(f"|{'-' * 40}|{'-' * 10}|{'-' * 17}|")
    print(f"| {'nbgrader autograde (one at a time)':<38} | {plain_seconds:8.1f} | {per_minute(plain_seconds):15.2f} |")
    print(f"| {f'python -m autograder grade --jobs {args.jobs}':<38} | {ours_seconds:8.1f} | {per_minute(ours_seconds):15.2f} |")
    print(f"\nratio: {plain_seconds / ours_seconds:.2f}x; scores identical: {'yes' if not differing else f'NO {differing}'}")
    if differing:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
