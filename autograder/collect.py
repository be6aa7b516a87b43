"""Collecting submissions: every input file becomes exactly one :class:`Submission`.

An LMS download names each file after the student who uploaded it. Understood:

- ``<name>_<id>_<original name>`` (Moodle: ``Kim Minjun_123456_assignsubmission_file_a1.ipynb``;
  Canvas: ``kimminjun_12345_67890_a1.ipynb``, also with ``_LATE_`` after the name),
- ``<student>.ipynb``.

With a roster (a CSV with a ``student`` column, the id the LMS gradebook uses, and optionally ``name``),
files are matched to its students by id, file name or name, and students without a file are listed.
"""
import csv
import json
import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

MAX_NOTEBOOK_BYTES = 50 * 2**20  # a notebook with images is a few MB; more is an accident or an attack
LMS_FILE_NAME = re.compile(r"^(?P<name>.+?)_(?:LATE_)?(?P<id>\d+)_(?:\d+_)?(?:assignsubmission_file_)?(?P<original>.+)$")


@dataclass
class Submission:
    """One submitted file. ``problem`` says why it cannot be graded (None when it can)."""

    file: str  # the name as submitted
    path: Path | None  # where it lies now; None for a student on the roster who submitted nothing
    student: str
    name: str = ""
    problem: str | None = None


def safe_id(text: str) -> str:
    """``text`` reduced to characters safe in a path and a CSV cell."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("._") or "unnamed"


def student_id(filename: str) -> str:
    """The student a file name gives: the LMS id in ``<name>_<id>_<original>``, else the stem."""
    return parse_file_name(filename)[0]


def parse_file_name(filename: str) -> tuple[str, str]:
    """(student id, student name or "") from a submitted file's name."""
    stem = Path(filename).stem
    match = LMS_FILE_NAME.match(stem)
    if match:
        return match["id"], match["name"].strip()
    return safe_id(stem), ""


def read_roster(path: Path) -> dict[str, str]:
    """student id -> name, from a CSV with a ``student`` column and optionally a ``name`` column."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:  # Excel writes a byte-order mark
            rows = list(csv.DictReader(f))
    except FileNotFoundError:
        raise FileNotFoundError(f"roster {path} does not exist") from None
    if not rows or "student" not in rows[0]:
        raise ValueError(f"roster {path} needs a 'student' column (and optionally 'name')")
    return {row["student"].strip(): (row.get("name") or "").strip() for row in rows if row["student"].strip()}


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
                    # A zip bomb stops at the size limit: the truncated file is then rejected as too large.
                    shutil.copyfileobj(LimitedReader(source, MAX_NOTEBOOK_BYTES + 1), out)
                files.append(destination)
        return sorted(files, key=lambda path: path.name)
    if submissions.exists():
        raise ValueError(f"{submissions} is neither a folder nor a zip file")
    raise FileNotFoundError(f"{submissions} does not exist")


class LimitedReader:
    """A file object that ends after ``limit`` bytes."""

    def __init__(self, file, limit: int):
        self.file, self.left = file, limit

    def read(self, size: int = -1) -> bytes:
        size = self.left if size < 0 else min(size, self.left)
        data = self.file.read(size)
        self.left -= len(data)
        return data


def check_notebook(path: Path) -> str | None:
    """Why ``path`` cannot be graded as a notebook, or None."""
    if path.suffix != ".ipynb":
        return "not a notebook (.ipynb)"
    size = path.stat().st_size
    if size == 0:
        return "empty file"
    if size > MAX_NOTEBOOK_BYTES:
        return f"too large (over {MAX_NOTEBOOK_BYTES / 2**20:.0f} MB)"
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        return f"not a notebook: invalid JSON ({error.__class__.__name__})"
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        return "not a notebook: no list of cells"
    return None


def on_roster(student: str, name: str, filename: str, roster: dict[str, str]) -> str | None:
    """The roster's id for a file, matched by id, file stem or name; None when it matches no one."""
    if student in roster:
        return student
    simple = lambda text: re.sub(r"\W+", "", text).casefold()  # noqa: E731
    wanted = {simple(name), simple(Path(filename).stem)} - {""}
    return next((sid for sid, roster_name in roster.items() if {simple(sid), simple(roster_name)} & wanted), None)


def collect(submissions: Path, workdir: Path, roster: dict[str, str] | None = None) -> list[Submission]:
    """One :class:`Submission` per input file, in file-name order; duplicates and broken files flagged.

    With a roster, files are matched to its students and each student without a file gets a
    Submission without a path (``problem``: no file submitted).
    """
    collected, graded_file = [], {}
    for path in unpack(Path(submissions), Path(workdir)):
        student, name = parse_file_name(path.name)
        submission = Submission(file=path.name, path=path, student=student, name=name, problem=check_notebook(path))
        if roster is not None:
            match = on_roster(student, name, path.name, roster)
            if match is None:
                submission.problem = submission.problem or "not on the roster"
            else:
                submission.student, submission.name = match, roster[match] or name
        if submission.problem is None:
            if submission.student in graded_file:
                submission.problem = (f"duplicate submission for student {submission.student} "
                                      f"(graded: {graded_file[submission.student]})")
            else:
                graded_file[submission.student] = submission.file
        collected.append(submission)
    for student, name in (roster or {}).items():
        if not any(s.student == student for s in collected):
            collected.append(Submission(file="", path=None, student=student, name=name, problem="no file submitted"))
    return collected
