# The two commands (see README.md):
#   make run    serve the app on http://127.0.0.1:8000 with demo data (SQLite, in-process tasks and scheduled work,
#               e-mail to var/mail/)
#   make test   run the test suite twice: on PostgreSQL and Redis when they answer on 127.0.0.1 (else SQLite), then
#               as the embedded default (SQLite, no Redis) whatever answers
# One pass alone: make test-services, make test-embedded. Extra pytest arguments: PYTEST_ARGS="-k profile -x".

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
ADDR ?= 127.0.0.1:8000
# pytest-xdist workers; the suite mostly waits on the database, the browser and subprocesses, so two cores take three.
WORKERS ?= 3

.PHONY: run test test-services test-embedded setup check-python

# The scheduled work (survey sends, reminders, recovery, retention) runs beside the server, as beat and a worker do
# in production; it stops with the server.
run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py run_scheduled_work & scheduled=$$!; trap 'kill $$scheduled' EXIT INT TERM; \
	$(PY) manage.py runserver $(ADDR)

test: test-services test-embedded

test-services: setup
	$(PY) -m pytest -n $(WORKERS) $(PYTEST_ARGS)

test-embedded: setup
	BTB_EMBEDDED=1 $(PY) -m pytest -n $(WORKERS) $(PYTEST_ARGS)

setup: $(VENV)/.installed tools/vnu/node_modules/.installed

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; set PYTHON=/path/to/python3.11")'

$(VENV)/.installed: requirements.txt requirements-dev.txt | check-python
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# The Nu Html Checker for the browser tests: vnu.jar from the npm package vnu-jar, pinned in tools/vnu's
# package-lock.json, run with the machine's Java (its install script, which would fetch a Java of its own, is not
# run). Without npm it is left out, and the browser tests say so (a skip locally, a failure in CI).
tools/vnu/node_modules/.installed: tools/vnu/package-lock.json
	@if command -v npm >/dev/null; then \
	  npm ci --prefix tools/vnu --ignore-scripts --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the Nu Html Checker (tools/vnu) is not installed"; fi
