import os
import subprocess
from pathlib import Path

import matplotlib
import pytest
import torch

matplotlib.use("Agg")  # tests draw figures without a screen


# `make test` runs the suite on two workers (pytest-xdist, --dist loadgroup). A module's tests stay on one
# worker, because its module-scoped fixtures (a graded class, a built release) are expensive; the two
# modules that read the built book share a worker, and so one build (the session-scoped `book_html`).
SHARED_WORKER = {"test_book": "book", "test_browser": "book"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        module = item.module.__name__
        item.add_marker(pytest.mark.xdist_group(SHARED_WORKER.get(module, module)))
    if torch.cuda.is_available():
        return
    skip = pytest.mark.skip(reason="needs a CUDA device")
    for item in items:
        if "gpu" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def seeded():
    """Every test draws the same random numbers on every run."""
    torch.manual_seed(0)


@pytest.fixture(autouse=True)
def no_dataset_cache_outside_tmp(tmp_path, monkeypatch):
    """No test reads or fills the user's dataset cache."""
    monkeypatch.setenv("DLCV_DATA", str(tmp_path / "dlcv-data"))


@pytest.fixture(scope="session")
def book_html(tmp_path_factory) -> Path:
    """The built book's HTML folder, shared by test_book.py and test_browser.py: one `make book` (about ten
    minutes) per test run. DLCV_BOOK_HTML=path/to/_build/html tests a site already built instead."""
    if built := os.environ.get("DLCV_BOOK_HTML"):
        html = Path(built).resolve()
        assert (html / "index.html").is_file(), f"DLCV_BOOK_HTML={built} is not a built book (no index.html)"
        return html
    out = tmp_path_factory.mktemp("book")
    repository = Path(__file__).resolve().parent.parent
    build = subprocess.run(["make", "book", f"BOOK_OUT={out}"], cwd=repository, capture_output=True, text=True)
    assert build.returncode == 0, f"make book failed:\n{build.stdout[-3000:]}\n{build.stderr[-3000:]}"
    return out / "_build" / "html"


os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # quiet debugger warnings from kernels
