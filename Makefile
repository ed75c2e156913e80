# The two commands: `make run` (the site with demo content) and `make test` (the whole suite).
# Both create .venv and install requirements.txt on first use.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: install run test lint migrations-check bench loadtest backup restore clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

## Run the site with its demo content on http://127.0.0.1:8000 (SQLite, or DATABASE_URL).
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo_content
	$(PY) manage.py ensure_admin
	$(PY) manage.py runserver $(HOST):$(PORT)

## Run the whole test suite (PostgreSQL when DATABASE_URL is set, SQLite otherwise).
test: install
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .

migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run

## Queries, render time, req/s (uncached, cached, static) and memory at 10, 100, 1000 milestones.
## Needs PostgreSQL (BENCH_POSTGRES_URL) and wrk; about 5 minutes. See benchmarks/bench.py.
bench: install
	$(PY) benchmarks/bench.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
