"""Progress bars for long loops: a widget in Jupyter and Colab, plain text in the built book."""
import os
import sys

import tqdm.auto
import tqdm.std

__all__ = ["progress"]


def progress(iterable=None, **tqdm_kwargs):
    """A tqdm progress bar over ``iterable``: ``for epoch in dlcv.progress(range(10), desc="training"): ...``.

    ``tqdm.auto.tqdm`` (a widget in a notebook, text in a terminal), or, when the environment variable
    ``DLCV_PROGRESS`` is ``text``, a plain-text ``tqdm.std.tqdm`` bar written to stdout: the book
    build sets it, because a static page cannot draw a widget and would show a dead one. That bar
    prints its first and its last state only (``mininterval=inf``): a page keeps every update a
    notebook cell printed, each on a line of its own.
    ``tqdm_kwargs`` go to tqdm (``desc``, ``total``, ``leave``, ``disable=True`` for no bar, ...).
    """
    if os.environ.get("DLCV_PROGRESS") == "text":
        return tqdm.std.tqdm(iterable, **{"file": sys.stdout, "mininterval": float("inf"), **tqdm_kwargs})
    return tqdm.auto.tqdm(iterable, **tqdm_kwargs)
