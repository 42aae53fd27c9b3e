# The two commands of the README:
#   make refresh  - set everything up, then run the nightly refresh into warehouse/warehouse.duckdb
#   make test     - set everything up, then run the tests
# Everything else here is what those two are made of.

SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | sha256sum | cut -c1-12)
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home

.PHONY: help setup refresh test test-all lint sql docs bi bench dev lock clean messages

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

setup: $(STAMP)  ## create .venv with the pinned packages

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), f"Python 3.11 is needed, found {sys.version.split()[0]} at {sys.executable}"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	# The project itself, editable: `pipelines` imports from any folder (the README's
	# analyst snippet, a notebook), and the code is the working tree's.
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	rm -f $(VENV)/.installed-*
	touch $@

# The instance settings follow deploy/dagster.yaml; a copy that differs is kept as .bak.
$(DAGSTER_HOME)/dagster.yaml: deploy/dagster.yaml
	mkdir -p $(DAGSTER_HOME)
	if [ -f $@ ] && ! cmp -s $< $@; then cp $@ $@.bak; fi
	cp $< $@

refresh: setup $(DAGSTER_HOME)/dagster.yaml  ## set up, then run the nightly refresh once
	$(BIN)/python -m pipelines refresh

# The test files shared between TEST_PROCESSES processes (pytest-xdist; a file's tests stay
# in one, with its fixtures); TEST_PROCESSES=0 runs them in this one.
TEST_PROCESSES ?= 2

test: setup lint  ## set up, lint, then run the tests (not the slow ones; they keep a Dagster home of their own)
	$(BIN)/python -m pytest -n $(TEST_PROCESSES) --dist loadfile

test-all: setup  ## the tests, slow ones included
	$(BIN)/python -m pytest -m '' -n $(TEST_PROCESSES) --dist loadfile

# sqlfluff reads .sqlfluff and .sqlfluffignore (dbt's Jinja rendered by sqlfluff itself:
# no warehouse, no dbt parse). `$(BIN)/sqlfluff fix <file>` rewrites a file to the rules.
lint: setup  ## ruff over the Python code, sqlfluff over the dbt models, tests and docs/queries
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/sqlfluff lint dbt_project docs/queries

sql: setup  ## the DuckDB shell on the published warehouse, read-only, no access to other files
	$(BIN)/duckdb -readonly -cmd "set temp_directory = ''" -cmd .safe_mode $${WAREHOUSE_PATH:-warehouse/warehouse.duckdb}

docs: setup  ## the data dictionary (dbt docs) in dbt_project/target/docs/static_index.html
	$(BIN)/python -m pipelines.dictionary

bi: setup  ## the BI dashboard on http://127.0.0.1:8501, on the published warehouse
	$(BIN)/python bi/serve.py --server.address 127.0.0.1 --server.port 8501 \
	  --server.headless true --browser.gatherUsageStats false --client.toolbarMode minimal

bench: setup  ## benchmarks at national scale: generate data, time refreshes (not in CI; docs/performance.md)
	$(BIN)/python -m bench.run --sizes $(or $(SIZES),0.3,1,3) --out $(or $(BENCH_DIR),/tmp/bench)

# The operator's sentences (docs/translations.md): pybabel extracts every Message("...")
# and N_("...") of pipelines/ (babel.cfg) into a template, merges it into each language's
# .po (the file a translator edits; a changed English sentence comes back marked fuzzy,
# and is said in English until its translation is checked), then compiles the .mo files
# (not committed: without an up-to-date .mo, the .po is compiled in memory).
messages: setup  ## extract the operator's sentences into the catalogs (.po), then compile them
	$(BIN)/pybabel extract -F babel.cfg --add-location=file --sort-by-file --no-wrap \
	  --project=bp3mi-kpi-warehouse -o pipelines/locale/messages.pot pipelines
	$(BIN)/pybabel update -i pipelines/locale/messages.pot -d pipelines/locale -D messages \
	  --no-wrap --ignore-obsolete --ignore-pot-creation-date
	$(BIN)/pybabel compile -d pipelines/locale -D messages --statistics

# `dagster dev` warns that it is superseded by `dg dev` (package dagster-dg-cli). That
# package would bring a second CLI, its project scaffolding and some 20 more pinned
# packages for the one command; `dagster dev` is supported in Dagster 1.13 and runs the
# same webserver and daemon, so its warning is silenced here (docs/operations.md).
dev: setup $(DAGSTER_HOME)/dagster.yaml  ## Dagster's web UI on http://127.0.0.1:3000 (schedules run while it is up)
	PYTHONWARNINGS='ignore:Function `dev_command` is superseded' \
	  $(BIN)/dagster dev -m pipelines.definitions -h 127.0.0.1 -p 3000

lock:  ## re-pin requirements.lock from a fresh resolve of pyproject.toml
	rm -rf /tmp/lock-venv && $(PYTHON) -m venv /tmp/lock-venv
	/tmp/lock-venv/bin/pip install --quiet --upgrade pip
	/tmp/lock-venv/bin/pip install --quiet '.[dev]'
	( echo '# Exact versions of every package, direct and indirect (pip freeze of a working install).'; \
	  echo '# Regenerate: make lock'; \
	  /tmp/lock-venv/bin/pip freeze --all --exclude-editable | grep -v -e '^bp3mi-kpi-warehouse' -e '^pip==' ) > requirements.lock

clean:  ## remove the environment and the warehouse
	rm -rf $(VENV) warehouse .dagster_home
