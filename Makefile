# Two entry points for a fresh machine: `make seeds` (install, then audit seeds/) and
# `make test` (install, then lint, type-check and run the tests).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install seeds test lint clean

install: $(STAMP)

# torch is installed first, pinned, so that the local CPU wheel is used (a looser requirement
# resolved first would pull several GB of CUDA packages).
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q torch==2.13.0
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

seeds: install
	$(BIN)/audit batch seeds/manifest.csv --out reports

lint: install
	$(BIN)/ruff check audit tests
	$(BIN)/mypy audit

test: lint
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) reports/*.csv reports/*.xlsx reports/*.html reports/*.json
