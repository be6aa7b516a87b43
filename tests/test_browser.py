"""The built book as a reader meets it, in a real browser (slow): Debian's Chromium driven by playwright.

A copy of the built site is served from 127.0.0.1 and every page is opened once, at 1280 x 800, with
every request routed: a request to another host is aborted and recorded, so the pages are checked as
they work with no network. Each test then checks one thing on every page and names the pages that fail.

The site is conftest.py's `book_html`: one `make book`, shared with test_book.py. To rerun these tests
on a site already built, without building again:

    DLCV_BOOK_HTML=_build/html .venv/bin/pytest tests/test_browser.py

Needs Chromium at /usr/bin/chromium (`apt-get install chromium`; .ci/run installs it) and playwright
(requirements.txt). Never run `playwright install`: it downloads a browser of its own.
"""
import functools
import re
import shutil
import threading
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from notebooks import book_config

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(f"the browser tests need Chromium at {CHROMIUM}: `apt-get install chromium` "
                "(and playwright, from requirements.txt)", allow_module_level=True)

from playwright.sync_api import Error as PlaywrightError, sync_playwright  # noqa: E402

pytestmark = pytest.mark.slow

VIEWPORT = {"width": 1280, "height": 800}
# px at 1280 px wide, about 40 screens: the neural-networks chapter was 45 000 px before it was split
MAX_PAGE_HEIGHT = 32_000
MIN_FIGURE_SCALE = 0.7  # a figure shown narrower than this fraction of its pixels has unreadable labels
SEARCH_TERM, SEARCH_FINDS = "neighbours", "book/classification/nearest_neighbours.html"
LOCAL_HOSTS = {"127.0.0.1"}
REFRESH = re.compile(r'<meta http-equiv="Refresh" content="0; url=([^"]+)"', re.IGNORECASE)
SETTLE_MS = 15_000  # how long MathJax and the widget manager may take to finish on one page


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass  # one line per request would bury pytest's output


@dataclass
class Site:
    root: Path
    url: str

    def pages(self) -> list[str]:
        """Every HTML page, as a path relative to the site's root (Sphinx's own folders, such as _static, left out)."""
        return sorted(str(path.relative_to(self.root)) for path in self.root.rglob("*.html")
                      if not any(part.startswith("_") for part in path.relative_to(self.root).parts[:-1]))


@dataclass
class Visit:
    """What one page did and showed in the browser."""
    external: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    report: dict = field(default_factory=dict)


@pytest.fixture(scope="module")
def site(book_html, tmp_path_factory):
    """The site copied to a temporary folder (nothing may depend on where it was built) and served locally."""
    root = tmp_path_factory.mktemp("site") / "html"
    shutil.copytree(book_html, root)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Site(root, f"http://127.0.0.1:{server.server_port}/")
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield chromium
        chromium.close()


def watch(page, visit: Visit):
    """Record console errors and script errors, and abort (and record) every request to another host."""
    def route(route):
        url = route.request.url
        if urlsplit(url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            visit.external.append(url)
            route.abort()

    page.route("**/*", route)
    page.on("console", lambda message: message.type == "error" and visit.errors.append(
        f"console: {message.text} ({message.location.get('url', '')}:{message.location.get('lineNumber', '')})"))
    page.on("pageerror", lambda error: visit.errors.append(f"script: {error}"))


# Waits for MathJax's typesetting and the widget manager's views, as far as each page has them.
SETTLED = """() => {
  const views = document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]');
  const rendered = Array.from(views).every(s => s.parentElement && s.parentElement.querySelector(".jupyter-widgets"));
  const mathjax = !document.querySelector(".math") || (window.MathJax && window.MathJax.startup &&
                                                      window.MathJax.typesetPromise);
  return rendered && mathjax;
}"""
MATHJAX_DONE = "() => window.MathJax && window.MathJax.startup ? window.MathJax.startup.promise.then(() => true) : true"

# Everything the tests check, read from the page in one go.
INSPECT = """async () => {
  const article = document.querySelector("article.bd-article") || document.body;
  const visible = el => el.offsetParent !== null;
  const report = {height: document.documentElement.scrollHeight};

  const maths = Array.from(document.querySelectorAll("span.math, div.math"));
  report.math = maths.length;
  report.unrenderedMath = maths.filter(m => !m.querySelector("mjx-container")).map(m => m.textContent.slice(0, 60));
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT, {acceptNode: node =>
    node.parentElement.closest("pre, code, script, style, textarea, mjx-container")
      ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
  report.rawLatex = [];
  for (let node; (node = walker.nextNode());) {
    const match = node.textContent.match(/.{0,30}(\\\\\\(|\\\\\\[|\\$\\$).{0,30}/);
    if (match) report.rawLatex.push(match[0]);
  }

  report.widgets = [];
  for (const widget of document.querySelectorAll(".dlcv-static-widget")) {
    // What the widget shows now: its visible figures and printed text (a widget may only print).
    const shown = () => [
      ...Array.from(widget.querySelectorAll("img")).filter(img => visible(img) && img.naturalWidth > 0)
        .map(img => img.src),
      ...Array.from(widget.querySelectorAll("pre.dlcv-text")).filter(visible).map(pre => pre.textContent),
    ].join("\\n") || null;
    const before = shown();
    const states = widget.querySelectorAll(".dlcv-state").length;
    const result = {figure: Boolean(before), states, changed: null};
    const control = widget.querySelector("[data-control]");
    if (states > 1 && control) {
      if (control.tagName === "SELECT") control.selectedIndex = (control.selectedIndex + 1) % control.options.length;
      else control.value = String(Number(control.value) === Number(control.max) ? control.min : control.max);
      control.dispatchEvent(new Event("input", {bubbles: true}));
      control.dispatchEvent(new Event("change", {bubbles: true}));
      await new Promise(resolve => requestAnimationFrame(() => resolve()));
      const after = shown();
      result.control = control.dataset.control;
      result.changed = Boolean(before && after && after !== before);
    }
    report.widgets.push(result);
  }

  const views = Array.from(document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]'));
  report.widgetViews = views.length;
  report.unrenderedViews = views.filter(s => !(s.parentElement && s.parentElement.querySelector(".jupyter-widgets"))).length;

  // the page's launch button (a chapter's prose may link to other notebooks in Colab)
  report.colab = Array.from(document.querySelectorAll('.dropdown-launch-buttons a[href*="colab.research.google.com"]'),
                            a => a.href);

  report.overflowingCode = Array.from(article.querySelectorAll("pre"))
    .filter(pre => !pre.closest(".cell_output, .output") && pre.scrollWidth > pre.clientWidth)
    .map(pre => `${pre.scrollWidth} > ${pre.clientWidth} px: ` +
         pre.textContent.split("\\n").reduce((a, b) => (b.length > a.length ? b : a), "").slice(0, 90));

  const images = Array.from(article.querySelectorAll("img"));
  report.smallFigures = images.filter(img => visible(img) && img.naturalWidth > 0)
    .map(img => ({scale: img.getBoundingClientRect().width / img.naturalWidth, img}))
    .filter(({scale}) => scale < MIN_SCALE)
    .map(({scale, img}) => `${img.naturalWidth} px shown at ${Math.round(scale * 100)}%: ` +
                           `${(img.getAttribute("alt") || img.getAttribute("src")).slice(0, 60)}`);
  report.alts = images.map(img => [img.getAttribute("alt"), (img.getAttribute("src") || "").slice(0, 60)]);
  return report;
}""".replace("MIN_SCALE", str(MIN_FIGURE_SCALE))


@pytest.fixture(scope="module")
def visits(site, browser) -> dict[str, Visit]:
    """Every page, opened once: what it requested, logged and showed."""
    context = browser.new_context(viewport=VIEWPORT, service_workers="block")
    visits = {}
    for name in site.pages():
        visit = visits[name] = Visit()
        page = context.new_page()
        watch(page, visit)
        page.goto(site.url + name, wait_until="load")
        if redirect := REFRESH.search((site.root / name).read_text()):  # index.html sends readers on
            page.wait_for_url(site.url + (Path(name).parent / redirect.group(1)).as_posix())
            page.wait_for_load_state("load")
        try:
            page.wait_for_function(SETTLED, timeout=SETTLE_MS)
        except PlaywrightError:
            pass  # not settled in time: INSPECT reports what is missing
        page.evaluate(MATHJAX_DONE)
        visit.report = page.evaluate(INSPECT)
        page.close()
    context.close()
    assert visits, f"no pages in {site.root}"
    return visits


def failures(visits, check) -> dict[str, list]:
    """{page: what is wrong} for the pages where `check(visit)` returns something."""
    return {name: problems for name, visit in visits.items() if (problems := check(visit))}


def describe(failed: dict) -> str:
    return "\n".join(f"{name}: {problems}" for name, problems in failed.items())


def test_no_page_requests_another_host(visits):
    failed = failures(visits, lambda visit: sorted(set(visit.external)))
    assert not failed, f"pages that request other hosts (they break with no network):\n{describe(failed)}"


def test_no_page_logs_an_error(visits):
    failed = failures(visits, lambda visit: visit.errors)
    assert not failed, f"pages with console or script errors:\n{describe(failed)}"


def test_every_formula_is_rendered_by_mathjax(visits):
    failed = failures(visits, lambda visit: visit.report["unrenderedMath"] + visit.report["rawLatex"])
    assert not failed, f"formulas left as raw LaTeX:\n{describe(failed)}"
    assert sum(visit.report["math"] for visit in visits.values()), "no formula on any page: is MathJax's markup gone?"


def test_static_widgets_show_a_figure_and_move(visits):
    def check(visit):
        return [f"widget {i}: " + ("shows no figure or text" if not widget["figure"] else
                                    f"moving {widget['control']!r} does not change what it shows")
                for i, widget in enumerate(visit.report["widgets"])
                if not widget["figure"] or widget["changed"] is False]

    failed = failures(visits, check)
    assert not failed, f"precomputed widgets that show nothing or do not move:\n{describe(failed)}"
    moving = [name for name, visit in visits.items() if any(w["states"] > 1 for w in visit.report["widgets"])]
    assert moving, "no page has a widget with precomputed states (the kNN chapter's should)"


def test_live_ipywidgets_render(visits):
    failed = failures(visits, lambda visit: visit.report["unrenderedViews"] and
                      f"{visit.report['unrenderedViews']} of {visit.report['widgetViews']} widget views not rendered")
    assert not failed, f"ipywidgets the widget manager did not render:\n{describe(failed)}"


def test_colab_buttons_open_the_pages_own_notebook(site, visits):
    repository = book_config()["repository"]
    github = repository["url"].removeprefix("https://github.com/")
    prefix = repository.get("path_to_book", "").strip("/")

    def check(name, visit):
        source = Path(name).with_suffix(".ipynb")
        expected = f"https://colab.research.google.com/github/{github}/blob/{repository['branch']}/" \
                   f"{Path(prefix, source).as_posix()}"
        links = visit.report["colab"]
        if (site.root / "_sources" / source).exists() and not links:
            return ["no Colab button on a notebook's page"]
        return [f"{link} (expected {expected})" for link in links if link != expected]

    failed = {name: problems for name, visit in visits.items() if (problems := check(name, visit))}
    assert not failed, f"Colab buttons that open the wrong notebook:\n{describe(failed)}"


def test_search_finds_a_term(site, browser):
    page = browser.new_page(viewport=VIEWPORT)
    visit = Visit()
    watch(page, visit)
    page.goto(f"{site.url}search.html?q={SEARCH_TERM}", wait_until="load")
    try:
        page.wait_for_selector(f'#search-results a[href*="{SEARCH_FINDS}"]', timeout=SETTLE_MS)
    except PlaywrightError:
        found = page.eval_on_selector_all("#search-results a", "links => links.map(a => a.getAttribute('href'))")
        pytest.fail(f"search.html?q={SEARCH_TERM} does not list {SEARCH_FINDS}; it lists {found}")
    finally:
        page.close()
    assert not visit.errors and not visit.external, f"search.html: {visit.errors} {visit.external}"


def test_code_cells_fit_the_column(visits):
    failed = failures(visits, lambda visit: visit.report["overflowingCode"])
    assert not failed, (f"code that scrolls sideways at {VIEWPORT['width']} px (scrollWidth > clientWidth; "
                        f"`make format` wraps the chapters' code):\n{describe(failed)}")


def test_figures_are_shown_near_their_natural_width(visits):
    failed = failures(visits, lambda visit: visit.report["smallFigures"])
    assert not failed, (f"figures shown at less than {MIN_FIGURE_SCALE:.0%} of their width (labels too small; "
                        f"make the figure narrower):\n{describe(failed)}")


FILE_NAME = re.compile(r"^\S*([/\\]\S*|\.(png|jpe?g|gif|svg|webp))$", re.IGNORECASE)


def test_every_image_has_real_alt_text(visits):
    def check(visit):
        return [f"alt={alt!r} (src {src}...)" for alt, src in visit.report["alts"]
                if not alt or not alt.strip() or FILE_NAME.match(alt.strip())]

    failed = failures(visits, check)
    assert not failed, f"images without alt text, or with a file name for it:\n{describe(failed)}"


def test_pages_are_not_too_long(visits):
    heights = sorted(((visit.report["height"], name) for name, visit in visits.items()), reverse=True)
    print("\npage heights at 1280 px:", *(f"  {height:6d} px  {name}" for height, name in heights), sep="\n")
    tallest = "\n".join(f"{height} px: {name}" for height, name in heights[:5])
    assert heights[0][0] <= MAX_PAGE_HEIGHT, (f"pages taller than {MAX_PAGE_HEIGHT} px (split the chapter into "
                                              f"sections); the tallest:\n{tallest}")
