# The two commands (see README.md):
#   make run    serve the app on http://127.0.0.1:8000 with demo data (SQLite, in-process tasks, e-mail to var/mail/)
#   make test   run the test suite (PostgreSQL and Redis on 127.0.0.1 are used when they answer)

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
ADDR ?= 127.0.0.1:8000

.PHONY: run test setup check-python

run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver $(ADDR)

test: setup
	$(PY) -m pytest $(PYTEST_ARGS)

setup: $(VENV)/.installed

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; set PYTHON=/path/to/python3.11")'

$(VENV)/.installed: requirements.txt | check-python
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@
