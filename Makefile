# Two commands do everything on a fresh Debian machine with Python 3.11:
#   make serve   venv + install + build the site from content/ + serve on http://localhost:8000
#   make test    the above plus test needs (Debian's chromium, node packages) + every test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
STRICT ?=
APT_GET := $(shell command -v sudo >/dev/null 2>&1 && [ "$$(id -u)" != 0 ] && echo sudo) apt-get

.PHONY: serve site test lint format bench clean install test-deps

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

# Debian's chromium for the browser tests, node + npm for lunr.js/axe-core; both by package
# name from Debian's registry. Skipped when already present.
test-deps: $(VENV)/.installed-test
	@command -v chromium >/dev/null 2>&1 && command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || \
	  ( $(APT_GET) update -qq && DEBIAN_FRONTEND=noninteractive $(APT_GET) install -y -qq chromium nodejs npm >/dev/null )
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
