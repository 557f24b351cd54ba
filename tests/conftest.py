"""Shared fixtures: the site is built and served once per test run, with one Chromium.

Every test page is watched. The test fails at teardown if the page sent a request to another
host, threw an uncaught error, left a promise rejection unhandled, or wrote any error to the
console (a component that failed to start, a Content-Security-Policy block), except the messages
in CONSOLE_ALLOWED, each with its reason. A test that provokes an error on purpose says which
with `watch.expect(pattern)`.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlparse

import pytest

# The toolkit shared with the bench; re-exported here for the tests that import it from conftest.
from kit import CHROMIUM, ROOT, build_site, chromium_options, free_port, serve

IN_CI = os.environ.get("CI", "").lower() == "true"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

# Console errors that are not a fault of the page under test, each with its reason. Empty today:
# every page of the site loads without one. Add an entry only with the reason it is harmless.
CONSOLE_ALLOWED: dict[str, str] = {}


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


class Site:
    server = "python"  # what serves it: tests/test_publish.py also runs nginx, Apache and Caddy

    def __init__(self, url: str, dir: Path) -> None:
        self.url, self.dir = url, dir

    def page_paths(self) -> list[str]:
        """Every page in the sitemap, as a path relative to the site root ('' is home)."""
        ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
        tree = ET.parse(self.dir / "sitemap.xml")
        return [loc.text[len(self.url) :] for loc in tree.findall(".//s:loc", ns)]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(**chromium_options())
        yield browser
        browser.close()


class PageWatch:
    """What a page did that a reader must never suffer: other hosts, script errors, CSP blocks."""

    def __init__(self, own_host: str) -> None:
        self.own_host = own_host
        self.foreign: list[str] = []
        self.errors: list[str] = []
        self.expected: list[re.Pattern] = []

    def attach(self, page) -> None:
        page.on("request", self._on_request)
        # Playwright reports unhandled promise rejections as page errors too.
        page.on("pageerror", lambda error: self._record(f"uncaught: {error}", str(error)))
        page.on("console", self._on_console)

    def expect(self, pattern: str) -> None:
        """This test provokes errors matching `pattern` (a regular expression) on purpose."""
        self.expected.append(re.compile(pattern))

    def _on_request(self, request) -> None:
        parsed = urlparse(request.url)
        if parsed.scheme in ("data", "blob", "about"):
            return
        if parsed.netloc != self.own_host:
            self.foreign.append(request.url)

    def _on_console(self, message) -> None:
        if message.type != "error":
            return
        text = message.text
        if any(re.search(pattern, text) for pattern in CONSOLE_ALLOWED):
            return
        label = "CSP" if "Content Security Policy" in text else "console error"
        where = message.location.get("url", "")
        self._record(f"{label}: {text}" + (f" (at {where})" if where else ""), text)

    def _record(self, line: str, text: str) -> None:
        if not any(pattern.search(text) for pattern in self.expected):
            self.errors.append(line)

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
    """Open more tabs in the same context, watched like `page` (checked when the test ends)."""

    def opener(ctx=None):
        tab = (ctx or context).new_page()
        watch.attach(tab)
        return tab

    yield opener
    watch.check()


@pytest.fixture
def clipboard_page(browser, site, watch):
    """A watched tab whose page may read and write the clipboard (Copy as text)."""
    ctx = browser.new_context(base_url=site.url, permissions=["clipboard-read", "clipboard-write"])
    tab = ctx.new_page()
    watch.attach(tab)
    yield tab
    watch.check()
    ctx.close()


# The guide proper, in reading order: the pages whose length a reader feels (tools excluded).
GUIDE = [
    "",
    "first-days/",
    "ask-for-feedback/",
    "talk-with-your-manager/",
    "take-stock/",
    "make-a-plan/",
    "when-feedback-cant-be-acted-on/",
    "stories/",
    "for-managers/",
    "privacy/",
]


@functools.cache
def _axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def assert_accessible(page, label: str = "") -> None:
    """Run axe-core (WCAG 2.2 A and AA rules) and fail with one readable line per problem.
    Colors are judged with transitions run to their end: mid-fade (a button taking focus, a
    palette switch) axe would measure a mix of two colors no reader stops on. Finished rather
    than awaited, so an animation the browser holds (off screen, paused) cannot hang a test."""
    page.evaluate("""() => document.getAnimations()
        .filter((a) => a.effect?.getComputedTiming().endTime !== Infinity)
        .forEach((a) => a.finish())""")
    results = _axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    violations = results.response["violations"]
    lines = []
    for v in violations:
        for node in v["nodes"]:
            lines.append(
                f"- {v['id']} ({v['impact']}): {v['help']}\n    at {node['target']}\n"
                f"    {node.get('failureSummary', '').splitlines()[-1:] or ''}"
            )
    where = label or page.url
    assert not violations, f"axe found {len(lines)} problem(s) on {where}:\n" + "\n".join(lines)


@pytest.fixture(scope="session")
def project_copy(tmp_path_factory):
    """Make a throwaway copy of the project's sources (not the venv) to break on purpose. It shares
    this checkout's node_modules (esbuild builds the scripts)."""

    def make() -> Path:
        dest = tmp_path_factory.mktemp("project")
        for name in ("mkdocs.yml", "CHANGELOG.md", "docs", "macros", "overrides", "data"):
            src = ROOT / name
            (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / name)
        (dest / "node_modules").symlink_to(ROOT / "node_modules")
        return dest

    return make
