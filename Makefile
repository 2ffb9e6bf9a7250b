# Two entry points for a fresh machine: `make seeds` (install, then audit seeds/) and
# `make test` (install, then lint, type-check, install Chromium and Calc, run the tests; the
# Ray tests start their own two-node cluster inside a network namespace, which needs root).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: install install-dev seeds test lint browser calc clean

# `install`: what an audit needs (the package and its runtime dependencies); `install-dev`: that
# and the test, lint, Ray and translation packages (the `dev`, `ray` and `multilingual` extras),
# for `make test` and CI (the tests of translations fail, not skip, without the multilingual one).
install: $(STAMP)
install-dev: $(DEV_STAMP)

# torch is installed first, pinned, so that the local CPU wheel is used (a looser requirement
# resolved first would pull several GB of CUDA packages).
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q torch==2.13.0
	$(BIN)/python -m pip install -q -e .
	touch $(STAMP)

$(DEV_STAMP): $(STAMP)
	$(BIN)/python -m pip install -q -e '.[dev,ray,multilingual]'
	touch $(DEV_STAMP)

seeds: install
	$(BIN)/audit batch seeds/manifest.csv --out reports --format csv,xlsx,html,json

lint: install-dev
	$(BIN)/ruff check audit tests benchmarks
	$(BIN)/ruff format --check audit tests benchmarks
	$(BIN)/mypy audit

# Headless Chromium and its WebDriver for the HTML report tests (Debian packages `chromium`,
# `chromium-driver`), LibreOffice Calc for the spreadsheet tests (`libreoffice-calc`); each does
# nothing when already on the PATH. The tests fail instead of skipping under make test.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

browser:
	command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1 || \
		($(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium chromium-driver)

calc:
	command -v soffice >/dev/null 2>&1 || \
		($(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q libreoffice-calc)

test: lint browser calc
	AUDIT_REQUIRE_BROWSER=1 AUDIT_REQUIRE_CALC=1 AUDIT_REQUIRE_RAY=1 AUDIT_REQUIRE_MULTILINGUAL=1 \
		$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) reports/*.csv reports/*.xlsx reports/*.html reports/*.json
