"""Submissions graded one after the other in a process of their own (autograder/sandbox.py starts it).

The grading loop (autograder/grade.py) keeps one worker per parallel job and sends it jobs: the path of
a job file (JSON) per line on its standard input. For each, the worker runs nbgrader's autograde, with
GuardedExecute in place of Execute, and nbgrader's generate_feedback, without the hidden tests' code
(autograder/feedback.py), for one student, writes ``job["outcome"]`` (JSON) and answers with a line on
its standard output. Each notebook runs in a fresh kernel, forked from the worker's fork server
(autograder/kernels.py), which inherits the sandbox's limits; the worker itself runs no student code.
"""
import json
import os
import sys
from pathlib import Path

from .kernels import ForkedProvisioner, log_to, start_fork_server
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
    from .feedback import FEEDBACK_PREPROCESSORS

    config = course_config(Path(job["course"]))
    config.Autograde.autograde_preprocessors = AUTOGRADE_PREPROCESSORS
    config.GuardedExecute.timeout = job["cell_timeout"]
    config.GuardedExecute.total_timeout = job["timeout"]
    config.GuardedExecute.report = job["report"]
    config.GuardedExecute.allowed = job["allowed"]
    config.GuardedExecute.forbidden = job["forbidden"]
    config.GuardedExecute.kernel_manager_class = "autograder.kernels.ForkedKernelManager"
    config.GenerateFeedback.preprocessors = FEEDBACK_PREPROCESSORS
    if job["ipc"]:  # in a network namespace of its own: loopback is down, kernels talk over Unix sockets
        config.KernelManager.transport = "ipc"
        config.KernelManager.ip = str(Path(job["workdir"]) / "kernel")  # socket files' prefix, absolute
    api = NbGraderAPI(CourseDirectory(config=config), config=config)
    assignment, student = job["assignment"], job["student"]
    graded = api.autograde(assignment, student, force=True, create=True)
    if not graded["success"]:
        return {"success": False, "error": f"autograding failed: {last_line(graded)}", "log": graded.get("log", "")}
    feedback = api.generate_feedback(assignment, student, force=True)
    return {"success": True, "feedback": feedback["success"],
            "error": "" if feedback["success"] else f"no feedback: {last_line(feedback)}"}


def main(argv=None) -> int:
    """``main MEMORY_BYTES``: grade the jobs named on standard input until it closes."""
    limit_resources(int((argv or sys.argv[1:])[0]))
    answers = os.fdopen(os.dup(1), "w")  # answers go here; standard output joins the log (each job's, later)
    os.dup2(2, 1)
    # Kernels get the interpreter's module path, not the repository the worker imports the autograder from.
    repository = os.environ.pop("PYTHONPATH", "").split(os.pathsep)
    ForkedProvisioner.library_path = [entry for entry in sys.path if entry and entry not in repository]
    start_fork_server()
    for line in sys.stdin:
        job = json.loads(Path(line.strip()).read_text())
        log_to(job["log"])  # what nbgrader, the worker and the kernel print about this job
        ForkedProvisioner.log = job["log"]
        outcome = run(job)
        Path(job["outcome"]).write_text(json.dumps(outcome))
        print(job["outcome"], file=answers, flush=True)
    return 0
