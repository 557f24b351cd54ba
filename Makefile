# Two entry points do all set-up on a fresh Debian machine:
#   make serve  - install what the site needs (Python packages, esbuild), then serve it on http://127.0.0.1:8000
#   make test   - install what the tests need (Chromium, Node.js, Java, the HTML checker), lint, strict build, whole suite
# While working (CONTRIBUTING.md): make lint (seconds), make test-fast (under a minute).
# Installing twice is quick: each step is skipped when its stamp is newer than its inputs.

PYTHON   ?= python3
VENV     := .venv
BIN      := $(VENV)/bin
STAMP    := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium
WEBKIT_DRIVER := /usr/bin/WebKitWebDriver
# The whole suite on every core: a worker takes whole test files (--dist loadfile), so a module's
# own site build runs once; the default build is shared by all (tests/conftest.py, shared_build).
PYTEST_PARALLEL := -n auto --dist loadfile --durations=15
NODE_STAMP := node_modules/.installed
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export NO_MKDOCS_2_WARNING := 1

.PHONY: install system servers build serve test test-fast test-servers lint format html-check bench clean dist review-due

install: $(STAMP)

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

# Debian packages the tests and the bench run: Chromium (a new machine never has it), WebKitGTK's
# WebDriver with a virtual display (the WebKit tier: Safari's engine), and Node.js with npm (the
# HTML checker's package, Lighthouse) and Java (the HTML checker), installed only when missing.
system:
	@missing=""; \
	[ -x $(CHROMIUM) ] || missing="$$missing chromium fonts-dejavu-core"; \
	[ -x $(WEBKIT_DRIVER) ] || missing="$$missing webkit2gtk-driver"; \
	command -v xvfb-run >/dev/null && command -v xauth >/dev/null || missing="$$missing xvfb xauth"; \
	command -v npm >/dev/null || missing="$$missing nodejs npm"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing (needs apt-get)"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi; \
	echo "chromium: $$($(CHROMIUM) --version); webkit: $$(dpkg-query -W -f '$${Version}' webkit2gtk-driver); node: $$(node --version); java: $$(java -version 2>&1 | head -1)"

# The build runs esbuild (npm, pinned in package.json) on the site's scripts: npm ci first.
build: install $(NODE_STAMP)
	$(BIN)/mkdocs build --strict --clean

serve: install $(NODE_STAMP)
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000

# The strict build happens inside the suite, once (the session fixture `site`), not here too.
test: lint install system $(NODE_STAMP)
	$(BIN)/python -m pytest $(PYTEST_PARALLEL)

# The published-site tests against real nginx, Apache and Caddy with the configurations `make dist`
# writes (Debian's packages, installed when missing). make test uses the Python stand-in only.
test-servers: install system servers $(NODE_STAMP)
	PUBLISH_SERVERS=all $(BIN)/python -m pytest $(PYTEST_PARALLEL) tests/test_publish.py

servers:
	@[ -x /usr/sbin/nginx ] && [ -x /usr/sbin/apache2 ] && [ -x /usr/bin/caddy ] || \
	  { $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx-light apache2 caddy; }

# The fast tier: the tests marked `fast` (the pure modules, the data-file and definition checks,
# one browser smoke test, which builds the site strictly first).
test-fast: install system $(NODE_STAMP)
	$(BIN)/python -m pytest -m fast

# ruff (pinned in requirements.txt, settings in ruff.toml) on the Python, eslint (pinned in
# package.json, eslint.config.mjs) on the scripts. Silent when clean and installed, no network.
PY_SOURCES := macros tests bench publish
JS_SOURCES := overrides bench/lh-answers eslint.config.mjs
lint: install $(NODE_STAMP)
	$(BIN)/ruff check --quiet --output-format concise $(PY_SOURCES)
	node_modules/.bin/eslint $(JS_SOURCES)
	$(BIN)/ruff format --check --quiet --output-format concise $(PY_SOURCES)

# Apply ruff's formatting and its safe fixes (then read the diff before committing).
format: install
	$(BIN)/ruff format --quiet $(PY_SOURCES)
	$(BIN)/ruff check --fix --quiet $(PY_SOURCES)

clean:
	rm -rf site .pytest_cache dist

# One archive of the site built for the address readers will use, for an IT team to deploy:
# make dist SITE_URL=https://intranet.example/guides/after-the-no/  (README.md, Publish).
dist: install $(NODE_STAMP)
	@if [ -z "$(SITE_URL)" ]; then \
	  echo "make dist needs the address the guide will be published at, for example:"; \
	  echo "  make dist SITE_URL=https://intranet.example/guides/after-the-no/"; exit 2; fi
	$(BIN)/python publish/dist.py "$(SITE_URL)"

# The guidance pages whose review is due (last_reviewed in their front matter, plus the interval
# in macros/build_hooks/page_meta.py). Never fails: a due review is not a broken build.
review-due: install
	$(BIN)/python -m macros.build_hooks.review_due

# Node tools, exact versions in package-lock.json, reinstalled when the lock changes: esbuild for
# the build (it bundles and minifies the site's scripts; its platform binary comes as a package, so
# no install script is needed), eslint for make lint, the Nu HTML Checker (vnu-jar, run with the
# machine's Java; its script that would download a Java is skipped) for the tests, Lighthouse for
# the bench. Debian's npm only if missing.
$(NODE_STAMP): package.json package-lock.json
	command -v npm >/dev/null || $(MAKE) --no-print-directory system
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

# Only the HTML check (Nu HTML Checker over a fresh strict build; allowed errors in tests/html-allowed.yml).
html-check: install system $(NODE_STAMP)
	$(BIN)/python -m pytest tests/test_valid_html.py

# Builds our site and a plain Material baseline, serves both, runs Lighthouse and in-page timings,
# writes bench/results.md and fails when a budget is missed (see bench/README.md).
bench: install system $(NODE_STAMP)
	CHROME_PATH=$(CHROMIUM) $(BIN)/python bench/run.py
