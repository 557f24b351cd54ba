"""Never lost, round 2 (issue 22): limits that count answers, real dates, the 9999 calendar, old
browsers, the back-forward cache, set-aside keys, a wiki frame, a guide that moved; plus the two
guards issue 24 found untested (a notice rendered as HTML, a two-tab merge made last-writer-wins).
Everything goes through the real controls: Add, typing, Import answers, the file chooser, Back.
"""

from __future__ import annotations

import json

import icalendar
import pytest
from playwright.sync_api import expect

from conftest import PageWatch, assert_accessible
from formkit import GOAL_PLAN, GOAL_PLAN_KEY, NAMESPACE, after_navigation, open_form, record, reload_form, seed
from kit import CHROMIUM, CHROMIUM_ARGS, StaticServer
from printkit import COPY_RADIOS, choose_copy

ACHIEVEMENTS = "worksheets/achievements/"
ACHIEVEMENTS_KEY = NAMESPACE + "form:achievements"


def win(n: int) -> dict:
    """A win with every field filled."""
    return {
        "date": f"20{10 + n % 17:02d}-{1 + n % 12:02d}-{1 + n % 28:02d}",
        "what": f"Win {n}",
        "impact": f"Result {n}: saved 2 hours a week",
        "praise": f"“Great work” (manager, win {n})",
        "skill": f"Skill {n}",
    }


def wins_file(tmp_path, count: int, name: str = "wins.json", **change) -> str:
    wins = [win(n) for n in range(1, count + 1)]
    for index, fields in change.items():
        wins[int(index.lstrip("_"))].update(fields)
    path = tmp_path / name
    path.write_text(
        json.dumps(
            {
                "site": "after-the-no",
                "form": "achievements",
                "title": "Achievements log",
                "version": 1,
                "exportedAt": "2026-12-01T10:00:00Z",
                "answers": {"wins": wins},
            }
        )
    )
    return str(path)


def import_answers(page, path: str, accept: bool = True, button: str = "Import answers") -> str:
    """Import a file through the toolbar's button (or My answers' "Import all answers") and the
    file chooser; the notice's text."""
    if accept:
        page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name=button).click()
    chooser.value.set_files(path)
    notice = page.locator("[data-alert]").first
    expect(notice).to_be_visible()
    return notice.inner_text()


def stored(page, key: str = ACHIEVEMENTS_KEY):
    raw = page.evaluate("k => localStorage.getItem(k)", key)
    return None if raw is None else json.loads(raw)


def kept_aside(page, form: str) -> list[str]:
    """The copies of `form`'s answers kept aside (as stored), oldest first."""
    prefix = f"{NAMESPACE}aside:{form}:"
    return page.evaluate(
        "prefix => Object.keys(localStorage).filter((k) => k.startsWith(prefix)).sort().map((k) => localStorage.getItem(k))",
        prefix,
    )


def win_rows(root):
    return root.locator("[data-group=wins] [data-row]")


def whats(root) -> list[str]:
    return root.locator("[data-group=wins] [data-field=what]").evaluate_all("els => els.map(e => e.value)")


# 1. Limits count answers, not bookkeeping -------------------------------------------------------------


def test_150_wins_typed_through_the_page_are_all_back_after_a_reload(page):
    root = open_form(page, ACHIEVEMENTS)
    add = page.get_by_role("button", name="Add another win")
    for n in range(1, 151):
        if n > win_rows(root).count():
            add.click()
        win_rows(root).nth(n - 1).locator("[data-field=what]").fill(f"Win {n}")
    root = reload_form(page)
    assert whats(root) == [f"Win {n}" for n in range(1, 151)]
    assert not page.locator("[data-alert]").first.is_visible(), "no notice: nothing was set aside"


def test_500_wins_with_every_field_import_and_are_all_back_after_a_reload(page, tmp_path):
    root = open_form(page, ACHIEVEMENTS)
    message = import_answers(page, wins_file(tmp_path, 500))
    assert "imported" in message
    root = reload_form(page)
    assert whats(root) == [f"Win {n}" for n in range(1, 501)]
    last = win_rows(root).nth(499)
    for field, value in win(500).items():
        expect(last.locator(f"[data-field={field}]")).to_have_value(value)
    assert not page.locator("[data-alert]").first.is_visible(), "no notice: nothing was set aside"
    # At the maximum, Add stays in view, disabled, and says why.
    add = page.get_by_role("button", name="Add another win")
    expect(add).to_be_disabled()
    expect(page.locator("[data-group=wins] [data-row-limit]")).to_be_visible()
    expect(add).to_have_accessible_description(
        "This list is full: it holds at most 500 wins. Remove one to add another."
    )
    # Removing one enables Add again; the 500-row record still saves with every keystroke.
    win_rows(root).nth(0).get_by_role("button", name="Remove win 1").click()
    expect(add).to_be_enabled()
    expect(page.locator("[data-group=wins] [data-row-limit]")).to_be_hidden()
    assert len(stored(page)["answers"]["wins"]) == 499


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_full_list_disables_add_says_why_and_passes_axe(page, scheme):
    page.emulate_media(color_scheme=scheme)
    root = open_form(page, GOAL_PLAN)
    add = page.get_by_role("button", name="Add another goal")
    while add.is_enabled():
        add.click()
    expect(root.locator("[data-group=goals] [data-row]")).to_have_count(15)
    expect(root.locator("[data-group=goals] [data-row-limit]")).to_have_text(
        "This list is full: it holds at most 15 goals. Remove one to add another."
    )
    assert_accessible(page, f"goal plan, full list ({scheme})")


def test_a_600_win_file_is_refused_naming_the_limit_and_the_file_and_nothing_changes(page, tmp_path):
    root = open_form(page, ACHIEVEMENTS)
    win_rows(root).nth(0).locator("[data-field=what]").fill("Keep me")
    before = stored(page)["answers"]
    message = import_answers(page, wins_file(tmp_path, 600, "six-hundred.json"), accept=False)
    assert "six-hundred.json" in message and "600" in message and "500" in message
    assert "Nothing was changed" in message and "imported" not in message
    assert stored(page)["answers"] == before
    root = reload_form(page)
    assert whats(root)[0] == "Keep me"


@pytest.mark.parametrize("count", [5_000, 30_000])
def test_a_record_with_many_removed_rows_keeps_its_answers(page, count):
    """Tombstones are bookkeeping: thousands of them never set the answers aside, and are bounded."""
    import time

    recent = int(time.time() * 1000) - 60_000  # removed a minute ago: not pruned for age
    removed = {f"wins/old{n}": recent - n for n in range(count)}
    saved = json.dumps(
        {
            "site": "after-the-no",
            "format": 2,
            "form": "achievements",
            "version": 1,
            "savedAt": "2026-12-01T10:00:00Z",
            "answers": {"wins": [win(1)]},
            "rows": {"wins": ["a1"]},
            "stamps": {},
            "removed": removed,
            "stale": {},
        }
    )
    root = seed(page, saved, key=ACHIEVEMENTS_KEY, path=ACHIEVEMENTS)
    assert whats(root)[0] == "Win 1"
    win_rows(root).nth(0).locator("[data-field=skill]").fill("Still saving")
    record_now = stored(page)
    assert record_now["answers"]["wins"][0]["what"] == "Win 1"
    assert record_now["answers"]["wins"][0]["skill"] == "Still saving"
    assert len(record_now["removed"]) <= 2000, "tombstones are bounded"


def test_an_answer_beyond_the_limit_is_never_written_and_the_saved_one_stays(page):
    """A write the next read would refuse is refused at once, naming the limit; the reload shows the last good answer."""
    root = open_form(page, GOAL_PLAN)
    area = root.locator("textarea").first
    area.fill("The last good answer")
    too_long = "x" * 1_100_001  # one character more than an answer holds
    area.evaluate(
        "(area, text) => { area.value = text; area.dispatchEvent(new Event('input', {bubbles: true})); }", too_long
    )
    notice = page.locator("[data-alert]").first
    expect(notice).to_contain_text("not saved")
    expect(notice).to_contain_text("1,100,000")
    expect(root.locator("[data-status]")).to_contain_text("Not saved")
    root = reload_form(page)
    assert root.locator("textarea").first.input_value() == "The last good answer"


# 2. Real dates only ------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["2027-02-31", "0000-01-01", "2027-13-01"])
def test_an_impossible_date_in_a_file_is_refused_naming_worksheet_field_and_value(page, tmp_path, bad):
    root = open_form(page, ACHIEVEMENTS)
    win_rows(root).nth(0).locator("[data-field=what]").fill("Keep me")
    before = stored(page)["answers"]
    message = import_answers(page, wins_file(tmp_path, 3, _1={"date": bad}), accept=False)
    assert "Achievements log" in message and "“date”" in message and bad in message
    assert "Nothing was changed" in message
    assert stored(page)["answers"] == before


def test_an_impossible_date_saved_earlier_is_kept_exported_and_never_computed_with(page):
    saved = record({"goals": [{"goal": "Ship it", "check-in": "2027-02-31"}], "next-cycle": "2027-13-01"})
    seed(page, saved, key=GOAL_PLAN_KEY, path=GOAL_PLAN)
    notice = page.locator("[data-alert]").first
    expect(notice).to_contain_text("2027-02-31")
    with page.expect_download() as download:
        page.get_by_role("button", name="Export answers").click()
    exported = download.value.path().read_text(encoding="utf-8")
    assert "2027-02-31" in exported and "2027-13-01" in exported, "the export keeps every answer"
    data = json.loads(exported)
    assert data["answers"]["goals"][0]["goal"] == "Ship it"
    page.goto("plan-at-a-glance/")
    glance = page.locator("[data-plan-glance][data-enhanced]")
    expect(glance).to_contain_text("Ship it")
    for rolled in ("March 3, 2027", "January 1, 2028", "Invalid"):
        expect(glance).not_to_contain_text(rolled)


# 3. Calendar files for any real date -------------------------------------------------------------------


def test_a_check_in_on_9999_12_31_makes_a_calendar_file_icalendar_reads(page):
    root = open_form(page, GOAL_PLAN)
    row = root.locator("[data-group=goals] [data-row]").nth(0)
    row.locator("[data-field=goal]").fill("The last goal")
    row.locator("[data-field=check-in]").fill("9999-12-31")
    root.locator("[data-field=next-cycle]").fill("0001-01-01")
    with page.expect_download() as download:
        page.get_by_role("button", name="Add check-ins to my calendar").click()
    raw = download.value.path().read_bytes()
    text = raw.decode("utf-8")
    assert "+0" not in text and "DTEND" not in text and "DURATION:P1D" in text
    events = {str(e["SUMMARY"]): e for e in icalendar.Calendar.from_ical(raw).walk("VEVENT")}
    last = events["Check-in: The last goal"]
    assert last["DTSTART"].dt.isoformat() == "9999-12-31" and last["DURATION"].dt.days == 1
    assert events["Next review or promotion round"]["DTSTART"].dt.isoformat() == "0001-01-01"


# 4. Old browsers -----------------------------------------------------------------------------------------

OLD_BROWSER = """
delete Object.hasOwn;
delete window.structuredClone;
delete Array.prototype.at;
"""


def test_without_object_hasown_structuredclone_and_array_at_answers_still_save(page, context):
    context.add_init_script(OLD_BROWSER)
    root = open_form(page, GOAL_PLAN)
    assert page.evaluate("() => [typeof Object.hasOwn, typeof structuredClone, typeof [].at]") == ["undefined"] * 3
    root.locator("[data-field=aim]").fill("Saved in an old browser")
    page.get_by_role("button", name="Add another goal").click()
    root.locator("[data-group=goals] [data-row]").nth(2).locator("[data-field=goal]").fill("Third goal")
    expect(root.locator("[data-status]")).to_contain_text("Saved in this browser")
    root = reload_form(page)
    expect(root.locator("[data-field=aim]")).to_have_value("Saved in an old browser")
    expect(root.locator("[data-group=goals] [data-row]").nth(2).locator("[data-field=goal]")).to_have_value(
        "Third goal"
    )


def test_a_browser_missing_what_saving_needs_says_plainly_that_it_cannot_save(page, context):
    context.add_init_script("delete String.prototype.replaceAll;")
    root = open_form(page, GOAL_PLAN)
    notice = page.locator("[data-alert]").first
    expect(notice).to_contain_text("This browser can't save answers")
    expect(notice).to_contain_text("newer browser")
    root.locator("[data-field=aim]").fill("Typed anyway")
    assert page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('after-the-no'))") == []


def test_print_without_has_still_leaves_the_interactive_form_out(page):
    """Firefox ESR 115 has no :has(): drop every rule using it, as that browser does, and print."""
    root = open_form(page, GOAL_PLAN)
    root.locator("[data-field=aim]").fill("On paper")
    page.evaluate("""() => {
      const drop = (list) => { for (let i = list.length - 1; i >= 0; i--) {
        const rule = list[i];
        if (rule.selectorText?.includes(':has(')) rule.parentStyleSheet ? (rule.parentRule ?? rule.parentStyleSheet).deleteRule(i) : 0;
        else if (rule.cssRules) drop(rule.cssRules);
      } };
      for (const sheet of document.styleSheets) { try { drop(sheet.cssRules); } catch {} }
    }""")
    assert page.evaluate(
        "() => [...document.styleSheets].flatMap(s => { try { return [...s.cssRules]; } catch { return []; } })"
        ".every(r => !(r.selectorText || '').includes(':has('))"
    )
    page.emulate_media(media="print")
    expect(root.locator("[data-field=aim]")).to_be_hidden()
    expect(root.locator("[data-toolbar]")).to_be_hidden()
    expect(root.locator(".atn-paper, .atn-record").first).to_be_attached()


# 5. Back-forward cache -------------------------------------------------------------------------------


@pytest.fixture
def bfcache_context(browser, site):
    """Playwright turns the back-forward cache off by default; this Chromium keeps it on."""
    cached = browser.browser_type.launch(
        executable_path=str(CHROMIUM),
        args=CHROMIUM_ARGS,
        headless=True,
        ignore_default_args=["--disable-back-forward-cache"],
    )
    # The offline worker claims open pages once, when it first takes over, which evicts a cached
    # page: these tests are about what a cached page shows, so the worker stays out.
    context = cached.new_context(base_url=site.url, service_workers="block")
    # Every pageshow of every document, so the test can prove Back came from the cache.
    context.add_init_script("window.__shows = []; addEventListener('pageshow', e => window.__shows.push(e.persisted));")
    yield context
    cached.close()


# Chromium says why it did not keep a page (Navigation Timing's notRestoredReasons).
NOT_RESTORED = """() => JSON.stringify(performance.getEntriesByType("navigation")[0]?.notRestoredReasons ?? null)"""


def leave_once_loaded(tab, path: str) -> None:
    """A page left with a request still open (a module loaded when idle, on a busy machine) is
    not kept: Back loads it afresh, which is safe but not the case these tests are about."""
    tab.wait_for_load_state("networkidle")
    tab.goto(path)


def assert_came_from_the_cache(tab) -> None:
    restored = tab.evaluate("() => window.__shows.at(-1)")
    assert restored is True, f"Back did not restore the page from the back-forward cache: {tab.evaluate(NOT_RESTORED)}"


def watched(context, site):
    from urllib.parse import urlparse

    watch = PageWatch(urlparse(site.url).netloc)
    tab = context.new_page()
    watch.attach(tab)
    return tab, watch


def test_back_from_the_cache_rereads_answers_before_the_next_keystroke(bfcache_context, site):
    # Chromium delivers the storage events a cached page missed once it is back; other browsers
    # need not. The returning tab ignores them here, so only the pageshow reread can help.
    bfcache_context.add_init_script(LATE_COPY)
    tab, watch = watched(bfcache_context, site)
    root = open_form(tab, GOAL_PLAN)
    root.locator("[data-field=aim]").fill("Written before leaving")
    tab.evaluate("() => { window.__late = true; }")
    leave_once_loaded(tab, "privacy/")
    other, other_watch = watched(bfcache_context, site)
    other_root = open_form(other, GOAL_PLAN)
    other_root.locator("[data-field=aim]").fill("Changed in the other tab")
    other.close()
    tab.go_back(wait_until="commit")  # a page from the cache fires no load event
    tab.locator("[data-worksheet][data-enhanced]").wait_for()
    assert_came_from_the_cache(tab)
    assert tab.evaluate("() => window.__late") is True, "the same document, still ignoring storage events"
    root = tab.locator("[data-worksheet][data-enhanced]").first
    expect(root.locator("[data-field=aim]")).to_have_value("Changed in the other tab")
    # The reader adds to the answer they see, and types elsewhere: nothing stale is written.
    root.locator("[data-field=aim]").press("End")
    root.locator("[data-field=aim]").press_sequentially(" (updated)")
    root.locator("[data-field=timeframe]").fill("Typed after coming back")
    root = reload_form(tab)
    expect(root.locator("[data-field=aim]")).to_have_value("Changed in the other tab (updated)")
    expect(root.locator("[data-field=timeframe]")).to_have_value("Typed after coming back")
    watch.check()
    other_watch.check()


@pytest.mark.parametrize(
    "path, selector", [("plan-at-a-glance/", "[data-plan-glance]"), ("my-answers/", "[data-saved-answers]")]
)
def test_back_from_the_cache_the_glance_and_my_answers_show_answers_saved_meanwhile(
    bfcache_context, site, path, selector
):
    tab, watch = watched(bfcache_context, site)
    tab.goto(path)
    expected = "Saved while the page was cached" if "glance" in path else "Goal-setting plan"
    view = tab.locator(f"{selector}[data-enhanced]")
    expect(view).not_to_contain_text(expected)
    leave_once_loaded(tab, GOAL_PLAN)
    tab.locator("[data-worksheet][data-enhanced]").locator("[data-field=aim]").wait_for()
    other, other_watch = watched(bfcache_context, site)
    row = open_form(other, GOAL_PLAN).locator("[data-group=goals] [data-row]").nth(0)
    row.locator("[data-field=goal]").fill("Saved while the page was cached")
    other.close()
    tab.go_back(wait_until="commit")  # a page from the cache fires no load event
    assert_came_from_the_cache(tab)
    expect(tab.locator(f"{selector}[data-enhanced]")).to_contain_text(expected)
    watch.check()
    other_watch.check()


def test_back_from_the_cache_the_glance_shows_the_copy_chosen_meanwhile(bfcache_context, site):
    """The copy choice is one for the whole guide: chosen in another tab while the glance waited in
    the cache, the glance's radio and Print button follow it on Back, storage events or not."""
    bfcache_context.add_init_script(LATE_COPY)
    tab, watch = watched(bfcache_context, site)
    after_navigation(tab, lambda: tab.goto("plan-at-a-glance/"), "[data-plan-glance]")
    expect(tab.get_by_role("radio", name=COPY_RADIOS["share"]).first).to_be_checked()
    tab.evaluate("() => { window.__late = true; }")
    leave_once_loaded(tab, "privacy/")
    other, other_watch = watched(bfcache_context, site)
    open_form(other, GOAL_PLAN)
    choose_copy(other, "own")
    other.close()
    tab.go_back(wait_until="commit")  # a page from the cache fires no load event
    assert_came_from_the_cache(tab)
    assert tab.evaluate("() => window.__late") is True, "the same document, still ignoring storage events"
    expect(tab.get_by_role("radio", name=COPY_RADIOS["own"]).first).to_be_checked()
    expect(tab.locator("[data-plan-glance]").get_by_role("button", name="Print your own copy")).to_be_visible()
    watch.check()
    other_watch.check()


# 7. Inside a wiki frame ------------------------------------------------------------------------------

FRAMED_STORAGE_DENIED = """
if (window.self !== window.top && location.pathname !== "/wiki.html") {
  Object.defineProperty(window, "localStorage", {
    get() { throw new DOMException("Access is denied for this document.", "SecurityError"); },
  });
}"""


def test_in_a_frame_where_storage_is_denied_the_worksheet_says_so_and_opens_in_its_own_tab(browser, site, tmp_path):
    (tmp_path / "wiki.html").write_text(
        "<!doctype html><html lang=en><meta charset=utf-8><title>Team wiki</title>"
        f"<h1>Team wiki</h1><iframe title='Goal plan' src='{site.url}{GOAL_PLAN}' width=1000 height=700></iframe>"
    )
    with StaticServer(tmp_path) as wiki:
        assert wiki.url != site.url  # another origin: another port on this host
        context = browser.new_context()
        # Browsers deny storage to frames from another site in some settings: do that here.
        context.add_init_script(FRAMED_STORAGE_DENIED)
        tab = context.new_page()
        errors = []  # our components' errors (Material's own storage reads fail here too, as they would)
        tab.on(
            "pageerror", lambda error: errors.append(str(error.stack)) if "components/" in str(error.stack) else None
        )
        tab.goto(wiki.url + "wiki.html")
        frame = tab.frame_locator("iframe")
        frame.locator("[data-worksheet][data-enhanced]").wait_for()
        notice = frame.locator("[data-alert]")
        expect(notice).to_contain_text("does not let it save anything here")
        link = notice.get_by_role("link", name="Open this page in its own tab")
        expect(link).to_have_attribute("target", "_blank")
        expect(link).to_have_attribute("rel", "noopener")
        with context.expect_page() as opened:
            link.click()
        own = opened.value
        root = own.locator("[data-worksheet][data-enhanced]")
        root.wait_for()
        assert own.url == site.url + GOAL_PLAN
        root.locator("[data-field=aim]").fill("Saved in its own tab")
        expect(root.locator("[data-status]")).to_contain_text("Saved in this browser")
        context.close()
        assert not errors, errors


# 8. A guide that moved --------------------------------------------------------------------------------


def test_my_answers_finds_answers_saved_under_the_old_address_and_copies_them(browser, site, tmp_path):
    import shutil

    for name in ("old", "new"):
        shutil.copytree(site.dir, tmp_path / "copies" / name)
    with StaticServer(tmp_path / "copies") as server:
        context = browser.new_context(base_url=server.url)
        tab = context.new_page()
        errors = []
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        open_form(tab, "old/" + GOAL_PLAN).locator("[data-field=aim]").fill("Saved at the old address")
        tab.goto("new/my-answers/")
        listing = tab.locator("[data-saved-answers][data-enhanced] [data-saved-list]")
        expect(listing).to_contain_text("Nothing is saved in this browser yet")  # nothing offered unprompted
        tab.get_by_role("button", name="Look for answers saved under another address").click()
        found = tab.locator("[data-moved-list]")
        expect(found).to_contain_text("/old/")
        expect(found).to_contain_text("Goal-setting plan")
        assert_accessible(tab, "My answers, answers found under another address")
        assert tab.evaluate("() => Object.keys(localStorage).filter(k => k.includes(':/new/:'))") == []
        tab.get_by_role("button", name="Copy the answers from /old/ here").click()
        expect(tab.locator("[data-alert]")).to_contain_text("The originals are still saved under /old/")
        expect(listing).to_contain_text("Goal-setting plan")
        expect(open_form(tab, "new/" + GOAL_PLAN).locator("[data-field=aim]")).to_have_value("Saved at the old address")
        expect(open_form(tab, "old/" + GOAL_PLAN).locator("[data-field=aim]")).to_have_value("Saved at the old address")
        context.close()
        assert not errors, errors


# 10. Two tabs at the same moment, and markup in a file name ---------------------------------------------

# Holds this tab's storage events while window.__late is set, so the tab works from its own
# copy as a tab does when another tab's write has not reached it yet.
LATE_COPY = """
addEventListener("storage", (event) => { if (window.__late) event.stopImmediatePropagation(); });
"""


def wait_until(condition, tries: int = 200) -> None:
    """Poll from outside the page (wait_for_function would need eval, which the site's CSP forbids)."""
    import time

    for _ in range(tries):
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError("condition never held")


def test_two_tabs_typing_into_different_rows_at_the_same_moment_keep_both(page, context, new_watched_page):
    context.add_init_script(LATE_COPY)
    first = open_form(page, ACHIEVEMENTS)
    other = new_watched_page()
    second = open_form(other, ACHIEVEMENTS)
    for tab in (page, other):
        tab.evaluate("() => { window.__late = true; }")
    # At the same moment: neither tab has taken in the other's write when it saves its own.
    win_rows(first).nth(0).locator("[data-field=what]").fill("Typed in tab one")
    wait_until(lambda: "Typed in tab one" in (other.evaluate("k => localStorage.getItem(k)", ACHIEVEMENTS_KEY) or ""))
    win_rows(second).nth(1).locator("[data-field=what]").fill("Typed in tab two")
    expect(win_rows(second).nth(0).locator("[data-field=what]")).to_have_value("")  # tab two's page lacked it
    # A third tab opened now shows both: the second write merged into the first.
    third = new_watched_page()
    assert whats(open_form(third, ACHIEVEMENTS))[:2] == ["Typed in tab one", "Typed in tab two"]
    for tab in (page, other):
        tab.evaluate("() => { window.__late = false; }")
    for tab in (page, other):
        assert whats(reload_form(tab))[:2] == ["Typed in tab one", "Typed in tab two"]


def test_a_file_name_holding_markup_is_shown_as_text_in_the_notice(page, tmp_path):
    open_form(page, GOAL_PLAN)
    name = '<img src=x id=injected onerror="window.__ran=1"><b>plan</b>.json'
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Import answers").click()
    chooser.value.set_files([{"name": name, "mimeType": "application/json", "buffer": b"not json"}])
    notice = page.locator("[data-alert]").first
    expect(notice).to_contain_text(name)
    assert notice.locator("img, b").count() == 0, "the file name became elements"
    assert page.evaluate("() => window.__ran") is None


# 11. Round 3 (issue 32): the Back button, two tabs at the same moment, limits and full storage -----------

PLAN_B_PRIVATE = "[data-field='private--plan-b']"
PAGESHOWS = "window.__shows = []; addEventListener('pageshow', e => window.__shows.push(e.persisted));"


def every_kind(root, text: str, date: str, when: str, private: bool) -> None:
    """A textarea, a date, a radio and a checkbox of the goal plan, as a reader sets them."""
    root.locator("[data-field=outside-factors]").fill(text)
    root.locator("[data-field=next-cycle]").fill(date)
    root.locator(f"[data-field=when-to-look][value={when}]").check()
    root.locator(PLAN_B_PRIVATE).set_checked(private)


def expect_every_kind(root, text: str, date: str, when: str, private: bool) -> None:
    expect(root.locator("[data-field=outside-factors]")).to_have_value(text)
    expect(root.locator("[data-field=next-cycle]")).to_have_value(date)
    expect(root.locator(f"[data-field=when-to-look][value={when}]")).to_be_checked()
    expect(root.locator(PLAN_B_PRIVATE)).to_be_checked(checked=private)


def test_back_without_the_cache_shows_another_tabs_newer_answers_for_every_control_type(
    page, context, new_watched_page
):
    context.add_init_script(PAGESHOWS)
    root = open_form(page, GOAL_PLAN)
    every_kind(root, "Old text", "2027-01-01", "look-now", False)
    page.goto("privacy/")
    other = open_form(new_watched_page(), GOAL_PLAN)
    every_kind(other, "Newer text from the other tab", "2027-09-09", "look-after-next-cycle", True)
    root = after_navigation(page, page.go_back)
    assert page.evaluate("() => window.__shows") == [False], "Back came without the back-forward cache"
    expect_every_kind(root, "Newer text from the other tab", "2027-09-09", "look-after-next-cycle", True)
    # One keystroke elsewhere never writes the old answers back.
    root.locator("[data-field=aim]").press_sequentially("x")
    root = reload_form(page)
    expect_every_kind(root, "Newer text from the other tab", "2027-09-09", "look-after-next-cycle", True)
    assert stored(page, GOAL_PLAN_KEY)["answers"]["private--plan-b"] is True


def test_back_without_the_cache_after_delete_all_shows_nothing_and_stores_nothing_again(page):
    root = open_form(page, GOAL_PLAN)
    every_kind(root, "Answer to delete", "2027-01-01", "look-now", False)
    page.goto("my-answers/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Delete all answers").click()
    expect(page.locator("[data-saved-list]")).to_contain_text("Nothing is saved")
    root = after_navigation(page, page.go_back)
    expect(root.locator("[data-field=outside-factors]")).to_have_value("")
    expect(root.locator("[data-field=next-cycle]")).to_have_value("")
    expect(root.locator("[data-field=when-to-look]:checked")).to_have_count(0)
    expect(root.locator(PLAN_B_PRIVATE)).to_be_checked()  # the data file's default: private
    root.locator("[data-field=aim]").press_sequentially("x")
    root = reload_form(page)
    answers = stored(page, GOAL_PLAN_KEY)["answers"]
    assert answers == {"aim": "x"}, answers


# Types `text` into the control `selector` (one character a `delay` ms, at the caret, as a keyboard
# does: insertText fires the real input events), from inside the page, so two tabs type at once.
TYPE_IN_PAGE = """([selector, text, delay]) => {
  const control = document.querySelector(selector);
  control.focus();
  control.select();
  window.__typed = false;
  let i = 0;
  const next = () => {
    if (i === text.length) { window.__typed = true; return; }
    if (document.activeElement !== control) control.focus();
    document.execCommand("insertText", false, text[i++]);
    setTimeout(next, delay);
  };
  next();
}"""


def type_at_once(tabs: list, selectors: list[str], texts: list[str], delay: int) -> None:
    for tab, selector, text in zip(tabs, selectors, texts, strict=True):
        tab.evaluate(TYPE_IN_PAGE, [selector, text, delay])
    wait_until(lambda: all(tab.evaluate("() => window.__typed") for tab in tabs), tries=600)


@pytest.mark.parametrize("delay", [6, 50])
def test_two_tabs_typing_into_different_answers_at_the_same_moment_lose_no_character(page, new_watched_page, delay):
    tabs = [page, new_watched_page()]
    for tab in tabs:
        open_form(tab, GOAL_PLAN)
    fields = ["[data-field=outside-factors]", "[data-field=plan-b-signs]"]
    for round_ in range(10):
        texts = [f"A{round_}-outside-factors-typed", f"B{round_}-plan-b-signs-typed-in-the-other-tab"]
        type_at_once(tabs, fields, texts, delay)
        wait_until(
            lambda texts=texts: (
                [
                    (stored(page, GOAL_PLAN_KEY) or {}).get("answers", {}).get(f)
                    for f in ("outside-factors", "plan-b-signs")
                ]
                == texts
            ),
            tries=200,
        )
        for tab in tabs:  # each tab's page holds what its reader typed, every character
            for selector, text in zip(fields, texts, strict=True):
                if tab is tabs[fields.index(selector)]:
                    expect(tab.locator(selector)).to_have_value(text)
    root = reload_form(page)
    expect(root.locator(fields[0])).to_have_value(texts[0])
    expect(root.locator(fields[1])).to_have_value(texts[1])


@pytest.mark.parametrize("delay", [6, 50])
def test_two_tabs_typing_into_two_fields_of_one_row_at_the_same_moment_lose_no_character(page, new_watched_page, delay):
    tabs = [page, new_watched_page()]
    for tab in tabs:
        open_form(tab, ACHIEVEMENTS)
    row = "[data-group=wins] [data-row]:first-child"
    fields = [f"{row} [data-field=what]", f"{row} [data-field=impact]"]
    for round_ in range(10):
        texts = [f"Win{round_}-what-typed-in-tab-one", f"Impact{round_}-typed-in-tab-two"]
        type_at_once(tabs, fields, texts, delay)

        def both_stored(texts=texts):
            wins = (stored(page) or {}).get("answers", {}).get("wins") or [{}]
            return [wins[0].get("what"), wins[0].get("impact")] == texts

        wait_until(both_stored, tries=200)
        # Both edits landed in one row: no row was added for either.
        assert len(stored(page)["answers"]["wins"]) == win_rows(page.locator("[data-worksheet]")).count()


# The tab leaves before a queued write's timer can run, as a tab closed right after a keystroke
# does: from now on, this page's timers never fire, so only the flush on leaving can save it.
HOLD_TIMERS = """() => { window.setTimeout = () => 0; }"""
# Two more keys in one task: the second is surely still queued (one write per 100 ms at most).
TYPE_TWO = """() => {
  document.execCommand("insertText", false, "!");
  document.execCommand("insertText", false, "?");
}"""


def test_a_keystroke_right_before_closing_the_tab_is_saved(context, site):
    """Writes are coalesced (at most one per 100 ms): what is queued goes when the page is
    hidden or closed (pagehide, visibilitychange, blur: one flush)."""
    tab = context.new_page()
    root = open_form(tab, GOAL_PLAN)
    root.locator("[data-field=aim]").press_sequentially("Typed then left at once")
    tab.evaluate(HOLD_TIMERS)
    tab.evaluate(TYPE_TWO)
    tab.close()
    tab = context.new_page()
    expect(open_form(tab, GOAL_PLAN).locator("[data-field=aim]")).to_have_value("Typed then left at once!?")


# Fills this origin's storage to the quota with keys that are not the guide's; returns their count.
FILL_STORAGE = """() => {
  let n = 0;
  for (const size of [1 << 20, 1 << 16, 1 << 10, 16]) {
    try { for (;;) localStorage.setItem(`filler:${n++}`, "x".repeat(size)); } catch { n -= 1; }
  }
  return n;
}"""
EMPTY_FILLER = (
    "() => { for (const k of Object.keys(localStorage)) if (k.startsWith('filler:')) localStorage.removeItem(k); }"
)


def test_delete_all_works_when_storage_is_full_and_deletes_every_key_the_guide_saved(page):
    root = open_form(page, GOAL_PLAN)
    root.locator("[data-field=aim]").fill("An answer to delete")
    root.locator(".atn-copy__name summary").click()
    root.locator("[data-paper-name=name]").fill("Sam Reader")
    root.locator("[data-paper-name=role]").fill("Analyst")
    page.evaluate("k => localStorage.setItem(k, 'share')", NAMESPACE + "a-setting-added-later")
    page.goto("my-answers/")
    listing = page.locator("[data-saved-answers][data-enhanced] [data-saved-list]")
    expect(listing).to_contain_text("Your name and role for printed copies: Sam Reader, Analyst")
    assert page.evaluate(FILL_STORAGE) > 0
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Delete all answers").click()
    expect(page.locator("[data-alert]")).to_contain_text("All your saved answers were deleted")
    expect(listing).to_contain_text("Nothing is saved")
    left = page.evaluate("ns => Object.keys(localStorage).filter(k => k.startsWith(ns))", NAMESPACE)
    assert left in ([], [NAMESPACE + "deleted-all"]), left
    page.evaluate(EMPTY_FILLER)


def test_a_name_and_role_storage_refuses_are_said_not_saved(page):
    root = open_form(page, GOAL_PLAN)
    page.evaluate(FILL_STORAGE)
    root.locator(".atn-copy__name summary").click()
    root.locator("[data-paper-name=name]").fill("Sam Reader")
    expect(root.locator("[data-status]")).to_contain_text("Not saved")
    expect(root.locator("[data-alert]")).to_contain_text("storage")
    page.evaluate(EMPTY_FILLER)


def test_import_all_keeps_aside_a_retired_forms_answers_and_refuses_invalid_ids_by_name(page, tmp_path):
    old = json.dumps({"site": "after-the-no", "format": 2, "form": "retired-form", "answers": {"x": "saved here"}})
    page.goto("my-answers/")
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [NAMESPACE + "form:retired-form", old])
    path = tmp_path / "all.json"
    entries = [
        {"form": "retired-form", "answers": {"x": "from the file"}},
        {"form": "../bad id", "answers": {"x": "first"}},
        {"form": "Bad Id!", "answers": {"x": "second"}},
    ]
    path.write_text(json.dumps({"site": "after-the-no", "forms": entries}))
    page.reload()
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Import all answers").click()
    chooser.value.set_files(str(path))
    notice = page.locator("[data-alert]").first
    expect(notice).to_contain_text("“../bad id”")
    expect(notice).to_contain_text("“Bad Id!”")
    assert "kept aside first" in questions[0]
    assert kept_aside(page, "retired-form") == [old]
    keys = page.evaluate("() => Object.keys(localStorage)")
    assert json.loads(page.evaluate("k => localStorage.getItem(k)", NAMESPACE + "form:retired-form"))["answers"] == {
        "x": "from the file"
    }
    assert not [k for k in keys if k.startswith(NAMESPACE + "form:") and "retired-form" not in k], keys


def test_control_characters_never_reach_a_calendar_file(page):
    root = open_form(page, GOAL_PLAN)
    row = root.locator("[data-group=goals] [data-row]").nth(0)
    row.locator("[data-field=goal]").fill("Goal\x00 with\x1b control\x7f characters")
    row.locator("[data-field=check-in]").fill("2027-05-01")
    with page.expect_download() as download:
        page.get_by_role("button", name="Add check-ins to my calendar").click()
    text = download.value.path().read_bytes().decode("utf-8")
    controls = {c for c in text.replace("\r\n", "") if ord(c) < 32 or ord(c) == 127}
    assert not controls, controls
    events = {str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(text).walk("VEVENT")}
    assert "Check-in: Goal with control characters" in events, events


def test_two_tabs_adding_the_500th_win_at_once_the_second_is_told_and_keeps_its_row(page, context, new_watched_page):
    context.add_init_script(LATE_COPY)
    seed(
        page,
        json.dumps(
            {
                "site": "after-the-no",
                "format": 2,
                "form": "achievements",
                "version": 1,
                "answers": {"wins": [win(n) for n in range(1, 500)]},
            }
        ),
        key=ACHIEVEMENTS_KEY,
        path=ACHIEVEMENTS,
    )
    other = new_watched_page()
    open_form(other, ACHIEVEMENTS)
    for tab in (page, other):
        tab.evaluate("() => { window.__late = true; }")
    page.get_by_role("button", name="Add another win").click()
    page.locator("[data-group=wins] [data-row]").nth(499).locator("[data-field=what]").fill("Win 500 from tab one")
    wait_until(
        lambda: "Win 500 from tab one" in (other.evaluate("k => localStorage.getItem(k)", ACHIEVEMENTS_KEY) or "")
    )
    other.get_by_role("button", name="Add another win").click()
    other.locator("[data-group=wins] [data-row]").nth(499).locator("[data-field=what]").fill("Win 500 from tab two")
    expect(other.locator("[data-status]")).to_contain_text("Not saved")
    expect(other.locator("[data-alert]")).to_contain_text("at most 500")
    other.evaluate("() => { window.__late = false; }")
    page.locator("[data-field=what]").first.fill("Win 1, edited in tab one")  # tab two takes this in
    expect(other.locator("[data-field=what]").first).to_have_value("Win 1, edited in tab one")
    expect(other.locator("[data-group=wins] [data-row]").nth(499).locator("[data-field=what]")).to_have_value(
        "Win 500 from tab one"
    )
    expect(other.locator("[data-group=wins] [data-row]").nth(500).locator("[data-field=what]")).to_have_value(
        "Win 500 from tab two"
    )
    assert len(stored(page)["answers"]["wins"]) == 500


def test_undo_that_would_pass_a_lists_maximum_is_refused_naming_the_limit(page, tmp_path):
    root = open_form(page, GOAL_PLAN)
    add = page.get_by_role("button", name="Add another goal")
    while add.is_enabled():
        add.click()
    rows = root.locator("[data-group=goals] [data-row]")
    for n in range(rows.count()):
        rows.nth(n).locator("[data-field=goal]").fill(f"Goal {n + 1}")
    assert rows.count() == 15
    path = tmp_path / "one-goal.json"
    path.write_text(
        json.dumps(
            {
                "site": "after-the-no",
                "form": "goal-plan",
                "version": 1,
                "answers": {"goals": [{"goal": "The imported goal"}]},
            }
        )
    )
    import_answers(page, str(path))
    add.click()
    rows.last.locator("[data-field=goal]").fill("Added after the import")
    page.get_by_role("button", name="Undo").click()
    expect(root.locator("[data-alert]")).to_contain_text("at most 15")
    expect(root.locator("[data-status]")).to_contain_text("Not undone")
    root = reload_form(page)
    goals = [row["goal"] for row in stored(page, GOAL_PLAN_KEY)["answers"]["goals"] if row.get("goal")]
    assert len(root.locator("[data-group=goals] [data-row]").all()) <= 15 and len(goals) <= 15, goals
    assert "Added after the import" in goals


def goal_plan_file(tmp_path, name: str, aim: str, goal: str, *, whole_guide: bool = False) -> str:
    """An answers file for the goal plan: Export answers' shape, or Export all's (`whole_guide`)."""
    entry = {"form": "goal-plan", "version": 1, "answers": {"aim": aim, "goals": [{"goal": goal}]}}
    data = {"site": "after-the-no", "forms": [entry]} if whole_guide else {"site": "after-the-no", **entry}
    path = tmp_path / name
    path.write_text(json.dumps(data))
    return str(path)


def goal_plan_answers(page) -> tuple[str, list[str]]:
    answers = stored(page, GOAL_PLAN_KEY)["answers"]
    return answers.get("aim", ""), [row.get("goal", "") for row in answers.get("goals", []) if row.get("goal")]


@pytest.mark.parametrize("order", ["each tab undoes its own, last change first", "the first tab undoes anyway"])
def test_undo_across_tabs_restores_what_each_tab_replaced_and_never_mixes_two_files(
    page, new_watched_page, tmp_path, order
):
    """Tab A imports a file, tab B (My answers) imports all, then both undo: nothing is mixed, the
    original comes back, and each tab says what it did."""
    worksheet = open_form(page, GOAL_PLAN)
    worksheet.locator("[data-field=aim]").fill("The original aim")
    worksheet.locator("[data-group=goals] [data-field=goal]").first.fill("The original goal")
    import_answers(page, goal_plan_file(tmp_path, "a.json", "Aim from file A", "Goal from file A"))
    my_answers = new_watched_page()
    my_answers.goto("my-answers/")
    b_file = goal_plan_file(tmp_path, "b.json", "Aim from file B", "Goal from file B", whole_guide=True)
    assert "Imported answers" in import_answers(my_answers, b_file, button="Import all answers")
    # Read storage in the tab that wrote: another tab's copy of storage catches up a moment later.
    assert goal_plan_answers(my_answers) == ("Aim from file B", ["Goal from file B"])

    page.get_by_role("button", name="Undo").click()
    notice = worksheet.locator("[data-alert]")
    expect(notice).to_contain_text("Not undone yet")
    expect(notice).to_be_focused()  # the button pressed is gone: focus moves to the choice
    assert goal_plan_answers(page) == ("Aim from file B", ["Goal from file B"]), "nothing changed, nothing mixed"
    if order == "the first tab undoes anyway":
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        expect(notice.get_by_role("button", name="Undo anyway")).to_be_focused()
        page.keyboard.press("Enter")
        expect(worksheet.locator("[data-status]")).to_have_text(
            "Your answers are back. What was here before is kept aside on My answers."
        )
        assert goal_plan_answers(page) == ("The original aim", ["The original goal"])
        kept = [json.loads(raw)["answers"]["aim"] for raw in kept_aside(page, "goal-plan")]
        assert kept == ["Aim from file B"], "what the other tab imported is kept aside"
        my_answers.get_by_role("button", name="Undo").click()
        expect(my_answers.locator("[data-alert]").first).to_contain_text("Not undone yet")
        assert goal_plan_answers(page) == ("The original aim", ["The original goal"])
        return

    my_answers.get_by_role("button", name="Undo").click()
    expect(my_answers.locator("[data-status]").first).to_have_text("Your answers are back")
    assert goal_plan_answers(my_answers) == ("Aim from file A", ["Goal from file A"]), "what Import all replaced"
    expect(worksheet.locator("[data-field=aim]")).to_have_value("Aim from file A")
    notice.get_by_role("button", name="Undo", exact=True).click()
    expect(worksheet.locator("[data-status]")).to_have_text("Your answers are back")
    assert goal_plan_answers(page) == ("The original aim", ["The original goal"])
    expect(worksheet.locator("[data-field=aim]")).to_have_value("The original aim")
