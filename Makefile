# The two commands a newcomer needs: `make demo` (set up, load the demo council, show its measures)
# and `make test` (every test). DATABASE_URL chooses the database for both (default: SQLite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint perf perf-web benchmark bench-web clean

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
	$(BIN)/ruff check src tests perf scripts
	$(BIN)/ruff format --check src tests perf scripts
	$(BIN)/mypy
	$(BIN)/lint-imports

# Speed scripts (perf/): the national-scale import and measures, and the web under load. ("Benchmark" in the
# product means comparison with other councils; `make benchmark` and `make bench-web` stay as older names.)
perf: $(BIN)/csc-workforce
	$(BIN)/python perf/national.py

# The web speed script on SQLite (locust comes from the "perf" extra, installed here only for this).
perf-web: $(BIN)/csc-workforce
	$(BIN)/pip install --quiet -e ".[perf]"
	$(BIN)/python perf/web.py

benchmark: perf
bench-web: perf-web

clean:
	rm -rf $(VENV) csc-workforce.sqlite3
