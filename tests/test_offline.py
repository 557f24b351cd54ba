"""Kept for months on any phone, and readable offline (components/offline/, components/backup/).

Installable: every page links the manifest and the icons. Offline: after one visit, pages never
opened read without a connection, and a worksheet keeps its answers. A new release served at the
same address replaces the cached one and offers "reload"; answers typed before are there after.
The browser is asked to keep the answers once one is saved. A reader whose answers are a week old
and in no backup file is offered one. An organization can switch offline reading off.

Built under a sub-path (/guides/after-the-no/), as organizations publish it; the real servers
serve the worker in tests/test_publish.py.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from conftest import ROOT, PageWatch, Site, assert_accessible, build_site, free_port
from formkit import after_navigation, open_form, reload_form
from kit import StaticServer
from publish.dist import Address, page_policies
from test_publish import PREFIX, UnderPrefix

GUIDE_PAGES = ["first-days/", "take-stock/", "for-managers/"]
WHOLE_GUIDE = "whole-guide/"
WORKSHEET = "worksheets/take-stock/"


def build(project: Path, out: Path, url: str) -> Path:
    result = build_site(project, out, url)
    assert result.returncode == 0, f"strict build failed:\n{result.stdout}\n{result.stderr}"
    return out


@pytest.fixture(scope="module")
def releases(tmp_path_factory, project_copy):
    """Three builds for one address under PREFIX: this release, the next one (a changed
    privacy page), and this release with offline switched off in data/organization.yml."""
    port = free_port()
    url = f"http://127.0.0.1:{port}{PREFIX}"
    work = tmp_path_factory.mktemp("releases")
    first = build(ROOT, work / "first", url)
    project = project_copy()
    privacy = project / "docs" / "privacy.md"
    privacy.write_text(privacy.read_text(encoding="utf-8") + "\nThis sentence is new in the next release.\n")
    second = build(project, work / "second", url)
    project = project_copy()
    (project / "data" / "organization.yml").write_text("name: Example Co\noffline: false\n", encoding="utf-8")
    off = build(project, work / "off", url)
    return {"url": url, "port": port, "first": first, "second": second, "off": off}


class Host:
    """One address whose files can be swapped for another build's, as a deploy does."""

    def __init__(self, releases) -> None:
        handler = type("Handler", (UnderPrefix,), {"policies": {}})
        self.server = StaticServer(releases["first"], releases["port"], handler=handler).start()
        self.url, self.releases = releases["url"], releases
        self.publish("first")

    def publish(self, name: str) -> None:
        """Serve build `name`, with its pages' policies as headers (as make dist's configurations do)."""
        handler = self.server.httpd.RequestHandlerClass
        handler.root = self.releases[name].resolve()
        handler.entries = {}
        handler.policies = page_policies(self.releases[name], Address(self.url))


@pytest.fixture
def host(releases):
    host = Host(releases)
    yield host
    host.server.shutdown()


@pytest.fixture
def tab(browser, host):
    """A watched tab at the sub-path, with service workers allowed (Playwright's default)."""
    context = browser.new_context(base_url=host.url, service_workers="allow")
    page = context.new_page()
    watch = PageWatch(urlsplit(host.url).netloc)
    watch.attach(page)
    yield page
    watch.check()
    context.close()


WORKER_ACTIVE = """async () => {
    const registration = await navigator.serviceWorker.ready;
    const worker = registration.active;
    if (worker.state !== "activated") await new Promise((done) => worker.addEventListener("statechange",
        () => worker.state === "activated" && done()));
    return registration.scope;
}"""


def offline_ready(page) -> str:
    """Wait until the worker of this page's release is active (its copy of every file is kept)."""
    return page.evaluate(WORKER_ACTIVE)


def test_every_page_links_the_manifest_and_icons_which_load_at_their_sizes(tab, releases):
    site = Site(url=releases["url"], dir=releases["first"])
    for path in site.page_paths() + ["404.html"]:
        html = (site.dir / (path if path.endswith(".html") else path + "index.html")).read_text(encoding="utf-8")
        for link in ('rel="manifest"', 'rel="apple-touch-icon"', 'rel="icon" type="image/png" sizes="192x192"'):
            assert link in html, f"{path or 'home'} does not link {link}"
    tab.goto("privacy/")
    manifest_url = tab.locator('link[rel="manifest"]').evaluate("link => link.href")
    manifest = tab.evaluate("url => fetch(url).then((response) => response.json())", manifest_url)
    resolve = lambda value: tab.evaluate("([value, base]) => new URL(value, base).href", [value, manifest_url])
    assert resolve(manifest["start_url"]) == releases["url"] and resolve(manifest["scope"]) == releases["url"]
    assert manifest["display"] == "standalone" and manifest["name"] and manifest["short_name"]
    # One per palette (Material's script adds one more, without a media query, for the palette chosen).
    themes = tab.locator('meta[name="theme-color"][media]').evaluate_all("metas => metas.map((m) => m.media)")
    assert sorted(themes) == ["(prefers-color-scheme: dark)", "(prefers-color-scheme: light)"]
    icons = [(resolve(icon["src"]), icon["sizes"], icon.get("purpose", "any")) for icon in manifest["icons"]]
    icons.append((tab.locator('link[rel="apple-touch-icon"]').evaluate("link => link.href"), "180x180", "any"))
    assert {"192x192", "512x512"} <= {sizes for _, sizes, _ in icons}
    assert any(purpose == "maskable" for _, _, purpose in icons)
    for src, sizes, _ in icons:
        assert src.startswith(releases["url"]), src
        drawn = tab.evaluate(
            """src => new Promise((done, failed) => { const image = new Image();
                image.onload = () => done(`${image.naturalWidth}x${image.naturalHeight}`);
                image.onerror = () => failed(new Error(`${src} did not load`)); image.src = src; })""",
            src,
        )
        assert drawn == sizes, src


def test_after_one_visit_pages_never_opened_read_offline_and_a_worksheet_keeps_answers(tab, host):
    tab.goto("")
    assert offline_ready(tab) == host.url, "the worker's scope is the guide's own path"
    tab.context.set_offline(True)
    for path in GUIDE_PAGES:
        tab.goto(path)
        expect(tab.locator(".md-content h1")).to_be_visible()
        assert tab.evaluate("navigator.onLine") is False
    tab.goto(WHOLE_GUIDE)
    expect(tab.locator("#print-site-page")).to_be_visible()
    expect(tab.locator("#print-site-page")).to_contain_text("Talk with your manager")
    root = open_form(tab, WORKSHEET)
    root.locator("[data-field=review-date]").fill("2027-03-01")
    root = reload_form(tab)
    expect(root.locator("[data-field=review-date]")).to_have_value("2027-03-01")


def test_a_new_release_replaces_the_copy_offers_reload_and_keeps_the_answers(tab, host):
    root = open_form(tab, "worksheets/goal-plan/")
    offline_ready(tab)
    first_caches = tab.evaluate("caches.keys()")
    root.locator("[data-field=aim]").fill("Lead the data team")
    tab.goto("privacy/")
    host.publish("second")
    tab.reload()  # a visit: the browser checks sw.js and installs the next release beside this one
    notice = tab.locator("[data-update-ready]")
    expect(notice).to_contain_text("A new version of the guide is ready:")
    expect(tab.locator(".md-content")).not_to_contain_text("new in the next release")  # still this release
    assert_accessible(tab, "the new version notice")
    with tab.expect_navigation():
        notice.get_by_role("button", name="reload").click()
    expect(tab.locator(".md-content")).to_contain_text("This sentence is new in the next release.")
    second_caches = tab.evaluate("caches.keys()")
    assert len(first_caches) == len(second_caches) == 1 and first_caches != second_caches, (first_caches, second_caches)
    assert re.fullmatch(rf"after-the-no:{PREFIX}:\d+\.\d+\.\d+:[0-9a-f]{{16}}", second_caches[0]), second_caches
    root = open_form(tab, "worksheets/goal-plan/")
    expect(root.locator("[data-field=aim]")).to_have_value("Lead the data team")
    expect(tab.locator("[data-update-ready]")).to_have_count(0)


def test_switched_off_the_worker_removes_itself_and_no_worker_controls_the_page(tab, host):
    tab.goto("")
    offline_ready(tab)
    tab.reload()
    assert tab.evaluate("Boolean(navigator.serviceWorker.controller)"), "the first release's worker controls the page"
    host.publish("off")
    tab.reload()  # the browser finds the new sw.js, which unregisters itself
    tab.wait_for_function("() => navigator.serviceWorker.getRegistrations().then((all) => all.length === 0)")
    tab.wait_for_function("() => caches.keys().then((names) => names.length === 0)")
    # A reader who never had it: no worker at all, on any page.
    fresh = tab.context.browser.new_context(base_url=host.url, service_workers="allow")
    later = fresh.new_page()
    for path in ("", "privacy/", "worksheets/goal-plan/"):
        later.goto(path)
        later.wait_for_load_state("load")
        assert later.locator('link[rel="manifest"]').get_attribute("data-offline") == "off"
        assert later.evaluate("navigator.serviceWorker.controller") is None, path
    assert later.evaluate("navigator.serviceWorker.getRegistrations().then((all) => all.length)") == 0
    fresh.close()


TOLD_OFFLINE_IS_OFF = """() => { window.__told = new Promise((done) => navigator.serviceWorker.addEventListener("message",
    (event) => event.data === "offline-off" && done(true))); }"""


def test_switched_off_a_tab_left_open_keeps_its_undo_and_its_next_page_is_under_no_worker(tab, host):
    """A reader has a worksheet open under the offline worker, clears it and is about to undo,
    when the organization switches offline off and another visit finds the uninstalling worker.
    Their tab is not reloaded under them (the undo, good until they leave the page, still brings
    the answers back), and the next page they open in it comes from the server under no worker."""
    tab.goto("")
    offline_ready(tab)
    root = open_form(tab, "worksheets/goal-plan/")
    assert tab.evaluate("Boolean(navigator.serviceWorker.controller)"), "the first release's worker controls the page"
    root.locator("[data-field=aim]").fill("Lead the data team")
    tab.once("dialog", lambda dialog: dialog.accept())
    tab.get_by_role("button", name="Clear answers").click()
    expect(root.locator("[data-field=aim]")).to_have_value("")
    tab.evaluate(TOLD_OFFLINE_IS_OFF)
    host.publish("off")
    other = tab.context.new_page()
    other.goto("privacy/")  # a visit: the browser checks sw.js and finds the worker that uninstalls itself
    assert tab.evaluate("window.__told") is True, "the open tab was told offline is off, and not reloaded"
    assert tab.evaluate("navigator.serviceWorker.getRegistrations().then((all) => all.length)") == 0
    assert tab.evaluate("caches.keys()") == []
    tab.get_by_role("button", name="Undo").click()
    expect(root.locator("[data-field=aim]")).to_have_value("Lead the data team")
    assert tab.evaluate("window.__told") is True, "the open tab was reloaded under the reader"
    with tab.expect_navigation():
        tab.locator("a.md-footer__link--next").click()
    tab.wait_for_load_state("load")
    assert tab.locator('link[rel="manifest"]').get_attribute("data-offline") == "off", "the next page is the server's"
    assert tab.evaluate("navigator.serviceWorker.controller") is None, "a worker still controls the next page"
    other.close()


# Keeping the answers ----------------------------------------------------------------------------

SPY_ON_PERSIST = """window.__persistCalls = 0;
if (navigator.storage) navigator.storage.persist = () => { window.__persistCalls += 1; return Promise.resolve(false); };"""


def test_the_browser_is_asked_to_keep_the_answers_once_one_is_saved(tab):
    tab.add_init_script(SPY_ON_PERSIST)
    root = open_form(tab, "worksheets/goal-plan/")
    tab.wait_for_load_state("load")
    tab.goto("privacy/")
    root = open_form(tab, "worksheets/goal-plan/")
    assert tab.evaluate("window.__persistCalls") == 0, "asked before any answer was saved"
    root.locator("[data-field=aim]").fill("Lead the data team")
    tab.wait_for_function("() => window.__persistCalls === 1")
    root.locator("[data-field=aim]").fill("Lead the platform team")
    assert tab.evaluate("window.__persistCalls") == 1, "asked once a visit, not on every keystroke"
    expect(tab.locator(".md-content")).not_to_contain_text("persist")  # a refusal shows nothing


# The backup reminder ----------------------------------------------------------------------------

START = datetime(2027, 3, 1, 9, 0)
REMINDER = "[data-backup-reminder]"


def test_a_week_old_answer_in_no_backup_gets_a_calm_reminder_until_a_file_is_saved(tab):
    tab.clock.install(time=START)
    root = open_form(tab, "worksheets/goal-plan/")
    root.locator("[data-field=aim]").fill("Lead the data team")
    reload_form(tab)
    tab.wait_for_load_state("load")
    expect(tab.locator(REMINDER)).to_have_count(0)  # never on the day the reader starts
    after_navigation(tab, lambda: tab.goto("my-answers/"), "[data-saved-answers]")
    expect(tab.locator("[data-last-backup]")).to_have_text("Last backup: never")
    expect(tab.locator(REMINDER)).to_have_count(0)

    tab.clock.set_system_time(START + timedelta(days=10))
    for path, root in (("worksheets/goal-plan/", "[data-worksheet]"), ("plan-at-a-glance/", "[data-plan-glance]")):
        after_navigation(tab, lambda path=path: tab.goto(path), root)
        reminder = tab.locator(REMINDER)
        expect(reminder).to_contain_text("backup file")
        assert reminder.evaluate("(notice, root) => notice.nextElementSibling.matches(root)", root)
    after_navigation(tab, lambda: tab.goto("my-answers/"), "[data-saved-answers]")
    reminder = tab.locator(REMINDER)
    expect(reminder).to_contain_text("Safari")
    assert_accessible(tab, "the backup reminder on My answers")
    with tab.expect_download() as download:
        reminder.get_by_role("button", name="Save a backup file").click()
    saved = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert [form["answers"]["aim"] for form in saved["forms"] if form["form"] == "goal-plan"] == ["Lead the data team"]
    assert download.value.suggested_filename.startswith("after-the-no-all-answers-")
    expect(tab.locator(REMINDER)).to_have_count(0)
    expect(tab.locator("[data-last-backup]")).to_have_text("Last backup: March 11, 2027")
    for path, root in (("worksheets/goal-plan/", "[data-worksheet]"), ("plan-at-a-glance/", "[data-plan-glance]")):
        after_navigation(tab, lambda path=path: tab.goto(path), root)
        tab.wait_for_load_state("load")
        expect(tab.locator(REMINDER)).to_have_count(0)


def test_the_reminder_waits_a_week_when_dismissed_and_never_shows_without_answers(tab):
    tab.clock.install(time=START + timedelta(days=10))
    open_form(tab, "worksheets/goal-plan/")
    tab.wait_for_load_state("load")
    expect(tab.locator(REMINDER)).to_have_count(0)  # no answers, nothing to back up
    tab.clock.set_system_time(START)
    root = open_form(tab, "worksheets/goal-plan/")
    root.locator("[data-field=aim]").fill("Lead the data team")
    tab.clock.set_system_time(START + timedelta(days=10))
    reload_form(tab)
    tab.locator(REMINDER).get_by_role("button", name="Remind me in a week").click()
    expect(tab.locator(REMINDER)).to_have_count(0)
    tab.clock.set_system_time(START + timedelta(days=15))
    reload_form(tab)
    tab.wait_for_load_state("load")
    expect(tab.locator(REMINDER)).to_have_count(0)
    tab.clock.set_system_time(START + timedelta(days=18))
    reload_form(tab)
    expect(tab.locator(REMINDER)).to_be_visible()


def test_the_privacy_note_and_my_answers_say_safari_may_delete_answers(releases):
    for page in ("privacy/index.html", "my-answers/index.html"):
        text = (releases["first"] / page).read_text(encoding="utf-8")
        assert "Safari" in text and "7 days" in text and "home screen" in text, page


def test_the_worker_is_written_after_every_other_step_and_lists_every_file(releases):
    worker = (releases["first"] / "sw.js").read_text(encoding="utf-8")
    release = json.loads(re.search(r"const RELEASE = (\{.*?\});", worker)[1])
    listed = set(release["files"])
    for path in releases["first"].rglob("*"):
        name = path.relative_to(releases["first"]).as_posix()
        if path.is_file() and not name.endswith((".map", ".gz")) and name != "sw.js" and "/lunr/" not in name:
            page = "./" if name == "index.html" else name.removesuffix("index.html")
            assert page in listed, f"{name} is not kept for offline reading"
    assert not (releases["first"] / "components" / "offline" / "sw.js").exists()
    assert "unregister" in (releases["off"] / "sw.js").read_text(encoding="utf-8")
