# The two commands: `make book` builds the site into _build/html; `make test` runs the tests.
# Each sets itself up on a fresh machine (virtual environment, pinned packages, chart libraries).
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := book

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DATA ?= data
OUT ?= _build
AS_OF ?=
JOBS ?=

.PHONY: book test bench pdf setup browser clean update weekly

$(BIN)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(BIN)/.installed node_modules/.installed

book: setup
	$(BIN)/python -m llmecon.build --data "$(DATA)" --out "$(OUT)" $(if $(AS_OF),--as-of $(AS_OF)) $(if $(JOBS),--jobs $(JOBS))

# The browser tests drive Debian's chromium; install it when it is missing.
browser:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

test: setup browser
	LLMECON_TEST_DATA="$(if $(filter-out data,$(DATA)),$(abspath $(DATA)))" $(BIN)/python -m pytest

# The whole book as one PDF, charts as images (after building the site).
pdf: book browser
	$(BIN)/python -m llmecon.pdf

# Build timings on this machine against the targets (see README, Development).
bench: setup
	$(BIN)/python -m llmecon.bench

# Import new observations into $(DATA) (see README, "Updating the data"): SRC is files, folders or URLs;
# IMPORT_ARGS passes options, e.g. IMPORT_ARGS="--retrieved 2026-01-26 --dry-run".
update: $(BIN)/.installed
	@test -n "$(SRC)" || { echo 'usage: make update SRC="file, folder or URL ..." [DATA=dir] [IMPORT_ARGS=...]' >&2; exit 2; }
	$(BIN)/python -m llmecon.importers $(SRC) --data "$(DATA)" $(IMPORT_ARGS)

clean:
	rm -rf $(OUT)

# The scheduled rebuild as CI runs it, on this machine: import the upstream catalogues into $(DATA)
# (revisions applied and kept, bad rows listed), then build (see README, "Scheduled rebuilds in CI").
weekly: setup
	$(BIN)/python -m llmecon.weekly import --data "$(DATA)" --log "$(OUT)/logs/import.log"
	$(MAKE) book
