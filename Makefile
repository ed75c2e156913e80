# The two commands: `make run` (the site with demo content) and `make test` (the whole suite).
# Both create .venv and install requirements-dev.txt (the site's requirements.txt and the tools) on first use.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# Test processes (pytest-xdist), each with its own test database: one per core by default.
TEST_WORKERS ?= auto
# What `make test-fast` leaves out: the tests marked as starting a real browser or server (tests/harness/tiers.py).
SLOW_TESTS := browser or varnish or s3 or gunicorn or worker or caddy

.PHONY: install lock run test test-fast lint migrations-check messages bench bench-tasks loadtest backup restore clean vendor-timelinejs browser-setup

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

## Run the site with its demo content on http://127.0.0.1:8000 (SQLite, or DATABASE_URL).
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo_content
	$(PY) manage.py ensure_admin
	$(PY) manage.py ensure_demo_users
	$(PY) manage.py runserver $(HOST):$(PORT)

## Run the whole test suite (PostgreSQL when DATABASE_URL is set, SQLite otherwise), across the cores;
## the 25 slowest tests are listed at the end.
test: install
	$(PY) -m pytest -n $(TEST_WORKERS) --durations=25 $(PYTEST_ARGS)

## The edit-and-run loop: everything but the browser, Varnish, Caddy, S3, gunicorn and task-worker tests.
test-fast: install
	$(PY) -m pytest -n $(TEST_WORKERS) -m "not ($(SLOW_TESTS))" $(PYTEST_ARGS)

## Pin every dependency, with hashes, from requirements.in (the image's) and requirements-dev.in (tests
## and tools): after editing either .in file. Resolves against PyPI itself, not a local wheel cache.
PIP_COMPILE := env -u PIP_FIND_LINKS PIP_CONFIG_FILE=/dev/null CUSTOM_COMPILE_COMMAND="make lock" \
	$(VENV)/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url
lock: install
	$(PIP_COMPILE) --output-file requirements.txt requirements.in
	$(PIP_COMPILE) --output-file requirements-dev.txt requirements-dev.in

lint: install
	$(VENV)/bin/ruff check .

migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run

## Update locale/nb/LC_MESSAGES/django.po from the code and templates, then compile django.mo.
## Needs GNU gettext (apt-get install gettext). Commit both files (docs/contributing.md "Translating the interface").
## tests/test_translations.py runs the same makemessages options: change them in both places.
MESSAGES_OPTIONS := --ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=media --ignore=benchmarks --ignore=tests
messages: install
	$(PY) manage.py makemessages --locale=nb --add-location=file --no-obsolete $(MESSAGES_OPTIONS)
	$(PY) manage.py compilemessages --locale=nb $(MESSAGES_OPTIONS)

## Back up the database and media (local folder or S3 bucket) into backups/<timestamp>/ (needs DATABASE_URL, PostgreSQL).
backup: install
	ops/backup.sh

## Restore a backup into an EMPTY database and media storage: make restore BACKUP=backups/<timestamp>
restore: install
	ops/restore.sh "$(BACKUP)"

## 60 s of load on gunicorn with the production settings (see docs/operations.md "Load test").
loadtest: install
	$(PY) -m ops.loadtest $(LOADTEST_ARGS)

## Queries, render time, req/s (uncached, cached, static) and memory at 10, 100, 1000 milestones.
## Needs PostgreSQL (BENCH_POSTGRES_URL) and wrk; about 4 minutes. See benchmarks/bench.py.
bench: install
	$(PY) benchmarks/bench.py
	$(PY) benchmarks/tasks_bench.py

## Background rendition builds (db_worker) against page latency: upload to renditions, p50 idle and
## during 20 uploads. Needs PostgreSQL (BENCH_POSTGRES_URL); about 6 minutes. See benchmarks/tasks_bench.py.
bench-tasks: install
	$(PY) benchmarks/tasks_bench.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache

## Copy the TimelineJS build from node_modules into the static files (committed; nothing is built at deploy time).
## Source-map comments are dropped: the maps are not vendored, and the manifest storage would look for them.
TIMELINEJS_DIST := node_modules/@knight-lab/timelinejs/dist
TIMELINEJS_VENDOR := occ_site/static/vendor/timelinejs
vendor-timelinejs:
	test -d $(TIMELINEJS_DIST) || npm ci
	rm -rf $(TIMELINEJS_VENDOR)
	mkdir -p $(TIMELINEJS_VENDOR)/js/locale $(TIMELINEJS_VENDOR)/css/icons
	sed '/sourceMappingURL=/d' $(TIMELINEJS_DIST)/js/timeline.js > $(TIMELINEJS_VENDOR)/js/timeline.js
	cp $(TIMELINEJS_DIST)/js/timeline.js.LICENSE.txt $(TIMELINEJS_VENDOR)/js/
	cp $(TIMELINEJS_DIST)/js/locale/en.json $(TIMELINEJS_DIST)/js/locale/nb.json $(TIMELINEJS_VENDOR)/js/locale/
	sed 's|/\*# sourceMappingURL=[^*]*\*/||' $(TIMELINEJS_DIST)/css/timeline.css > $(TIMELINEJS_VENDOR)/css/timeline.css
	cp $(TIMELINEJS_DIST)/css/icons/tl-icons.* $(TIMELINEJS_VENDOR)/css/icons/
	cp node_modules/@knight-lab/timelinejs/LICENSE $(TIMELINEJS_VENDOR)/LICENSE
	echo "@knight-lab/timelinejs $$(node -p 'require("./node_modules/@knight-lab/timelinejs/package.json").version'), copied by make vendor-timelinejs" > $(TIMELINEJS_VENDOR)/VERSION

## What the browser tests need: Debian's chromium and the npm tools (run as root).
browser-setup:
	.ci/setup
