# Two set-up commands: `make run` (install, then run the hourly job) and `make test`.
PYTHON ?= python3
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
