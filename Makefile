# One command each for a fresh machine: `make run` (install, publish the bundled list, serve it)
# and `make test` (install, run the test suite). Everything installs into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LIST := examples/granted-projects-vasterbotten.pdf
STAMP := $(VENV)/.installed

.PHONY: install run publish test browser bench clean

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

# Browser tests need Debian's Chromium and ChromeDriver.
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
		(apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null)

test: install browser
	$(BIN)/pytest

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) publish build dist
