# Two commands on a fresh machine with Python 3.11:
#   make serve   — set up, build the validated graph and serve it at http://127.0.0.1:8000
#   make test    — set up and run the test suite (what .ci/run runs)
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Front-end libraries (YASGUI for the SPARQL editor, Cytoscape.js for graph views, Swagger UI for /docs; pinned in
# package.json/lock): npm installs it, only its
# built files are copied to the git-ignored api/static/vendor/; without npm the editor is the plain form.
NPM        := $(shell command -v npm 2>/dev/null)
NODE_STAMP := node_modules/.vnqi-installed
YASGUI     := node_modules/@zazuko/yasgui/build
VENDOR     := api/static/vendor/yasgui
CYTOSCAPE  := api/static/vendor/cytoscape/cytoscape.min.js
SWAGGER    := api/static/vendor/swagger-ui
VENDORED   := $(VENDOR)/yasgui.min.js $(VENDOR)/yasgui.min.css $(CYTOSCAPE) $(SWAGGER)/swagger-ui-bundle.js \
              $(SWAGGER)/swagger-ui.css

.PHONY: serve build test test-all setup vendor system clean

serve: setup
	-bash tools/system-packages.sh serve
	$(BIN)/vnqi build
	$(BIN)/vnqi serve --host 127.0.0.1 --port 8000

build: setup
	$(BIN)/vnqi build

# The tests also start real Chromium and Virtuoso: tools/system-packages.sh installs them (Debian, as root).
test: setup system
	VNQI_REQUIRE_SYSTEM=1 $(BIN)/python -m pytest

test-all: setup system
	VNQI_REQUIRE_SYSTEM=1 $(BIN)/python -m pytest -m ''

system:
	bash tools/system-packages.sh

setup: $(STAMP) vendor

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

ifeq ($(NPM),)
vendor:
	@echo "note: npm not found: the SPARQL editor is served as the plain form (install Node.js and npm, then make setup)"
else
vendor: $(VENDORED)

$(NODE_STAMP): package.json package-lock.json
	$(NPM) ci --no-audit --no-fund --ignore-scripts
	touch $(NODE_STAMP)

$(VENDOR)/%: $(NODE_STAMP)
	mkdir -p $(VENDOR)
	cp $(YASGUI)/$* $@

$(CYTOSCAPE): $(NODE_STAMP)
	mkdir -p $(dir $@)
	cp node_modules/cytoscape/dist/cytoscape.min.js $@

$(SWAGGER)/%: $(NODE_STAMP)
	mkdir -p $(SWAGGER)
	cp node_modules/swagger-ui-dist/$* $@
endif

clean:
	rm -rf $(VENV) var node_modules api/static/vendor
