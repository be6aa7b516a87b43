"""Where datasets are cached, and torchvision's download code made to fail fast and say what to do."""
import os
import socket
import urllib.error
from contextlib import contextmanager
from pathlib import Path

from torchvision.datasets.utils import check_integrity

__all__ = ["DownloadError", "data_home", "download_guard"]


class DownloadError(RuntimeError):
    """A dataset file could not be fetched (no network, a bad address, or a corrupted file)."""


def data_home() -> Path:
    """Where datasets are cached: ``$DLCV_DATA`` if set, else ``~/.cache/dlcv``."""
    return Path(os.environ.get("DLCV_DATA") or Path.home() / ".cache" / "dlcv")


@contextmanager
def download_guard(url: str, archive: Path, md5: str | None = None, timeout: float = 30.0):
    """Run torchvision's download of ``url`` into the file ``archive`` inside this block.

    torchvision opens URLs without a timeout and reports a bad checksum as a bare RuntimeError.
    Inside the block every network wait is bounded by ``timeout`` seconds (so without a network the
    download fails in seconds instead of hanging), and failures become a :class:`DownloadError` that
    says where to put the file by hand. A partial or corrupted ``archive`` is deleted.
    """
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(timeout)  # the default of every socket urllib opens without a timeout
    try:
        yield
    except urllib.error.HTTPError as error:
        archive.unlink(missing_ok=True)
        raise DownloadError(f"{url} answered {error.code} {error.reason}. Fetch the file from the dataset's "
                            f"site and put it at {archive}.") from error
    except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
        archive.unlink(missing_ok=True)
        raise DownloadError(
            f"Could not download {url} ({getattr(error, 'reason', error)}): this machine seems to have no "
            f"network. Fetch the file on one that has and put it at {archive}."
        ) from error
    except RuntimeError as error:  # torchvision's "File not found or corrupted." after a download
        if not archive.exists() or check_integrity(archive, md5):
            raise
        archive.unlink()
        raise DownloadError(f"{url} arrived corrupted (its md5 is not {md5}) and was deleted. Try again.") from error
    finally:
        socket.setdefaulttimeout(previous)
