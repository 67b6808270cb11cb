# Two commands matter: `make run` serves the demo city, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
SCALE ?= province

.PHONY: run serve loadtest test bench setup e2e messages clean

setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --if-empty
	@# The task worker (large Excel imports) runs beside the server and stops with it.
	$(PY) manage.py db_worker --no-reload & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# Production: DEBUG off, gunicorn (WORKERS processes × THREADS threads) serving the app and its static
# files, the task worker beside it. Without SECRET_KEY or SECRET_KEY_FILE, one is generated once into
# var/secret_key (keep it: it signs the sessions) and used from then on.
serve: setup
	@if [ -z "$$SECRET_KEY$$SECRET_KEY_FILE" ] && [ ! -s var/secret_key ]; then \
	  mkdir -p var && (umask 077 && $(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' > var/secret_key) && \
	  echo "SECRET_KEY 未设置：已生成 var/secret_key 并使用它（请妥善保管，勿提交）"; fi
	@if [ -z "$$SECRET_KEY$$SECRET_KEY_FILE" ]; then export SECRET_KEY_FILE=var/secret_key; fi; \
	DEBUG=false exec $(PY) manage.py serve --port $(PORT) $(if $(WORKERS),--workers $(WORKERS)) $(if $(THREADS),--threads $(THREADS))

# USERS logged-in users of mixed roles for DURATION seconds against the production recipe on a free port of
# its own, then the same users on /healthz/; prints two `LOAD target=…` lines (docs/PERFORMANCE.md). Its own
# database: var/loadtest.sqlite3, or with DB_ENGINE=postgresql the database LOADTEST_DB_NAME (default
# tuijin_loadtest, created beforehand); the demo city is loaded into it once and reused.
USERS ?= 50
DURATION ?= 120
LOADTEST_DB = $(if $(filter postgresql,$(DB_ENGINE)),$(or $(LOADTEST_DB_NAME),tuijin_loadtest),var/loadtest.sqlite3)
loadtest: setup
	DEBUG=false SECRET_KEY=loadtest-only-not-a-secret DB_NAME=$(LOADTEST_DB) STATIC_ROOT=var/loadtest-static \
	$(PY) manage.py loadtest --users $(USERS) --duration $(DURATION) $(if $(WORKERS),--workers $(WORKERS)) \
	$(if $(THREADS),--threads $(THREADS)) $(if $(THINK),--think $(THINK))

test: setup
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest

e2e: setup
	$(PY) -m pytest tests/e2e

# SQLite: a file of its own under var/; PostgreSQL (DB_ENGINE=postgresql DB_HOST=… make bench): the database
# BENCH_DB_NAME, default tuijin_bench, which the bench fills once and reuses. ONLY="report_import …" runs those.
BENCH_DB = $(if $(filter postgresql,$(DB_ENGINE)),$(or $(BENCH_DB_NAME),tuijin_bench),var/bench-$(SCALE).sqlite3)
bench: setup
	DEBUG=false SECRET_KEY=bench DB_NAME=$(BENCH_DB) $(PY) manage.py bench --scale $(SCALE) $(foreach m,$(ONLY),--only $(m))

# Needs GNU gettext (Debian package gettext) to collect strings; the compiled catalog is committed.
messages: setup
	cd tuijin && ../$(PY) ../manage.py makemessages -l en --no-obsolete && ../$(PY) ../manage.py compilemessages -l en

clean:
	rm -rf $(VENV) node_modules var/tuijin.sqlite3*
