"""Kernels forked from a server that has already imported the heavy libraries.

A fresh kernel spends seconds importing IPython, PyTorch and scikit-learn before it runs its first cell,
and every graded notebook needs a fresh kernel. A worker (autograder/worker.py) grades many notebooks one
after the other, so it keeps a fork server (multiprocessing's "forkserver" start method) that imports
those libraries once; each kernel is a new process forked from it, as fresh as one started from scratch
but for the imports already done. The server never runs a notebook's code: it only imports and forks.

``ForkedKernelManager`` is jupyter_client's ``AsyncKernelManager`` with its kernels started that way; the
worker hands it to nbgrader's Execute preprocessor as ``kernel_manager_class``.
"""
import multiprocessing
import multiprocessing.forkserver
import os
import sys
import uuid

from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner

# Imported once by the server. matplotlib is not among them: it reads its backend from the environment
# when imported, and a kernel sets that environment (MPLBACKEND, the inline backend) only when it starts.
# torchvision (which dlcv.data imports, and which imports torch._dynamo) costs about 2.5 s of CPU per
# kernel otherwise; it does not import matplotlib.
PRELOAD = ["ipykernel.kernelapp", "torch", "torchvision", "sklearn.datasets"]

_context = multiprocessing.get_context("forkserver")
_context.set_forkserver_preload(PRELOAD)


def start_fork_server() -> None:
    """Start the server now (it imports for a few seconds), rather than when the first kernel is needed."""
    multiprocessing.forkserver.ensure_running()


def log_to(path: str) -> None:
    """Send what this process and the libraries it uses print (standard output and error) to ``path``."""
    sys.stdout.flush()
    sys.stderr.flush()
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    os.dup2(descriptor, 1)
    os.dup2(descriptor, 2)
    os.close(descriptor)


def run_kernel(argv: list[str], env: dict[str, str], cwd: str, path: list[str], log: str | None) -> None:
    """In the forked process: become the kernel ``python -m ipykernel_launcher ARGS`` would have started."""
    if log:  # the kernel's own messages go to the submission's log, as those of a launched kernel would
        log_to(log)
    os.setsid()  # a session of its own, as jupyter_client gives a launched kernel
    os.environ.clear()
    os.environ.update(env)
    os.chdir(cwd)
    sys.path[:] = path
    # The server imported the worker's modules to unpickle this function: they are not the kernel's.
    for name in [name for name in sys.modules if name.split(".")[0] in ("autograder", "__mp_main__")]:
        del sys.modules[name]
    sys.argv = argv
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()


class ForkedKernel:
    """A forked kernel process, with the part of ``subprocess.Popen``'s interface jupyter_client uses."""

    stdin = stdout = stderr = None

    def __init__(self, process: multiprocessing.Process):
        self._process = process
        self.pid = process.pid

    def poll(self) -> int | None:
        return None if self._process.is_alive() else self._process.exitcode

    def wait(self, timeout: float | None = None) -> int | None:
        self._process.join(timeout)
        return self.poll()

    def send_signal(self, signum: int) -> None:
        os.kill(self.pid, signum)

    def terminate(self) -> None:
        self._process.terminate()

    def kill(self) -> None:
        self._process.kill()


class ForkedProvisioner(LocalProvisioner):
    """jupyter_client's local provisioner, forking the kernel from the server instead of launching it."""

    # Set by the worker: the interpreter's module path, without the worker's own entries (the repository,
    # to import the autograder), and where kernels' output goes (each submission's log).
    library_path: list[str] = []
    log: str | None = None

    async def launch_kernel(self, cmd: list[str], **kwargs) -> dict:
        if cmd[1:3] != ["-m", "ipykernel_launcher"]:
            raise ValueError(f"only the IPython kernel can be forked, not {' '.join(cmd)}")
        env = kwargs.get("env") or dict(os.environ)
        cwd = str(kwargs.get("cwd") or os.getcwd())
        path = [cwd, *self.library_path]  # a launched kernel's: its folder, then the interpreter's
        # Daemonic: a kernel still running when its worker exits is stopped with it.
        process = _context.Process(target=run_kernel, args=(["ipykernel_launcher", *cmd[3:]], env, cwd, path, self.log),
                                   daemon=True)
        process.start()
        self.process = ForkedKernel(process)
        self.pid, self.pgid, self.cwd = process.pid, None, cwd
        return self.connection_info


class ForkedKernelManager(AsyncKernelManager):
    """nbclient's default kernel manager, with kernels forked from the server (see the module's docstring)."""

    async def _async_pre_start_kernel(self, **kw):
        if self.provisioner is None:
            self.kernel_id = self.kernel_id or kw.pop("kernel_id", None) or str(uuid.uuid4())
            self.provisioner = ForkedProvisioner(kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self)
        return await super()._async_pre_start_kernel(**kw)
