# nextcall: `make demo` to try it, `make test` to check it. Each target makes .venv when missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: help demo team-demo test bench lint format typecheck snapshots

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

# Set-up steps report on stderr, so `make bench` prints nothing on stdout but its JSON.
$(BIN)/python:
	@echo "creating $(VENV)" >&2
	@$(PYTHON) -m venv $(VENV) >&2
	@$(BIN)/python -m pip install --quiet --upgrade pip >&2

$(VENV)/.installed-app: pyproject.toml | $(BIN)/python
	@echo "installing nextcall into $(VENV)" >&2
	@$(BIN)/pip install --quiet -e . >&2
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	@echo "installing nextcall with its test extras into $(VENV)" >&2
	@$(BIN)/pip install --quiet -e '.[test]' >&2
	@touch $@ $(VENV)/.installed-app $(VENV)/.installed-team

$(VENV)/.installed-team: pyproject.toml | $(BIN)/python
	@echo "installing nextcall with team mode (psycopg) into $(VENV)" >&2
	@$(BIN)/pip install --quiet -e '.[team]' >&2
	@touch $@ $(VENV)/.installed-app

demo: $(VENV)/.installed-app  ## open the app on the demo database (never your real data)
	$(BIN)/nextcall --demo

team-demo: $(VENV)/.installed-team  ## team mode on a throwaway PostgreSQL: simulated reps dialing, the floor view
	PYTHONPATH=tests $(BIN)/python tools/team_demo.py

test: $(VENV)/.installed-test  ## run the whole test suite
	$(BIN)/pytest

bench: $(VENV)/.installed-test  ## measure SPEC.md's figures; prints one JSON object, fails when one misses its bar
	@$(BIN)/python bench/run.py $(BENCH_FLAGS)

lint: $(VENV)/.installed-test  ## ruff lint and format check
	$(BIN)/ruff check src tests bench tools
	$(BIN)/ruff format --check src tests bench tools

format: $(VENV)/.installed-test  ## apply ruff's fixes and formatting
	$(BIN)/ruff check --fix src tests bench tools
	$(BIN)/ruff format src tests bench tools

typecheck: $(VENV)/.installed-test  ## mypy --strict over src/, tests/, bench/ and tools/
	$(BIN)/mypy

snapshots: $(VENV)/.installed-test  ## re-record the screen snapshots (look at the report first)
	$(BIN)/pytest tests/app --snapshot-update
