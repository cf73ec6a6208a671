# Two commands do everything on a fresh Debian machine with Python 3.11:
#   make serve   venv + install + build the site from content/ + serve on http://localhost:8000
#   make test    the above plus test needs (Debian's chromium, node packages) + every test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
STRICT ?=

.PHONY: serve site test lint format bench clean install test-deps system-deps

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

site: $(VENV)/.installed
	KAMERVRAGEN_STRICT=$(STRICT) $(BIN)/pelican content -s pelicanconf.py -o output

serve: site
	$(BIN)/pelican --listen --port $(PORT) -s pelicanconf.py -o output

# Chromium for the browser tests, Node.js >= 18 with npm for lunr.js/axe-core: only what is
# missing, each on its own, from Debian's packages; an existing Node.js is used as it is.
# tools/test-deps.sh says what is missing and how to install it when it cannot.
system-deps:
	@bash tools/test-deps.sh

test-deps: $(VENV)/.installed-test system-deps
	@[ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund --silent

test: test-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	KAMERVRAGEN_STRICT=1 $(BIN)/pelican content -s pelicanconf.py -o output
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(VENV)/.installed
	$(BIN)/python bench/run.py

clean:
	rm -rf output cache bench/out
