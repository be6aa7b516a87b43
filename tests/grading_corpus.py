"""A tiny assignment and a corpus of damaged and hostile submissions of it, for the autograder's tests.

The assignment has two graded functions, each with visible and hidden checks, so that a corpus
notebook runs in seconds. Every hostile submission carries *wrong* answers and a trick that would make
their tests pass if it worked: a point it earns is a point it stole.
"""
import copy
import json

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ASSIGNMENT = "t1_tiny"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
POINTS = {"test_add_one": 2, "test_double": 3}


def nbgrader(grade_id, *, solution=False, grade=False, locked=False, points=None):
    metadata = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3, "solution": solution,
                "task": False}
    if points is not None:
        metadata["points"] = points
    return {"nbgrader": metadata}


def source_notebook(assignment=ASSIGNMENT):
    """The instructor's source: solutions and hidden tests (what solutions/<assignment>/ holds)."""
    cells = [
        new_markdown_cell(f"# {assignment}\n\nTwo small functions.", metadata=nbgrader("intro", locked=True)),
        new_code_cell("import torch\n\nimport dlcv\n\nprint('device:', dlcv.device())", metadata=nbgrader("setup", locked=True)),
        new_code_cell("def add_one(x):\n    \"\"\"x + 1, elementwise.\"\"\"\n    ### BEGIN SOLUTION\n    return x + 1\n"
                      "    ### END SOLUTION", metadata=nbgrader("add_one", solution=True)),
        new_code_cell("assert torch.allclose(add_one(torch.zeros(3)), torch.ones(3))\n"
                      "### BEGIN HIDDEN TESTS\nx = torch.arange(5.0)\nassert torch.allclose(add_one(x), x + 1)\n"
                      "assert add_one(torch.tensor([1])).dtype == torch.int64\n### END HIDDEN TESTS\nprint('passed')",
                      metadata=nbgrader("test_add_one", grade=True, locked=True, points=POINTS["test_add_one"])),
        new_markdown_cell("Now double.", metadata=nbgrader("double_intro", locked=True)),
        new_code_cell("def double(x):\n    \"\"\"2 x, elementwise.\"\"\"\n    ### BEGIN SOLUTION\n    return 2 * x\n"
                      "    ### END SOLUTION", metadata=nbgrader("double", solution=True)),
        new_code_cell("assert torch.equal(double(torch.ones(2)), torch.full((2,), 2.0))\n"
                      "### BEGIN HIDDEN TESTS\nx = torch.randn(4, 3)\ntorch.testing.assert_close(double(x), x + x)\n"
                      "assert double(x).shape == (4, 3)\n### END HIDDEN TESTS\nprint('passed')",
                      metadata=nbgrader("test_double", grade=True, locked=True, points=POINTS["test_double"])),
        new_code_cell("print(double(add_one(torch.arange(3))))"),
        new_markdown_cell("## Before you submit\n\nDownload the notebook.", metadata=nbgrader("submit", locked=True)),
    ]
    notebook = new_notebook(cells=cells, metadata={"kernelspec": {"display_name": "Python 3", "language": "python",
                                                                  "name": "python3"}})
    for number, cell in enumerate(notebook.cells):
        cell.id = f"cell-{number}"
    return notebook


def answer(release, **sources):
    """The release with answer cells (by grade_id) replaced."""
    notebook = copy.deepcopy(release)
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in sources:
            cell.source = sources[grade_id]
    return notebook


RIGHT = {"add_one": "def add_one(x):\n    return x + 1", "double": "def double(x):\n    return x * 2"}
WRONG = {"add_one": "def add_one(x):\n    return x", "double": "def double(x):\n    return x"}


def with_cell(notebook, index, source):
    notebook = copy.deepcopy(notebook)
    notebook.cells.insert(index, new_code_cell(source))
    return notebook


def damaged(release):
    """name -> notebook: right answers in notebooks an editor or a student damaged. All keep full marks."""
    right = answer(release, **RIGHT)
    out = {}

    notebook = copy.deepcopy(right)  # Colab: metadata of its own, nbgrader's dropped, outputs kept
    notebook.metadata = {"colab": {"provenance": []}, "kernelspec": {"name": "python3", "display_name": "Python 3"},
                         "accelerator": "GPU"}
    for number, cell in enumerate(notebook.cells):
        cell.metadata = {"id": f"colab{number}", "colab": {"base_uri": "https://localhost:8080/"}}
        if cell.cell_type == "code":
            cell.outputs = [nbformat.v4.new_output("stream", text="old output\n")]
    out["colab_metadata_dropped"] = notebook

    notebook = copy.deepcopy(right)  # the answer cell turned into markdown by a stray keystroke
    index = next(i for i, c in enumerate(notebook.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == "double")
    notebook.cells[index] = new_markdown_cell(notebook.cells[index].source, metadata=notebook.cells[index].metadata)
    out["answer_became_markdown"] = notebook

    notebook = copy.deepcopy(right)  # a test cell deleted, the other one emptied of its checks
    notebook.cells = [c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") != "test_add_one"]
    next(c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "test_double").source = "pass"
    out["tests_deleted_and_edited"] = notebook

    notebook = copy.deepcopy(right)  # cells moved: answers after their tests, the intro at the end
    notebook.cells = notebook.cells[:2] + [notebook.cells[3], notebook.cells[2]] + notebook.cells[4:5] \
        + [notebook.cells[6], notebook.cells[5]] + notebook.cells[7:] + []
    out["cells_reordered"] = notebook

    notebook = answer(release, add_one=RIGHT["add_one"], double=WRONG["double"])  # duplicated cells, the last copy edited
    index = next(i for i, c in enumerate(notebook.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == "double")
    fixed = copy.deepcopy(notebook.cells[index])
    fixed.source = RIGHT["double"]
    notebook.cells.insert(index + 1, fixed)
    notebook.cells.insert(index + 3, copy.deepcopy(notebook.cells[index + 2]))  # the test, twice
    out["duplicated_cells"] = notebook

    notebook = answer(release, add_one="def add_one(x):\n    return plus(x, 1)", double=RIGHT["double"])
    out["helper_in_added_cell"] = with_cell(notebook, 2, "def plus(a, b):\n    return a + b")

    notebook = copy.deepcopy(right)  # an old nbformat without cell ids, and without metadata
    notebook = json.loads(nbformat.writes(notebook))
    notebook["nbformat_minor"] = 4
    for cell in notebook["cells"]:
        cell.pop("id", None)
        cell["metadata"] = {}
    out["old_format_no_ids"] = notebook

    # cells pasted from the instructor's source into a fresh notebook: no metadata, the hidden tests in the tests
    notebook = json.loads(nbformat.writes(answer(source_notebook(), **RIGHT)))
    notebook["metadata"] = {}
    for cell in notebook["cells"]:
        cell["metadata"] = {}
    out["pasted_from_the_source"] = notebook

    notebook = copy.deepcopy(right)  # Colab: a progress bar's widget, and widget state without its "state"
    notebook.metadata.update(colab={"provenance": []}, widgets={WIDGET_STATE: {"version_major": 2, "version_minor": 0}})
    progress_bar = {WIDGET_VIEW: {"model_id": "0a1b2c", "version_major": 2, "version_minor": 0}, "text/plain": "0/3"}
    notebook.cells[1].outputs = [nbformat.v4.new_output("display_data", data=progress_bar)]
    out["colab_widget_state_broken"] = notebook
    return out


# Damaged notebooks with nothing to repair that a student would want to hear of: a cell of one's own is no damage,
# and a notebook's own metadata (widget state included) is never kept, the release's is.
NOTHING_TO_REPORT = {"helper_in_added_cell", "colab_widget_state_broken"}


# The trick of each hostile submission, run in a cell after the (wrong) answers; the flag it must raise.
HOSTILE = {
    "replaces_allclose": ("import torch\ntorch.allclose = lambda *a, **k: True\ntorch.equal = lambda *a, **k: True",
                          "tampering"),
    "patches_tensor_class": ("import torch\ntorch.Tensor.__eq__ = lambda self, other: True\ntorch.Tensor.all = lambda self: True", "tampering"),
    "patches_function_code": ("import torch\ntorch.testing.assert_close.__code__ = (lambda *a, **k: None).__code__",
                              "blocked-tampering"),
    "replaces_builtin": ("import builtins\nbuiltins.AssertionError = type('Quiet', (Exception,), {})\n"
                         "builtins.print = lambda *a, **k: None", "tampering"),
    "blanks_test_cells": ("get_ipython().input_transformers_cleanup.append(lambda lines: ['pass\\n'])", "tampering"),
    "blanks_and_hides": (
        "shell = get_ipython()\n"
        "def blank(lines):\n"
        "    shell.input_transformers_cleanup.remove(blank)\n"
        "    return ['pass\\n']\n"
        "shell.events.register('pre_run_cell', lambda info: shell.input_transformers_cleanup.append(blank) "
        "if 'assert' in info.raw_cell and blank not in shell.input_transformers_cleanup else None)", "tampering"),
    "swallows_errors": ("get_ipython().set_custom_exc((BaseException,), lambda *args, **kwargs: None)", "tampering"),
    "reads_hidden_tests": (
        "import glob, os, sqlite3\nfor pattern in ['../../../source/*/*.ipynb', '../../../../*/*.ipynb', '../../../gradebook.db']:\n"
        "    for path in glob.glob(pattern) + [pattern]:\n"
        "        try:\n            print(open(path).read()[:100])\n        except OSError as error:\n            print(error)\n"
        "try:\n    sqlite3.connect('../../../gradebook.db').execute('select * from grade_cells')\n"
        "except Exception as error:\n    print(error)", "blocked-file"),
    "writes_other_results": (
        "import os\nfor path in ['../../../autograded/honest/t1_tiny/t1_tiny.ipynb', '../../../gradebook.db']:\n"
        "    try:\n        open(path, 'w').write('{}')\n    except OSError as error:\n        print(error)", "blocked-file"),
    "uses_network": ("import socket, urllib.request\ntry:\n    urllib.request.urlopen('http://example.com', timeout=3)\n"
                     "except Exception as error:\n    print(error)\n"
                     "socket.create_connection(('1.1.1.1', 80), timeout=3)", "blocked-network"),
    "starts_processes": ("import os, subprocess\ntry:\n    subprocess.run(['ls', '/'])\nexcept Exception as error:\n    print(error)\n"
                         "try:\n    os.kill(os.getppid(), 9)\nexcept Exception as error:\n    print(error)\nos.system('ls')",
                         "blocked-process"),
    "introspects_memory": ("import gc\ntry:\n    gc.get_objects()\nexcept Exception as error:\n    print(error)\n"
                           "import ctypes\nctypes.string_at(id(gc), 8)", "blocked-introspection"),
}


def hostile(release):
    """name -> (notebook, the flag it must raise): wrong answers plus a trick."""
    wrong = answer(release, **WRONG)
    return {name: (with_cell(wrong, 2, trick), flag) for name, (trick, flag) in HOSTILE.items()}


def crashing(release):
    """name -> notebook: right answers, then something that stops the kernel or the clock after the first test.

    The first test's points are earned before the trouble starts; everything after is lost."""
    right = answer(release, **RIGHT)
    after_first_test = 4
    return {
        "exits_the_kernel": with_cell(right, after_first_test, "import os\nos._exit(3)"),
        "loops_forever": with_cell(right, after_first_test, "while True:\n    pass"),
        "answer_runs_too_long": answer(release, add_one=RIGHT["add_one"],  # its function defined, then a loop
                                       double=RIGHT["double"] + "\n\n\nwhile True:  # training\n    pass"),
        "ignores_interrupts": with_cell(right, after_first_test, "import time\nwhile True:\n    try:\n        time.sleep(1)\n"
                                        "    except KeyboardInterrupt:\n        pass"),
        "allocates_too_much": with_cell(right, after_first_test, "import torch\nhog = torch.ones(2**40, dtype=torch.uint8)"),
        "calls_sys_exit": with_cell(right, after_first_test, "import sys\nsys.exit(1)"),
    }
