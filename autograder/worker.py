"""One submission, graded in a process of its own: ``python -m autograder.worker JOB.json``.

The grading loop (autograder/grade.py) starts one worker per submission inside the sandbox
(autograder/sandbox.py). The worker runs nbgrader's autograde, with GuardedExecute in place of
Execute, and nbgrader's generate_feedback, for one student, then writes ``job["outcome"]`` (JSON).
The kernel it starts inherits the sandbox's limits; the worker itself runs no student code.
"""
import json
import os
import sys
from pathlib import Path

from .sandbox import limit_resources

AUTOGRADE_PREPROCESSORS = [  # nbgrader's Autograde.autograde_preprocessors, with Execute replaced
    "autograder.execute.GuardedExecute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]


def last_line(result: dict) -> str:
    text = (result.get("error") or result.get("log") or "unknown error").strip()
    return text.splitlines()[-1] if text else "unknown error"


def run(job: dict) -> dict:
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    from .course import course_config

    config = course_config(Path(job["course"]))
    config.Autograde.autograde_preprocessors = AUTOGRADE_PREPROCESSORS
    config.GuardedExecute.timeout = job["cell_timeout"]
    config.GuardedExecute.total_timeout = job["timeout"]
    config.GuardedExecute.report = job["report"]
    config.GuardedExecute.allowed = job["allowed"]
    config.GuardedExecute.forbidden = job["forbidden"]
    if job["ipc"]:  # in a network namespace of its own: loopback is down, kernels talk over Unix sockets
        config.KernelManager.transport = "ipc"
        config.KernelManager.ip = str(Path.cwd() / "kernel")  # socket files' prefix: absolute, the kernel runs elsewhere
    os.environ.pop("PYTHONPATH", None)  # the kernel needs no path to the autograder
    api = NbGraderAPI(CourseDirectory(config=config), config=config)
    assignment, student = job["assignment"], job["student"]
    graded = api.autograde(assignment, student, force=True, create=True)
    if not graded["success"]:
        return {"success": False, "error": f"autograding failed: {last_line(graded)}", "log": graded.get("log", "")}
    feedback = api.generate_feedback(assignment, student, force=True)
    return {"success": True, "feedback": feedback["success"],
            "error": "" if feedback["success"] else f"no feedback: {last_line(feedback)}"}


def main(argv=None) -> int:
    job = json.loads(Path((argv or sys.argv[1:])[0]).read_text())
    limit_resources(job["memory_bytes"])
    outcome = run(job)
    Path(job["outcome"]).write_text(json.dumps(outcome))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
