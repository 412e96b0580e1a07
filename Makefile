# Two commands set up a fresh machine: `make run` (ingest the bundled report, serve it) and
# `make test`. Both create the virtual environment when it is missing.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8080
REPORTS ?= reports
# IRIs are minted under BASE_IRI at ingest: by default this server's own address, so every IRI,
# CSV cell and download URL resolves here. For a public deployment set the public address.
BASE_IRI ?= http://$(HOST):$(PORT)/
# One store per base IRI: a report ingested under another base would keep its old graph.
STORE ?= data/$(shell printf '%s' '$(BASE_IRI)' | tr -c 'A-Za-z0-9' '_')
RUN_ENV := COOPGRAPH_BASE_IRI='$(BASE_IRI)' COOPGRAPH_STORE='$(STORE)'

.PHONY: run ingest test lint typecheck bench clean translations screenshots

$(BIN)/coopgraph: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

ingest: $(BIN)/coopgraph
	$(RUN_ENV) $(BIN)/coopgraph ingest $(REPORTS)

run: ingest
	$(RUN_ENV) $(BIN)/coopgraph serve --host $(HOST) --port $(PORT) --reports $(REPORTS)

# After adding or changing an interface string: extract, merge into both catalogues, translate the
# new entries in server/translations/{ru,en}/LC_MESSAGES/messages.po, then run this again to compile.
translations: $(BIN)/coopgraph
	$(BIN)/pybabel extract --no-location --sort-output -F server/babel.cfg -k lazy_gettext -k lazy_ngettext:1,2 -k lazy_pgettext:1c,2 -o server/translations/messages.pot server
	$(BIN)/pybabel update --ignore-obsolete -i server/translations/messages.pot -d server/translations
	$(BIN)/pybabel compile -d server/translations

lint: $(BIN)/coopgraph
	$(BIN)/ruff check .

# Types: the whole package, strict on the store, the format registry, the settings and the ingest
# records (pyproject.toml).
typecheck: $(BIN)/coopgraph
	$(BIN)/mypy -p coopgraph

test: lint typecheck
	OPENBLAS_NUM_THREADS=1 $(BIN)/python -m pytest

# The README's screenshots come from the browser suite (which writes test-artifacts/, git-ignored):
# run it, then copy the chosen ones into docs/screenshots/ (committed, so the README shows them).
SCREENSHOTS := site/events-ru.png site/search-ru.png site/regions-ru.png site/review-ru.png \
	site/organisation-en.png site/editor-en.png
screenshots: $(BIN)/coopgraph
	OPENBLAS_NUM_THREADS=1 $(BIN)/python -m pytest -q tests/server/test_site_browser.py
	mkdir -p docs/screenshots
	for shot in $(SCREENSHOTS); do cp test-artifacts/$$shot docs/screenshots/; done

bench: $(BIN)/coopgraph
	$(BIN)/python bench/ingest_bench.py

clean:
	rm -rf $(VENV) data build *.egg-info
