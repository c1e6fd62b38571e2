# binakerja — one command per chore. `make run` and `make test` set everything up themselves.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export PYTHONDONTWRITEBYTECODE := 1
PYTEST_WORKERS ?= 2

.PHONY: run test test-fast lint format bench bench-quality install browser interop clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# CPU build of torch first, so sentence-transformers never pulls a CUDA build.
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

# Debian's Chromium for browser tests (Playwright's own browser download cannot work offline).
browser:
	@if ! command -v chromium >/dev/null 2>&1; then \
		echo "installing Debian chromium for browser tests"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) \
		|| echo "warning: could not install chromium; browser tests will be skipped"; \
	fi

# Node (Debian's) and the independent credential verifier's npm packages, exactly as pinned in
# tests/interop/package-lock.json (tests/interop/test_standard_verifier.py runs them).
INTEROP := tests/interop
$(INTEROP)/node_modules/.installed: $(INTEROP)/package.json $(INTEROP)/package-lock.json
	@if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then \
		echo "installing Debian nodejs and npm for the independent credential verifier"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; \
	fi
	cd $(INTEROP) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

interop: $(INTEROP)/node_modules/.installed

run: $(STAMP)
	$(VENV)/bin/binakerja serve

test: $(STAMP) browser interop
	$(PY) -m pytest -n $(PYTEST_WORKERS) -q

test-fast: $(STAMP)
	$(PY) -m pytest -q -x tests/unit

# ruff (lint + format), the import-linter contracts of DESIGN.md §2 and mypy --strict, all from pyproject.toml.
lint: $(STAMP)
	$(VENV)/bin/ruff check api matcher certification models tests bench
	$(VENV)/bin/ruff format --check api matcher certification models tests bench
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/mypy

format: $(STAMP)
	$(VENV)/bin/ruff format api matcher certification models tests bench

bench-quality: $(STAMP)
	$(PY) -m bench.quality

bench: $(STAMP)
	$(PY) -m bench.quality
	$(PY) -m bench.scale

clean:
	rm -rf .binakerja .pytest_cache
