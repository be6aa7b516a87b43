"""assignments/ is exactly what nbgrader makes of solutions/, and gives nothing away."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from notebooks import (BEGIN_HIDDEN, BEGIN_SOLUTION, END_HIDDEN, END_SOLUTION, RELEASES, REPOSITORY, SOLUTIONS,
                       cells_by_id, graded_tests, read, relative, split_regions)

NBGRADER = str(Path(sys.executable).parent / "nbgrader")


def test_every_solution_has_a_release_and_back():
    assert [p.relative_to(REPOSITORY / "solutions") for p in SOLUTIONS] == \
           [p.relative_to(REPOSITORY / "assignments") for p in RELEASES]


@pytest.mark.parametrize("solution", SOLUTIONS, ids=relative)
def test_release_is_up_to_date(solution, tmp_path):
    """Regenerate the release the way `make assignments` does and compare byte for byte."""
    assignment = solution.parent.name
    shutil.copy(REPOSITORY / "nbgrader_config.py", tmp_path)
    shutil.copytree(solution.parent, tmp_path / "solutions" / assignment)
    subprocess.run([NBGRADER, "generate_assignment", assignment, "--no-db", "--force"], cwd=tmp_path, check=True,
                   capture_output=True)
    fresh = tmp_path / "assignments" / assignment / solution.name
    release = REPOSITORY / "assignments" / assignment / solution.name
    assert fresh.read_text() == release.read_text(), "assignments/ is stale: run `make assignments`"


def region_lines(notebook, begin, end):
    """Code lines that occur only inside begin/end regions of the notebook (stripped, not blank)."""
    inside, outside = set(), set()
    for cell in notebook.cells:
        lines_in, lines_out = split_regions(cell.source, begin, end)
        inside |= {line.strip() for line in lines_in}
        outside |= {line.strip() for line in lines_out}
    return {line for line in inside - outside if line and not line.startswith("#")}


@pytest.mark.parametrize("solution", SOLUTIONS, ids=relative)
def test_release_leaks_no_solution_and_no_hidden_test(solution):
    release_path = REPOSITORY / "assignments" / solution.parent.name / solution.name
    release, source = read(release_path), read(solution)
    text = "\n".join(cell.source for cell in release.cells)
    for marker in (BEGIN_SOLUTION, END_SOLUTION, BEGIN_HIDDEN, END_HIDDEN):
        assert marker not in text, f"{marker} left in the release"
    for what, begin, end in (("solution", BEGIN_SOLUTION, END_SOLUTION), ("hidden test", BEGIN_HIDDEN, END_HIDDEN)):
        leaked = {line for line in region_lines(source, begin, end) if line in text and len(line) > 12}
        assert not leaked, f"{what} lines in the release: {sorted(leaked)[:5]}"
    released = cells_by_id(release)
    for grade_id, cell in cells_by_id(source).items():
        if cell.metadata.nbgrader.get("solution") and cell.cell_type == "code":
            assert "raise NotImplementedError()" in released[grade_id].source, f"{grade_id}: no stub in the release"


@pytest.mark.parametrize("solution", SOLUTIONS, ids=relative)
def test_release_keeps_the_graded_cells_and_their_points(solution):
    release = read(REPOSITORY / "assignments" / solution.parent.name / solution.name)
    assert graded_tests(release) == graded_tests(read(solution))
    for cell in release.cells:
        nbgrader = cell.metadata.get("nbgrader", {})
        if nbgrader.get("grade") or nbgrader.get("locked"):
            assert cell.metadata.get("editable") is False and cell.metadata.get("deletable") is False
