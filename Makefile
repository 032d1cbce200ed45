# Plan Tracker: `make run` to try it, `make test` to prove it. Everything else is installed by these.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
GOVUK := node_modules/govuk-frontend/dist/govuk
ASSETS := build/static/govuk
HOST ?= 127.0.0.1:8000
PYTEST_ARGS ?=

.PHONY: install assets run serve test test-browser lint format benchmark clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the lock changes.
$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# GOV.UK Frontend's compiled CSS points at /assets/; rewritten to relative URLs it works under /static/.
$(ASSETS)/.built: node_modules/.installed
	rm -rf $(ASSETS) && mkdir -p $(ASSETS)
	cp -R $(GOVUK)/assets $(ASSETS)/assets
	cp $(GOVUK)/govuk-frontend.min.js $(GOVUK)/govuk-frontend.min.js.map $(ASSETS)/
	sed 's#url(/assets/#url(assets/#g' $(GOVUK)/govuk-frontend.min.css > $(ASSETS)/govuk-frontend.min.css
	cp $(GOVUK)/govuk-frontend.min.css.map $(ASSETS)/
	touch $@

install: $(VENV)/.installed

assets: $(ASSETS)/.built

# Migrate, load the published plan into an empty database, create demo accounts, serve; the task
# worker (import previews) runs in the background and is stopped when the server stops. Mail
# (password reset, update requests) is written to build/mail/, never sent (EMAIL_HOST unset).
run: export PASSWORD_RESET_ENABLED = true
run: install assets
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py setup_demo
	$(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST)

# Production-like: DEBUG off, settings from the environment (SECRET_KEY and ALLOWED_HOSTS at least),
# hashed static files served by whitenoise, gunicorn (engagement_plan/gunicorn.conf.py: BIND,
# WEB_WORKERS, WEB_THREADS, WEB_TIMEOUT). Run it behind a reverse proxy: see "Serving in production".
serve: export DEBUG = false
serve: install assets
	@test -n "$$SECRET_KEY" || { echo "make serve: set SECRET_KEY (50+ random characters) in the environment." >&2; exit 1; }
	@test -n "$$ALLOWED_HOSTS" || { echo "make serve: set ALLOWED_HOSTS (the site's host name) in the environment." >&2; exit 1; }
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0
	$(BIN)/python manage.py check --deploy --fail-level WARNING
	$(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn --config engagement_plan/gunicorn.conf.py

# The whole suite. Browser tests need Chromium: skipped with a reason locally if it is missing,
# a failure when CI=true. Exit code 5 (nothing selected) is not a failure.
test: install assets
	$(BIN)/python -m pytest $(PYTEST_ARGS); rc=$$?; if [ $$rc -eq 5 ]; then rc=0; fi; exit $$rc

test-browser: install assets
	$(BIN)/python -m pytest -m browser $(PYTEST_ARGS); rc=$$?; if [ $$rc -eq 5 ]; then rc=0; fi; exit $$rc

lint: install
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .

format: install
	$(BIN)/python -m ruff check --fix .
	$(BIN)/python -m ruff format .

benchmark: install
	$(BIN)/python manage.py benchmark

clean:
	rm -rf $(VENV) node_modules build staticfiles artefacts db.sqlite3 db.sqlite3-*
