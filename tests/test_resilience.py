"""Nothing lost: bad saved state, bad files, hostile text, failing storage, two tabs, clearing."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from conftest import assert_accessible, build_site, free_port, serve
from formkit import (
    GOAL_PLAN,
    GOAL_PLAN_KEY,
    NAMESPACE,
    READY,
    STORAGE_BLOCKED,
    open_form,
    record,
    seed,
    with_renames_in_the_next_version,
)
from printkit import choose_copy

# Keys are namespaced by the copy's base path; the test site is served at "/".
KEY, PATH = GOAL_PLAN_KEY, GOAL_PLAN
HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "</textarea><script>alert(2)</script>",
    "{{ 7*7 }} {% raw %} ${7*7}",
    "مرحبا بالعالم — שלום עולם",
    "👩🏽‍💻 🚀 done ✅",
]


def alert_text(page) -> str:
    box = page.locator("[data-alert]").first
    box.wait_for(state="visible")
    return box.inner_text()


def asides(page) -> list[str]:
    return page.evaluate("p => Object.keys(localStorage).filter(k => k.startsWith(p))", NAMESPACE + "aside:")


# Corrupt or unexpected saved state -------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, says",
    [
        ("{not json at all", "could not be read"),
        (json.dumps(["a", "list"]), "could not be read"),
        (json.dumps({"answers": "a string"}), "could not be read"),
    ],
)
def test_unreadable_saved_answers_are_reported_and_kept_aside(page, raw, says, tmp_path):
    seed(page, raw)
    assert says in alert_text(page)
    kept = asides(page)
    assert len(kept) == 1 and page.evaluate("k => localStorage.getItem(k)", kept[0]) == raw
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the original").click()
    assert download.value.path().read_text() == raw
    # The page still works and saves again.
    page.get_by_label("Goal", exact=True).first.fill("A fresh start")
    assert page.locator("[data-status]").first.inner_text().startswith("Saved")
    page.reload()
    assert asides(page) == kept, "the original is never overwritten"


def test_wrong_types_keep_what_can_be_read(page):
    root = seed(page, record({"timeframe": "Six months", "next-cycle": 20270101, "aim": ["not", "text"]}))
    assert "could not be shown" in alert_text(page)
    assert root.locator("[data-field=timeframe]").input_value() == "Six months"
    assert len(asides(page)) == 1
    with page.expect_download() as download:
        page.get_by_role("button", name="Export answers").click()
    exported = json.loads(download.value.path().read_text())
    assert exported["answers"]["timeframe"] == "Six months"
    assert exported["stale"]["next-cycle"] == 20270101 and exported["stale"]["aim"] == ["not", "text"]


def test_an_answer_to_a_field_that_no_longer_exists_is_kept_and_exported(page):
    seed(page, record({"timeframe": "By June", "old-question": "My earlier answer"}))
    assert "no longer" in alert_text(page) and "kept" in alert_text(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Export answers").first.click()
    exported = json.loads(download.value.path().read_text())
    assert exported.get("stale") == {"old-question": "My earlier answer"}, exported
    page.locator("[data-field=aim]").fill("An edit after the upgrade")
    page.reload()  # still kept after saving again
    stored = json.loads(page.evaluate("k => localStorage.getItem(k)", KEY))
    assert stored["stale"] == {"old-question": "My earlier answer"}


def test_answers_from_a_newer_version_of_the_site_are_shown_where_possible_and_kept(page):
    root = seed(page, record({"timeframe": "Soon", "field-from-the-future": "x"}, version=99))
    assert "newer version" in alert_text(page)
    assert root.locator("[data-field=timeframe]").input_value() == "Soon"
    kept = asides(page)
    assert len(kept) == 1 and '"version": 99' in page.evaluate("k => localStorage.getItem(k)", kept[0])


def test_problem_messages_pass_axe(page):
    seed(page, "{broken")
    alert_text(page)
    assert_accessible(page, "goal plan with a corrupt-state message")


# A new version of the site ----------------------------------------------------------------------


def test_a_new_site_version_moves_renamed_answers_and_keeps_removed_ones(page, browser, project_copy, tmp_path):
    """Answers saved by this site survive a release that renames, adds and removes fields."""
    root = open_form(page, PATH)
    row = root.locator("[data-group=goals] [data-row]").first
    row.locator("[data-field=goal]").fill("Run the budget review")
    row.locator("[data-field=measure]").fill("Signed off by finance")
    row.locator("[data-field=support]").fill("My manager")
    root.locator("[data-field=timeframe]").fill("Nine months")
    root.locator("[data-field=timeframe]").blur()  # leaving a field writes what is queued
    origin_state = page.context.storage_state()

    project = project_copy()
    definition = project / "data" / "worksheets" / "goal-plan.yml"
    text = definition.read_text()
    assert "id: measure" in text and "id: support" in text and "id: timeframe" in text
    text = text.replace("id: measure", "id: success-measure").replace("id: timeframe", "id: horizon")
    text = remove_field(text, "support")
    # The calendar names fields too; the build would stop if they were left pointing at old ids.
    text = text.replace("[measure, actions, support]", "[success-measure, actions]").replace(
        "[measure]", "[success-measure]"
    )
    text = with_renames_in_the_next_version(text, "{measure: success-measure, timeframe: horizon}")
    definition.write_text(text)

    new_url, new_server = serve_copy(project, tmp_path)
    state = json.loads(json.dumps(origin_state).replace(page.url.split("/worksheets")[0], new_url.rstrip("/")))
    ctx = browser.new_context(base_url=new_url, storage_state=state)
    tab = ctx.new_page()
    upgraded = open_form(tab, PATH)
    first = upgraded.locator("[data-group=goals] [data-row]").first
    assert first.locator("[data-field=goal]").input_value() == "Run the budget review"
    assert first.locator("[data-field=success-measure]").input_value() == "Signed off by finance"
    assert upgraded.locator("[data-field=horizon]").input_value() == "Nine months"
    assert "changed since" in tab.locator("[data-alert]").inner_text()
    with tab.expect_download() as download:
        tab.get_by_role("button", name="Export answers").first.click()
    exported = json.loads(download.value.path().read_text())
    assert exported["version"] == 3
    assert "My manager" in json.dumps(exported["stale"]), "a removed field's answer is kept in the export"
    new_server.shutdown()
    ctx.close()


def remove_field(yaml_text: str, field_id: str) -> str:
    """Drop one field's block (its '- id:' line and the more-indented lines under it)."""
    lines = yaml_text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == f"- id: {field_id}")
    indent = len(lines[start]) - len(lines[start].lstrip())
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent):
        end += 1
    return "\n".join(lines[:start] + lines[end:]) + "\n"


def serve_copy(project, tmp_path):
    """Build and serve a changed copy of the site: the "new version" a reader comes back to."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    result = build_site(project, tmp_path / "new-site", url)
    assert result.returncode == 0, result.stdout + result.stderr
    return url, serve(tmp_path / "new-site", port)


# Bad import files ---------------------------------------------------------------------------------


def import_file(page, path):
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Import answers").click()
    chooser.value.set_files(str(path))
    return alert_text(page)


def exported_other_form(tmp_path):
    return json.dumps(
        {
            "site": "after-the-no",
            "form": "take-stock",
            "title": "Take stock",
            "version": 1,
            "exportedAt": "2026-11-01",
            "answers": {},
        }
    )


@pytest.mark.parametrize(
    "name, content, says",
    [
        ("not-json.json", "this is not json", "not an answers file"),
        ("wrong-shape.json", json.dumps({"hello": "world"}), "not an answers file"),
        ("list.json", json.dumps([1, 2, 3]), "not an answers file"),
        ("empty.json", "", "is empty"),
        ("other.json", None, "Take stock"),
        (
            "bad-values.json",
            json.dumps(
                {"site": "after-the-no", "form": "goal-plan", "version": 1, "answers": {"next-cycle": "next tuesday"}}
            ),
            "cannot use",
        ),
    ],
)
def test_a_malformed_import_file_is_refused_and_nothing_is_replaced(page, tmp_path, name, content, says):
    root = open_form(page, PATH)
    root.locator("[data-field=timeframe]").fill("Keep me")
    file = tmp_path / name
    file.write_text(exported_other_form(tmp_path) if content is None else content)
    message = import_file(page, file)
    assert says in message and "Nothing was changed" in message
    assert root.locator("[data-field=timeframe]").input_value() == "Keep me"
    page.reload()
    assert page.locator("[data-field=timeframe]").input_value() == "Keep me"


def test_a_50_mb_file_is_refused_at_once_and_the_page_stays_responsive(page, tmp_path):
    root = open_form(page, PATH)
    root.locator("[data-field=timeframe]").fill("Keep me")
    big = tmp_path / "huge.json"
    with open(big, "wb") as out:
        out.write(b'{"site": "after-the-no", "answers": {"x": "')
        out.write(b"a" * (50 * 1024 * 1024))
        out.write(b'"}}')
    message = import_file(page, big)
    assert "50.0 MB" in message and "Nothing was changed" in message
    root.locator("[data-field=aim]").fill("Still typing")
    assert root.locator("[data-field=timeframe]").input_value() == "Keep me"


def test_a_file_with_thousands_of_rows_is_refused_without_freezing_the_page(page, tmp_path):
    root = open_form(page, PATH)
    rows_before = root.locator("[data-group=goals] [data-row]").count()
    file = tmp_path / "rows.json"
    file.write_text(
        json.dumps(
            {
                "site": "after-the-no",
                "form": "goal-plan",
                "version": 1,
                "answers": {"goals": [{"goal": f"Goal {n}"} for n in range(5000)]},
            }
        )
    )
    message = import_file(page, file)
    assert "5,000 entries" in message and "at most 500" in message and "Nothing was changed" in message
    assert root.locator("[data-group=goals] [data-row]").count() == rows_before


# Hostile and unusual text ---------------------------------------------------------------------------


def test_markup_emoji_and_right_to_left_text_stay_exactly_as_typed_and_never_run(page, tmp_path):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    root = open_form(page, PATH)
    controls = root.locator("input[type=text]:visible, textarea:visible").all()
    typed = {}
    for n, control in enumerate(controls):
        text = HOSTILE[n % len(HOSTILE)]
        control.fill(text)
        typed[control.get_attribute("id")] = text
    page.reload()
    root = page.locator(READY).first
    for control_id, text in typed.items():
        assert root.locator(f"#{control_id}").input_value() == text
    assert root.locator("img[src=x]").count() == 0, "typed markup became elements"
    # The form's own inline script (first-paint.js) is the only script allowed in it.
    typed_scripts = "els => els.filter((e) => e.textContent.includes('alert(')).length"
    assert root.locator("script").evaluate_all(typed_scripts) == 0, "typed markup became a script"
    page.evaluate("window.print = () => {}")  # keep the printed copy on the page to read it
    choose_copy(page, "own")
    page.get_by_role("button", name="Print your own copy", exact=True).click()
    printed = root.locator("[data-print-record]").inner_text()
    for text in HOSTILE:
        assert text in printed
    with page.expect_download() as download:
        page.get_by_role("button", name="Export answers").click()
    exported = download.value.path().read_text(encoding="utf-8")
    for text in HOSTILE:
        assert json.dumps(text, ensure_ascii=False)[1:-1] in exported
    assert "49" not in printed
    assert not dialogs, f"a script in the answers ran: {dialogs}"


def test_a_one_megabyte_answer_is_saved_and_shown_in_full(page):
    root = open_form(page, PATH)
    huge = ("A long reflection, line after line. 🌱\n" * 28_000)[:1_000_000]
    # Pasted in one go, as a reader would (Playwright's fill is slow and echoes the text on failure).
    root.locator("textarea").first.evaluate(
        "(area, text) => { area.value = text; area.dispatchEvent(new Event('input', {bubbles: true})); }", huge
    )
    assert page.locator("[data-status]").first.inner_text().startswith("Saved")
    page.reload()
    restored = page.locator(READY).first.locator("textarea").first.evaluate("area => area.value")
    assert restored == huge, "the 1 MB answer did not come back exactly"


# Storage that fails ----------------------------------------------------------------------------------

QUOTA_FULL = """
Storage.prototype.setItem = function () {
  throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
};"""


def test_full_storage_tells_the_reader_and_offers_export_while_typing_still_works(page):
    page.add_init_script(QUOTA_FULL)
    root = open_form(page, PATH)
    root.locator("[data-field=timeframe]").fill("Typed while storage is full")
    message = alert_text(page)
    assert "full" in message and "not being saved" in message
    assert "Not saved" in page.locator("[data-status]").first.inner_text()
    with page.expect_download() as download:
        page.locator("[data-alert]").get_by_role("button", name="Export answers").click()
    assert json.loads(download.value.path().read_text())["answers"]["timeframe"] == "Typed while storage is full"
    root.locator("[data-field=aim]").fill("More typing")
    assert root.locator("[data-field=aim]").input_value() == "More typing"


def test_blocked_storage_tells_the_reader_and_typing_still_works(context, site):
    tab = context.new_page()
    own_errors = []
    tab.on("pageerror", lambda e: own_errors.append(str(e.stack)) if "components/form" in str(e.stack) else None)
    tab.add_init_script(STORAGE_BLOCKED)
    root = open_form(tab, PATH)
    assert "not letting the site save" in alert_text(tab)
    root.locator("[data-field=timeframe]").fill("Typed with storage blocked")
    assert root.locator("[data-field=timeframe]").input_value() == "Typed with storage blocked"
    with tab.expect_download() as download:
        tab.locator("[data-alert]").get_by_role("button", name="Export answers").click()
    assert json.loads(download.value.path().read_text())["answers"]["timeframe"] == "Typed with storage blocked"
    assert not own_errors, own_errors


# Two tabs ------------------------------------------------------------------------------------------------


def test_two_tabs_of_one_worksheet_never_undo_each_others_edits(page, new_watched_page):
    first = open_form(page, PATH)
    other_tab = new_watched_page()
    second = open_form(other_tab, PATH)
    first.locator("[data-field=timeframe]").fill("Typed in tab one")
    second.locator("[data-field=aim]").fill("Typed in tab two")
    # The second tab picked up the first tab's edit while open, and saving did not undo it.
    # (expect polls from outside the page: wait_for_function would need eval, which the CSP forbids)
    expect(second.locator("[data-field=timeframe]")).to_have_value("Typed in tab one")
    expect(first.locator("[data-field=aim]")).to_have_value("Typed in tab two")
    page.reload()
    root = page.locator(READY).first
    assert root.locator("[data-field=timeframe]").input_value() == "Typed in tab one"
    assert root.locator("[data-field=aim]").input_value() == "Typed in tab two"


# Clearing ------------------------------------------------------------------------------------------------


def test_clearing_asks_first_and_can_be_undone(page):
    root = open_form(page, PATH)
    field = root.locator("[data-field=timeframe]")
    field.fill("Worth keeping")
    page.once("dialog", lambda d: d.dismiss())
    with page.expect_event("dialog"):
        page.get_by_role("button", name="Clear answers").click()
    expect(field).to_have_value("Worth keeping")

    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Clear answers").click()
    expect(field).to_have_value("")
    page.get_by_role("button", name="Undo").click()
    expect(field).to_have_value("Worth keeping")
    page.reload()
    expect(page.locator("[data-field=timeframe]")).to_have_value("Worth keeping")
