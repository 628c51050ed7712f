# daihoi: `make demo` runs the application with demo data; `make test` runs every check.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
PG_URL ?= postgres://postgres@127.0.0.1:5432/daihoi
PYTEST_WORKERS ?= 2

.PHONY: install demo serve test test-sqlite test-postgres lint chromium postgres bench clean

$(STAMP): pyproject.toml
	scripts/ensure-libsodium
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

# `daihoi demo` serves with its background worker beside it (Ctrl+C stops both).
demo: install
	$(BIN)/daihoi demo

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy

chromium:
	scripts/ensure-chromium

postgres:
	scripts/ensure-postgres

test-sqlite: install chromium
	$(BIN)/pytest -n $(PYTEST_WORKERS)

test-postgres: install chromium postgres
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -n $(PYTEST_WORKERS)

test: lint test-sqlite test-postgres

clean:
	rm -rf $(VENV) var/*.sqlite3* test-artifacts
