"""The course's autograder: a class's notebooks in, grades and feedback out.

    python -m autograder grade ASSIGNMENT SUBMISSIONS --out OUTDIR

SUBMISSIONS is a folder or a zip of ``.ipynb`` files named by student, as an LMS download gives
them. Grading runs nbgrader's own autograde and feedback against a gradebook (SQLite) built from
``solutions/ASSIGNMENT``, and writes

- ``OUTDIR/grades.csv``: one row per submitted file (student, file, score, max_score, status, message,
  then one column per graded test cell),
- ``OUTDIR/feedback/<student>.html``: each test's outcome and message,
- ``OUTDIR/nbgrader/``: nbgrader's course directory (gradebook.db, autograded notebooks), kept for
  inspection and for nbgrader's own tools.
"""
