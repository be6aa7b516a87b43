"""Collecting submissions: every input file becomes exactly one :class:`Submission`."""
import json
import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

MAX_NOTEBOOK_BYTES = 50 * 2**20  # a notebook with images is a few MB; more is an accident or an attack


@dataclass
class Submission:
    """One submitted file. ``problem`` says why it cannot be graded (None when it can)."""

    file: str  # the name as submitted
    path: Path  # where it lies now
    student: str
    problem: str | None = None


def student_id(filename: str) -> str:
    """The student id a file name gives: its stem, reduced to characters safe in a path."""
    stem = Path(filename).stem
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", stem).strip("._") or "unnamed"


def unpack(submissions: Path, workdir: Path) -> list[Path]:
    """The submitted files: the folder's files, or a zip's members extracted into ``workdir``."""
    if submissions.is_dir():
        return sorted(p for p in submissions.rglob("*") if p.is_file() and not p.name.startswith("."))
    if zipfile.is_zipfile(submissions):
        target = workdir / "unzipped"
        files = []
        with zipfile.ZipFile(submissions) as archive:
            for member in archive.infolist():
                name = Path(member.filename).name  # flatten folders; never write outside target
                if member.is_dir() or not name or name.startswith(".") or member.filename.startswith("__MACOSX/"):
                    continue
                destination = target / f"{len(files):04d}" / name
                destination.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(member) as source, open(destination, "wb") as out:
                    shutil.copyfileobj(source, out)
                files.append(destination)
        return files
    if submissions.exists():
        raise ValueError(f"{submissions} is neither a folder nor a zip file")
    raise FileNotFoundError(f"{submissions} does not exist")


def check_notebook(path: Path) -> str | None:
    """Why ``path`` cannot be graded as a notebook, or None."""
    if path.suffix != ".ipynb":
        return "not a notebook (.ipynb)"
    size = path.stat().st_size
    if size == 0:
        return "empty file"
    if size > MAX_NOTEBOOK_BYTES:
        return f"too large ({size / 2**20:.0f} MB; the limit is {MAX_NOTEBOOK_BYTES / 2**20:.0f} MB)"
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return f"not a notebook: invalid JSON ({error.__class__.__name__})"
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        return "not a notebook: no list of cells"
    return None


def collect(submissions: Path, workdir: Path) -> list[Submission]:
    """One :class:`Submission` per input file, in file-name order; duplicates and broken files flagged."""
    collected, seen = [], set()
    for path in unpack(submissions, workdir):
        submission = Submission(file=path.name, path=path, student=student_id(path.name), problem=check_notebook(path))
        if submission.problem is None:
            if submission.student in seen:
                submission.problem = f"duplicate submission for student {submission.student}"
            seen.add(submission.student)
        collected.append(submission)
    return collected
