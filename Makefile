# KIM Portal — `make run` starts the portal with demo data, `make test` runs every check.
SHELL := /bin/bash
.DEFAULT_GOAL := help

export UV_PYTHON_DOWNLOADS := never
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
# A uv on the PATH is used only if it runs (a pyenv shim may exist without it).
UV := $(shell uv --version >/dev/null 2>&1 && echo uv || echo .tools/bin/uv)
PY := .venv/bin/python
# A production-like environment for `check --deploy` (never used to serve anything).
DEPLOY_ENV := DJANGO_DEBUG=false ALLOWED_HOSTS=kim.example.org \
	SECRET_KEY=deploy-check-$(shell head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')

.PHONY: help setup services db run test proof audit lint check-deploy pytest messages clean

help:
	@echo "make run    set everything up and run the portal with demo data on http://127.0.0.1:8000"
	@echo "make test   set everything up and run lint, migration and deploy checks and all tests"

.tools/bin/uv:
	python3 -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==0.13.9

.venv/.synced: pyproject.toml uv.lock $(filter .tools/bin/uv,$(UV))
	$(UV) sync --frozen
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

setup: .venv/.synced node_modules/.installed services

services:
	@bash .ci/ensure-services.sh

db: setup
	$(PY) manage.py ensure_database
	$(PY) manage.py migrate --noinput

run: export DJANGO_DEBUG = true
run: db
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0
	$(PY) manage.py seed_demo
	$(PY) manage.py runportal

lint: .venv/.synced
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/djlint templates --lint

check-deploy: .venv/.synced
	$(DEPLOY_ENV) $(PY) manage.py check --deploy --fail-level WARNING

pytest: export DJANGO_DEBUG = true
# Tests empty their Redis database before each test: never the portal's own.
pytest: export REDIS_URL = $(or $(TEST_REDIS_URL),redis://127.0.0.1:6379/15)
pytest: setup
	@bash .ci/ensure-chromium.sh
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0
	$(PY) manage.py ensure_database
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest

test: setup lint check-deploy pytest

# The longer proof (about 30 minutes): backup and restore, the fault drills on private
# PostgreSQL/Redis/SMTP instances, and the locust load run; figures go to docs/.
proof: setup
	$(PY) bench/backup_restore.py
	$(PY) bench/faults.py
	$(PY) bench/proof_load.py

# Known vulnerabilities in the locked dependencies (Python: uv.lock against the OSV
# database; front end: package-lock.json against the npm registry's advisories). Needs
# those services on the network, so it is not part of `make test`.
audit: $(filter .tools/bin/uv,$(UV))
	$(UV) audit --frozen
	npm audit --omit=dev

messages: .venv/.synced
	DJANGO_DEBUG=true $(PY) manage.py makemessages --all --ignore=.venv --ignore=node_modules --ignore=.tools --ignore=tests --ignore=bench --no-obsolete

clean:
	rm -rf .venv .tools node_modules staticfiles .run
