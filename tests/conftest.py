"""Shared fixtures: the site is built and served once per test run, with one Chromium.

Every test page records its requests and fails the test if any goes to another host, if a
script throws, or if the Content-Security-Policy blocks something.
"""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").lower() == "true"
# Flags that work on these machines; the last one stops Chromium's own calls to other hosts,
# which Playwright's request log would never show.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build_site(project: Path, out: Path, site_url: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        # Never --quiet: it hides the warnings that --strict counts, so a broken link would pass.
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
        cwd=project, env=env, capture_output=True, text=True, timeout=300,
    )


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".mjs": "text/javascript", ".js": "text/javascript"}

    def log_message(self, *args) -> None:  # keep test output readable
        pass


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The built site, served on a free 127.0.0.1 port: yields an object with url and dir."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    out = tmp_path_factory.mktemp("site")
    result = build_site(ROOT, out, url)
    assert result.returncode == 0, f"strict build failed:\n{result.stdout}\n{result.stderr}"
    server = serve(out, port)
    yield Site(url=url, dir=out)
    server.shutdown()


def serve(directory: Path, port: int) -> http.server.ThreadingHTTPServer:
    """Serve a built site on 127.0.0.1:port in a background thread; call .shutdown() to stop."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class Site:
    def __init__(self, url: str, dir: Path) -> None:
        self.url, self.dir = url, dir

    def page_paths(self) -> list[str]:
        """Every page in the sitemap, as a path relative to the site root ('' is home)."""
        ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
        tree = ET.parse(self.dir / "sitemap.xml")
        return [loc.text[len(self.url):] for loc in tree.findall(".//s:loc", ns)]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


class PageWatch:
    """What a page did that a reader must never suffer: other hosts, script errors, CSP blocks."""

    def __init__(self, own_host: str) -> None:
        self.own_host = own_host
        self.foreign: list[str] = []
        self.errors: list[str] = []

    def attach(self, page) -> None:
        page.on("request", self._on_request)
        page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))
        page.on("console", self._on_console)

    def _on_request(self, request) -> None:
        parsed = urlparse(request.url)
        if parsed.scheme in ("data", "blob", "about"):
            return
        if parsed.netloc != self.own_host:
            self.foreign.append(request.url)

    def _on_console(self, message) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self.errors.append(f"CSP: {message.text}")

    def check(self) -> None:
        assert not self.foreign, "requests to other hosts:\n" + "\n".join(self.foreign)
        assert not self.errors, "page errors:\n" + "\n".join(self.errors)


@pytest.fixture
def context(browser, site):
    ctx = browser.new_context(base_url=site.url, viewport={"width": 1280, "height": 900})
    yield ctx
    ctx.close()


@pytest.fixture
def watch(site):
    return PageWatch(urlparse(site.url).netloc)


@pytest.fixture
def page(context, watch):
    """A fresh tab that fails the test on any request to another host or any script error."""
    tab = context.new_page()
    watch.attach(tab)
    yield tab
    watch.check()


@pytest.fixture
def new_watched_page(context, watch):
    """Open more tabs in the same context, watched like `page`."""
    def opener(ctx=None):
        tab = (ctx or context).new_page()
        watch.attach(tab)
        return tab
    return opener


@functools.cache
def _axe():
    from axe_playwright_python.sync_playwright import Axe
    return Axe()


def assert_accessible(page, label: str = "") -> None:
    """Run axe-core (WCAG 2.2 A and AA rules) and fail with one readable line per problem."""
    results = _axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    violations = results.response["violations"]
    lines = []
    for v in violations:
        for node in v["nodes"]:
            lines.append(f"- {v['id']} ({v['impact']}): {v['help']}\n    at {node['target']}\n"
                         f"    {node.get('failureSummary', '').splitlines()[-1:] or ''}")
    where = label or page.url
    assert not violations, f"axe found {len(lines)} problem(s) on {where}:\n" + "\n".join(lines)


@pytest.fixture(scope="session")
def project_copy(tmp_path_factory):
    """Make a throwaway copy of the project's sources (not the venv) to break on purpose."""
    def make() -> Path:
        dest = tmp_path_factory.mktemp("project")
        for name in ("mkdocs.yml", "docs", "macros", "overrides", "data"):
            src = ROOT / name
            (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / name)
        return dest
    return make
