# One command surface for people and CI. `make demo` and `make test` work on a fresh machine:
# each creates or reuses .venv and installs what it needs, front-end packages included.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
VENDOR := src/zicht/web/static/vendor/nlds
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
CHROMIUM := /usr/bin/chromium
# Tests run in parallel (pytest-xdist; `make test XDIST=` runs them one by one).
XDIST ?= -n auto
PYTEST := $(BIN)/pytest -q -p no:cacheprovider
SQLITE_URL := sqlite:///$(CURDIR)/var/test.sqlite3

.PHONY: screenshots demo test test-quick test-core test-sqlite test-postgres e2e serve lint bench install frontend chromium poppler messages clean settings-docs lock audit wrk gettext

# Dependencies come pinned, with hashes, from requirements.lock (`make lock` regenerates it from
# pyproject.toml's ranges); the second step adds Zicht itself and anything newer in
# pyproject.toml than the lock (tests/core/test_lock_file.py then asks for `make lock`).
$(STAMP): pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON))"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet -e '.[dev]'
	# Deduce builds its lookup cache on first use (1-3 min); once here, not in parallel tests,
	# and in Django's time zone (settings), in which Deduce's staleness check is then right.
	DJANGO_SETTINGS_MODULE=zicht.web.settings $(BIN)/python -c "import django; django.setup(); \
		from zicht.core.privacy.guard.lexicon import deduce_model; deduce_model()"
	touch $(STAMP)

lock:
	test -x $(BIN)/pip-compile || $(BIN)/pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --extra dev --generate-hashes --strip-extras --allow-unsafe \
		--no-emit-index-url --no-emit-find-links --output-file requirements.lock pyproject.toml

# Known vulnerabilities in the pinned Python packages and the npm packages fail; an advisory
# service that cannot be reached is reported (and fails with AUDIT_STRICT=1).
audit: install
	$(BIN)/python .ci/audit.py $(if $(AUDIT_STRICT),--strict,)

install: $(STAMP) frontend

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

$(VENDOR)/utrecht.css: node_modules/.package-lock.json
	mkdir -p $(VENDOR)
	cp node_modules/@utrecht/component-library-css/dist/index.css $(VENDOR)/utrecht.css
	cp node_modules/@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css $(VENDOR)/theme.css
	cp node_modules/@utrecht/component-library-css/LICENSE.md $(VENDOR)/LICENSE-utrecht.md 2>/dev/null || true

frontend: $(VENDOR)/utrecht.css

chromium:
	@test -x $(CHROMIUM) || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# pdftotext/pdftoppm: the tests read the PDF report and factsheets back.
poppler:
	@command -v pdftotext >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null; }

# GNU gettext: `make messages` compiles the translations; a test extracts them afresh.
gettext:
	@command -v xgettext >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; }

demo: install
	$(BIN)/zicht demo

serve: install
	$(BIN)/zicht serve

# The whole suite: core (no database), web on SQLite and on PostgreSQL, and the browser tests.
# The PostgreSQL run leaves out the web tests that touch no database (tests/web/conftest.py).
test: install chromium poppler gettext
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/python .ci/audit.py
	# Core and web on SQLite, then web on PostgreSQL (each in parallel), with the browser tests
	# running beside them (they use about one core); each part's time is printed at the end.
	$(BIN)/python scripts/run_suite.py --sqlite-url $(SQLITE_URL) --postgres-url $(PG_URL) --xdist "$(XDIST)"

# A developer's quick check: everything except the tests marked slow (long statistical runs)
# and the browser tests, on SQLite, in parallel. `make test` stays the complete suite.
test-quick: install
	ZICHT_DATABASE_URL=$(SQLITE_URL) $(PYTEST) $(XDIST) -m "not slow and not postgres" tests/core tests/web

e2e: install chromium
	$(BIN)/pytest -q -p no:cacheprovider tests/e2e

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

# wrk (Debian's package) drives the load benchmark: a C load generator that leaves the CPU to
# the server it measures.
wrk:
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

bench: install wrk
	$(BIN)/python benchmarks/run.py

# Screenshots of the public pages (desktop and phone) into var/screenshots/ (not committed).
screenshots: install chromium
	$(BIN)/python scripts/screenshots.py --out var/screenshots

messages: install
	cd src/zicht/web && ../../../$(BIN)/django-admin compilemessages --settings=zicht.web.settings

# Regenerate .env.example and the settings table in docs/operations.md from src/zicht/config.py.
settings-docs: install
	$(BIN)/python -m zicht.config $(CURDIR)

clean:
	rm -rf var/test.sqlite3 .pytest_cache
