"""Downloading and caching dataset files: checked, resumable by retrying, and never a silent hang."""
import hashlib
import os
import shutil
import socket
import urllib.error
import urllib.request
from pathlib import Path

from tqdm.auto import tqdm

__all__ = ["DownloadError", "data_home", "download"]


class DownloadError(RuntimeError):
    """A dataset file could not be fetched (no network, a bad address, or a corrupted file)."""


def data_home() -> Path:
    """Where datasets are cached: ``$DLCV_DATA`` if set, else ``~/.cache/dlcv``."""
    return Path(os.environ.get("DLCV_DATA") or Path.home() / ".cache" / "dlcv")


def md5sum(path: Path, chunk_size: int = 1 << 20) -> str:
    digest = hashlib.md5()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(chunk_size), b""):
            digest.update(chunk)
    return digest.hexdigest()


def download(url: str, dest: Path, md5: str | None = None, timeout: float = 30.0) -> Path:
    """Fetch ``url`` to ``dest`` (skipped when ``dest`` exists and matches ``md5``).

    The file is written to ``dest.part`` and renamed only once complete and checked, so an
    interrupted download never looks like a finished one. ``timeout`` bounds every network wait:
    without a network this fails in seconds with :class:`DownloadError`, never hangs.
    """
    dest = Path(dest)
    if dest.exists() and (md5 is None or md5sum(dest) == md5):
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(dest.name + ".part")
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response, open(partial, "wb") as out:
            total = int(response.headers.get("Content-Length") or 0) or None
            with tqdm(total=total, unit="B", unit_scale=True, desc=f"Downloading {dest.name}") as bar:
                for chunk in iter(lambda: response.read(1 << 20), b""):
                    out.write(chunk)
                    bar.update(len(chunk))
    except (urllib.error.URLError, socket.timeout, OSError) as error:
        partial.unlink(missing_ok=True)
        raise DownloadError(
            f"Could not download {url} ({getattr(error, 'reason', error)}). "
            f"If this machine has no network, fetch the file elsewhere and put it at {dest}."
        ) from error
    if md5 is not None and (actual := md5sum(partial)) != md5:
        partial.unlink()
        raise DownloadError(f"{url} arrived corrupted: md5 {actual}, expected {md5}. Try again.")
    shutil.move(partial, dest)
    return dest
