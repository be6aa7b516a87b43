"""Starting a worker (autograder/worker.py) in a sandbox: its own session, working directory,
environment, resource limits and, where the system allows it, network namespace; killed with all its
processes when it runs past its time."""
import functools
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import psutil

from .course import REPOSITORY

FILE_SIZE_LIMIT = 2**30  # no single file a notebook writes needs more than 1 GB


@functools.cache
def network_namespace() -> list[str]:
    """The command prefix that runs a process without network (a fresh user and network namespace),
    or [] where the system does not allow one; the guard in the kernel blocks sockets either way."""
    prefix = ["unshare", "--net", "--map-root-user"]
    if shutil.which("unshare") and subprocess.run([*prefix, "true"], capture_output=True).returncode == 0:
        return prefix
    return []


def limit_resources(memory_bytes: int) -> None:
    """Called by the worker first thing: limits that the kernel it launches inherits."""
    # RLIMIT_DATA counts the heap and private writable mappings (tensors, arrays) but not the address
    # space CUDA reserves, so unlike RLIMIT_AS it works on GPU machines too.
    resource.setrlimit(resource.RLIMIT_DATA, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_SIZE_LIMIT, FILE_SIZE_LIMIT))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def worker_environment(threads: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        PYTHONPATH=str(REPOSITORY),  # the worker imports the autograder; it removes this before starting the kernel
        PYTHONHASHSEED="0",  # the same submission always runs the same way
        OMP_NUM_THREADS=str(threads), MKL_NUM_THREADS=str(threads),  # workers share the cores
        PYDEVD_DISABLE_FILE_VALIDATION="1",
    )
    return env


def run_worker(job_file: Path, workdir: Path, *, timeout: float, threads: int) -> str | None:
    """Run one worker to its end; None, or why it did not end by itself (killed after ``timeout`` s)."""
    command = [*network_namespace(), sys.executable, "-m", "autograder.worker", str(job_file)]
    with open(workdir / "worker.log", "wb") as log:
        process = subprocess.Popen(command, cwd=workdir, env=worker_environment(threads), stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        try:
            process.wait(timeout=timeout)
            return None
        except subprocess.TimeoutExpired:
            kill_tree(process.pid)
            process.wait()
            return f"stopped after the total time limit of {timeout:g} s"


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
