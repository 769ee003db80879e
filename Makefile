# Report site: Simplified (site/) and Traditional (site/zh-Hant/) from seeds/*.txt.
#   make site   – venv (if needed), Markdown from seeds, both sites with mkdocs build --strict
#   make serve  – live preview of both scripts at http://127.0.0.1:8000/ (繁體: /zh-Hant/)
#   make test   – ruff, mypy, pytest (including headless Chromium tests)
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
export PYTHONPATH := scripts

.PHONY: site docs serve test lint typecheck browser clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements.txt
	touch $@

$(DEV_STAMP): requirements-dev.txt $(STAMP)
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements-dev.txt
	touch $@

docs: $(STAMP)
	$(BIN)/python scripts/convert.py --seeds seeds --out docs/reports

# One mkdocs build makes both scripts: mkdocs.yml's post-build hook builds mkdocs.zh-Hant.yml
# into site/zh-Hant (Simplified first, so cleaning site/ never deletes the Traditional site).
site: docs
	$(BIN)/mkdocs build --strict --clean

serve: docs
	$(BIN)/mkdocs serve --strict

browser:
	@if [ -x "$(CHROMIUM)" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
	else \
	  echo "ERROR: $(CHROMIUM) is missing and cannot be installed here (needs root + apt-get)." >&2; \
	  echo "       Install Chromium (Debian: apt-get install chromium) or set CHROMIUM=/path." >&2; \
	  exit 1; \
	fi

lint: $(DEV_STAMP)
	$(BIN)/ruff check scripts tests

typecheck: $(DEV_STAMP)
	$(BIN)/mypy scripts

test: $(DEV_STAMP) docs browser lint typecheck
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest

clean:
	rm -rf site docs/reports .pytest_cache .mypy_cache .ruff_cache
