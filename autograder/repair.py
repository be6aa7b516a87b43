"""Repairing a submitted notebook against the release before nbgrader sees it.

Editors damage notebooks: Colab and others drop or copy cell metadata, students change a cell's
type, delete, move or duplicate cells. nbgrader needs every graded cell in place with its metadata,
and refuses (or zeroes) notebooks without. :func:`repair` rebuilds the notebook in the release's
order, cell by cell:

- **answer cells** (nbgrader ``solution``) and the release's **unmarked cells** keep what the student
  wrote, found by nbgrader id, else by content (same source, same functions defined, or similar text);
- **locked and test cells** come from the release (nbgrader then restores the hidden tests): students
  never get to edit tests; without metadata, a test cell is found by its text without the hidden tests
  (those of a notebook made from the instructor's source hold them);
- **cells the student added** stay, after the release cell they followed;
- metadata, cell types and the kernel are the release's.

Every change is listed in ``repairs``, in words a student understands. A notebook none of whose
graded or locked cells can be found is not this assignment: ``problem`` says so.
"""
import difflib
import re
from dataclasses import dataclass, field

import nbformat
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_raw_cell

MIN_RECOGNISED = 0.5  # the share of the release's answer and test cells a submission must contain to be this assignment
SIMILAR = 0.6  # difflib ratio above which an edited cell is taken for the release cell it came from
NEW_CELL = {"code": new_code_cell, "markdown": new_markdown_cell, "raw": new_raw_cell}
# nbgrader's markers and its rule (ClearHiddenTests): from the line with the first to the line with the second.
HIDDEN_TESTS = re.compile(r"^[^\n]*BEGIN HIDDEN TESTS.*?END HIDDEN TESTS[^\n]*\n?", re.M | re.S)


@dataclass
class Repaired:
    notebook: NotebookNode | None  # None when the submission cannot be matched to the release
    repairs: list[str] = field(default_factory=list)
    problem: str | None = None


def nbgrader_id(cell) -> str | None:
    nbgrader = cell.get("metadata", {}).get("nbgrader") if isinstance(cell.get("metadata"), dict) else None
    return nbgrader.get("grade_id") if isinstance(nbgrader, dict) else None


def source_of(cell) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def normalized(text: str) -> str:
    """``text`` as compared with the release: without trailing spaces, and without hidden test regions, which
    the test cells of a notebook made from the instructor's source still hold (the release has them removed)."""
    return "\n".join(line.rstrip() for line in HIDDEN_TESTS.sub("", text).strip().splitlines())


def defined_names(text: str) -> set[str]:
    return set(re.findall(r"^(?:def|class)\s+(\w+)", text, re.M))


def kind(cell) -> str:
    """answer (the student writes it), fixed (locked or test: the release's), or free (unmarked)."""
    nbgrader = cell.metadata.get("nbgrader")
    if not nbgrader:
        return "free"
    return "answer" if nbgrader.get("solution") else "fixed"


def describe(cell) -> str:
    return f"cell '{nbgrader_id(cell)}'" if nbgrader_id(cell) else f"the cell starting '{source_of(cell).strip()[:40]}'"


def match_cells(cells: list[dict], release: NotebookNode) -> list[int | None]:
    """For each submitted cell, the index of the release cell it is a version of, or None (added)."""
    by_id = {nbgrader_id(cell): index for index, cell in enumerate(release.cells) if nbgrader_id(cell)}
    by_source = {}
    for index, cell in enumerate(release.cells):
        by_source.setdefault(normalized(cell.source), index)
    matches = []
    for cell in cells:  # 1. nbgrader id, 2. the release's exact text (metadata dropped, cell untouched)
        index = by_id.get(nbgrader_id(cell))
        matches.append(index if index is not None else by_source.get(normalized(source_of(cell))))
    editable = [i for i, cell in enumerate(release.cells) if kind(cell) != "fixed" and i not in matches]
    for position, cell in enumerate(cells):  # 3. edited without metadata: same functions, or similar text
        if matches[position] is not None or not source_of(cell).strip():
            continue
        text = source_of(cell)
        scored = [((defined_names(text) & defined_names(release.cells[i].source)) != set(),
                   difflib.SequenceMatcher(None, normalized(text), normalized(release.cells[i].source)).ratio(), i)
                  for i in editable]
        best = max(scored, default=None)
        if best and (best[0] or best[1] >= SIMILAR):
            matches[position] = best[2]
            editable.remove(best[2])
    return matches


def repair(submitted: dict, release: NotebookNode, assignment: str) -> Repaired:
    """The submitted notebook (parsed JSON, possibly damaged) rebuilt against the release."""
    cells = [cell for cell in submitted.get("cells", []) if isinstance(cell, dict)]
    repairs = []
    if len(cells) < len(submitted.get("cells", [])):
        repairs.append("entries of the notebook that were not cells were removed")
    matches = match_cells(cells, release)
    graded = [i for i, cell in enumerate(release.cells) if cell.metadata.get("nbgrader", {}).get("grade")
              or kind(cell) == "answer"]
    recognised = len(set(graded) & set(matches))
    if recognised < MIN_RECOGNISED * len(graded):
        return Repaired(None, repairs, f"cannot be matched to {assignment}: only {recognised} of its "
                                       f"{len(graded)} answer and test cells were found")
    versions = {}
    for cell, index in zip(cells, matches):
        if index is not None:
            versions.setdefault(index, []).append(cell)
    added_after = {}  # release index -> the cells the student added after it
    anchor = -1
    for cell, index in zip(cells, matches):
        if index is None:
            added_after.setdefault(anchor, []).append(cell)
        else:
            anchor = index

    out = new_notebook(metadata=dict(release.metadata))
    out.cells += [added(cell, repairs) for cell in added_after.get(-1, [])]
    for index, reference in enumerate(release.cells):
        out.cells.append(restored(reference, versions.get(index, []), repairs))
        out.cells += [added(cell, repairs) for cell in added_after.get(index, [])]
    if [i for i in matches if i is not None] != sorted(i for i in matches if i is not None):
        repairs.append("cells were out of order: they were put back in the release's order")
    for number, cell in enumerate(out.cells):
        cell.id = f"cell-{number}"
    nbformat.validate(out)
    return Repaired(out, repairs)


def restored(reference, versions: list[dict], repairs: list[str]):
    """The release cell ``reference``, with the student's text where the student writes it."""
    cell = nbformat.from_dict({key: value for key, value in reference.items() if key != "outputs"})
    if reference.cell_type == "code":
        cell.outputs, cell.execution_count = [], None
    name = describe(reference)
    if len(versions) > 1:
        repairs.append(f"{name} appeared {len(versions)} times: " + ("the release's copy was kept" if kind(reference) == "fixed"
                                                                     else "the last edited copy was graded"))
    if kind(reference) == "fixed":
        if not versions:
            repairs.append(f"{name} was missing: restored from the release")
        elif all(normalized(source_of(v)) != normalized(reference.source) for v in versions):
            repairs.append(f"{name} had been edited: restored from the release")
        return cell
    edited = [v for v in versions if normalized(source_of(v)) != normalized(reference.source)]
    chosen = (edited or versions or [None])[-1]
    if chosen is None:
        if kind(reference) == "answer":
            repairs.append(f"answer {name} was missing: graded as unanswered")
        return cell
    cell.source = source_of(chosen)
    if chosen.get("cell_type") != reference.cell_type:
        repairs.append(f"{name} had been changed to {chosen.get('cell_type')}: changed back to {reference.cell_type}")
    if kind(reference) == "answer" and nbgrader_id(chosen) != nbgrader_id(reference):
        repairs.append(f"the nbgrader metadata of {name} was missing: restored")
    return cell


def added(cell: dict, repairs: list[str]):
    """A cell the student added, kept as an ordinary cell of its type."""
    cell_type = cell.get("cell_type") if cell.get("cell_type") in NEW_CELL else "raw"
    if nbgrader_id(cell):
        repairs.append(f"a cell with nbgrader id '{nbgrader_id(cell)}', unknown to this assignment, was kept as an ordinary cell")
    return NEW_CELL[cell_type](source_of(cell))
