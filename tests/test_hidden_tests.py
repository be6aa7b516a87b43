"""The assignments' tests catch wrong implementations, not just run them.

Each assignment has a catalogue of the mistakes students are likely to make (tests/wrong_answers/).
The solution notebook runs once in this process; then each wrong definition replaces the solution in
a copy of its namespace and the graded test cells run again: exactly the wrong function's test cell
must fail, so a bug costs that function's points and no more. In that copy, the functions the notebook
defined earlier still look names up in the original namespace, so a graded item that calls another
keeps calling the solution's version: these checks see what each test cell does with the item itself.
What a wrong item does to the items that call it, as in a student's kernel, the autograder round trip
checks (tests/test_autograder.py, with the catalogue's HIDDEN_ONLY bugs).

A wrong definition can only change the test cells that run its code, so each one reruns the test cells
that called the graded item in the solution's own run (traced), not all of them: with a few hundred
wrong answers, rerunning every cell for each would cost most of CI's budget. That holds because test
cells do not pass results to one another, which ``test_test_cells_pass_no_results_to_one_another`` checks.
"""
import dis
import importlib
import inspect
import linecache
import sys
import types

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
    """The solution notebook run top to bottom in this process, once: (namespace, cells by grade id, tests)."""
    if assignment not in _solved:
        notebook = read(ASSIGNMENTS[assignment])
        namespace = {"__name__": "__main__"}
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type == "code" and not skipped_at_grading(cell):  # as at grading
                grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", index)
                run_cell(python_source(cell.source), namespace, f"{assignment}-{grade_id}")
                plt.close("all")
        _solved[assignment] = namespace, cells_by_id(notebook), list(graded_tests(notebook))
    return _solved[assignment]


_traced = {}


def traced(assignment: str) -> dict:
    """Each graded test cell, rerun on the solved notebook: the graded items whose code it ran and the
    results (anything but definitions) it left in the namespace."""
    if assignment not in _traced:
        namespace, cells, tests = solved(assignment)
        namespace = dict(namespace)
        items = {f"<{assignment}-{name}>": name for name in solution_function_names(read(ASSIGNMENTS[assignment]))}
        trace = {}
        for test in tests:
            called, before = set(), dict(namespace)

            def record(frame, event, arg):
                if event == "call" and frame.f_code.co_filename in items:
                    called.add(items[frame.f_code.co_filename])

            sys.setprofile(record)
            try:
                run_cell(cells[test].source, namespace, f"{assignment}-{test}")
            finally:
                sys.setprofile(None)
                plt.close("all")
            results = {name for name, value in namespace.items()
                       if (name not in before or before[name] is not value) and not is_definition(value)}
            trace[test] = {"called": called, "results": results}
        _traced[assignment] = trace
    return _traced[assignment]


def is_definition(value) -> bool:
    """A function, class or module, or a table of them (hidden tests share such helpers)."""
    if isinstance(value, dict):
        return all(is_definition(item) for item in value.values())
    if isinstance(value, (list, tuple)):
        return all(is_definition(item) for item in value)
    return isinstance(value, (types.FunctionType, type, types.ModuleType))


def names_read_before_assigned(source: str) -> set[str]:
    """The global names a cell's code loads that the cell's top level has not assigned first."""
    code = compile(source, "<cell>", "exec")
    read_names, assigned = set(), set()
    for instruction in dis.get_instructions(code):
        if instruction.opname in ("STORE_NAME", "STORE_GLOBAL"):
            assigned.add(instruction.argval)
        elif instruction.opname in ("LOAD_NAME", "LOAD_GLOBAL") and instruction.argval not in assigned:
            read_names.add(instruction.argval)
    nested = [const for const in code.co_consts if inspect.iscode(const)]
    while nested:  # functions and lambdas defined in the cell, called in it once its top level has run
        inner = nested.pop()
        read_names |= {i.argval for i in dis.get_instructions(inner) if i.opname == "LOAD_GLOBAL"} - assigned
        nested += [const for const in inner.co_consts if inspect.iscode(const)]
    return read_names


def cells_affected_by(assignment: str, function: str) -> list[str]:
    """The test cells whose outcome a wrong ``function`` can change: its own, and those that run its code."""
    return [test for test, seen in traced(assignment).items() if test == f"test_{function}" or function in seen["called"]]


def failing_tests(assignment: str, function: str, wrong_source: str, hide_hidden: bool = False) -> list[str]:
    """The graded test cells that fail once ``function`` is replaced by ``wrong_source``."""
    namespace, cells, _ = solved(assignment)
    namespace = dict(namespace)
    run_cell(wrong_source, namespace, f"wrong-{function}")
    failed = []
    for test in cells_affected_by(assignment, function):
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
    assert all(f"test_{function}" in cells_affected_by(assignment, function)
               for function in solution_function_names(read(ASSIGNMENTS[assignment])))


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_test_cells_pass_no_results_to_one_another(assignment):
    """What rerunning only the cells that call a wrong item relies on: no test cell reads a value that
    another test cell computes (a shared helper function is fine; a tensor computed from an answer is not)."""
    _, cells, tests = solved(assignment)
    trace = traced(assignment)
    for test in tests:
        others = set().union(*(trace[other]["results"] for other in tests if other != test))
        shared = names_read_before_assigned(cells[test].source) & others
        assert not shared, f"{test} reads {sorted(shared)}, which another test cell assigns"


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
