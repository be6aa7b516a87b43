"""What grading hands back: grades.csv for the LMS, a feedback page per student, a summary."""
import csv
import html
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

CSV_COLUMNS = ["student", "name", "file", "score", "max_score", "status", "flags", "message"]


@dataclass
class Row:
    """One line of grades.csv. ``status``: graded, rejected (not a gradable notebook of this assignment),
    missing (on the roster, no file) or error (grading failed: a human should look); ``flags`` name what a
    human should look at even when graded (tampering, blocked-*, time-limit, kernel-died, repaired)."""

    student: str
    name: str
    file: str
    score: float | None
    max_score: float
    status: str
    flags: list[str] = field(default_factory=list)
    message: str = ""
    tests: dict[str, float] = field(default_factory=dict)  # grade cell id -> points scored


def write_grades(path: Path, rows: list[Row], tests: list[str]) -> None:
    """The fixed columns, then one column of points per graded test cell."""
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(CSV_COLUMNS + tests)
        for row in rows:
            score = "" if row.score is None else f"{row.score:g}"
            points = [f"{row.tests[name]:g}" if name in row.tests else "" for name in tests]
            writer.writerow([row.student, row.name, row.file, score, f"{row.max_score:g}", row.status,
                             ";".join(sorted(row.flags)), row.message] + points)


def summary(rows: list[Row], tests: list[str], assignment: str) -> str:
    """Markdown: how many rows of each status, the score distribution, the most failed tests, the flags."""
    statuses = Counter(row.status for row in rows)
    lines = [f"# {assignment}: {len(rows)} file(s)", "",
             ", ".join(f"{count} {status}" for status, count in sorted(statuses.items())), ""]
    scored = [row for row in rows if row.score is not None]
    if scored:
        maximum = scored[0].max_score or 1
        scores = [row.score for row in scored]
        lines += [f"Scores out of {maximum:g}: mean {statistics.mean(scores):.1f}, median {statistics.median(scores):g}, "
                  f"min {min(scores):g}, max {max(scores):g}", "", "| score | submissions |", "|---|---|"]
        bins = Counter(min(int(10 * score / maximum), 9) for score in scores)
        for tenth in range(9, -1, -1):
            top = "]" if tenth == 9 else ")"
            lines.append(f"| [{tenth * maximum / 10:g}, {(tenth + 1) * maximum / 10:g}{top} | {'#' * bins[tenth]} {bins[tenth]} |")
        graded = [row for row in scored if row.tests]
        failed = Counter(test for row in graded for test in tests if row.tests.get(test, 0) == 0)
        if failed:
            lines += ["", "Most failed tests (submissions scoring 0 on them):", ""]
            lines += [f"- {test}: {count} of {len(graded)}" for test, count in failed.most_common(10)]
    flagged = [row for row in rows if row.flags and row.flags != ["repaired"]]
    if flagged:
        lines += ["", "Flagged for a human to look at:", ""]
        lines += [f"- {row.student} ({row.file}): {', '.join(sorted(row.flags))}" for row in flagged]
    problems = [row for row in rows if row.status in ("rejected", "error")]
    if problems:
        lines += ["", "Not graded:", ""] + [f"- {row.student} ({row.file}): {row.status}, {row.message}" for row in problems]
    return "\n".join(lines) + "\n"


def write_summary(path: Path, rows: list[Row], tests: list[str], assignment: str) -> None:
    path.write_text(summary(rows, tests, assignment))


def write_feedback(path: Path, row: Row, repairs, details, nbgrader_feedback: Path | None) -> None:
    """nbgrader's feedback page (each test's outcome and message) with what the grader did on top;
    a page of its own when nbgrader has none (grading stopped or failed)."""
    notes = []
    if repairs:
        notes.append("<p>Before grading, your notebook was repaired:</p><ul>"
                     + "".join(f"<li>{html.escape(item)}</li>" for item in repairs) + "</ul>")
    if details:
        notes.append("<p>While it ran, the grader noted:</p><ul>"
                     + "".join(f"<li>{html.escape(item)}</li>" for item in details) + "</ul>")
    if row.message:
        notes.append(f"<p>{html.escape(row.message)}</p>")
    box = ('<div style="border:2px solid #c60;padding:0.5em 1em;margin:1em;font-family:sans-serif">'
           f"<h2>Grading report: {html.escape(row.student)}</h2>{''.join(notes)}</div>") if notes else ""
    path.parent.mkdir(parents=True, exist_ok=True)
    if nbgrader_feedback is not None and nbgrader_feedback.exists():
        page = nbgrader_feedback.read_text()
        head, body, rest = page.partition("<body")
        if body:
            tag_end = rest.index(">") + 1
            page = head + body + rest[:tag_end] + box + rest[tag_end:]
        path.write_text(page)
        return
    score = "no score" if row.score is None else f"score {row.score:g} of {row.max_score:g}"
    path.write_text(f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(row.student)}</title></head>"
                    f"<body>{box or ''}<p>{html.escape(row.status)}, {score}</p></body></html>")
