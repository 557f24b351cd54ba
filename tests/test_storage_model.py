"""The storage model (overrides/components/storage/README.md), driven through the real controls.

Cases 1 to 13 are the numbered cases of issue 12, in order; the tests after them hold the
README's invariants that the cases do not already hold. Two tabs are two pages in one context.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest
from playwright.sync_api import expect

from formkit import (
    GOAL_PLAN,
    GOAL_PLAN_KEY,
    NAMESPACE,
    STORAGE_BLOCKED,
    open_form,
    record,
    reload_form,
    seed,
    with_renames_in_the_next_version,
)
from kit import StaticServer, build_site

PATH, KEY = GOAL_PLAN, GOAL_PLAN_KEY

QUOTA_FULL = """() => {
  window.realSetItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function () { throw new DOMException("The quota has been exceeded.", "QuotaExceededError"); };
}"""
QUOTA_BACK = "() => { Storage.prototype.setItem = window.realSetItem; }"
ASIDES_FULL = """
const realSetItem = Storage.prototype.setItem;
Storage.prototype.setItem = function (key, value) {
  if (key.includes(":aside:")) throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
  return realSetItem.call(this, key, value);
};"""


def stored(page, key: str = KEY):
    raw = page.evaluate("k => localStorage.getItem(k)", key)
    return None if raw is None else json.loads(raw)


def keys(page, part: str) -> list[str]:
    return page.evaluate("p => Object.keys(localStorage).filter(k => k.includes(p)).sort()", part)


def goal_rows(root):
    return root.locator("[data-group=goals] [data-row]")


def alert(page):
    return page.locator("[data-alert]").first


def accept_next_dialog(page, questions=None):
    page.once("dialog", lambda d: ((questions.append(d.message) if questions is not None else None), d.accept()))


def pick_file(page, button: str, path) -> None:
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name=button).click()
    chooser.value.set_files(str(path))


def saved_answers_page(page):
    page.goto("my-answers/")
    page.locator("[data-saved-answers][data-enhanced]").wait_for()
    return page.locator("[data-saved-list]")


# The thirteen cases of issue 12 ------------------------------------------------------------------------


def test_case_01_an_answer_corrected_in_another_tab_reaches_the_caret_field_once_the_reader_leaves_it(
    page, new_watched_page
):
    first = open_form(page, PATH)
    aim = first.locator("[data-field=aim]")
    aim.fill("First draft")
    other_tab = new_watched_page()
    second = open_form(other_tab, PATH)
    aim.click()  # the caret sits in the answer in tab A
    second.locator("[data-field=aim]").fill("Corrected in tab B")
    expect(first.locator("[data-status]")).to_contain_text("another tab")  # tab A took in B's write
    # The field under the caret is never changed while it has focus: typing goes on undisturbed.
    expect(aim).to_have_value("First draft")
    first.locator("[data-field=timeframe]").click()  # the reader merely moves on, then types elsewhere
    expect(aim).to_have_value("Corrected in tab B")  # the newer answer arrives on blur
    first.locator("[data-field=timeframe]").fill("Typed in tab A")
    assert stored(page)["answers"]["aim"] == "Corrected in tab B"
    expect(second.locator("[data-field=aim]")).to_have_value("Corrected in tab B")
    expect(second.locator("[data-field=timeframe]")).to_have_value("Typed in tab A")


def four_goals(page):
    root = open_form(page, PATH)
    while goal_rows(root).count() < 4:
        page.get_by_role("button", name="Add another goal").click()
    for n, word in enumerate(["one", "two", "three", "four"]):
        goal_rows(root).nth(n).locator("[data-field=goal]").fill(f"Goal {word}")
    return root


def test_case_02_removing_a_goal_in_one_tab_while_another_edits_goal_4(page, new_watched_page):
    first = four_goals(page)
    other_tab = new_watched_page()
    second = open_form(other_tab, PATH)
    fourth = goal_rows(second).nth(3).locator("[data-field=goal]")
    fourth.click()
    page.get_by_role("button", name="Remove goal 1").click()
    expect(goal_rows(second)).to_have_count(3)
    goals = [row["goal"] for row in stored(page)["answers"]["goals"]]
    assert goals == ["Goal two", "Goal three", "Goal four"]
    assert first.locator("[data-row-name]").all_inner_texts() == ["Goal 1", "Goal 2", "Goal 3"]
    assert other_tab.evaluate("document.activeElement.value") == "Goal four", "focus stays in the goal being edited"
    url = other_tab.url
    other_tab.keyboard.type(" np")  # Material's shortcuts would change page if focus had fallen to the body
    assert other_tab.url == url
    expect(goal_rows(second).nth(2).locator("[data-field=goal]")).to_have_value("Goal four np")
    expect(goal_rows(first).nth(2).locator("[data-field=goal]")).to_have_value("Goal four np")
    assert len(stored(page)["answers"]["goals"]) == 3


@pytest.mark.parametrize("eraser", ["Clear answers", "Delete all answers"])
def test_case_03_undo_keeps_what_another_tab_typed_after_the_clear(page, new_watched_page, eraser):
    """Clear on the worksheet, or Delete all on My answers; then another tab types; then Undo."""
    first = open_form(page, PATH)
    first.locator("[data-field=aim]").fill("Before the clear")
    first.locator("[data-field=timeframe]").fill("Old timeframe")
    other_tab = new_watched_page()
    if eraser == "Clear answers":
        erasing, typing = page, open_form(other_tab, PATH)
    else:
        saved_answers_page(other_tab)
        erasing, typing = other_tab, first
    accept_next_dialog(erasing)
    erasing.get_by_role("button", name=eraser).click()
    expect(typing.locator("[data-field=aim]")).to_have_value("")
    typing.locator("[data-field=timeframe]").fill("Typed after the clear")
    erasing.get_by_role("button", name="Undo").click()
    expect(erasing.locator("[data-status]").first).to_have_text("Your answers are back")
    expect(typing.locator("[data-field=aim]")).to_have_value("Before the clear")
    expect(typing.locator("[data-field=timeframe]")).to_have_value("Typed after the clear")
    assert stored(page)["answers"]["timeframe"] == "Typed after the clear"


def test_case_04_a_damaged_original_that_could_not_be_kept_aside_is_never_overwritten(page, tmp_path):
    page.add_init_script(ASIDES_FULL)
    damaged = record({"aim": "Readable", "next-cycle": 20270101})
    root = seed(page, damaged)
    expect(alert(page)).to_contain_text("could not be kept aside")
    root.locator("[data-field=timeframe]").fill("A keystroke")
    status = page.locator("[data-status]").first
    expect(status).to_contain_text("Not saved")
    assert page.evaluate("k => localStorage.getItem(k)", KEY) == damaged, "the original is untouched"
    with page.expect_download() as download:
        alert(page).get_by_role("button", name="Download the original").click()
    assert download.value.path().read_text() == damaged
    root.locator("[data-field=timeframe]").fill("After downloading it")
    expect(status).to_contain_text("Saved in this browser")
    assert stored(page)["answers"]["timeframe"] == "After downloading it"


def test_case_05_export_all_then_import_all_round_trips_everything(page, tmp_path):
    open_form(page, "worksheets/take-stock/").locator("textarea").first.fill("My take on it")
    page.evaluate(
        """ns => {
        localStorage.setItem(ns + "form:achievements", "{unreadable");
        localStorage.setItem(ns + "form:retired-worksheet", JSON.stringify({site: "after-the-no", format: 1,
            form: "retired-worksheet", version: 1, savedAt: "2026-01-01T00:00:00Z", answers: {q: "An old answer"}}));
        localStorage.setItem(ns + "aside:goal-plan:2026-10-01T09:00:00.000Z", "{an original kept aside");
    }""",
        NAMESPACE,
    )
    listing = saved_answers_page(page)
    expect(listing).to_contain_text("retired-worksheet")
    before = page.evaluate(
        "ns => Object.fromEntries(Object.keys(localStorage).filter(k => k.startsWith(ns))"
        ".map(k => [k, localStorage.getItem(k)]))",
        NAMESPACE,
    )
    with page.expect_download() as download:
        page.get_by_role("button", name="Export all answers").click()
    file = tmp_path / "all.json"
    download.value.save_as(file)
    accept_next_dialog(page)
    page.get_by_role("button", name="Delete all answers").click()
    expect(listing).to_contain_text("Nothing is saved")

    questions = []
    accept_next_dialog(page, questions)
    pick_file(page, "Import all answers", file)
    expect(alert(page)).to_contain_text("Imported answers for “Take stock”")
    message = alert(page).inner_text()
    assert "retired-worksheet" in message and "kept aside" in message, message
    assert "retired-worksheet" in questions[0] and "kept aside" in questions[0]
    after = page.evaluate(
        "ns => Object.fromEntries(Object.keys(localStorage).filter(k => /:(form|aside):/.test(k))"
        ".map(k => [k, localStorage.getItem(k)]))",
        NAMESPACE,
    )
    assert after[NAMESPACE + "form:retired-worksheet"] == before[NAMESPACE + "form:retired-worksheet"]
    assert after[NAMESPACE + "aside:goal-plan:2026-10-01T09:00:00.000Z"] == "{an original kept aside"
    assert "{unreadable" in [v for k, v in after.items() if k.startswith(NAMESPACE + "aside:achievements:")]
    expect(open_form(page, "worksheets/take-stock/").locator("textarea").first).to_have_value("My take on it")


def test_case_05_a_file_with_nothing_to_import_says_so(page, tmp_path):
    saved_answers_page(page)
    empty = tmp_path / "empty-export.json"
    empty.write_text(
        json.dumps({"site": "after-the-no", "exportedAt": "2026-11-01T10:00:00Z", "forms": [], "asides": []})
    )
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pick_file(page, "Import all answers", empty)
    expect(alert(page)).to_contain_text("has no saved answers in it, so there is nothing to import")
    assert not dialogs, "no question is asked about importing nothing"


def test_case_06_a_five_digit_year_is_refused_at_input_and_never_saved(page, tmp_path):
    root = open_form(page, PATH)
    date = root.locator("[data-field=next-cycle]")
    date.fill("2027-06-01")
    date.focus()  # on the month; the year is two segments to the right
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.type("20271")  # a fifth digit, as a slip of the finger would give
    expect(date).to_have_value("20271-06-01")
    expect(alert(page)).to_contain_text("more than four digits")
    expect(page.locator("[data-status]").first).to_contain_text("Not saved")
    assert date.get_attribute("aria-invalid") == "true"
    assert stored(page)["answers"]["next-cycle"] == "2027-06-01", "the last good date stays saved"
    with page.expect_download() as download:
        page.get_by_role("button", name="Export answers").click()
    exported = tmp_path / "exported.json"
    download.value.save_as(exported)
    root = reload_form(page)
    assert not alert(page).is_visible(), "no damage on the next visit"
    expect(root.locator("[data-field=next-cycle]")).to_have_value("2027-06-01")
    accept_next_dialog(page)
    pick_file(page, "Import answers", exported)
    expect(alert(page)).to_contain_text("Answers imported")


def test_case_07_the_not_saved_warning_stays_until_a_save_succeeds(page):
    root = open_form(page, PATH)
    page.evaluate(QUOTA_FULL)
    root.locator("[data-field=aim]").fill("Typed while full")
    expect(alert(page)).to_contain_text("not being saved")
    page.get_by_role("button", name="Add check-ins to my calendar").click()  # another message arrives
    expect(alert(page)).to_contain_text("There are no dates to add yet")
    expect(alert(page)).to_contain_text("not being saved")
    page.evaluate(QUOTA_BACK)
    root.locator("[data-field=timeframe]").fill("Room again")
    expect(page.locator("[data-status]").first).to_contain_text("Saved in this browser")
    expect(alert(page)).not_to_contain_text("not being saved")
    assert stored(page)["answers"]["aim"] == "Typed while full", "the refused edit went with the next save"


def test_case_07_undo_never_claims_success_when_nothing_was_written(page):
    root = open_form(page, PATH)
    aim = root.locator("[data-field=aim]")
    aim.fill("Worth keeping")
    accept_next_dialog(page)
    page.get_by_role("button", name="Clear answers").click()
    expect(aim).to_have_value("")
    page.evaluate(QUOTA_FULL)
    page.get_by_role("button", name="Undo").click()
    status = page.locator("[data-status]").first
    expect(status).to_contain_text("Not undone")
    expect(alert(page)).to_contain_text("full")
    page.evaluate(QUOTA_BACK)
    alert(page).get_by_role("button", name="Undo").click()
    expect(status).to_have_text("Your answers are back")
    expect(aim).to_have_value("Worth keeping")
    assert stored(page)["answers"]["aim"] == "Worth keeping"


def test_case_08_after_delete_all_an_open_worksheet_never_saves_deleted_answers_again(page, new_watched_page):
    root = seed(
        page, record({"aim": "Deleted aim", "timeframe": "Deleted timeframe", "old-question": "Deleted kept answer"})
    )
    expect(alert(page)).to_contain_text("no longer")
    answers_tab = new_watched_page()
    saved_answers_page(answers_tab)
    accept_next_dialog(answers_tab)
    answers_tab.get_by_role("button", name="Delete all answers").click()
    expect(answers_tab.locator("[data-saved-list]")).to_contain_text("Nothing is saved")
    expect(root.locator("[data-field=aim]")).to_have_value("")
    root.locator("[data-field=aim]").click()
    root.locator("[data-field=next-cycle]").fill("2027-01-01")
    saved = stored(page)
    assert saved["answers"] == {"next-cycle": "2027-01-01"}
    assert "Deleted" not in json.dumps(saved), "deleted answers came back"


@pytest.fixture(scope="module")
def renamed_site(tmp_path_factory, project_copy):
    """A new release of the site in which goal-plan's goal was once called "objective"."""
    project = project_copy()
    definition = project / "data" / "worksheets" / "goal-plan.yml"
    text = definition.read_text()
    text = with_renames_in_the_next_version(text, "{objective: goal}")
    definition.write_text(text)
    server = StaticServer(tmp_path_factory.mktemp("renamed-site"))
    out = server.httpd.RequestHandlerClass.root
    result = build_site(project, out, server.url)
    assert result.returncode == 0, result.stdout + result.stderr
    with server:
        yield server.url


def tab_on(browser, base_url):
    """A tab in a context of its own, for a server other than the test site's: (context, tab,
    errors), where errors collects every uncaught error and console error."""
    context = browser.new_context(base_url=base_url)
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    return context, tab, errors


def test_case_09_the_glance_reads_through_the_same_checked_path_as_the_worksheet(browser, renamed_site):
    context, tab, errors = tab_on(browser, renamed_site)
    tab.goto("plan-at-a-glance/")
    tab.evaluate(
        """ns => localStorage.setItem(ns + "form:goal-plan", JSON.stringify({site: "after-the-no", format: 1,
        form: "goal-plan", version: 1, savedAt: "2026-11-01T10:00:00Z",
        answers: {"next-cycle": 20270101, goals: [{objective: "A goal saved before the rename"}, {goal: 42}]}}))""",
        NAMESPACE,
    )
    tab.reload()
    body = tab.locator("[data-plan-glance][data-enhanced] [data-glance-body]")
    expect(body).to_contain_text("A goal saved before the rename")
    expect(body).not_to_contain_text("42")
    context.close()
    assert not errors, errors


def test_case_10_with_site_data_blocked_my_answers_and_the_glance_say_so(context):
    tab = context.new_page()
    own_errors = []
    tab.on("pageerror", lambda e: own_errors.append(str(e.stack)) if "components/" in str(e.stack) else None)
    tab.add_init_script(STORAGE_BLOCKED)
    listing = saved_answers_page(tab)
    expect(listing).to_contain_text("not letting the site read its storage")
    expect(listing).not_to_contain_text("Nothing is saved")
    tab.goto("plan-at-a-glance/")
    body = tab.locator("[data-plan-glance][data-enhanced] [data-glance-body]")
    expect(body).to_contain_text("not letting the site read its storage")
    expect(body).not_to_contain_text("Nothing is saved")
    assert not own_errors, own_errors


@pytest.fixture
def two_copies(site, tmp_path):
    """The built site served twice on one host, under /main/ and /staging/."""
    for name in ("main", "staging"):
        shutil.copytree(site.dir, tmp_path / "copies" / name)
    with StaticServer(tmp_path / "copies") as server:
        yield server.url


def test_case_11_two_copies_on_one_host_keep_their_answers_apart(browser, two_copies):
    context, tab, errors = tab_on(browser, two_copies)
    main = open_form(tab, "main/" + PATH)
    main.locator("[data-field=aim]").fill("Answer on the main copy")
    staging = open_form(tab, "staging/" + PATH)
    expect(staging.locator("[data-field=aim]")).to_have_value("")
    assert not tab.locator("[data-alert]").first.is_visible(), "no notice about the other copy's answers"
    staging.locator("[data-field=aim]").fill("Answer on staging")
    tab.goto("staging/my-answers/")
    tab.locator("[data-saved-answers][data-enhanced]").wait_for()
    accept_next_dialog(tab)
    tab.get_by_role("button", name="Delete all answers").click()
    main = open_form(tab, "main/" + PATH)
    expect(main.locator("[data-field=aim]")).to_have_value("Answer on the main copy")
    assert not keys(tab, ":aside:"), "no kept-aside copies pile up"
    assert sorted(keys(tab, ":form:")) == ["after-the-no:/main/:form:goal-plan"]
    context.close()
    assert not errors, errors


def test_case_12_dates_shown_to_the_reader_are_local(browser, site, new_watched_page, tmp_path):
    # Fourteen hours ahead of UTC: at 23:30 UTC on November 24 it is already November 25 there.
    context = browser.new_context(base_url=site.url, timezone_id="Pacific/Kiritimati", locale="en-US")
    tab = new_watched_page(context)
    tab.clock.set_fixed_time("2026-11-24T23:30:00Z")
    open_form(tab, PATH).locator("[data-field=aim]").fill("Dated")
    with tab.expect_download() as download:
        tab.get_by_role("button", name="Export answers").click()
    assert download.value.suggested_filename == "after-the-no-goal-plan-2026-11-25.json"
    file = tmp_path / "late.json"
    download.value.save_as(file)
    questions = []
    tab.once("dialog", lambda d: (questions.append(d.message), d.dismiss()))
    with tab.expect_event("dialog"):
        pick_file(tab, "Import answers", file)
    assert "exported November 25, 2026" in questions[0], questions
    tab.evaluate("ns => localStorage.setItem(ns + 'aside:goal-plan:2026-11-24T23:30:00.000Z', '{kept')", NAMESPACE)
    listing = saved_answers_page(tab)
    expect(listing).to_contain_text("kept November 25, 2026")
    context.close()


def test_case_13_imports_are_bounded_and_odd_keys_are_handled_honestly(page, tmp_path):
    root = open_form(page, PATH)
    root.locator("[data-field=aim]").fill("Keep me")
    huge = tmp_path / "huge.json"
    huge.write_text(
        json.dumps(
            {
                "site": "after-the-no",
                "form": "goal-plan",
                "version": 1,
                "answers": {f"unknown-{n}": "" for n in range(200_000)},
            }
        )
    )
    pick_file(page, "Import answers", huge)
    expect(alert(page)).to_contain_text("200,000")
    expect(alert(page)).to_contain_text("at most 500")
    expect(alert(page)).to_contain_text("Nothing was changed")
    expect(root.locator("[data-field=aim]")).to_have_value("Keep me")

    odd = tmp_path / "odd-keys.json"
    odd.write_text(
        '{"site": "after-the-no", "form": "goal-plan", "version": 1, '
        '"answers": {"aim": "Imported aim", "__proto__": "a", "constructor": "b"}}'
    )
    accept_next_dialog(page)
    pick_file(page, "Import answers", odd)
    expect(alert(page)).to_contain_text("Answers imported")
    message = alert(page).inner_text()
    assert "“__proto__”" in message and "“constructor”" in message and "unknown type" not in message
    expect(root.locator("[data-field=aim]")).to_have_value("Imported aim")
    assert stored(page)["stale"] == {"__proto__": "a", "constructor": "b"}
    root.locator("[data-field=timeframe]").fill("Typing stays quick")
    assert stored(page)["answers"]["timeframe"] == "Typing stays quick"


# Invariants of the README not already held above ------------------------------------------------------


def test_invariant_a_row_removed_elsewhere_moves_focus_to_the_nearest_row(page, new_watched_page):
    four_goals(page)
    other_tab = new_watched_page()
    second = open_form(other_tab, PATH)
    goal_rows(second).nth(0).locator("[data-field=goal]").click()
    page.get_by_role("button", name="Remove goal 1").click()
    expect(goal_rows(second)).to_have_count(3)
    focused = other_tab.evaluate("({field: document.activeElement.dataset.field, value: document.activeElement.value})")
    assert focused == {"field": "goal", "value": "Goal two"}
    expect(other_tab.locator("[data-status]").first).to_contain_text("Goal 1 was removed in another tab")


def test_invariant_answers_saved_before_namespacing_are_adopted(page):
    # As the previous release left storage before this one first ran (old keys are looked for once).
    page.goto("worksheets/")
    page.evaluate(
        "v => localStorage.setItem('after-the-no:form:goal-plan', v)", record({"aim": "Saved by the previous release"})
    )
    root = open_form(page, PATH)
    expect(root.locator("[data-field=aim]")).to_have_value("Saved by the previous release")
    assert stored(page)["answers"]["aim"] == "Saved by the previous release"
    assert page.evaluate("localStorage.getItem('after-the-no:form:goal-plan')") is None
    # Once: the version key says so, and later page loads no longer look through storage.
    assert page.evaluate("k => localStorage.getItem(k)", NAMESPACE + "migrated") == "2"
    page.evaluate("() => localStorage.setItem('after-the-no:form:achievements', '{}')")
    reload_form(page)
    assert page.evaluate("localStorage.getItem('after-the-no:form:achievements')") == "{}"


def test_invariant_the_empty_rows_a_form_starts_with_keep_their_place(page, new_watched_page):
    """Two tabs of an empty form typing into "Goal 2" write one row, in place, not two."""
    first = open_form(page, PATH)
    other_tab = new_watched_page()
    second = open_form(other_tab, PATH)
    goal_rows(first).nth(1).locator("[data-field=goal]").fill("Typed in tab A")
    goal_rows(second).nth(1).locator("[data-field=measure]").fill("Measured in tab B")
    root = reload_form(page)
    assert goal_rows(root).count() == 3
    expect(goal_rows(root).nth(1).locator("[data-field=goal]")).to_have_value("Typed in tab A")
    expect(goal_rows(root).nth(1).locator("[data-field=measure]")).to_have_value("Measured in tab B")


def test_invariant_a_record_is_only_written_in_the_current_format(page):
    root = open_form(page, PATH)
    goal_rows(root).nth(0).locator("[data-field=goal]").fill("Stamped")
    saved = stored(page)
    assert saved["format"] == 2 and saved["site"] == "after-the-no" and saved["form"] == "goal-plan"
    row_id = saved["rows"]["goals"][0]
    assert re.fullmatch(r"[A-Za-z0-9_-]+", row_id)
    assert isinstance(saved["stamps"][f"goals/{row_id}/goal"], int)
