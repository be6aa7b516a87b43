"""How long each chapter takes to execute, against the budget of CONTRIBUTING.md (60 s on 2 CPU cores).

    .venv/bin/python benchmarks/chapters.py [CHAPTER.ipynb ...] [--budget 60]

Executes every chapter of book/ (or the ones named) top to bottom in a fresh kernel, as the book build
does (``DLCV_PROGRESS=text``, ``DLCV_WIDGETS=static``: every widget state drawn; the chapter's folder as working directory), and prints a table of
seconds per chapter with the device it ran on. Exits 1 when a chapter is over budget, so the number in
CONTRIBUTING.md is one that was measured, not asserted.
"""
import argparse
import os
import sys
import time
from pathlib import Path

import nbclient
import nbformat
import torch

REPOSITORY = Path(__file__).resolve().parent.parent


def execute(path: Path) -> float:
    """Seconds to run the notebook at ``path`` in a fresh kernel (kernel start included)."""
    notebook = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute(env={**os.environ, "DLCV_PROGRESS": "text", "DLCV_WIDGETS": "static"})
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapters", nargs="*", type=Path, help="notebooks to time (default: every chapter)")
    parser.add_argument("--budget", type=float, default=60.0, help="seconds a chapter may take")
    args = parser.parse_args()
    chapters = args.chapters or sorted((REPOSITORY / "book").rglob("*.ipynb"))
    where = f"cuda ({torch.cuda.get_device_name()})" if torch.cuda.is_available() else f"cpu, {os.cpu_count()} cores"
    print(f"Chapters executed on {where}; budget {args.budget:g} s each\n")
    print(f"| {'chapter':<52} | seconds | within budget |")
    print(f"|{'-' * 54}|---------|---------------|")
    over = 0
    for path in chapters:
        seconds = execute(path.resolve())
        within = seconds <= args.budget
        over += not within
        print(f"| {str(path.resolve().relative_to(REPOSITORY)):<52} | {seconds:7.1f} | {'yes' if within else 'NO':<13} |",
              flush=True)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
