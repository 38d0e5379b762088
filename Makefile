# Aegis: the two set-up commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# Reinstall when the project's dependency list changes.
STAMP := $(VENV)/.installed-$(shell sha256sum pyproject.toml | cut -c1-12)
# Debian packages the tests need: poppler (pdftoppm/pdftotext render and read PDFs back), qpdf
# (structure checks) and the fonts Aegis embeds (DejaVu, Droid Sans Fallback for CJK).
# Browser tests: Debian's chromium (driven by pip's playwright; never `playwright install`).
APT_PACKAGES := poppler-utils qpdf fonts-dejavu-core fonts-droid-fallback chromium chromium-driver postgresql
# The paperwork benchmark compares with pdftk (pdftk-java).
BENCH_APT_PACKAGES := $(APT_PACKAGES) pdftk-java

.PHONY: run test bench lint-rules schema apt clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

apt:
	@missing=""; for p in $(or $(PACKAGES),$(APT_PACKAGES)); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing) \
	  || { echo "could not install$$missing (needs root and the Debian mirror)"; exit 1; }; \
	fi

# The web app on http://127.0.0.1:8000 with the bundled rules (AEGIS_* variables configure it; see README).
run: $(STAMP)
	$(BIN)/aegis rules lint > /dev/null
	mkdir -p var
	$(BIN)/aegis serve --host 127.0.0.1 --port 8000

# axe-core (npm) checks every page for accessibility in the browser tests.
node_modules/axe-core/axe.min.js: package.json
	npm install --no-audit --no-fund --silent
	touch $@

test: $(STAMP) apt node_modules/axe-core/axe.min.js
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(MAKE) apt PACKAGES="$(BENCH_APT_PACKAGES)"
	$(BIN)/python bench/engine.py
	$(BIN)/python bench/paperwork.py
	$(BIN)/python bench/web.py

lint-rules: $(STAMP)
	$(BIN)/aegis rules lint

schema: $(STAMP)
	$(BIN)/aegis rules schema > rules/schema.json

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis node_modules
