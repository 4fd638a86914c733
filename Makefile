# The two commands a newcomer needs: `make demo` (set up, load the demo council, show its measures)
# and `make test` (every test). DATABASE_URL chooses the database for both (default: SQLite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint benchmark bench-web clean

$(BIN)/csc-workforce: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test,dev]"
	touch $@

demo: $(BIN)/csc-workforce
	$(BIN)/csc-workforce demo

# The browser tests need a Chromium: scripts/ensure_chromium.py finds one or installs one, else stops saying how.
test: $(BIN)/csc-workforce
	$(BIN)/python scripts/ensure_chromium.py
	$(BIN)/pytest

lint: $(BIN)/csc-workforce
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy
	$(BIN)/lint-imports

benchmark: $(BIN)/csc-workforce
	$(BIN)/python benchmarks/national.py

# The web speed benchmark on SQLite (locust comes from the "bench" extra, installed here only for this).
bench-web: $(BIN)/csc-workforce
	$(BIN)/pip install --quiet -e ".[bench]"
	$(BIN)/python benchmarks/web.py

clean:
	rm -rf $(VENV) csc-workforce.sqlite3
