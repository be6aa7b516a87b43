# The course's two commands: `make book` and `make test`. Each sets up .venv first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The book's scripts (MathJax, RequireJS, the ipywidgets HTML manager), from npm at package-lock.json's versions.
NODE_STAMP := node_modules/.installed
# `make book BOOK_OUT=DIR` builds into DIR/_build/html (the tests do), by default into ./_build/html.
BOOK_OUT ?= .
# Stored notebooks: no outputs, sequential cell ids, no editor metadata (checked by tests/test_notebooks.py).
NBSTRIPOUT := $(BIN)/nbstripout --extra-keys "metadata.jupytext metadata.colab metadata.accelerator metadata.widgets cell.metadata.lines_to_next_cell"

.PHONY: help setup book test test-fast assignments format normalize clean

help:
	@echo "make book         set up .venv and build the book (every notebook executed) into _build/html"
	@echo "make test         set up .venv and run the whole test suite"
	@echo "make test-fast    the tests not marked slow"
	@echo "make assignments  regenerate assignments/ from solutions/ with nbgrader"
	@echo "make format       format the chapters' code to the page's column width (black, 78 characters)"
	@echo "make normalize    strip outputs from every notebook in the repository"

setup: $(STAMP) $(NODE_STAMP)

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --editable .
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

# DLCV_PROGRESS=text: progress bars print as text, which a static page can show (a tqdm widget is dead there).
# DLCV_WIDGETS=static: dlcv.widgets.interact precomputes its figures, so the page's controls move with no kernel.
book: $(STAMP) $(NODE_STAMP)
	DLCV_PROGRESS=text DLCV_WIDGETS=static $(BIN)/jupyter-book build . --path-output $(BOOK_OUT) --warningiserror --nitpick --keep-going

# Two workers for the machine's two cores, a test file at a time each (module fixtures, such as a graded
# class, are built once); a kernel's torch keeps to one thread so that the two do not fight.
test: $(STAMP) $(NODE_STAMP)
	OMP_NUM_THREADS=1 $(BIN)/python -m pytest -n 2 --dist loadfile

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow"

assignments: $(STAMP)
	for dir in solutions/*/; do $(BIN)/nbgrader generate_assignment "$$(basename $$dir)" --no-db --force || exit 1; done

# The book's text column holds 78 monospace characters at 1280 px (tests/test_notebooks.py checks the width).
format: $(STAMP)
	$(BIN)/black --quiet --ipynb --line-length 78 --target-version py310 book

normalize: $(STAMP)
	find book solutions assignments -name '*.ipynb' -not -path '*/.ipynb_checkpoints/*' -print0 | xargs -0 $(NBSTRIPOUT)

clean:
	rm -rf _build
