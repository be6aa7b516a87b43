"""`make book` builds every chapter, executed, with figures, widgets and a Colab button (slow).

The build is conftest.py's `book_html`, shared with test_browser.py (DLCV_BOOK_HTML reuses a built site).
"""
import re

import pytest

from notebooks import CHAPTERS, REPOSITORY, book_config, relative


@pytest.mark.slow
@pytest.mark.parametrize("chapter", CHAPTERS, ids=relative)
def test_chapter_page_is_executed_with_figures_and_a_colab_button(book_html, chapter):
    name = chapter.relative_to(REPOSITORY).with_suffix("")
    page = (book_html / name).with_suffix(".html").read_text()
    repository = book_config()["repository"]
    colab = f"https://colab.research.google.com/github/{repository['url'].removeprefix('https://github.com/')}" \
            f"/blob/{repository['branch']}/{name}.ipynb"
    assert colab in page, "no Colab launch button"
    assert re.search(r'<img [^>]*src="[^"]*\.png"', page), "no executed figure"
    assert 'class="output traceback' not in page and "ipythontb" not in page, "a cell raised an error"


@pytest.mark.slow
def test_widgets_render_their_initial_state(book_html):
    """`make book` (DLCV_WIDGETS=static) precomputes the kNN widget's figures: one per k and distance, the
    starting one shown, with plain HTML controls instead of an ipywidget that a static page cannot run."""
    page = (book_html / "book" / "classification" / "nearest_neighbours.html").read_text()
    assert 'class="dlcv-static-widget"' in page, "the kNN widget is not a precomputed static widget"
    widget = page.split('class="dlcv-static-widget"', 1)[1]
    assert "dlcv-live-only" not in widget.split("</script>", 1)[0], "the kNN widget's states were not precomputed"
    assert re.search(r'<input type="range" data-control="k"', widget), "no k slider"
    states = re.findall(r'<div class="dlcv-state" data-key="[\d,]+"( hidden)?>\s*<img src="data:image/png;base64,', widget)
    assert len(states) > 1, f"{len(states)} precomputed states, expected one per setting"
    assert [hidden for hidden in states].count("") == 1, "not exactly one state (the starting one) is shown"


@pytest.mark.slow
def test_every_page_of_the_table_of_contents_is_built(book_html):
    for page in ("book/intro", "book/appendix/glossary", *[str(c.relative_to(REPOSITORY).with_suffix("")) for c in CHAPTERS]):
        assert (book_html / f"{page}.html").exists(), page
    assert (book_html / "index.html").exists()


@pytest.mark.slow
def test_progress_bars_are_printed_as_text_not_dead_widgets(book_html):
    """A tqdm widget in a static page shows nothing useful; `make book` makes dlcv.progress print text."""
    pages = {chapter: (book_html / chapter.relative_to(REPOSITORY).with_suffix(".html")).read_text() for chapter in CHAPTERS}
    widget_bars = [relative(chapter) for chapter, page in pages.items() if "FloatProgressModel" in page]
    assert not widget_bars, f"progress bars drawn as widgets in {widget_bars}"
    text_bar = re.compile(r"\d+/\d+ \[[\d:]+(<|&lt;)")  # tqdm's "5/5 [00:03<00:00", HTML-escaped in a page
    assert any(text_bar.search(page) for page in pages.values()), "no text progress bar in any chapter"
