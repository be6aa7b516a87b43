"""Every notebook of the course is stored clean, sets itself up the same way, and (slow) runs."""
import os

import nbclient
import nbformat
import pytest

from notebooks import (ALL_NOTEBOOKS, CHAPTERS, REPOSITORY, SOLUTIONS, book_config, dlcv_install_url,
                       graded_tests, read, relative)

EDITOR_METADATA = {"widgets", "jupytext", "colab", "accelerator", "celltoolbar"}
CELL_EDITOR_METADATA = {"lines_to_next_cell", "collapsed", "scrolled", "execution", "ExecuteTime", "outputId", "colab"}


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=relative)
def test_stored_clean(path):
    """No outputs, no execution counts, no editor metadata, sequential ids, nbformat's own layout."""
    text = path.read_text()
    notebook = nbformat.reads(text, as_version=4)
    nbformat.validate(notebook)
    fix = "run `make normalize`"
    assert notebook.metadata.get("kernelspec", {}).get("name") == "python3", f"kernelspec python3 missing; {fix}"
    assert not EDITOR_METADATA & set(notebook.metadata), f"editor metadata {EDITOR_METADATA & set(notebook.metadata)}; {fix}"
    for index, cell in enumerate(notebook.cells):
        assert cell.id == str(index), f"cell {index} has id {cell.id!r}; {fix}"
        assert not CELL_EDITOR_METADATA & set(cell.metadata), f"cell {index}: editor metadata; {fix}"
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"cell {index} has outputs; {fix}"
    assert text == nbformat.writes(notebook) + "\n", f"not in nbformat's layout; {fix}"


@pytest.mark.parametrize("path", CHAPTERS + SOLUTIONS, ids=relative)
def test_starts_with_title_and_setup_cell(path):
    notebook = read(path)
    first, setup = notebook.cells[0], next(cell for cell in notebook.cells if cell.cell_type == "code")
    assert first.cell_type == "markdown" and first.source.startswith("# "), "the first cell is the page's # title"
    assert 'if "google.colab" in sys.modules:' in setup.source, "the setup cell installs dlcv in Colab only"
    install = f"    %pip install -q {dlcv_install_url()}"
    assert install in setup.source.splitlines(), \
        f"the setup cell must run `{install.strip()}` (URL from _config.yml, tag from pyproject.toml's version)"
    assert "import dlcv" in setup.source


# The book's text column holds 78 monospace characters at 1280 px; a longer line scrolls sideways.
# `make format` (black) wraps code; comments and strings are wrapped by hand.
PAGE_COLUMN = 78


@pytest.mark.parametrize("path", CHAPTERS, ids=relative)
def test_chapter_code_fits_the_page_column(path):
    too_long = [f"cell {cell.id}: {line.strip()[:60]}... ({len(line)} characters)"
                for cell in read(path).cells if cell.cell_type == "code"
                for line in cell.source.splitlines() if len(line) > PAGE_COLUMN]
    assert not too_long, f"{len(too_long)} code lines wider than {PAGE_COLUMN}:\n" + "\n".join(too_long[:10])


def toc_files(entries):
    for entry in entries:
        if "file" in entry:
            yield entry["file"]
        yield from toc_files(entry.get("chapters", []) + entry.get("sections", []) + entry.get("parts", []))


def test_table_of_contents_lists_every_chapter_and_only_existing_ones():
    import yaml

    toc = yaml.safe_load((REPOSITORY / "_toc.yml").read_text())
    listed = [toc["root"], *toc_files(toc["parts"])]
    for name in listed:
        assert (REPOSITORY / f"{name}.ipynb").exists() or (REPOSITORY / f"{name}.md").exists(), f"{name} is in _toc.yml but missing"
    chapters = {str(p.relative_to(REPOSITORY).with_suffix("")) for p in CHAPTERS}
    assert chapters <= set(listed), f"chapters missing from _toc.yml: {sorted(chapters - set(listed))}"


def test_book_config_executes_every_notebook_and_fails_on_errors():
    config = book_config()
    assert config["execute"]["execute_notebooks"] == "force"
    assert config["execute"]["allow_errors"] is False
    assert config["sphinx"]["config"]["nb_execution_raise_on_error"] is True
    assert config["launch_buttons"]["colab_url"] == "https://colab.research.google.com"


@pytest.mark.slow
@pytest.mark.parametrize("path", SOLUTIONS, ids=relative)
def test_solution_notebook_runs_and_passes_all_its_tests(path):
    """Top to bottom in a fresh kernel: every visible and hidden test passes (they raise otherwise), and
    the last cell's self-check finds the notebook, as under Jupyter Server, and reports every test passing."""
    notebook = read(path)
    client = nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(path.parent)}})
    client.execute(env={**os.environ, "JPY_SESSION_NAME": str(path)})
    printed = "".join(out.get("text", "") for cell in notebook.cells if cell.cell_type == "code" for out in cell.outputs)
    assert "visible checks passed" in printed
    tests, self_check = len(graded_tests(notebook)), notebook.cells[-1]
    assert f"{tests} of {tests} tests pass their visible checks" in printed
    assert {out.output_type for out in self_check.outputs} == {"stream"}, "the self-check prints, and shows no value"
