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
# forked (the default on Linux) or plain (kernels started from scratch; the default elsewhere)
KERNELS ?=

.PHONY: book test bench pdf setup browser fonts clean update weekly rerun

# Set-up steps announce themselves with their elapsed time, like the build's own stages.
$(BIN)/.installed: requirements.txt pyproject.toml
	@echo "set-up: installing the pinned Python packages into $(VENV)"
	@start=$$(date +%s); \
	  $(PYTHON) -m venv $(VENV) && \
	  $(BIN)/pip install --quiet --upgrade pip && \
	  $(BIN)/pip install --quiet -r requirements.txt && \
	  $(BIN)/pip install --quiet --no-deps -e . && \
	  echo "set-up: Python packages ready in $$(( $$(date +%s) - start ))s"
	@touch $@

node_modules/.installed: package.json package-lock.json
	@echo "set-up: installing the chart libraries (npm ci)"
	@start=$$(date +%s); npm ci --no-audit --no-fund --loglevel=error && \
	  echo "set-up: chart libraries ready in $$(( $$(date +%s) - start ))s"
	@touch $@

setup: $(BIN)/.installed node_modules/.installed

book: setup
	$(BIN)/python -m llmecon.site.builder --data "$(DATA)" --out "$(OUT)" $(if $(AS_OF),--as-of $(AS_OF)) $(if $(JOBS),--jobs $(JOBS)) $(if $(KERNELS),--kernels $(KERNELS))

# Rerun one chapter with other parameters (see README, "Rerunning one chapter"): the values are checked
# before a kernel starts; the executed notebook and a page of it with the prose filled in go to $(OUT)/rerun.
rerun: setup
	@test -n "$(CHAPTER)" || { echo 'usage: make rerun CHAPTER=01 [ARGS="-p start 2023-01-01"] [DATA=dir]' >&2; exit 2; }
	@$(BIN)/python -m llmecon.site.rerun $(CHAPTER) --out "$(OUT)/rerun" $(if $(filter-out data,$(DATA)),-p data_dir "$(abspath $(DATA))") $(ARGS)

APT_INSTALL := DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq

# The browser tests drive Debian's chromium; install it when it is missing.
browser:
	@command -v chromium >/dev/null || { apt-get update -qq && $(APT_INSTALL) chromium; }

# Chinese quotes need CJK fonts: Noto Sans CJK for the screen, and WenQuanYi Zen Hei for paper, because
# Chromium embeds it in a PDF as a named TrueType font (Noto's CFF outlines become anonymous Type 3 glyphs).
# The PDF tests read fonts and text back with poppler's pdffonts and pdftotext. Install what is missing.
fonts:
	@fc-list :lang=zh family | grep -q "WenQuanYi Zen Hei" && fc-list :lang=zh family | grep -q "Noto Sans CJK" || { \
	  echo "installing Debian's CJK fonts (fonts-noto-cjk, fonts-wqy-zenhei)"; \
	  apt-get update -qq && $(APT_INSTALL) fonts-noto-cjk fonts-wqy-zenhei; }
	@command -v pdffonts >/dev/null || { apt-get update -qq && $(APT_INSTALL) poppler-utils; }

test: setup browser fonts
	LLMECON_TEST_DATA="$(if $(filter-out data,$(DATA)),$(abspath $(DATA)))" $(BIN)/python -m pytest

# The whole book as one PDF, charts as images (after building the site).
pdf: book browser fonts
	$(BIN)/python -m llmecon.site.pdf

# Build timings on this machine against the targets (see README, Development).
bench: setup
	$(BIN)/python -m llmecon.site.bench

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
	$(BIN)/python -m llmecon.site.weekly import --data "$(DATA)" --log "$(OUT)/logs/import.log"
	$(MAKE) book
