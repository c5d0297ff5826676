# Two set-up commands: `make run` (install, then run the hourly job) and `make test`.
# The distribution's interpreter when it can make a virtualenv (Debian and Ubuntu build theirs
# with profile-guided and link-time optimization: the crawl takes a tenth less CPU than under a
# Python built from source without them, pyenv's default), else the python3 on PATH;
# `make PYTHON=python3.12 install` chooses another.
SYSTEM_PYTHON := $(shell /usr/bin/python3 -c 'import ensurepip, sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && echo /usr/bin/python3)
PYTHON ?= $(or $(SYSTEM_PYTHON),python3)
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install run test demo lint bench eval clean

$(BIN)/harvester: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/harvester

run: install
	$(BIN)/harvester run

test: install
	$(BIN)/python -m pytest -n auto --dist worksteal

demo: install
	$(BIN)/harvester demo

lint: install
	$(BIN)/ruff check harvester pipelines tests bench eval
	$(BIN)/mypy
	$(BIN)/mypy eval

bench: install
	$(BIN)/python bench/performance.py

eval: install
	$(BIN)/python -m eval.score

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis
