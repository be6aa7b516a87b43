"""The guard: an audit hook installed in the kernel that runs a student's notebook, before its first cell.

The kernel runs untrusted code. Python's audit hooks (PEP 578) see every file opened, socket used,
process started, and attribute set on a class, and cannot be removed once added. The guard uses one to

- **block escapes**: reading or writing the grading folder (other students' work, the gradebook),
  the repository (solutions, hidden tests, the autograder), other processes' /proc entries; the
  network; starting processes or signalling others; ctypes and gc introspection (ways to reach the
  guard's own memory); tracing; patching the classes and functions of the libraries tests compare with.
  A blocked call raises ``PermissionError`` in the student's code and is recorded.
- **answer the grader's checks**: before and after each graded test cell the grader (autograder/execute.py)
  raises the audit event ``autograder.check``. The guard compares the kernel with the snapshot it took at
  installation (library functions replaced, IPython's input transformers or hooks changed, the test cell's
  source not the one compiled) and signs its report with a key only it and the grader know, so a forged
  or suppressed answer is itself evidence of tampering.

This module is sent to the kernel as source text and executed there; it imports nothing from the
autograder. ``install`` is its only entry point.
"""


def is_method(value):
    return callable(value) or isinstance(value, (property, classmethod, staticmethod))


# Builtins IPython and ipykernel set for each cell they run: replaced all the time, by design.
IPYTHON_BUILTINS = {"input", "get_ipython", "exit", "quit", "display", "getpass", "help", "copyright", "credits", "license"}


def install(key, allowed, forbidden, protected_modules, preload):
    """Install the guard. ``key``: bytes for signing reports; ``allowed`` / ``forbidden``: directories
    (a path is off limits when it lies under a forbidden one and under no allowed one);
    ``protected_modules``: modules whose functions and classes must stay as they are; ``preload``:
    modules to import first, because importing them registers hooks (matplotlib's inline backend) or
    loads libraries (ctypes), which would look like tampering once the guard is watching."""
    import hashlib
    import hmac
    import importlib
    import json
    import os
    import random
    import sys

    import IPython

    for name in [*preload, *protected_modules]:
        importlib.import_module(name)
    random.seed(0)  # every run starts from the same random state: the same notebook gets the same score
    sys.modules["numpy"].random.seed(0)
    sys.modules["torch"].manual_seed(0)
    shell = IPython.get_ipython()
    own_pid = str(os.getpid())
    allowed = [os.path.realpath(path) for path in allowed]
    forbidden = [os.path.realpath(path) for path in forbidden]

    modules = {name: sys.modules[name] for name in protected_modules}
    originals = {(name, attribute): value for name, module in modules.items()
                 for attribute, value in vars(module).items()
                 if callable(value) and not (name == "builtins" and attribute in IPYTHON_BUILTINS)}
    protected_types = {value for value in originals.values() if isinstance(value, type)}
    protected_types |= set(type(shell).__mro__) - {object}
    # Setting a class attribute raises no audit event: the classes' methods are compared at each check.
    methods = {cls: {attribute: value for attribute, value in vars(cls).items() if is_method(value)}
               for cls in protected_types}
    protected_functions = {id(value) for value in originals.values() if not isinstance(value, type)}

    def shell_state():
        """What decides which code a cell runs and where its output goes, by name."""
        return {
            "input transformers": list(map(id, shell.input_transformers_cleanup + shell.input_transformers_post)),
            "AST transformers": list(map(id, shell.ast_transformers)),
            "custom exception handlers": list(map(id, shell.custom_exceptions)),
            # matplotlib's inline backend registers callbacks when the first figure is drawn: only callbacks
            # defined outside the installed libraries count.
            "event callbacks": sorted(repr(callback) for callbacks in shell.events.callbacks.values()
                                      for callback in callbacks if not installed(callback)),
            "shell methods": sorted(name for name, value in vars(shell).items() if callable(value) and name != "compile"),
            "compiler": [id(shell.compile), sorted(vars(shell.compile))],
            "output streams": [id(sys.stdout), id(sys.stderr)],
        }

    def installed(function):
        code = getattr(getattr(function, "__func__", function), "__code__", None)
        return code is not None and os.path.realpath(code.co_filename).startswith(libraries)

    def replaced(now, original):
        """Whether ``now`` is not ``original``. A library may wrap its own functions on first use (PyTorch
        wraps ``torch.manual_seed`` when it loads its compiler): a wrapper from the installed libraries
        whose ``__wrapped__`` is the original counts as the original."""
        return now is not original and not (installed(now) and getattr(now, "__wrapped__", None) is original)

    libraries = tuple(os.path.realpath(prefix) + os.sep for prefix in {sys.prefix, sys.base_prefix})
    baseline = shell_state()
    blocked, tampered, ran, compiled = [], [], set(), []

    def off_limits(path):
        if isinstance(path, int):  # a file descriptor: its path was checked when it was opened
            return False
        try:
            path = os.path.realpath(os.fsdecode(path))
        except (TypeError, ValueError):
            return False
        parts = path.split(os.sep)
        if len(parts) > 3 and parts[1] == "proc" and (parts[2].isdigit() or parts[2] in ("self", "thread-self")):
            other = parts[2].isdigit() and parts[2] != own_pid  # psutil reads every process's stat: allowed
            return parts[3] in ("environ", "mem") or other and parts[3] not in ("stat", "status")
        inside = lambda roots: any(path == root or path.startswith(root + os.sep) for root in roots)  # noqa: E731
        return inside(forbidden) and not inside(allowed)

    def block(what, detail):
        blocked.append(f"{what}: {detail}")
        raise PermissionError(f"blocked by the autograder ({what}: {detail})")

    def find_tampering():
        found = [f"{name}.{attribute} was replaced" for (name, attribute), value in originals.items()
                 if replaced(vars(modules[name]).get(attribute), value)]
        found += [f"the module {name} was replaced" for name, module in modules.items() if sys.modules.get(name) is not module]
        found += [f"{cls.__qualname__}.{attribute} was replaced" for cls, before in methods.items()
                  for attribute, value in vars(cls).items() if is_method(value) and replaced(value, before.get(attribute))]
        state = shell_state()
        found += [f"IPython's {part} were changed" for part, value in state.items() if baseline[part] != value]
        return found

    path_events = {"open", "os.listdir", "os.scandir", "os.remove", "os.rename", "os.rmdir", "os.mkdir", "os.chmod",
                   "os.chown", "os.link", "os.symlink", "os.truncate", "os.utime", "os.chdir", "shutil.rmtree",
                   "shutil.copyfile", "shutil.copytree", "shutil.move", "shutil.make_archive", "sqlite3.connect",
                   "glob.glob", "os.listxattr", "os.getxattr", "os.setxattr", "os.removexattr"}
    network_events = {"socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg", "socket.getaddrinfo",
                      "socket.gethostbyname", "socket.gethostbyaddr", "socket.getnameinfo", "urllib.Request",
                      "http.client.connect", "ftplib.connect", "smtplib.connect", "webbrowser.open"}
    process_events = {"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "os.forkpty",
                      "pty.spawn", "os.startfile", "os.killpg"}
    introspection_events = {"gc.get_objects", "gc.get_referrers", "gc.get_referents", "sys.settrace", "sys.setprofile",
                            "sys._current_frames", "sys._current_exceptions", "ctypes.dlopen", "ctypes.dlsym",
                            "ctypes.dlsym/handle", "ctypes.cdata", "ctypes.cdata/buffer", "ctypes.addressof",
                            "ctypes.string_at", "ctypes.wstring_at", "ctypes.PyObj_FromPtr", "ctypes.call_function",
                            "ctypes.create_string_buffer", "ctypes.create_unicode_buffer", "ctypes.set_errno"}

    def hook(event, args):
        if event == "compile":  # IPython parses each cell from a file named after the kernel
            if isinstance(args[0], (str, bytes)) and "ipykernel_" in str(args[1]):
                compiled.append(hashlib.sha256(os.fsencode(args[0]).strip()).hexdigest())
                del compiled[:-4]
        elif event in path_events:
            for arg in args[:2]:
                if isinstance(arg, (str, bytes, os.PathLike)) and off_limits(arg):
                    block("file", f"{event} {os.fsdecode(arg)}")
        elif event in network_events:
            block("network", event)
        elif event in process_events:
            block("process", event)
        elif event == "os.kill" and args[0] != os.getpid():
            block("process", f"os.kill of process {args[0]}")
        elif event in introspection_events:
            block("introspection", event)
        elif event in ("object.__setattr__", "object.__delattr__") and id(args[0]) in protected_functions:
            block("tampering", f"{getattr(args[0], '__qualname__', args[0])}.{args[1]} set")  # __code__, __defaults__
        elif event == "autograder.ran":
            ran.add(args[0])
        elif event == "autograder.check":
            nonce, expected_source, answer = args
            tampered.extend(problem for problem in find_tampering() if problem not in tampered)
            report = {"nonce": nonce, "tampered": list(tampered), "blocked": list(blocked), "ran": nonce in ran,
                      "compiled": expected_source is None or expected_source in compiled}
            text = json.dumps(report, sort_keys=True)
            answer.extend([text, hmac.new(key, text.encode(), "sha256").hexdigest()])

    sys.addaudithook(hook)
