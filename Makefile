PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

FRESH := .venv-constraints

.PHONY: run demo bench test lint format constraints

# Installs exactly the versions in constraints.txt, which the suite passed with.
$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test,demo]'
	touch $(STAMP)

# What a fresh install of pyproject.toml's ranges resolves to today, written to constraints.txt.
constraints:
	rm -rf $(FRESH)
	$(PYTHON) -m venv $(FRESH)
	$(FRESH)/bin/python -m pip install --quiet --upgrade pip
	$(FRESH)/bin/python -m pip install --quiet -e '.[test,demo]'
	head -n 2 constraints.txt > constraints.new
	$(FRESH)/bin/python -m pip freeze --exclude-editable >> constraints.new
	mv constraints.new constraints.txt
	rm -rf $(FRESH)

run: $(STAMP)
	$(BIN)/python -m bot

# SQLite, and PostgreSQL beside it when BENCH_POSTGRES_URL names a server (the bench says when it runs SQLite only);
# ARGS=--small for a quick run.
bench: $(STAMP)
	$(BIN)/python -m bench $(ARGS)

demo: $(STAMP)
	$(BIN)/python -m demo $(ARGS)

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
