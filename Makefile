# One entry point for people and CI.  `make example` builds the example reports,
# `make test` runs the tests; both install what they need first.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

# Debian packages WeasyPrint and the tests need: Pango for text layout, HarfBuzz's
# subsetter for small embedded fonts, the report fonts (Amiri for Arabic editions), and
# poppler for PDF checks.
DEB_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
                fonts-roboto-unhinted fonts-dejavu-core fonts-hosny-amiri poppler-utils

.PHONY: example test lint lock bench messages system-deps clean

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

# After changing a word in the code or the templates: extract the messages (babel.cfg says
# where from) and merge them into every catalogue; then translate what is new or fuzzy in
# sitrep/locale/*/LC_MESSAGES/sitrep.po (the catalogue test lists what is missing).
messages: $(VENV)/.installed
	$(BIN)/pybabel -q extract -F babel.cfg -k N_ -k _n:1,2 --no-location --sort-output \
	  --project sitrep --copyright-holder "sitrep developers" -o sitrep/locale/sitrep.pot .
	for po in sitrep/locale/*/LC_MESSAGES/sitrep.po; do \
	  lang=$$(basename $$(dirname $$(dirname $$po))); \
	  $(BIN)/pybabel -q update -D sitrep -d sitrep/locale -l $$lang -i sitrep/locale/sitrep.pot \
	    --no-wrap --ignore-obsolete; \
	done

# Everything Python comes from requirements-lock.txt, checked against its hashes: a new release
# of a dependency cannot change what sitrep writes.  sitrep itself is installed on top,
# without fetching anything (its build backend, setuptools, is in the lock too).
$(VENV)/.installed: requirements-lock.txt pyproject.toml | system-deps
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements-lock.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation --no-index -e .
	$(BIN)/pip check
	touch $@

# Refresh the lock after changing the dependencies in pyproject.toml, or to take new
# releases on purpose; then rebuild the example reports and review what changed.
# It uses the uv that the lock names (installed on its own when .venv does not have it yet).
lock:
	@test -x $(BIN)/uv || { $(PYTHON) -m venv $(VENV) && $(BIN)/pip install --quiet \
	  "uv==$$(sed -n 's/^uv==\([^ ]*\).*/\1/p' requirements-lock.txt)"; }
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --universal \
	  --python-version 3.11 --custom-compile-command "make lock" --quiet -o requirements-lock.txt

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
