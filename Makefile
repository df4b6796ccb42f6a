# tmkit — the two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: demo test test-slow test-all bench bench-quick clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall when the package metadata changes; the install is editable, so code edits
# need no reinstall. The "compat" editable mode is a plain path entry: the default mode
# installs an import hook that adds ~20 ms to every start, and `tmkit term` must be quick.
EDITABLE := --config-settings editable_mode=compat

$(VENV)/.installed: $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/python -m pip install --quiet $(EDITABLE) -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet $(EDITABLE) -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	$(BIN)/tmkit demo

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest -m "not slow" $(PYTEST_ARGS)

test-slow: $(VENV)/.installed-test
	$(BIN)/python -m pytest -m slow $(PYTEST_ARGS)

test-all: $(VENV)/.installed-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The speed benchmarks generate a million units each (several minutes and a few GB of
# temporary files); `make bench-quick` runs them on 100,000.
bench: $(VENV)/.installed-test
	$(BIN)/python bench/align_quality.py
	$(BIN)/python bench/term_bench.py
	$(BIN)/python bench/search_bench.py
	$(BIN)/python bench/tmx_bench.py

bench-quick: $(VENV)/.installed-test
	$(BIN)/python bench/term_bench.py
	$(BIN)/python bench/search_bench.py --units 100000 --queries 200
	$(BIN)/python bench/tmx_bench.py --quick

clean:
	rm -rf $(VENV) demo build *.egg-info .pytest_cache .hypothesis
