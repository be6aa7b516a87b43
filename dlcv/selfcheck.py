"""A self-check for assignments: run every visible test of the notebook again and summarize.

Colab has no nbgrader "Validate" button, so the last cell of each assignment calls
:func:`run_visible_tests`. It reads the notebook's own ``.ipynb``, runs each graded test cell (the
cells whose nbgrader metadata says ``grade: true, solution: false``) in the notebook's namespace, and
prints one line per test (passed, not implemented yet, or failed and why) with the points at stake.
Only the visible checks run: a student's release has no hidden tests, and when the source notebook
with its hidden tests is checked, their regions are dropped so the result is what a student sees.
"""
import contextlib
import io
import json
import os
from dataclasses import dataclass
from pathlib import Path

from .runtime import grading, in_colab

__all__ = ["CellResult", "Summary", "run_visible_tests"]

BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
PASSED, NOT_IMPLEMENTED = "passed", "not implemented yet"
COLAB_TIMEOUT_S = 30  # the Colab frontend serializes the whole notebook, outputs included
MAX_MESSAGE = 100  # characters of an error message shown in the table; the test's own cell shows all

NOT_FOUND = """\
The self-check could not find this notebook's .ipynb file, so it ran no tests.
It looks in Colab's live notebook, then for the path that Jupyter (JPY_SESSION_NAME, __session__)
or VS Code (__vsc_ipynb_file__) gives the kernel. Give the path yourself, for instance:
    dlcv.selfcheck.run_visible_tests("a1_classifiers.ipynb")"""


@dataclass(frozen=True)
class CellResult:
    """What one graded test cell did: ``outcome`` is "passed", "not implemented yet" (it raised
    NotImplementedError) or "failed: ExceptionName: first line of the message"; ``output`` is what
    the cell printed."""

    grade_id: str
    points: float
    outcome: str
    output: str = ""

    @property
    def passed(self) -> bool:
        return self.outcome == PASSED


@dataclass(frozen=True)
class Summary:
    """The results of the visible checks of one notebook, in the notebook's order."""

    notebook: str
    results: tuple[CellResult, ...]

    @property
    def num_passed(self) -> int:
        return sum(result.passed for result in self.results)

    @property
    def points_passed(self) -> float:
        return sum(result.points for result in self.results if result.passed)

    @property
    def points_total(self) -> float:
        return sum(result.points for result in self.results)

    @property
    def all_passed(self) -> bool:
        return bool(self.results) and self.num_passed == len(self.results)

    def report(self) -> str:
        """The table and the verdict that :func:`run_visible_tests` prints."""
        width = max([len("test"), *(len(result.grade_id) for result in self.results)])
        lines = [f"Self-check of {self.notebook}: the visible checks of its {len(self.results)} graded tests", "",
                 f"{'test':<{width}}  points  outcome"]
        lines += [f"{result.grade_id:<{width}}  {_number(result.points):>6}  {result.outcome}" for result in self.results]
        lines += ["", f"{self.num_passed} of {len(self.results)} tests pass their visible checks "
                      f"({_number(self.points_passed)} of {_number(self.points_total)} points).",
                  "Hidden tests run when your notebook is graded; passing the visible checks does not guarantee "
                  "their points."]
        if self.all_passed:
            lines.append("Ready to submit: File → Download → Download .ipynb, then upload that file to the course's LMS.")
            return "\n".join(lines)
        lines.append("Run the cell of a test that does not pass to read its whole message, fix the code it tests, "
                     "then run this cell again.")
        if any(result.outcome.startswith("failed: NameError") for result in self.results):
            lines.append("A NameError means that a cell above has not run: Run all stops at the first error, so run "
                         "the cells after it too (Colab: Runtime → Run after).")
        return "\n".join(lines)

    def _ipython_display_(self) -> None:
        """Show nothing as a cell's value: run_visible_tests has printed the report already."""


def run_visible_tests(notebook: str | os.PathLike | None = None, namespace: dict | None = None) -> Summary | None:
    """Run the visible checks of every graded test cell of a notebook again, and print a summary.

    Args:
        notebook: path of the ``.ipynb``. When None, the notebook running this code is searched for:
            in Colab the live notebook (asked of the Colab frontend); elsewhere the path in
            ``__vsc_ipynb_file__`` (VS Code) or ``__session__`` in the namespace, or in the
            environment variable ``JPY_SESSION_NAME`` (Jupyter Server 2 and later).
        namespace: where the test cells run, the variables they see and may set; by default the
            IPython user namespace, i.e. the notebook's own variables.

    Returns:
        The :class:`Summary` it printed; None, after printing why, when it ran nothing: while nbgrader
        grades or validates (``NBGRADER_EXECUTION`` is set: the grader runs the tests itself), when
        the notebook or a namespace cannot be found, or when the notebook has no graded test cell.
        It never raises: a test cell's exception becomes that test's outcome.
    """
    if grading():
        print("Self-check skipped: the notebook is being graded, and the grader runs every test itself.")
        return None
    if namespace is None:
        namespace = _ipython_namespace()
        if namespace is None:
            print("The self-check runs in a notebook; elsewhere pass the variables, as in "
                  "run_visible_tests(path, namespace=globals()).")
            return None
    found = _read_notebook(notebook) if notebook is not None else _find_notebook(namespace)
    if found is None:
        return None
    name, content = found
    tests = _graded_test_cells(content) if isinstance(content, dict) else []
    if not tests:
        print(f"{name} has no graded test cell: they are recognized by their nbgrader metadata, which cells copied "
              "into another notebook lose. Work in the notebook you opened from the course.")
        return None
    summary = Summary(name, tuple(_run_test(grade_id, points, source, namespace) for grade_id, points, source in tests))
    print(summary.report())
    return summary


def _ipython_namespace() -> dict | None:
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    shell = get_ipython()
    return None if shell is None else shell.user_ns


def _find_notebook(namespace: dict) -> tuple[str, dict] | None:
    """(name, notebook content) of the notebook running this kernel, or None after printing how to
    give its path."""
    if in_colab():
        # Colab keeps no .ipynb on the runtime's disk: its frontend serializes the open notebook on request.
        try:
            from google.colab import _message
            reply = _message.blocking_request("get_ipynb", timeout_sec=COLAB_TIMEOUT_S)
        except Exception as error:  # a private API: whatever it raises, fall back on the explanation below
            reply, problem = None, f"{type(error).__name__}: {error}"
        else:  # it returns None when the time is up
            problem = f"no answer within {COLAB_TIMEOUT_S} s" if reply is None else "no notebook in its answer"
        if isinstance(reply, dict) and "ipynb" in reply:
            return "this Colab notebook", reply["ipynb"]
        print(f"Colab did not hand over the notebook ({problem}).")
    for candidate in (namespace.get("__vsc_ipynb_file__"), os.environ.get("JPY_SESSION_NAME"), namespace.get("__session__")):
        if not candidate:
            continue
        # Older Jupyter servers give the path relative to the server's root; the kernel runs in the
        # notebook's folder, so the file name alone then finds it.
        for path in (Path(candidate), Path(Path(candidate).name)):
            if path.suffix == ".ipynb" and path.is_file():
                return _read_notebook(path)
    print(NOT_FOUND)
    return None


def _read_notebook(path: str | os.PathLike) -> tuple[str, dict] | None:
    try:
        return Path(path).name, json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        print(f"The self-check cannot read the notebook {path} ({type(error).__name__}: {error}), so it ran no tests.")
        return None


def _graded_test_cells(content: dict) -> list[tuple[str, float, str]]:
    """(grade_id, points, source without hidden tests) of each graded test cell, in order."""
    tests = []
    for cell in content.get("cells", []):
        nbgrader = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") == "code" and nbgrader.get("grade") and not nbgrader.get("solution"):
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else source  # .ipynb files may split it in lines
            tests.append((nbgrader.get("grade_id", "?"), nbgrader.get("points") or 0, _without_hidden_tests(source)))
    return tests


def _without_hidden_tests(source: str) -> str:
    kept, hidden = [], False
    for line in source.splitlines(keepends=True):
        if BEGIN_HIDDEN in line:
            hidden = True
        elif END_HIDDEN in line:
            hidden = False
        elif not hidden:
            kept.append(line)
    return "".join(kept)


def _run_test(grade_id: str, points: float, source: str, namespace: dict) -> CellResult:
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):  # each test's "passed" line would bury the table
            exec(compile(source, f"<test {grade_id}>", "exec"), namespace)
    except NotImplementedError:
        outcome = NOT_IMPLEMENTED
    except Exception as error:  # one failing test must not stop the others
        outcome = f"failed: {_describe(error)}"
    else:
        outcome = PASSED
    return CellResult(grade_id, points, outcome, printed.getvalue())


def _describe(error: Exception) -> str:
    lines = str(error).strip().splitlines()
    if not lines:
        return type(error).__name__
    message = lines[0] if len(lines[0]) <= MAX_MESSAGE else lines[0][:MAX_MESSAGE - 1] + "…"
    return f"{type(error).__name__}: {message}"


def _number(points: float) -> str:
    return f"{points:g}"  # nbgrader stores points as 2 or 2.0: print 2 either way
