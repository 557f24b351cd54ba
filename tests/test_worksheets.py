"""A reader fills a worksheet, leaves in every way a reader leaves, and finds every answer again."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from conftest import assert_accessible
from formkit import ALL_FORMS, after_navigation, fill_everything, open_form, reload_form, snapshot

# The fast tier's browser smoke test (`make test-fast`): the worksheet with rows, dates and choices.
SMOKE_FORM = "worksheets/goal-plan/"
assert SMOKE_FORM in ALL_FORMS, "the fast tier lost its smoke test: name another form here"


@pytest.mark.parametrize("path", [pytest.param(p, marks=pytest.mark.fast) if p == SMOKE_FORM else p for p in ALL_FORMS])
def test_answers_survive_reload_navigation_and_a_new_browser_session(page, browser, site, path):
    root = open_form(page, path)
    fill_everything(root)
    filled = snapshot(root)
    assert any(value not in ("", "false") for _, value in filled)
    expect_saved(page)

    assert snapshot(reload_form(page)) == filled, "answers lost on reload"

    # Instant navigation away and back: the marker proves the page was not reloaded.
    page.evaluate("window.__stayed = true")
    page.locator(".md-sidebar--primary").get_by_role("link", name="Privacy").click()
    page.wait_for_url("**/privacy/")
    root = after_navigation(page, page.go_back)
    assert page.evaluate("window.__stayed === true"), "instant navigation fell back to a full reload"
    assert snapshot(root) == filled, "answers lost after navigating away and back"

    # Closing the browser and coming back: a new context with the same storage.
    later = browser.new_context(base_url=site.url, storage_state=page.context.storage_state())
    tab = later.new_page()
    assert snapshot(open_form(tab, path)) == filled, "answers lost after reopening the browser"
    later.close()


def expect_saved(page):
    status = page.locator("[data-status]").first
    assert status.text_content().startswith("Saved in this browser at ")


def test_a_worksheet_is_ready_only_once_after_many_navigations(page):
    """Navigating back and forth must not bind handlers twice (one row added per click)."""
    open_form(page, "worksheets/goal-plan/")
    for _ in range(3):
        page.locator(".md-sidebar--primary").get_by_role("link", name="Take stock").first.click()
        page.wait_for_url("**/take-stock/")
        after_navigation(page, page.go_back)
    rows = page.locator("[data-group=goals] [data-row]")
    before = rows.count()
    page.get_by_role("button", name="Add another goal").click()
    assert rows.count() == before + 1


# Material's bundle defines window.document$ when it runs: note what the page showed by then.
_AT_MATERIALS_START = """Object.defineProperty(window, "document$", {
  configurable: true,
  set(value) {
    const field = document.querySelector("[data-field=goal]");
    window.__atMaterialsStart = { enhanced: field?.closest("[data-module]")?.dataset.enhanced ?? null,
                                  goal: field?.value ?? null };
    Object.defineProperty(window, "document$", { value, writable: true, configurable: true });
  },
});"""


@pytest.mark.parametrize("arrive", ["reload", "a new tab"])
def test_saved_answers_are_on_the_page_before_materials_script_runs(page, new_watched_page, arrive):
    """The form starts from its own script tag (in <head>) as soon as the page is parsed: a reader does not
    wait for Material's bundle (the largest script) to see their answers."""
    open_form(page, "worksheets/goal-plan/").locator("[data-field=goal]").first.fill("Lead the Q3 launch")
    expect_saved(page)
    if arrive == "a new tab":
        page = new_watched_page()
    page.add_init_script(_AT_MATERIALS_START)
    after_navigation(page, page.reload if arrive == "reload" else lambda: page.goto("worksheets/goal-plan/"))
    assert page.evaluate("window.__atMaterialsStart") == {"enhanced": "true", "goal": "Lead the Q3 launch"}


def test_reader_adds_and_removes_rows_and_the_numbers_follow(page):
    open_form(page, "worksheets/goal-plan/")
    rows = page.locator("[data-group=goals] [data-row]")
    start = rows.count()
    page.get_by_role("button", name="Add another goal").click()
    page.get_by_role("button", name="Add another goal").click()
    assert rows.count() == start + 2
    assert page.evaluate("document.activeElement.dataset.field") == "goal", "focus goes to the new row"
    rows.nth(start).locator("[data-field=goal]").fill("Second to last")
    rows.nth(start + 1).locator("[data-field=goal]").fill("Last")
    page.get_by_role("button", name=f"Remove goal {start + 1}").click()
    assert rows.count() == start + 1
    assert rows.nth(start).locator("[data-field=goal]").input_value() == "Last"
    assert rows.nth(start).locator("[data-row-name]").text_content().strip() == f"Goal {start + 1}"
    rows = reload_form(page).locator("[data-group=goals] [data-row]")
    assert rows.count() == start + 1
    assert rows.nth(start).locator("[data-field=goal]").input_value() == "Last"


def test_choosing_a_direction_reveals_its_guidance(page):
    root = open_form(page, "worksheets/take-stock/")
    reveals = root.locator("[data-field-root=direction] > [data-reveal-for]")
    assert reveals.count() >= 4
    assert all(not r.is_visible() for r in reveals.all()), "no guidance before a choice"
    options = root.locator("[data-field-root=direction] > .atn-options input")
    options.nth(2).check()
    chosen = options.nth(2).get_attribute("value")
    visible = [r.get_attribute("data-reveal-for") for r in reveals.all() if r.is_visible()]
    assert visible == [chosen]


@pytest.mark.parametrize("path", ALL_FORMS)
def test_export_clear_import_brings_back_the_same_answers(page, tmp_path, path):
    root = open_form(page, path)
    fill_everything(root, "Exported")
    filled = snapshot(root)
    with page.expect_download() as download:
        page.get_by_role("button", name="Export answers").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    data = json.loads(saved.read_text())
    form_id = path.split("/")[1]
    assert data["form"] == form_id
    assert form_id in (root.get_attribute("data-worksheet"), root.get_attribute("data-checklist"))
    assert {"version", "exportedAt", "answers"} <= data.keys()

    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Clear answers").click()
    expect(page.locator("[data-alert]").first).to_contain_text("cleared")
    assert snapshot(root) != filled
    assert all(value in ("", "false") for field, value in snapshot(root) if "--" not in field)
    # The reader's copy-to-share choices ("private--<section>", "private-answer--<field>") go back to their defaults.
    assert root.evaluate("""r => [...r.querySelectorAll('[data-field*="--"]')]
        .every(c => c.checked === c.defaultChecked)""")

    page.once("dialog", lambda d: d.accept())
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Import answers").click()
    chooser.value.set_files(str(saved))
    expect(page.locator("[data-alert]").first).to_contain_text("imported")
    assert snapshot(root) == filled
    assert snapshot(reload_form(page)) == filled


def test_import_asks_first_and_says_what_will_be_replaced(page, tmp_path):
    root = open_form(page, "worksheets/achievements/")
    fill_everything(root, "Kept")
    with page.expect_download() as download:
        page.get_by_role("button", name="Export answers").click()
    file = tmp_path / "answers.json"
    download.value.save_as(file)
    root.locator("[data-field=what]").first.fill("Typed after the export")
    questions = []
    page.once("dialog", lambda d: (questions.append(d.message), d.dismiss()))
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Import answers").click()
    with page.expect_event("dialog"):
        chooser.value.set_files(str(file))
    assert questions and "Achievements log" in questions[0] and "answers.json" in questions[0]
    assert root.locator("[data-field=what]").first.input_value() == "Typed after the export"


@pytest.mark.parametrize("path", ALL_FORMS)
def test_forms_pass_axe_empty_filled_and_revealed(page, path):
    root = open_form(page, path)
    assert_accessible(page, f"{path} empty")
    fill_everything(root)  # also opens a reveal where the form has one
    assert_accessible(page, f"{path} filled")
    page.emulate_media(color_scheme="dark")
    assert_accessible(page, f"{path} filled, dark")


def test_every_field_has_a_label_and_every_action_is_a_named_button(page):
    for path in ALL_FORMS:
        root = open_form(page, path)
        # A history's hidden answer is no control (HTML gives hidden inputs no label): it is shown as text.
        unlabelled = root.evaluate("""root => [...root.querySelectorAll('input:not([type=file], [type=hidden]), textarea')]
            .filter(c => !c.labels || c.labels.length === 0).map(c => c.id)""")
        assert not unlabelled, f"{path}: controls without a <label>: {unlabelled}"
        prints = (
            ["Print the copy to share", "Print blank copy to share"]
            if "worksheet" in path or "start" in path
            else ["Print", "Print blank copy"]
        )
        for name in [*prints, "Export answers", "Import answers", "Clear answers"]:
            assert root.get_by_role("button", name=name, exact=True).count() == 1, f"{path}: {name}"


def test_keyboard_alone_can_fill_and_export_a_worksheet(page):
    open_form(page, "worksheets/achievements/")
    page.get_by_role("button", name="Clear answers").focus()
    typed = {}
    for _ in range(12):  # Tab into the first fields and type into each text box met
        page.keyboard.press("Tab")
        field = page.evaluate("document.activeElement.dataset.field || ''")
        kind = page.evaluate("document.activeElement.type || ''")
        if kind in ("text", "textarea"):
            page.keyboard.type(f"typed into {field}")
            typed[field] = f"typed into {field}"
        elif kind == "date":
            page.keyboard.type("03152027")
            typed[field] = "2027-03-15"
    assert len(typed) >= 3, typed
    for _ in range(40):  # Shift+Tab back up to the toolbar, then Enter on "Export answers"
        page.keyboard.press("Shift+Tab")
        if page.evaluate("document.activeElement.textContent") == "Export answers":
            break
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    exported = json.loads(download.value.path().read_text())
    first_win = exported["answers"]["wins"][0]
    for field, value in typed.items():
        assert first_win.get(field) == value, (field, first_win)


def test_space_ticks_a_checklist_item_and_the_tick_is_saved(page):
    root = open_form(page, "checklists/first-48-hours/")
    box = root.locator("input[type=checkbox]").first
    box.focus()
    page.keyboard.press("Space")
    assert box.is_checked()
    assert reload_form(page).locator("input[type=checkbox]").first.is_checked()


def test_letter_keys_on_a_radio_stay_in_the_form_instead_of_changing_page(page):
    """Material's shortcuts ("n" next page, "p" previous) must not fire from a form's controls."""
    root = open_form(page, "worksheets/take-stock/")
    radio = root.locator("input[type=radio]").first
    radio.focus()
    for key in ["n", "p", ".", ",", "s"]:
        page.keyboard.press(key)
    assert page.url.endswith("/worksheets/take-stock/")
    assert page.evaluate("document.activeElement.type") == "radio"
