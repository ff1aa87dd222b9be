# One entry point for people and CI.  `make example` builds the example reports,
# `make test` runs the tests; both install what they need first.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

# Debian packages WeasyPrint and the tests need: Pango for text layout, HarfBuzz's
# subsetter for small embedded fonts, the report fonts, and poppler for PDF checks.
DEB_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
                fonts-roboto-unhinted fonts-dejavu-core poppler-utils

.PHONY: example test lint bench system-deps clean

example: $(VENV)/.installed
	$(BIN)/sitrep build --all

test: $(VENV)/.installed
	$(BIN)/ruff check sitrep tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest

lint: $(VENV)/.installed
	$(BIN)/ruff check sitrep tests bench
	$(BIN)/mypy

bench: $(VENV)/.installed
	$(BIN)/python bench/run.py

$(VENV)/.installed: pyproject.toml | system-deps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

system-deps:
	@if command -v dpkg-query >/dev/null 2>&1; then \
	  missing=""; \
	  for p in $(DEB_PACKAGES); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	  done; \
	  if [ -n "$$missing" ]; then \
	    echo "Installing Debian packages:$$missing"; \
	    sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	    $$sudo apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing; \
	  fi; \
	else \
	  echo "Not a Debian system: install Pango, HarfBuzz (subset) and poppler yourself."; \
	fi

clean:
	rm -rf $(VENV) build dist *.egg-info bench/out
