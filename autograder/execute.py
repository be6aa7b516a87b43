"""GuardedExecute: nbgrader's Execute preprocessor, hardened for untrusted notebooks.

It replaces ``Execute`` in nbgrader's autograde pipeline (see autograder/worker.py) and adds, around
nbclient's cell loop:

- the guard (autograder/guard.py), installed in the kernel before the first cell;
- signed checks before and after every graded test cell; a test whose checks find tampering, or get no
  valid answer, gets an error output, so nbgrader's SaveAutoGrades gives it no points; once tampering is
  seen, every later test is treated the same way;
- a total time limit on top of nbgrader's per-cell one: cells past it are not run; a cell interrupted at
  the per-cell one is flagged, as one that ignores the interrupt is;
- a kernel that dies (a crash, ``exit()``, memory exhausted) ends the run instead of failing it: the tests
  already run keep their outcome, the later ones get an error output.

What happened is written as JSON to ``report`` for the worker: flags and the details behind them.
"""
import ast
import hashlib
import hmac
import json
import secrets
import time
from pathlib import Path
from queue import Empty

from jupyter_core.utils import run_sync
from nbclient.exceptions import DeadKernelError
from nbformat import NotebookNode
from nbgrader.preprocessors import Execute
from traitlets import Float, List, Unicode

GUARD_SOURCE = (Path(__file__).parent / "guard.py").read_text()

# Whose functions the tests compare with: replacing any of them is tampering.
PROTECTED_MODULES = ["builtins", "math", "random", "operator", "functools", "itertools", "collections", "numpy",
                     "numpy.testing", "numpy.linalg", "torch", "torch.nn", "torch.nn.functional", "torch.nn.init",
                     "torch.linalg", "torch.testing", "torch.autograd", "dlcv", "dlcv.gradcheck", "dlcv.timing"]
PRELOAD = ["matplotlib.pyplot", "tqdm.auto", "ipywidgets", "dlcv.data", "dlcv.plot", "dlcv.widgets", "sklearn.datasets"]
CHECK_TIMEOUT = 30  # seconds a kernel has to answer a check: it runs no student code
INSTALL_TIMEOUT = 300  # installing imports torch, matplotlib and scikit-learn, slow on a busy machine


class KernelStuck(RuntimeError):
    """The kernel no longer answers, though it is alive."""


def is_graded_test(cell) -> bool:
    nbgrader = cell.metadata.get("nbgrader", {})
    return cell.cell_type == "code" and bool(nbgrader.get("grade")) and not nbgrader.get("solution")


def error_output(name: str, message: str) -> NotebookNode:
    return NotebookNode(output_type="error", ename=name, evalue=message, traceback=[f"{name}: {message}"])


class GuardedExecute(Execute):
    total_timeout = Float(1800, help="Seconds the whole notebook may run; later cells are not run.").tag(config=True)
    report = Unicode("", help="Where to write what happened (JSON); nothing is written when empty.").tag(config=True)
    allowed = List(Unicode(), help="Directories the student's code may use inside forbidden ones.").tag(config=True)
    forbidden = List(Unicode(), help="Directories the student's code may not read or write.").tag(config=True)

    # A kernel still busy after a timeout sends no "idle": that is for the checks to find, not an error of grading.
    raise_on_iopub_timeout = False

    def preprocess(self, nb, resources=None, km=None):
        self._key = secrets.token_bytes(32)
        self._deadline = time.monotonic() + self.total_timeout
        self._guarded = False
        self._stopped = None  # why cells are no longer run
        self._flags, self._details = set(), []
        self._tampered = False  # once true, no later test earns points
        try:
            return super().preprocess(nb, resources, km=km)
        finally:
            if self.report:
                Path(self.report).write_text(json.dumps({"flags": sorted(self._flags), "details": self._details}))

    def _flag(self, flag: str, detail: str) -> None:
        self._flags.add(flag)
        if detail not in self._details:
            self._details.append(detail)

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        if cell.cell_type != "code":
            return cell
        if self._stopped is None and time.monotonic() >= self._deadline:
            self._stopped = f"not run: the notebook used up its total time limit of {self.total_timeout:g} s"
            self._flag("time-limit", self._stopped)
        if self._stopped:
            if is_graded_test(cell):
                cell.outputs = [error_output("NotRun", self._stopped)]
            return cell
        self.timeout = max(1, min(self.timeout, int(self._deadline - time.monotonic()) + 1))
        try:
            if not self._guarded:
                await self._install_guard()
            if is_graded_test(cell):
                return await self._execute_test(cell, cell_index, execution_count, store_history)
            return await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        except DeadKernelError:
            self._stopped = "not run: the kernel died in an earlier cell"
            self._flag("kernel-died", f"the kernel died in cell {cell_index} (a crash, exit(), or memory exhausted)")
            cell.outputs.append(error_output("KernelDied", "the kernel died while running this cell (a crash, exit(), "
                                                           "or memory exhausted); later cells were not run"))
        except KernelStuck as stuck:
            self._stopped = "not run: the kernel stopped answering in an earlier cell"
            self._flag("time-limit", f"{stuck} before cell {cell_index}")
            cell.outputs.append(error_output("KernelStuck", f"{stuck}; this and later cells were not run"))
        return cell

    execute_cell = run_sync(async_execute_cell)  # nbclient's sync wrapper is bound to its own coroutine

    async def _async_handle_timeout(self, timeout, cell=None):
        """nbclient's: interrupt the kernel when a cell runs out of time. Flagged, as a cell that ignores the
        interrupt is: the instructor sees who ran out of time, though the cells that follow still run."""
        if cell is not None:  # None: nbclient's own request for the kernel's info
            index = next(index for index, candidate in enumerate(self.nb.cells) if candidate is cell)
            self._flag("time-limit", f"cell {index} did not finish within its time limit of {timeout} s: "
                                     "the kernel was interrupted")
        return await super()._async_handle_timeout(timeout, cell)

    async def _execute_test(self, cell, cell_index, execution_count, store_history):
        """Run a graded test cell between two signed checks; an error output where they find a problem."""
        before = await self._check(None)
        source, nonce = cell.source, secrets.token_hex(8)
        cell.source = f"{source}\n__import__('sys').audit('autograder.ran', {nonce!r})"
        expected = hashlib.sha256(cell.source.strip().encode()).hexdigest()
        try:
            await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        finally:
            cell.source = source
        after = await self._check(expected, nonce)
        failed = any(output.output_type == "error" for output in cell.outputs)
        problems = list(dict.fromkeys(before + after))
        if not problems and not failed and not self._last_report["ran"]:
            problems = ["the test cell did not run to its end, yet raised no error"]
        if problems:
            self._tampered = True
            for problem in problems:
                self._flag("tampering", problem)
            cell.outputs.append(error_output("TamperingDetected", "; ".join(problems) + " (no points for this test)"))
        elif self._tampered:
            cell.outputs.append(error_output("TamperingDetected", "tampering was detected in an earlier test "
                                                                  "(no points for later tests)"))
        return cell

    async def _install_guard(self):
        arguments = dict(key=self._key, allowed=self.allowed, forbidden=self.forbidden,
                         protected_modules=PROTECTED_MODULES, preload=PRELOAD)
        # Run in a namespace of its own, without history: nothing of it (the key above all) stays reachable.
        code = (f"(lambda g: (exec(compile({GUARD_SOURCE!r}, '<autograder guard>', 'exec'), g), "
                f"g['install'](**{arguments!r})))({{}})")
        reply = await self._silent(code, INSTALL_TIMEOUT)
        if reply is None or reply["content"]["status"] != "ok":
            detail = "no reply" if reply is None else f"{reply['content'].get('ename')}: {reply['content'].get('evalue')}"
            raise RuntimeError(f"could not install the guard in the kernel ({detail})")
        self._guarded = True

    async def _check(self, expected_source, nonce=None):
        """Ask the guard for its signed report; the problems it shows, or that its absence shows."""
        nonce = nonce or secrets.token_hex(8)
        expression = f"(lambda answer: (__import__('sys').audit('autograder.check', {nonce!r}, {expected_source!r}, answer), answer)[1])([])"
        reply = await self._silent("", CHECK_TIMEOUT, user_expressions={"report": expression})
        self._last_report = {"ran": False}
        if reply is None:
            raise KernelStuck(f"the kernel did not answer within {CHECK_TIMEOUT} s (a loop that ignores interrupts?)")
        try:
            text, signature = ast.literal_eval(reply["content"]["user_expressions"]["report"]["data"]["text/plain"])
            valid = hmac.compare_digest(signature, hmac.new(self._key, text.encode(), "sha256").hexdigest())
            report = json.loads(text) if valid else None
        except Exception:  # anything but a well-formed signed answer means the check was interfered with
            report = None
        if report is None or report["nonce"] != nonce:
            return ["the grader's check got no valid answer from the guard"]
        self._last_report = report
        for event in report["blocked"]:
            self._flag("blocked-" + event.split(":")[0], event)
        problems = list(report["tampered"])
        if not report["compiled"]:
            problems.append("the code run for the test cell was not the test's code")
        return problems

    async def _silent(self, code, timeout, **kwargs):
        """Execute ``code`` without history or output; the reply, or None when none came in ``timeout`` s."""
        msg_id = self.kc.execute(code, silent=True, store_history=False, **kwargs)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                msg = await self.kc.shell_channel.get_msg(timeout=1)
            except Empty:
                if not await self.kc.is_alive():
                    raise DeadKernelError("Kernel died") from None
                continue
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg
        return None
