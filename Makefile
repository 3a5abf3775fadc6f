# Two commands on a fresh machine: `make docs` and `make test`.
# Both create .venv with the pinned tool versions of requirements/constraints.txt.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: test lint docs bench clean

$(STAMP): pyproject.toml requirements/constraints.txt requirements/batched-era.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -e '.[test,docs,bench]'
	$(BIN)/python -m pip install --quiet --no-deps -r requirements/batched-era.txt
	touch $@

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/python -m pytest

docs: $(STAMP)
	$(BIN)/python -m sphinx -n -W --keep-going -b html docs docs/_build/html

bench: $(STAMP)
	for b in benchmarks/*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) docs/_build
