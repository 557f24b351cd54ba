"""How worksheets and checklists sit on a phone (360x740), measured in the page: the first question
on the first screen with the actions behind one "Actions" control, a checklist's box on the line
of its statement with the whole row to tap, a repeated group's hints once and one numbering, and
readable, unique anchors for each section."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from conftest import assert_accessible
from formkit import ALL_FORMS, CHECKLISTS, WORKSHEETS, open_form

PHONE = {"width": 360, "height": 740}
ACTIONS = ["Print the copy to share", "Print blank copy to share", "Export answers", "Import answers", "Clear answers"]


@pytest.fixture
def phone(browser, site, watch):
    ctx = browser.new_context(base_url=site.url, viewport=PHONE, has_touch=True, is_mobile=True)
    tab = ctx.new_page()
    watch.attach(tab)
    yield tab
    ctx.close()
    watch.check()


def box(locator) -> dict:
    return locator.bounding_box()


@pytest.mark.parametrize("worksheet", WORKSHEETS)
def test_on_a_phone_the_first_question_is_on_the_first_screen(phone, worksheet):
    root = open_form(phone, f"worksheets/{worksheet}/")
    question = root.locator(".atn-section .atn-label").first
    assert box(question)["y"] + box(question)["height"] <= PHONE["height"], (
        f"the first question ends at {box(question)['y'] + box(question)['height']:.0f}px, below the first screen"
    )
    assert not root.get_by_role("button", name=ACTIONS[0], exact=True).is_visible(), (
        "the actions wait behind one control"
    )


def test_the_actions_open_from_the_keyboard_and_pass_axe_in_both_palettes(phone):
    root = open_form(phone, "worksheets/take-stock/")
    toggle = root.locator("summary", has_text="Actions")
    toggle.focus()
    phone.keyboard.press("Enter")
    for name in ACTIONS:
        assert root.get_by_role("button", name=name, exact=True).is_visible(), f"{name} after opening Actions"
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.value") == "share", "Tab goes on into the copy choice first"
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.textContent") == ACTIONS[0], "then to the Print it names"
    for scheme in ("light", "dark"):
        phone.emulate_media(color_scheme=scheme)
        assert_accessible(phone, f"take stock on a phone, actions open ({scheme})")
    toggle.focus()
    phone.keyboard.press("Enter")
    assert not root.get_by_role("button", name=ACTIONS[0], exact=True).is_visible(), "Actions closes again"


def test_on_a_wide_screen_the_actions_are_plain_buttons(page):
    root = open_form(page, "worksheets/take-stock/")
    assert not root.locator("summary", has_text="Actions").is_visible()
    hidden = [name for name in ACTIONS if not root.get_by_role("button", name=name, exact=True).is_visible()]
    assert not hidden, f"buttons to open first on a wide screen: {hidden}"


@pytest.mark.parametrize("checklist", CHECKLISTS)
def test_a_checklist_box_sits_on_its_statement_line_with_the_hint_below(phone, checklist):
    root = open_form(phone, f"checklists/{checklist}/")
    rows = root.locator(".atn-check").all()
    assert rows, "no checklist rows found"
    for row in rows:
        tick, label = box(row.locator("input")), box(row.locator("label"))
        assert tick["x"] + tick["width"] <= label["x"], "the box is beside the statement, not above it"
        assert abs(tick["y"] - label["y"]) < 8, "the box is on the statement's first line"
        hint = row.locator(".atn-hint")
        if hint.count():
            assert box(hint)["y"] >= label["y"] + label["height"] - 1 and abs(box(hint)["x"] - label["x"]) < 2


def test_tapping_anywhere_on_a_checklist_row_ticks_it(phone):
    root = open_form(phone, "checklists/first-48-hours/")
    row = root.locator(".atn-check:has(.atn-hint)").first
    tick = row.locator("input")
    hint = box(row.locator(".atn-hint"))
    phone.touchscreen.tap(hint["x"] + hint["width"] / 2, hint["y"] + hint["height"] / 2)
    assert tick.is_checked(), "a tap on the hint ticks the row"
    whole = box(row)
    phone.touchscreen.tap(whole["x"] + whole["width"] - 4, whole["y"] + whole["height"] / 2)
    assert not tick.is_checked(), "a tap at the row's far edge unticks it"


def test_a_repeated_group_shows_its_hints_once_and_numbers_rows_once(phone):
    root = open_form(phone, "worksheets/goal-plan/")
    rows = root.locator("[data-group=goals] [data-row]")
    assert rows.count() >= 2
    assert rows.nth(0).locator(".atn-hint:visible").count() >= 3, "the first row explains its questions"
    for n in range(1, rows.count()):
        assert rows.nth(n).locator(".atn-hint:visible").count() == 0, f"row {n + 1} repeats no hint"
    described = (
        rows.nth(1)
        .locator("[data-field=goal]")
        .evaluate("c => document.getElementById(c.getAttribute('aria-describedby')).textContent")
    )
    assert described, "a later row's fields keep their description for screen readers"
    assert rows.nth(1).evaluate("li => getComputedStyle(li).listStyleType") == "none", "no '2.' beside 'Goal 2'"
    assert rows.nth(1).locator("[data-row-name]").inner_text() == "Goal 2"


# Anchors -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ALL_FORMS)
def test_every_section_has_a_readable_anchor_and_no_id_is_used_twice(site, path):
    html = (site.dir / path / "index.html").read_text(encoding="utf-8")
    ids = re.findall(r"""\sid=["']([^"']+)["']""", html)
    twice = [i for i, n in Counter(ids).items() if n > 1]
    assert not twice, f"{path}: ids used twice on the page: {twice}"
    sections = re.findall(r"""class="atn-section[^"]*"[^>]*?(?:\sid="([^"]+)"|aria-labelledby="([^"]+)")""", html)
    anchors = [a or b for a, b in sections]
    assert anchors and all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", a) for a in anchors), anchors


def test_a_section_link_opens_the_page_at_that_section(page):
    page.goto("worksheets/take-stock/#your-direction")
    heading = page.get_by_role("heading", name="Your direction")
    heading.wait_for()
    assert heading.get_attribute("id") == "your-direction"
    assert 0 <= box(heading)["y"] < 200, "the linked section is at the top of the screen"
