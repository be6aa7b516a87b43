"""Command line: ``python -m autograder grade ASSIGNMENT SUBMISSIONS --out OUTDIR [options]``."""
import argparse
import logging
import os
import sys
from pathlib import Path

from .course import REPOSITORY, CourseError
from .grade import Limits, grade
from .report import summary

DEFAULTS = Limits()


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m autograder", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    grade_parser = commands.add_parser("grade", help="grade a class's submissions of one assignment",
                                       description="Grade a class's submissions; rerun the same command to resume.")
    grade_parser.add_argument("assignment", help="assignment name, a folder of solutions/ (e.g. a1_classifiers)")
    grade_parser.add_argument("submissions", type=Path, help="folder or .zip of submitted .ipynb files, named by student")
    grade_parser.add_argument("--out", type=Path, required=True, help="output folder (grades.csv, feedback/, summary.md)")
    grade_parser.add_argument("--roster", type=Path, help="CSV with a 'student' column (and optionally 'name')")
    grade_parser.add_argument("--jobs", type=int, default=os.cpu_count(),
                              help="submissions graded at the same time (default: the number of cores, %(default)s)")
    grade_parser.add_argument("--cell-timeout", type=int, default=DEFAULTS.cell_timeout,
                              help="seconds one cell may run (default: %(default)s)")
    grade_parser.add_argument("--timeout", type=int, default=DEFAULTS.timeout,
                              help="seconds a whole notebook may run (default: %(default)s)")
    grade_parser.add_argument("--memory-gb", type=float, default=DEFAULTS.memory_gb,
                              help="memory one submission may use, in GB (default: %(default)s)")
    grade_parser.add_argument("--solutions", type=Path, default=REPOSITORY / "solutions",
                              help="folder of the nbgrader source notebooks (default: %(default)s)")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    limits = Limits(cell_timeout=args.cell_timeout, timeout=args.timeout, memory_gb=args.memory_gb)
    try:
        rows = grade(args.assignment, args.submissions, args.out, solutions=args.solutions, roster=args.roster,
                     jobs=args.jobs, limits=limits)
    except (CourseError, FileNotFoundError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\ninterrupted: what was graded is kept; run the same command again to grade the rest", file=sys.stderr)
        return 130
    tests = list(next((row.tests for row in rows if row.tests), {}))
    print(summary(rows, tests, args.assignment))
    print(f"Grades in {args.out / 'grades.csv'}, feedback in {args.out / 'feedback'}, summary in {args.out / 'summary.md'}")
    return 0
