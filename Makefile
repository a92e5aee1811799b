# Kring: two commands for people (`make run`, `make test`), the rest for developers.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PORT ?= 8000
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
export PYTHONDONTWRITEBYTECODE := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help run install install-test test lint audit types migrations-check unit browser worker messages clean serve bench

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-16s %s\n", $$1, $$2}'

# Stop early, in one line, when the Python found is too old for Django 6.
$(VENV)/.python-ok:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null || \
	  { echo "Kring needs Python 3.12 or newer (3.13 preferred): install it, e.g. 'pyenv install 3.13', then run make again."; exit 1; }
	@$(PYTHON) -m venv $(VENV)
	@touch $@

$(VENV)/.installed-run: $(VENV)/.python-ok requirements/run.txt
	$(BIN)/pip install --quiet --require-hashes -r requirements/run.txt
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed-run requirements/test.txt
	$(BIN)/pip install --quiet --require-hashes -r requirements/test.txt
	@touch $@

install: $(VENV)/.installed-run ## Create .venv and install the locked dependencies

install-test: $(VENV)/.installed-test ## Also install what the tests need

run: export KRING_ENV = dev
run: export KRING_BASE_URL ?= http://127.0.0.1:$(PORT)
run: install ## Migrate, load demo data, serve http://127.0.0.1:$(PORT) with the task worker beside it
	@mkdir -p var
	$(PY) manage.py migrate --noinput
	@echo "Demo logins (role, e-mail, password, TOTP secret for an authenticator app):"
	@$(PY) manage.py seed_demo
	@echo "Kring runs at http://127.0.0.1:$(PORT)/ with its worker (mail, schedule); stop both with Ctrl+C"
	@trap 'kill 0' INT TERM EXIT; \
	  $(PY) manage.py worker --interval 1 & \
	  $(PY) manage.py runserver 127.0.0.1:$(PORT)

serve: export KRING_ENV = production
serve: install ## Run as in production: gunicorn (DEBUG off, static files) and the worker, on PostgreSQL (DATABASE_URL, SECRET_KEY)
	@case "$$DATABASE_URL" in postgres*) ;; *) echo "make serve needs DATABASE_URL=postgres://... and SECRET_KEY (docs/operations.md)"; exit 1;; esac
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@echo "Kring runs at http://$${KRING_BIND:-127.0.0.1:8000}/ behind your TLS proxy, with its worker; stop both with Ctrl+C"
	@trap 'kill 0' INT TERM EXIT; \
	  $(PY) manage.py worker & \
	  $(BIN)/gunicorn --config config/gunicorn.conf.py config.wsgi

# The 1M step: BENCH_SIZES="10000 100000 1000000" BENCH_NATIONAL=1 (docs/performance.md).
BENCH_SIZES ?= 10000 100000
bench: install-test ## Fill PostgreSQL per size (seed_demo --scale), time every page against a pk lookup, then the HTTP stage
	$(PY) bench/run.py $(BENCH_SIZES)

worker: install ## Run the background task worker with its schedule (mail, digest, clean-up)
	$(PY) manage.py worker

lint types migrations-check unit browser: export KRING_ENV = test
worker: export KRING_ENV ?= dev

lint: install-test ## ruff check, ruff format --check, and the import contract (the layers)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

audit: install-test ## pip-audit: the lock files against known vulnerabilities (skips, saying so, when offline)
	$(PY) scripts/audit_dependencies.py

types: install-test ## mypy with django-stubs
	$(BIN)/mypy kring config

migrations-check: install-test ## Fail when a model change has no migration
	$(PY) manage.py makemigrations --check --dry-run

unit: install-test ## The pytest suite (without the browser stage)
	@$(BIN)/pytest -n auto -q; rc=$$?; if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$rc

browser: install-test ## The browser stage: Playwright in Debian's Chromium, with axe checks
	@$(BIN)/pytest -m browser -n auto -q; rc=$$?; if [ $$rc -eq 5 ]; then echo "pytest collected no browser tests: failing"; exit 1; fi; exit $$rc

test: lint audit types migrations-check unit browser ## Lint, dependency audit, types, migrations check, unit and browser tests

messages: install-test ## Update and compile translations
	$(PY) manage.py makemessages -l nl -l en -l tr -l ar -l pl -l uk -l ti --ignore '.venv/*' --ignore 'var/*'
	$(PY) manage.py compilemessages --ignore '.venv'

clean: ## Remove the environment and local data
	rm -rf $(VENV) var
