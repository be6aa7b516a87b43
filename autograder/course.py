"""The nbgrader course directory the autograder works in, built from the repository's solutions."""
import os
import shutil
import sys
from pathlib import Path

from nbgrader.apps import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
from traitlets.config.loader import PyFileConfigLoader

REPOSITORY = Path(__file__).resolve().parent.parent


class CourseError(RuntimeError):
    """The assignment cannot be graded at all (as opposed to one submission that cannot)."""


def course_config(root: Path):
    """The repository's nbgrader_config.py (stubs, timeouts), pointed at the course directory ``root``."""
    config = PyFileConfigLoader("nbgrader_config.py", path=str(REPOSITORY)).load_config()
    config.CourseDirectory.root = str(root)
    config.CourseDirectory.source_directory = "source"
    config.CourseDirectory.release_directory = "release"
    config.Exchange.root = str(root / "exchange")  # nbgrader's default, /usr/local/share, is not ours
    return config


def prepare_course(assignment: str, solutions: Path, root: Path) -> tuple[NbGraderAPI, str]:
    """Copy the assignment's source into ``root`` and record it in the gradebook, with its hidden tests.

    Returns the nbgrader API bound to ``root`` and the assignment's notebook name (without .ipynb).
    A second call on the same ``root`` (resuming) reuses the gradebook; it refuses a changed source,
    since grades already given were given against the old tests.
    """
    source = Path(solutions) / assignment
    if not source.is_dir():
        available = sorted(p.name for p in Path(solutions).iterdir() if p.is_dir()) if Path(solutions).is_dir() else []
        raise CourseError(f"no assignment {assignment!r} in {solutions}; available: {', '.join(available) or 'none'}")
    notebooks = sorted(source.glob("*.ipynb"))
    if len(notebooks) != 1:
        raise CourseError(f"{source} must hold exactly one notebook, found {len(notebooks)}")
    copy = root / "source" / assignment / notebooks[0].name
    release = root / "release" / assignment / notebooks[0].name
    resuming = copy.exists() and release.exists()
    if resuming and copy.read_bytes() != notebooks[0].read_bytes():
        raise CourseError(f"{notebooks[0]} changed since {root.parent} was graded: grade into a new --out folder")
    # nbgrader runs `alembic` (gradebook migrations) from PATH: use the one installed beside this Python.
    os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    config = course_config(root)
    (root / "exchange").mkdir(parents=True, exist_ok=True)
    api = NbGraderAPI(CourseDirectory(config=config), config=config)
    if resuming:
        return api, notebooks[0].stem
    shutil.copytree(source, root / "source" / assignment, dirs_exist_ok=True)
    result = api.generate_assignment(assignment, force=True, create=True)
    if not result["success"]:
        raise CourseError(f"nbgrader could not read {source}:\n{result.get('error') or result.get('log')}")
    return api, notebooks[0].stem
