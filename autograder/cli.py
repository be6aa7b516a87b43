"""Command line: ``python -m autograder grade ASSIGNMENT SUBMISSIONS --out OUTDIR``."""
import argparse
import logging
import sys
from pathlib import Path

from .course import REPOSITORY, CourseError
from .grade import grade


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m autograder", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    grade_parser = commands.add_parser("grade", help="grade a class's submissions of one assignment")
    grade_parser.add_argument("assignment", help="assignment name, a folder of solutions/ (e.g. a1_classifiers)")
    grade_parser.add_argument("submissions", type=Path, help="folder or .zip of submitted .ipynb files, named by student")
    grade_parser.add_argument("--out", type=Path, required=True, help="output folder (grades.csv, feedback/)")
    grade_parser.add_argument("--solutions", type=Path, default=REPOSITORY / "solutions",
                              help="folder of the nbgrader source notebooks (default: %(default)s)")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    try:
        rows = grade(args.assignment, args.submissions, args.out, solutions=args.solutions)
    except CourseError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    graded = sum(row.status == "graded" for row in rows)
    print(f"{len(rows)} file(s): {graded} graded, {len(rows) - graded} not. Grades in {args.out / 'grades.csv'}")
    return 0
