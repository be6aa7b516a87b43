"""`make book` builds every chapter, executed, with figures, widgets and a Colab button (slow)."""
import re
import subprocess

import pytest

from notebooks import CHAPTERS, REPOSITORY, book_config, relative


@pytest.fixture(scope="module")
def html(tmp_path_factory):
    out = tmp_path_factory.mktemp("book")
    build = subprocess.run(["make", "book", f"BOOK_OUT={out}"], cwd=REPOSITORY, capture_output=True, text=True)
    assert build.returncode == 0, f"make book failed:\n{build.stdout[-3000:]}\n{build.stderr[-3000:]}"
    return out / "_build" / "html"


@pytest.mark.slow
@pytest.mark.parametrize("chapter", CHAPTERS, ids=relative)
def test_chapter_page_is_executed_with_figures_and_a_colab_button(html, chapter):
    name = chapter.relative_to(REPOSITORY).with_suffix("")
    page = (html / name).with_suffix(".html").read_text()
    repository = book_config()["repository"]
    colab = f"https://colab.research.google.com/github/{repository['url'].removeprefix('https://github.com/')}" \
            f"/blob/{repository['branch']}/{name}.ipynb"
    assert colab in page, "no Colab launch button"
    assert re.search(r'<img [^>]*src="[^"]*\.png"', page), "no executed figure"
    assert 'class="output traceback' not in page and "ipythontb" not in page, "a cell raised an error"


@pytest.mark.slow
def test_widgets_render_their_initial_state(html):
    page = (html / "book" / "classification" / "nearest_neighbours.html").read_text()
    assert "application/vnd.jupyter.widget-state+json" in page
    state = page.split("application/vnd.jupyter.widget-state+json", 1)[1]
    assert "image/png" in state, "the widget's initial figure is not in the saved widget state"


@pytest.mark.slow
def test_every_page_of_the_table_of_contents_is_built(html):
    for page in ("book/intro", "book/appendix/glossary", *[str(c.relative_to(REPOSITORY).with_suffix("")) for c in CHAPTERS]):
        assert (html / f"{page}.html").exists(), page
    assert (html / "index.html").exists()


@pytest.mark.slow
def test_progress_bars_are_printed_as_text_not_dead_widgets(html):
    """A tqdm widget in a static page shows nothing useful; `make book` makes dlcv.progress print text."""
    pages = {chapter: (html / chapter.relative_to(REPOSITORY).with_suffix(".html")).read_text() for chapter in CHAPTERS}
    widget_bars = [relative(chapter) for chapter, page in pages.items() if "FloatProgressModel" in page]
    assert not widget_bars, f"progress bars drawn as widgets in {widget_bars}"
    text_bar = re.compile(r"\d+/\d+ \[[\d:]+(<|&lt;)")  # tqdm's "5/5 [00:03<00:00", HTML-escaped in a page
    assert any(text_bar.search(page) for page in pages.values()), "no text progress bar in any chapter"
