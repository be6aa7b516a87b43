"""The assignments' tests catch wrong implementations, not just run them.

Each assignment has a catalogue of the mistakes students are likely to make (tests/wrong_answers/).
The solution notebook runs once in this process; then each wrong definition replaces the solution in
a copy of its namespace and every graded test cell runs again, as the autograder would run them:
exactly the wrong function's test cell must fail, so a bug costs that function's points and no more.
"""
import importlib
import linecache

import matplotlib.pyplot as plt
import pytest

from notebooks import (SOLUTIONS, cells_by_id, graded_tests, read, skipped_at_grading, solution_function_names,
                       without_hidden_tests)

ASSIGNMENTS = {path.parent.name: path for path in SOLUTIONS}


def catalogue(assignment: str):
    return importlib.import_module(f"wrong_answers.{assignment}")


def python_source(source: str) -> str:
    """A cell's code without the Colab-only install (an IPython magic, not Python)."""
    return "\n".join(line for line in source.splitlines()
                     if "google.colab" not in line and not line.strip().startswith("%"))


def run_cell(source: str, namespace: dict, name: str) -> None:
    """exec a cell as IPython would, its source registered so that inspect.getsource works on it."""
    filename = f"<{name}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), namespace)


_solved = {}


def solved(assignment: str):
    """The solution notebook run top to bottom in this process, once: (namespace, cells by grade id)."""
    if assignment not in _solved:
        notebook = read(ASSIGNMENTS[assignment])
        namespace = {"__name__": "__main__"}
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type == "code" and not skipped_at_grading(cell):  # as at grading
                run_cell(python_source(cell.source), namespace, f"{assignment}-cell-{index}")
                plt.close("all")
        _solved[assignment] = namespace, cells_by_id(notebook), list(graded_tests(notebook))
    return _solved[assignment]


def failing_tests(assignment: str, function: str, wrong_source: str, hide_hidden: bool = False) -> list[str]:
    """The graded test cells that fail once ``function`` is replaced by ``wrong_source``."""
    namespace, cells, tests = solved(assignment)
    namespace = dict(namespace)
    run_cell(wrong_source, namespace, f"wrong-{function}")
    failed = []
    for test in tests:
        source = without_hidden_tests(cells[test].source) if hide_hidden else cells[test].source
        try:
            run_cell(source, namespace, f"{assignment}-{test}")
        except Exception:
            failed.append(test)
        finally:
            plt.close("all")
    return failed


def cases(kind: str) -> list:
    return list(_cases(kind))


def _cases(kind: str):
    for assignment in ASSIGNMENTS:
        wrong = catalogue(assignment)
        if kind == "bugs":
            yield from (pytest.param(assignment, f, b, id=f"{assignment}-{f}-{b}") for f, bugs in wrong.BUGS.items() for b in bugs)
        elif kind == "hidden_only":
            yield from (pytest.param(assignment, f, b, id=f"{assignment}-{f}-{b}") for f, b in wrong.HIDDEN_ONLY.items())
        elif kind == "gpu":
            yield from (pytest.param(assignment, f, id=f"{assignment}-{f}") for f in wrong.GPU_BUGS)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_catalogue_covers_every_graded_function(assignment):
    notebook, wrong = read(ASSIGNMENTS[assignment]), catalogue(assignment)
    functions = solution_function_names(notebook)
    assert sorted(wrong.BUGS) == sorted(functions), "every graded function needs its catalogue of wrong answers"
    assert {f"test_{name}" for name in functions} == set(graded_tests(notebook)), "one graded test cell per function"
    assert all(len(bugs) >= 5 for bugs in wrong.BUGS.values()), "at least five likely bugs per function"
    assert sorted(wrong.HIDDEN_ONLY) == sorted(functions)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_solutions_pass_every_test(assignment):
    namespace, cells, tests = solved(assignment)
    for function in solution_function_names(read(ASSIGNMENTS[assignment])):
        assert failing_tests(assignment, function, cells[function].source) == []


@pytest.mark.parametrize("assignment, function, bug", cases("bugs"))
def test_a_wrong_answer_fails_its_own_test_and_no_other(assignment, function, bug):
    failed = failing_tests(assignment, function, catalogue(assignment).BUGS[function][bug])
    assert failed == [f"test_{function}"], f"{bug}: failing test cells {failed}, expected only test_{function}"


@pytest.mark.parametrize("assignment, function, bug", cases("hidden_only"))
def test_the_round_trips_wrong_answers_pass_the_visible_checks(assignment, function, bug):
    """What tests/test_autograder.py relies on: only hidden tests can catch these."""
    source = catalogue(assignment).BUGS[function][bug]
    assert failing_tests(assignment, function, source, hide_hidden=True) == []


@pytest.mark.gpu
@pytest.mark.parametrize("assignment, function", cases("gpu"))
def test_results_left_on_the_cpu_fail_on_a_gpu(assignment, function):
    assert solved(assignment)[0]["device"].type == "cuda"
    assert failing_tests(assignment, function, catalogue(assignment).GPU_BUGS[function]) == [f"test_{function}"]
