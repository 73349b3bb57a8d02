# One command each for a fresh machine: `make run` (install, publish the bundled list, serve it)
# and `make test` (install, run the test suite). Everything installs into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LIST := examples/granted-projects-vasterbotten.pdf
STAMP := $(VENV)/.installed

.PHONY: install run publish test system browser static bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $@

install: $(STAMP)

publish: install
	$(BIN)/fundgraph publish $(LIST)

run: publish
	$(BIN)/fundgraph serve publish

# The tests need Debian packages: Chromium and ChromeDriver (browser tests), LibreOffice Calc and Writer
# (lists made the way regions make them), qpdf (PDF excerpts) and Virtuoso 7 (an external store).
# Each is installed only when dpkg does not have it yet.
DEBIAN_PACKAGES := chromium chromium-driver libreoffice-calc libreoffice-writer qpdf virtuoso-opensource
APT := DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600
system:
	@missing=""; for pkg in $(DEBIAN_PACKAGES); do \
		dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	if [ -n "$$missing" ]; then echo "installing Debian packages:$$missing"; \
		$(APT) update -qq && $(APT) install -y -qq $$missing >/dev/null; fi

# Browser tests need axe-core from npm (node_modules/) besides Chromium.
browser: system node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || ($(APT) update -qq && $(APT) install -y -qq npm >/dev/null)
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error

# The SPARQL editor (YASGUI) is committed under static/vendor so the package works offline;
# `make static` refreshes it from the version pinned in package-lock.json.
VENDOR := src/fundgraph/serve/static/vendor
static: node_modules/.package-lock.json
	mkdir -p $(VENDOR)/yasgui
	cp node_modules/@zazuko/yasgui/build/yasgui.min.css $(VENDOR)/yasgui/
	sed '/^\/\/# sourceMappingURL=/d' node_modules/@zazuko/yasgui/build/yasgui.min.js > $(VENDOR)/yasgui/yasgui.min.js
	node -p 'require("@zazuko/yasgui/package.json").version' > $(VENDOR)/yasgui/VERSION

test: install browser
	$(BIN)/pytest

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) publish build dist node_modules
