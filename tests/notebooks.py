"""Reading the course's notebooks in tests: which there are, their cells by nbgrader id, their regions."""
import re
import tomllib
from pathlib import Path

import nbformat
import yaml

REPOSITORY = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((REPOSITORY / "book").rglob("*.ipynb"))
SOLUTIONS = sorted((REPOSITORY / "solutions").glob("*/*.ipynb"))
RELEASES = sorted((REPOSITORY / "assignments").glob("*/*.ipynb"))
ALL_NOTEBOOKS = CHAPTERS + SOLUTIONS + RELEASES

BEGIN_SOLUTION, END_SOLUTION = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"


def relative(path: Path) -> str:
    return str(path.relative_to(REPOSITORY))


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def book_config() -> dict:
    return yaml.safe_load((REPOSITORY / "_config.yml").read_text())


def dlcv_release_tag() -> str:
    """The git tag of this term's dlcv: ``v`` and the version in pyproject.toml, the one place it is written."""
    return "v" + tomllib.loads((REPOSITORY / "pyproject.toml").read_text())["project"]["version"]


def dlcv_install_url() -> str:
    """The pip requirement every setup cell installs in Colab: the repository in _config.yml at the release
    tag, so that a term's notebooks keep installing the dlcv they were written for while main moves on."""
    return f'"dlcv @ git+{book_config()["repository"]["url"]}@{dlcv_release_tag()}"'


def cells_by_id(notebook) -> dict:
    """nbgrader cells keyed by grade_id."""
    return {cell.metadata.nbgrader["grade_id"]: cell for cell in notebook.cells if "nbgrader" in cell.metadata}


def graded_tests(notebook) -> dict:
    """grade_id -> points of every graded test cell."""
    return {cell.metadata.nbgrader["grade_id"]: cell.metadata.nbgrader["points"]
            for cell in notebook.cells if cell.metadata.get("nbgrader", {}).get("grade")}


def split_regions(source: str, begin: str, end: str) -> tuple[list[str], list[str]]:
    """(lines inside begin/end regions, lines outside), delimiter lines dropped."""
    inside, outside, in_region = [], [], False
    for line in source.splitlines():
        if begin in line:
            in_region = True
        elif end in line:
            in_region = False
        else:
            (inside if in_region else outside).append(line)
    return inside, outside


def skipped_at_grading(cell) -> bool:
    """A demo cell (its first line ``%%skip_when_graded``): it runs for the student, not when graded."""
    return cell.cell_type == "code" and cell.source.startswith("%%skip_when_graded")


def without_hidden_tests(source: str) -> str:
    return "\n".join(split_regions(source, BEGIN_HIDDEN, END_HIDDEN)[1])


def solution_function_names(notebook) -> list[str]:
    """The graded functions: the names defined by the solution cells."""
    return [re.search(r"^(?:def|class) (\w+)", cell.source, re.M).group(1)
            for cell in notebook.cells if cell.metadata.get("nbgrader", {}).get("solution") and cell.cell_type == "code"]
