"""Shared fixtures: the site is built and served once per test run, with one Chromium.

Every test page is watched. The test fails at teardown if the page sent a request to another
host, threw an uncaught error, left a promise rejection unhandled, or wrote any error to the
console (a component that failed to start, a Content-Security-Policy block), except the messages
in CONSOLE_ALLOWED, each with its reason. A test that provokes an error on purpose says which
with `watch.expect(pattern)`.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlparse

import pytest

import realservers
import webkitkit

# The toolkit shared with the bench; re-exported here for the tests that import it from conftest.
from kit import (  # noqa: F401  (build_site, free_port and serve: re-exported for the tests)
    CHROMIUM,
    ROOT,
    StaticServer,
    build_site,
    chromium_options,
    free_port,
    reserve_shared_port,
    serve,
)

IN_CI = os.environ.get("CI", "").lower() == "true"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

# Console errors that are not a fault of the page under test, each with its reason. Empty today:
# every page of the site loads without one. Add an entry only with the reason it is harmless.
CONSOLE_ALLOWED: dict[str, str] = {}


# The run: builds counted, real servers chosen, nothing skipped in CI -------------------------------

REAL_SERVERS = ("nginx", "apache", "caddy")


def pytest_configure(config) -> None:
    """The controller names a file every worker's builds are logged to (kit.build_site)."""
    if not os.environ.get("PYTEST_XDIST_WORKER") and not os.environ.get("ATN_BUILD_LOG"):
        log = Path(tempfile.mkstemp(prefix="atn-builds-", suffix=".log")[1])
        os.environ["ATN_BUILD_LOG"] = str(log)
        config._atn_build_log = log


def pytest_terminal_summary(terminalreporter, config) -> None:
    log = getattr(config, "_atn_build_log", None)
    if log and log.exists():
        builds = log.read_text(encoding="utf-8").splitlines()
        terminalreporter.write_line(f"site builds this run: {len(builds)}")
        log.unlink()


def pytest_collection_modifyitems(config, items) -> None:
    """`make test` serves the published site with the Python stand-in and syntax-checks with the
    servers installed; `make test-servers` (PUBLISH_SERVERS=all) runs nginx, Apache and Caddy too.
    Left-out items are deselected, never skipped: a skip in CI is a failure."""
    if os.environ.get("PUBLISH_SERVERS") == "all":
        return
    keep, drop = [], []
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        serving = params.get("site") in REAL_SERVERS
        unchecked = params.get("server") in REAL_SERVERS and not realservers.installed(params["server"])
        (drop if serving or unchecked else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI (CI=true) a skip is a failure: a missing browser, server or checker must be installed."""
    report = yield
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, where everything must run: {reason}"
    return report


@pytest.fixture(scope="session")
def site(shared_build):
    """The built site, served on 127.0.0.1: yields an object with url and dir. Built once per run
    (shared by every pytest-xdist worker, see shared_build) for the port each worker serves it on."""
    built = shared_build("default")
    server = built.serve()
    yield Site(url=built.url, dir=built.dir)
    built.stop_serving(server)


@pytest.fixture(scope="session")
def shared_build(tmp_path_factory):
    """Build a variant of the site once per run, whichever worker asks first: `shared_build(name,
    prepare=None)` returns a SharedBuild (url, dir, serve()). `prepare(project)` edits a throwaway
    copy of the sources before the build (an organization, reworded strings). The first worker
    builds under a file lock in the run's folder; the others wait, then reuse the folder. Each
    serves it on the port it was built for (SO_REUSEPORT): Material's instant navigation needs
    the build's site_url to be the address the browser sees."""
    run_dir = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):  # each worker's base is <run>/popen-gw<N>: share <run>
        run_dir = run_dir.parent
    return functools.partial(SharedBuild.get, run_dir / "builds", copy_project=lambda: _copy_project(tmp_path_factory))


class SharedBuild:
    def __init__(self, url: str, dir: Path) -> None:
        self.url, self.dir = url, Path(dir)

    @property
    def port(self) -> int:
        return urlparse(self.url).port

    def serve(self) -> StaticServer:
        self._serving.mkdir(exist_ok=True)
        (self._serving / str(os.getpid())).touch()
        return StaticServer(self.dir, self.port, shared_port=True).start()

    def stop_serving(self, server: StaticServer, wait_s: float = 600) -> None:
        """Stop once every worker serving this port is done: the kernel resets the connections
        queued on a listening socket that closes, so a worker that finished first would break
        the page loads of the others (ERR_CONNECTION_RESET) if it closed its socket at once."""
        (self._serving / str(os.getpid())).unlink(missing_ok=True)
        deadline = time.monotonic() + wait_s
        while any(_alive(int(mark.name)) for mark in self._serving.iterdir()) and time.monotonic() < deadline:
            time.sleep(0.2)
        server.shutdown()

    @property
    def _serving(self) -> Path:
        return self.dir.with_name(self.dir.name + ".serving")

    @classmethod
    def get(cls, builds: Path, variant: str, prepare=None, copy_project=None) -> SharedBuild:
        from filelock import FileLock

        builds.mkdir(parents=True, exist_ok=True)
        record = builds / f"{variant}.json"
        with FileLock(builds / f"{variant}.lock"):
            if not record.exists():
                record.write_text(json.dumps(cls._build(builds / variant, prepare, copy_project)), encoding="utf-8")
        built = json.loads(record.read_text(encoding="utf-8"))
        assert built["ok"], f"strict build of the {variant!r} site failed:\n{built['output']}"
        return cls(built["url"], built["dir"])

    @staticmethod
    def _build(out: Path, prepare, copy_project) -> dict:
        project = ROOT
        if prepare is not None:
            project = copy_project()
            prepare(project)
        url = f"http://127.0.0.1:{reserve_shared_port()}/"  # held by this worker until it exits
        result = build_site(project, out, url)
        return {
            "ok": result.returncode == 0,
            "url": url,
            "dir": str(out),
            "output": f"{result.stdout}\n{result.stderr}",
        }


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


class Site:
    server = "python"  # what serves it: tests/test_publish.py also runs nginx, Apache and Caddy

    def __init__(self, url: str, dir: Path) -> None:
        self.url, self.dir = url, dir

    def page_paths(self) -> list[str]:
        """Every page in the sitemap, as a path relative to the site root ('' is home)."""
        ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
        tree = ET.parse(self.dir / "sitemap.xml")
        return [loc.text[len(self.url) :] for loc in tree.findall(".//s:loc", ns)]


def _block_service_workers_unless_asked(browser) -> None:
    """The offline worker precaches the whole release (a few MB) on a page's first visit and
    claims open pages, which evicts them from the back-forward cache: a test context runs it only
    when it asks (`service_workers="allow"`, or the `service_workers` marker for `context`)."""
    new_context = browser.new_context

    def blocking(**options):
        options.setdefault("service_workers", "block")
        return new_context(**options)

    browser.new_context = blocking


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
        _block_service_workers_unless_asked(browser)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def webkit_display():
    """Xvfb for the WebKit tier (tests/webkitkit.py): missing is a skip here, a failure in CI."""
    missing = [str(p) for p in (webkitkit.WEBKIT_DRIVER, webkitkit.XVFB) if not p.exists()]
    if missing:
        message = f"{', '.join(missing)} missing: run `make test`, which installs webkit2gtk-driver and xvfb"
        pytest.fail(message) if IN_CI else pytest.skip(message)
    display = webkitkit.Display()
    yield display
    display.stop()


@pytest.fixture
def webkit(webkit_display, site):
    """A fresh WebKit session (its own storage), at the site's home page."""
    driver = webkitkit.start_driver(webkit_display)
    driver.get(site.url)
    yield driver
    driver.quit()


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


class ReusedContext:
    """One browser context per worker, handed from test to test with the site's storage emptied,
    so a test pays neither for a new context nor for compiling the same scripts again (the HTTP
    and code caches stay warm; the suite is CPU-bound, and this is about a quarter of each page
    load). A test that changes the context itself (an init script, a route, a listener, a
    permission) uses it up: it is closed after that test and a new one made."""

    CHANGES = (
        "add_init_script", "route", "route_from_har", "route_web_socket", "expose_binding",
        "expose_function", "grant_permissions", "set_geolocation", "set_extra_http_headers",
        "add_cookies", "set_default_timeout", "set_default_navigation_timeout", "on", "once", "close",
    )  # fmt: skip
    # A same-origin document that runs no script, kept open to reach the site's storage: the
    # DevTools protocol's own clearing does not reach a Playwright context's storage.
    KEEPER = "sitemap.xml"

    def __init__(self, browser) -> None:
        self.browser, self.url = browser, None
        self.ctx, self.keeper, self.used_up = None, None, False

    def take(self, url: str):
        """The context for the site at `url` (a module may serve its own build, elsewhere)."""
        if self.ctx is not None and url != self.url:
            self.close()
        if self.ctx is None:
            self.url = url
            self.ctx = self.browser.new_context(
                base_url=url, viewport={"width": 1280, "height": 900}, service_workers="block"
            )
            self.keeper = self.ctx.new_page()
            self.keeper.goto(self.KEEPER)
            for name in self.CHANGES:  # Playwright hands out one object per context: page.context too
                setattr(self.ctx, name, self._marking_used(getattr(self.ctx, name)))
        return self.ctx

    def _marking_used(self, method):
        def marked(*args, **kwargs):
            self.used_up = True
            return method(*args, **kwargs)

        return marked

    def give_back(self) -> None:
        if self.used_up:
            self.close()
            return
        for tab in self.ctx.pages:
            if tab is not self.keeper:
                tab.close()  # first: a closing page still saves (its pagehide flush)
        self.ctx.set_offline(False)
        self.keeper.evaluate("() => localStorage.clear()")  # the only storage the site uses

    def close(self) -> None:
        if self.ctx is not None:
            type(self.ctx).close(self.ctx)
        self.ctx, self.keeper, self.used_up = None, None, False


@pytest.fixture(scope="session")
def reused_context(browser):
    reused = ReusedContext(browser)
    yield reused
    reused.close()


@pytest.fixture
def context(browser, site, request, reused_context):
    """The test's browser context at the site's address, 1280 x 900, storage empty. The offline
    worker runs only where a test asks (the service_workers marker): such a test gets its own."""
    if request.node.get_closest_marker("service_workers"):
        ctx = browser.new_context(base_url=site.url, viewport={"width": 1280, "height": 900}, service_workers="allow")
        yield ctx
        ctx.close()
        return
    yield reused_context.take(site.url)
    reused_context.give_back()


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
    # Violations only: the passes and the rules that did not apply are most of what axe would
    # send back, and serializing them took a third of each run.
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    results = _axe().run(page, options=options)
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


def first_policy(html: str) -> str | None:
    """The Content-Security-Policy of a page when its meta tag is first in <head> (only the
    character set may precede it: it must be within the first 1024 bytes and fetches nothing),
    read with the build's own HTML parser."""
    from macros.build_hooks import markup

    head = next((e for e in markup.elements(html) if e.name == "head"), None)
    first = head.children[:2] if head else []
    if first and "charset" in first[0].attrs:
        first = first[1:]
    if first and first[0].attrs.get("http-equiv") == "Content-Security-Policy":
        return first[0].attrs.get("content")
    return None


@pytest.fixture(scope="session")
def project_copy(tmp_path_factory):
    """Make a throwaway copy of the project's sources (not the venv) to break on purpose. It shares
    this checkout's node_modules (esbuild builds the scripts)."""

    return functools.partial(_copy_project, tmp_path_factory)


def _copy_project(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("project")
    for name in ("mkdocs.yml", "CHANGELOG.md", "docs", "macros", "overrides", "data"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / name)
    (dest / "node_modules").symlink_to(ROOT / "node_modules")
    return dest
