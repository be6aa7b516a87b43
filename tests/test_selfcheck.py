"""dlcv.selfcheck: the last cell of each assignment runs every visible test again and summarizes."""
import sys
import types

import nbformat
import pytest

from dlcv.selfcheck import run_visible_tests
from notebooks import RELEASES, SOLUTIONS, graded_tests, read, relative, skipped_at_grading

SELF_CHECK = "dlcv.selfcheck.run_visible_tests()"


def nbgrader(grade_id, grade=False, solution=False, points=None):
    metadata = {"grade": grade, "grade_id": grade_id, "locked": not solution, "schema_version": 3,
                "solution": solution, "task": False}
    return {"nbgrader": metadata if points is None else {**metadata, "points": points}}


def answer(grade_id, source):
    return nbformat.v4.new_code_cell(source, metadata=nbgrader(grade_id, solution=True))


def graded_cell(grade_id, points, source):
    return nbformat.v4.new_code_cell(source, metadata=nbgrader(grade_id, grade=True, points=points))


def write_notebook(tmp_path, cells, name="homework.ipynb"):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Homework"), *cells])
    path = tmp_path / name
    nbformat.write(notebook, path)
    return path


HOMEWORK = [
    answer("double", "def double(x):\n    return 2 * x"),
    graded_cell("test_double", 2, 'assert double(2) == 4\nprint("double: visible checks passed")'),
    graded_cell("test_double_again", 1, 'assert double(3) == 7, "double(3) must be 7\\nsecond line"'),
    answer("triple", "def triple(x):\n    # YOUR CODE HERE\n    raise NotImplementedError()"),
    graded_cell("test_triple", 3.0, "assert triple(1) == 3"),
    nbformat.v4.new_code_cell('raise RuntimeError("not a graded test cell")'),
    nbformat.v4.new_code_cell('raise RuntimeError("a manually graded answer")',
                              metadata=nbgrader("essay", grade=True, solution=True, points=5)),
    graded_cell("test_hidden", 2, "assert double(0) == 0\n### BEGIN HIDDEN TESTS\n"
                                "assert False, 'a hidden test ran'\n### END HIDDEN TESTS\nseen.append('after')"),
]


def test_runs_each_graded_test_cell_in_order_and_prints_a_summary(tmp_path, capsys):
    namespace = {"seen": []}
    exec(HOMEWORK[0].source + "\n" + HOMEWORK[3].source, namespace)  # the student ran the answer cells

    summary = run_visible_tests(write_notebook(tmp_path, HOMEWORK), namespace)

    assert [(r.grade_id, r.points, r.outcome) for r in summary.results] == [
        ("test_double", 2, "passed"),
        ("test_double_again", 1, "failed: AssertionError: double(3) must be 7"),
        ("test_triple", 3.0, "not implemented yet"),
        ("test_hidden", 2, "passed"),
    ]
    assert namespace["seen"] == ["after"], "the code after the hidden region runs, in the notebook's namespace"
    assert summary.results[0].output == "double: visible checks passed\n"
    assert (summary.num_passed, summary.points_passed, summary.points_total) == (2, 4, 8)
    assert not summary.all_passed
    printed = capsys.readouterr().out
    assert printed == summary.report() + "\n"
    assert "visible checks passed" not in printed, "the tests' own output is captured, not printed"
    lines = printed.splitlines()
    assert lines[0] == "Self-check of homework.ipynb: the visible checks of its 4 graded tests"
    assert lines[2].split() == ["test", "points", "outcome"]
    assert lines[3].split() == ["test_double", "2", "passed"]
    assert lines[5].split() == ["test_triple", "3", "not", "implemented", "yet"], "2.0 points print as 2"
    assert "2 of 4 tests pass their visible checks (4 of 8 points)." in lines
    assert "passing the visible checks does not guarantee their points" in printed
    assert "Download .ipynb" not in printed


def test_all_passing_says_how_to_submit(tmp_path, capsys):
    path = write_notebook(tmp_path, [graded_cell("test_one", 1, "assert 1 + 1 == 2")])
    summary = run_visible_tests(path, {})
    assert summary.all_passed
    printed = capsys.readouterr().out
    assert "1 of 1 tests pass their visible checks (1 of 1 points)." in printed
    assert "File → Download → Download .ipynb" in printed and "LMS" in printed


def test_a_name_error_points_at_cells_that_did_not_run(tmp_path, capsys):
    summary = run_visible_tests(write_notebook(tmp_path, HOMEWORK), {"seen": []})
    assert summary.results[0].outcome == "failed: NameError: name 'double' is not defined"
    assert "Runtime → Run after" in capsys.readouterr().out


def test_skipped_while_nbgrader_grades(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    namespace = {"seen": []}
    assert run_visible_tests(write_notebook(tmp_path, HOMEWORK), namespace) is None
    assert namespace["seen"] == []
    printed = capsys.readouterr().out
    assert len(printed.splitlines()) == 1 and "skipped" in printed


def test_without_a_notebook_it_says_how_to_give_the_path(capsys, monkeypatch):
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    assert run_visible_tests(namespace={}) is None
    assert 'run_visible_tests("a1_classifiers.ipynb")' in capsys.readouterr().out


def test_a_missing_or_unreadable_path_is_reported_not_raised(tmp_path, capsys):
    assert run_visible_tests(tmp_path / "nowhere.ipynb", {}) is None
    assert "nowhere.ipynb" in capsys.readouterr().out
    (tmp_path / "broken.ipynb").write_text("{not json")
    assert run_visible_tests(tmp_path / "broken.ipynb", {}) is None
    assert "broken.ipynb" in capsys.readouterr().out


def test_outside_ipython_it_asks_for_the_namespace(tmp_path, capsys):
    assert run_visible_tests(write_notebook(tmp_path, HOMEWORK)) is None
    assert "namespace=globals()" in capsys.readouterr().out


def test_a_notebook_without_graded_test_cells(tmp_path, capsys):
    assert run_visible_tests(write_notebook(tmp_path, HOMEWORK[:1]), {}) is None
    assert "no graded test cell" in capsys.readouterr().out


@pytest.mark.parametrize("where", ["JPY_SESSION_NAME", "relative JPY_SESSION_NAME", "__session__",
                                   "__vsc_ipynb_file__"])
def test_finds_the_notebook_the_way_jupyter_and_vs_code_name_it(where, tmp_path, monkeypatch):
    path = write_notebook(tmp_path, [graded_cell("test_one", 1, "assert True")])
    namespace = {}
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    if where == "JPY_SESSION_NAME":
        monkeypatch.setenv("JPY_SESSION_NAME", str(path))
    elif where == "relative JPY_SESSION_NAME":  # older servers: relative to their root; the kernel runs beside it
        monkeypatch.chdir(tmp_path)
        monkeypatch.setenv("JPY_SESSION_NAME", f"course/week1/{path.name}")
    else:
        namespace[where] = str(path)
    assert run_visible_tests(namespace=namespace).num_passed == 1


def fake_colab(monkeypatch, blocking_request):
    colab = types.ModuleType("google.colab")
    colab._message = types.SimpleNamespace(blocking_request=blocking_request)
    monkeypatch.setitem(sys.modules, "google.colab", colab)


def test_in_colab_it_reads_the_live_notebook(monkeypatch, capsys):
    live = {"cells": [{"cell_type": "code", "metadata": nbgrader("test_lines", grade=True, points=2),
                       "source": ["x = 1\n", "assert x == 1\n"]}]}
    requests = []

    def blocking_request(request, timeout_sec):
        requests.append(request)
        return {"ipynb": live}

    fake_colab(monkeypatch, blocking_request)
    summary = run_visible_tests(namespace={})
    assert requests == ["get_ipynb"]
    assert summary.notebook == "this Colab notebook" and summary.all_passed


def raise_an_error(request, timeout_sec):
    raise RuntimeError("frontend gone")


@pytest.mark.parametrize("blocking_request, problem", [
    (lambda request, timeout_sec: None, "no answer within 30 s"),  # what the time running out looks like
    (raise_an_error, "RuntimeError: frontend gone"),
], ids=["timeout", "error"])
def test_when_colab_does_not_hand_over_the_notebook_it_explains(blocking_request, problem, monkeypatch, capsys):
    fake_colab(monkeypatch, blocking_request)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    assert run_visible_tests(namespace={}) is None
    printed = capsys.readouterr().out
    assert f"Colab did not hand over the notebook ({problem})." in printed
    assert 'run_visible_tests("a1_classifiers.ipynb")' in printed


@pytest.mark.parametrize("path", SOLUTIONS + RELEASES, ids=relative)
def test_every_assignment_ends_with_submit_then_the_self_check(path):
    *_, submit, last = read(path).cells
    assert submit.metadata.nbgrader["grade_id"] == "submit" and "Download .ipynb" in submit.source
    assert last.cell_type == "code" and last.source == SELF_CHECK
    assert {k: last.metadata.nbgrader[k] for k in ("grade_id", "locked", "grade", "solution")} == \
           {"grade_id": "self_check", "locked": True, "grade": False, "solution": False}


def python_source(source: str) -> str:
    """A cell's code without the Colab-only install (an IPython magic, not Python)."""
    return "\n".join(line for line in source.splitlines()
                     if "google.colab" not in line and not line.strip().startswith("%"))


@pytest.mark.parametrize("path", RELEASES, ids=relative)
def test_a_fresh_release_reports_every_test_not_implemented(path, capsys):
    """The release as a student opens it: setup, the given cells and the answer stubs run, nothing answered."""
    notebook, namespace = read(path), {"__name__": "__main__"}
    for cell in notebook.cells:
        metadata = cell.metadata.get("nbgrader", {})
        # (the cells skipped at grading are the student's own runs: they need answers)
        if cell.cell_type == "code" and metadata and not metadata["grade"] and metadata["grade_id"] != "self_check" \
                and not skipped_at_grading(cell):
            exec(python_source(cell.source), namespace)
    summary = run_visible_tests(path, namespace)
    assert [result.grade_id for result in summary.results] == list(graded_tests(notebook))
    assert {result.outcome for result in summary.results} == {"not implemented yet"}
    assert summary.points_total == sum(graded_tests(notebook).values())
    assert f"0 of {len(summary.results)} tests pass" in capsys.readouterr().out
