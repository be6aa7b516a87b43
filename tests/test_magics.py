"""``%%skip_when_graded`` runs a cell for the student and skips it at grading; the releases use it only in
locked cells, whose source nbgrader restores at grading, so a student cannot undo it."""
import pytest
from IPython.core.interactiveshell import InteractiveShell

import dlcv.magics
from notebooks import SOLUTIONS, read, relative


@pytest.fixture
def shell():
    shell = InteractiveShell.instance()
    dlcv.magics.register()
    yield shell
    InteractiveShell.clear_instance()


def test_the_cell_runs_as_an_ordinary_cell(shell, monkeypatch):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    result = shell.run_cell("%%skip_when_graded\nvalue = 20\nhere = %pwd\nvalue * 2 + 2")  # magics work inside
    assert result.success and result.result == 42 and shell.user_ns["value"] == 20 and shell.user_ns["here"]


def test_an_error_in_the_cell_is_the_cell_s_error(shell, monkeypatch):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    result = shell.run_cell("%%skip_when_graded\nraise ValueError('the student sees this')")
    assert isinstance(result.error_in_exec, ValueError)


@pytest.mark.parametrize("mode", ["autograde", "validate"])
def test_the_cell_is_skipped_while_nbgrader_runs_the_notebook(shell, monkeypatch, capsys, mode):
    monkeypatch.setenv("NBGRADER_EXECUTION", mode)
    result = shell.run_cell("%%skip_when_graded\nside_effect = 1\n1 / 0")
    assert result.success and result.result is None and "side_effect" not in shell.user_ns
    assert "Skipped at grading" in capsys.readouterr().out


@pytest.mark.parametrize("path", SOLUTIONS, ids=relative)
def test_skipped_cells_are_locked(path):
    for cell in read(path).cells:
        if cell.cell_type == "code" and "%%skip_when_graded" in cell.source:
            assert cell.source.startswith("%%skip_when_graded\n"), "the magic must be the cell's first line"
            assert cell.metadata.get("nbgrader", {}).get("locked"), \
                f"a cell skipped at grading must be locked, or the student could remove the magic:\n{cell.source[:200]}"
