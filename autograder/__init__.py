"""The course's autograder: a class's notebooks in, grades and feedback out.

    python -m autograder grade ASSIGNMENT SUBMISSIONS --out OUTDIR [--roster CSV] [--jobs N] ...

SUBMISSIONS is a folder or a zip of ``.ipynb`` files named by student, as an LMS download gives
them. Grading is a pipeline of small steps, one module each:

1. ``collect``: every file becomes one submission, or a rejection with its reason;
2. ``repair``: each notebook is rebuilt against the release (metadata, cell types, order, tests);
3. ``sandbox`` + ``worker`` + ``kernels`` + ``execute`` + ``guard``: sandboxed workers, with limits and
   without network, autograde the notebooks with nbgrader, each in a fresh kernel (forked from a server
   that has the heavy libraries imported), watched for escapes and tampering;
4. ``grade``: runs those in parallel, resumably, through nbgrader's gradebook (SQLite);
5. ``report`` + ``feedback``: ``OUTDIR/grades.csv`` (one row per file: student, name, file, score,
   max_score, status, flags, message, then points per graded test), ``OUTDIR/feedback/<student>.html``
   (without the hidden tests' code) and ``OUTDIR/summary.md``. ``OUTDIR/nbgrader/`` is nbgrader's course
   directory, kept for inspection.
"""
