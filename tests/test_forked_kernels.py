"""The autograder's kernels, forked from a server that imported the heavy libraries (autograder/kernels.py):
each as fresh as a launched kernel, and managed by jupyter_client the same way."""
import ast
import asyncio
import os
import sys

import pytest

from autograder.kernels import PRELOAD, ForkedKernelManager, ForkedProvisioner
from notebooks import REPOSITORY


async def evaluate(client, expression: str, code: str = ""):
    """Run ``code`` in the kernel, then the value of ``expression`` there (a Python literal)."""
    msg_id = client.execute(code, user_expressions={"value": expression})
    while True:
        reply = await client.get_shell_msg(timeout=60)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    content = reply["content"]
    if content["status"] != "ok":
        return content["ename"]
    return ast.literal_eval(content["user_expressions"]["value"]["data"]["text/plain"])


@pytest.fixture
def start_kernel(tmp_path, monkeypatch):
    """Start kernels in ``tmp_path``, as the worker does; they are shut down after the test."""
    libraries = [entry for entry in sys.path if entry.startswith((sys.prefix, sys.base_prefix))]
    monkeypatch.setattr(ForkedProvisioner, "library_path", libraries)
    monkeypatch.setattr(ForkedProvisioner, "log", str(tmp_path / "kernel.log"))
    started = []

    async def start():
        # Over Unix sockets, as in the worker's sandbox: TCP ports are picked free, then bound by the kernel
        # later, and another process's connection can take one in between (the kernel then dies at start).
        manager = ForkedKernelManager(kernel_name="python3", transport="ipc", ip=str(tmp_path / "kernel"))
        await manager.start_kernel(cwd=str(tmp_path), env={**os.environ, "GRADED_BY": "the autograder"})
        client = manager.client()
        client.start_channels()
        await client.wait_for_ready(timeout=120)
        started.append((manager, client))
        return manager, client

    yield start

    async def stop():
        for manager, client in started:
            client.stop_channels()
            if await manager.is_alive():
                await manager.shutdown_kernel(now=True)
    asyncio.run(stop())


def test_a_forked_kernel_runs_code_in_its_folder_with_its_environment(start_kernel, tmp_path):
    async def check():
        _, client = await start_kernel()
        assert await evaluate(client, "1 + 1") == 2
        assert await evaluate(client, "__import__('os').getcwd()") == str(tmp_path)
        assert await evaluate(client, "__import__('os').environ['GRADED_BY']") == "the autograder"
        assert await evaluate(client, "__import__('os').getpid()") != os.getpid()
    asyncio.run(check())


def test_a_forked_kernel_has_the_libraries_loaded_and_nothing_of_the_autograder(start_kernel, tmp_path):
    async def check():
        _, client = await start_kernel()
        # (as a short list: IPython shows no more than 1000 items of one)
        loaded = await evaluate(client, f"[name for name in {PRELOAD!r} if name in __import__('sys').modules]")
        assert loaded == PRELOAD
        assert await evaluate(client, "[name for name in __import__('sys').modules "
                                      "if name.split('.')[0] in ('autograder', '__mp_main__')]") == []
        path = await evaluate(client, "__import__('sys').path")
        assert path[0] == str(tmp_path)
        assert str(REPOSITORY) not in path, "the repository (solutions, hidden tests) is not on the kernel's path"
    asyncio.run(check())


def test_forked_kernels_share_no_state(start_kernel):
    async def check():
        _, first = await start_kernel()
        _, second = await start_kernel()
        await evaluate(first, "None", "import torch; torch.secret = 42; answer = 42")
        assert await evaluate(second, "'answer' in globals()") is False
        assert await evaluate(second, "hasattr(__import__('torch'), 'secret')") is False
    asyncio.run(check())


def test_a_forked_kernel_can_be_interrupted_and_its_death_is_seen(start_kernel):
    async def check():
        manager, client = await start_kernel()
        # As nbclient runs the autograder's cells (nbgrader allows errors): with stop_on_error, the default,
        # this cell's error makes ipykernel abort the requests that follow it for a moment, os._exit among them.
        msg_id = client.execute("print('looping', flush=True)\nwhile True: pass", stop_on_error=False)
        # A kernel ignores interrupts between cells: interrupt once the cell runs, not after a guessed delay.
        while not ((output := await client.get_iopub_msg(timeout=60))["msg_type"] == "stream"
                   and output["parent_header"].get("msg_id") == msg_id):
            pass
        await manager.interrupt_kernel()
        while (reply := await client.get_shell_msg(timeout=60))["parent_header"].get("msg_id") != msg_id:
            pass
        assert reply["content"]["ename"] == "KeyboardInterrupt"
        client.execute("import os; os._exit(3)")
        for _ in range(100):
            if not await manager.is_alive():
                break
            await asyncio.sleep(0.1)
        assert not await manager.is_alive()
        assert manager.provisioner.process is None or manager.provisioner.process.poll() == 3
    asyncio.run(check())


def test_only_the_ipython_kernel_can_be_forked():
    provisioner = ForkedProvisioner(kernel_id="k", kernel_spec=None)
    with pytest.raises(ValueError, match="only the IPython kernel"):
        asyncio.run(provisioner.launch_kernel(["julia", "-i", "kernel.jl"]))
