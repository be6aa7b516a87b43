"""Workers (autograder/worker.py) in a sandbox: each in a session of its own, with its environment,
resource limits and, where the system allows it, a network namespace of its own; killed with all its
processes (fork server, kernel) when a job runs past its time."""
import functools
import os
import queue
import resource
import select
import shutil
import subprocess
import sys
from pathlib import Path

import psutil

from .course import REPOSITORY

FILE_SIZE_LIMIT = 2**30  # no single file a notebook writes needs more than 1 GB
# Started with -c, not -m: multiprocessing imports the main module of a process again in each process it
# forks (the worker's kernels), and a -c command has none.
WORKER_MAIN = "import sys; from autograder.worker import main; sys.exit(main())"


@functools.cache
def network_namespace() -> list[str]:
    """The command prefix that runs a process without network (a fresh user and network namespace),
    or [] where the system does not allow one; the guard in the kernel blocks sockets either way."""
    prefix = ["unshare", "--net", "--map-root-user"]
    if shutil.which("unshare") and subprocess.run([*prefix, "true"], capture_output=True).returncode == 0:
        return prefix
    return []


def limit_resources(memory_bytes: int) -> None:
    """Called by the worker first thing: limits that its fork server and the kernels forked from it inherit."""
    # RLIMIT_DATA counts the heap and private writable mappings (tensors, arrays) but not the address
    # space CUDA reserves, so unlike RLIMIT_AS it works on GPU machines too.
    resource.setrlimit(resource.RLIMIT_DATA, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_SIZE_LIMIT, FILE_SIZE_LIMIT))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def worker_environment(threads: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        PYTHONPATH=str(REPOSITORY),  # the worker imports the autograder; it removes this before starting kernels
        PYTHONHASHSEED="0",  # the same submission always runs the same way
        OMP_NUM_THREADS=str(threads), MKL_NUM_THREADS=str(threads),  # workers share the cores
        PYDEVD_DISABLE_FILE_VALIDATION="1",
    )
    return env


class Worker:
    """A worker process (autograder/worker.py) in the sandbox, grading the jobs it is given one at a time.
    It is started when first needed, and afresh after it was killed or ended."""

    def __init__(self, memory_bytes: int, threads: int, log: Path):
        self.command = [*network_namespace(), sys.executable, "-c", WORKER_MAIN, str(memory_bytes)]
        self.threads, self.log = threads, log
        self.process = None

    def run(self, job_file: Path, timeout: float) -> str | None:
        """Have the job graded; None, or why it did not end by itself (killed after ``timeout`` s)."""
        if self.process is None or self.process.poll() is not None:
            with open(self.log, "ab") as log:  # the worker's own messages, before and between jobs
                self.process = subprocess.Popen(self.command, env=worker_environment(self.threads), stdin=subprocess.PIPE,
                                                stdout=subprocess.PIPE, stderr=log, cwd=self.log.parent,
                                                start_new_session=True)
        self.process.stdin.write(f"{job_file}\n".encode())
        self.process.stdin.flush()
        answered, _, _ = select.select([self.process.stdout], [], [], timeout)
        if not answered:
            self.close(wait=0)
            return f"stopped after the total time limit of {timeout:g} s"
        if not self.process.stdout.readline():  # it ended without answering: the job's log says why
            self.close(wait=0)
        return None

    def close(self, wait: float = 30) -> None:
        """Let the worker end (no more jobs), and kill it with all it started if it has not after ``wait`` s."""
        if self.process is None:
            return
        self.process.stdin.close()
        try:
            self.process.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            pass
        kill_tree(self.process.pid)
        self.process.wait()
        self.process.stdout.close()
        self.process = None


class WorkerPool:
    """``size`` workers; ``run`` has a job graded by the next free one. Close it (``with``) when done."""

    def __init__(self, size: int, memory_bytes: int, threads: int, logs: Path):
        self.workers = [Worker(memory_bytes, threads, logs / f"worker{number}.log") for number in range(size)]
        self.free = queue.SimpleQueue()
        for worker in self.workers:
            self.free.put(worker)

    def run(self, job_file: Path, timeout: float) -> str | None:
        worker = self.free.get()
        try:
            return worker.run(job_file, timeout)
        finally:
            self.free.put(worker)

    def kill(self) -> None:
        """Kill every worker with what it started, from any thread: their jobs end without a result."""
        for worker in self.workers:
            process = worker.process  # read once: the thread running the worker's job may reset it
            if process is not None:
                kill_tree(process.pid)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        for worker in self.workers:
            worker.close()


def kill_tree(pid: int) -> None:
    """Kill a process and every process it started (kernels start sessions of their own)."""
    try:
        parent = psutil.Process(pid)
        processes = [parent, *parent.children(recursive=True)]
    except psutil.NoSuchProcess:
        return
    for process in processes:
        try:
            process.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(processes, timeout=10)
