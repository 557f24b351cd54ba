# Two entry points do all set-up on a fresh Debian machine:
#   make serve  - install what the site needs, then serve it on http://127.0.0.1:8000
#   make test   - install what the tests need (Chromium too), strict build, whole test suite
# Installing twice is quick: each step is skipped when its stamp is newer than its inputs.

PYTHON   ?= python3
VENV     := .venv
BIN      := $(VENV)/bin
STAMP    := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export NO_MKDOCS_2_WARNING := 1

.PHONY: install chromium build serve test bench clean

install: $(STAMP)

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

chromium:
	@if [ -x $(CHROMIUM) ]; then echo "chromium: $$($(CHROMIUM) --version)"; else \
	  echo "Installing Debian's chromium (needs apt-get)"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core; \
	fi

build: install
	$(BIN)/mkdocs build --strict --clean

serve: install
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000

test: install chromium build
	$(BIN)/python -m pytest

clean:
	rm -rf site .pytest_cache

# Lighthouse (npm, exact version in package-lock.json) for the bench; reinstalled when the lock changes.
NODE_STAMP := node_modules/.installed

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Builds our site and a plain Material baseline, serves both, runs Lighthouse and in-page timings,
# writes bench/results.md and fails when a budget is missed (see bench/README.md).
bench: install chromium $(NODE_STAMP)
	CHROME_PATH=$(CHROMIUM) $(BIN)/python bench/run.py
