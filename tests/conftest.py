import os
import subprocess
from pathlib import Path

import matplotlib
import pytest
import torch
from filelock import FileLock

matplotlib.use("Agg")  # tests draw figures without a screen


def pytest_collection_modifyitems(config, items):
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
    minutes) per test run. DLCV_BOOK_HTML=path/to/_build/html tests a site already built instead.

    `make test` runs two pytest-xdist workers, one test file at a time each: the first worker that needs
    the book builds it into the run's shared temporary folder, under a file lock, and the other reuses it.
    """
    if built := os.environ.get("DLCV_BOOK_HTML"):
        html = Path(built).resolve()
        assert (html / "index.html").is_file(), f"DLCV_BOOK_HTML={built} is not a built book (no index.html)"
        return html
    shared = tmp_path_factory.getbasetemp().parent if os.environ.get("PYTEST_XDIST_WORKER") \
        else tmp_path_factory.getbasetemp()
    out, html = shared / "book", shared / "book" / "_build" / "html"
    with FileLock(str(shared / "book.lock")):
        if (shared / "book.failed").exists():
            pytest.fail(f"make book failed (in another worker):\n{(shared / 'book.failed').read_text()}")
        if not (html / "index.html").exists():
            repository = Path(__file__).resolve().parent.parent
            build = subprocess.run(["make", "book", f"BOOK_OUT={out}"], cwd=repository, capture_output=True, text=True)
            if build.returncode != 0:
                (shared / "book.failed").write_text(f"{build.stdout[-3000:]}\n{build.stderr[-3000:]}")
            assert build.returncode == 0, f"make book failed:\n{build.stdout[-3000:]}\n{build.stderr[-3000:]}"
    return html


os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # quiet debugger warnings from kernels
