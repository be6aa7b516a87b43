"""The cell magic ``%%skip_when_graded``: a cell that runs for the student and not at grading.

An assignment's demo cells (timings, hyperparameter searches, training runs, figures) exist for the
student's own run; at grading they would only cost time, and one that reads a dataset the student chose
in Colab would need a network the grader does not have. Such a cell is a *locked* cell of the release
whose first line is ``%%skip_when_graded``: nbgrader's autograde puts a locked cell's source back as
released, so a student can change what the cell does for their own run but cannot make the grader run it.

``import dlcv`` registers the magic in a running IPython; elsewhere it does nothing.
"""
import ast

from .runtime import grading

__all__ = ["register"]


def skip_when_graded(line: str, cell: str):
    """Run ``cell`` as an ordinary cell (magics and the display of its last expression included), unless
    nbgrader is grading: then print that it was skipped."""
    if grading():
        print("Skipped at grading: this cell is for your own run.")
        return None
    from IPython import get_ipython

    shell = get_ipython()
    tree = ast.parse(shell.transform_cell(cell))
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, "<cell>", "exec"), shell.user_ns)  # an error propagates: Run all stops here, as usual
    if last is not None:  # shown as a cell's last expression would be
        return eval(compile(ast.Expression(last.value), "<cell>", "eval"), shell.user_ns)
    return None


def register() -> None:
    """Register the magics in the running IPython, if there is one."""
    from IPython import get_ipython  # installed with ipywidgets

    shell = get_ipython()
    if shell is not None:
        shell.register_magic_function(skip_when_graded, magic_kind="cell")
