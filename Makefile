# Two commands on a fresh machine with Python 3.11:
#   make serve   — set up, build the validated graph and serve it at http://127.0.0.1:8000
#   make test    — set up and run the test suite (what .ci/run runs)
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: serve build test test-all setup clean

serve: setup
	$(BIN)/vnqi build
	$(BIN)/vnqi serve --host 127.0.0.1 --port 8000

build: setup
	$(BIN)/vnqi build

test: setup
	$(BIN)/python -m pytest

test-all: setup
	$(BIN)/python -m pytest -m ''

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) var
