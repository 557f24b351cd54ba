"""A copy to share: what a reader hands their manager leaves their private thinking out.

Each worksheet is filled with realistic answers, each one tagged so it can be found in a PDF's
text. The full copy is printed with the Print button; the copy to share is chosen with its own
control, the page reloaded (the choice must stay), and printed through page.pdf() alone, which
runs the page's own print path like Ctrl+P. Which answers are private comes from the issue, not
from the page: take-stock's "Your manager", a direction that looks outside and its first step;
the goal plan's "Plan B".
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from conftest import assert_accessible
from formkit import open_form, reload_form
from printkit import PHRASE, TWO_SENTENCES, fill_realistically, pdf_pages, print_with_button

PAPERS = ["A4", "Letter"]
SHARE = re.compile("share", re.IGNORECASE)

# form: (private text answers, private choice answers as printed, shared choice answers as printed,
#        sections left out of the copy to share)
FORMS = {
    "take-stock": (
        {"manager-signs", "outside-first-step"},
        ["3 of 5: mixed signals", "Look for a role elsewhere"],
        ["3 of 5: part of the picture"],
        2,
    ),
    "goal-plan": (
        {"plan-b-signs", "outside-roles", "plan-b-contacts"},
        ["Now, alongside this plan"],
        ["Not started"],
        1,
    ),
}


def fill_tagged(root, form: str) -> dict[str, str]:
    """Fill like a reader (a phrase per line, two sentences per box), each answer ending in a tag
    of its own; take-stock's direction is "Look for a role elsewhere". {field id: tag}."""
    fill_realistically(root)
    if form == "take-stock":
        root.locator("[data-field=direction][value=look-outside]").check()
    tags = {}
    controls = root.locator(".atn-section input[type=text]:visible, .atn-section textarea:visible")
    for n, control in enumerate(controls.all()):
        tag = f"tag{n:02d}x"
        field = control.get_attribute("data-field")
        text = TWO_SENTENCES if control.evaluate("c => c.tagName") == "TEXTAREA" else PHRASE[:24]
        control.fill(f"{text} {tag}")
        tags.setdefault(field, tag)
    return tags


def squeeze(pages: list[str]) -> str:
    return re.sub(r"\s+", " ", " ".join(pages))


def choose_share(page) -> None:
    page.get_by_role("radio", name=SHARE).check()


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("form", FORMS)
def test_the_copy_to_share_leaves_private_answers_out_and_keeps_the_rest(page, form, paper):
    private_fields, private_choices, shared_choices, left_out = FORMS[form]
    root = open_form(page, f"worksheets/{form}/")
    tags = fill_tagged(root, form)
    private = [tag for field, tag in tags.items() if field in private_fields]
    shared = [tag for field, tag in tags.items() if field not in private_fields]
    assert len(private) == len(private_fields), f"every private question was filled: {sorted(tags)}"

    print_with_button(page, "Print")
    full = pdf_pages(page.pdf(format=paper))
    full_text = squeeze(full)
    for n, text in enumerate(full, 1):
        assert f"Page {n} of {len(full)}" in text, f"the full copy's page {n} has no page number"
    missing = [tag for tag in private + shared if tag not in full_text]
    assert not missing, f"the full copy lacks answers: {missing}"
    for words in private_choices + shared_choices:
        assert words in full_text
    assert "left out" not in full_text
    page.evaluate("() => dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="null")  # as a reader's browser: print media only while printing

    choose_share(page)
    root = reload_form(page)
    expect(page.get_by_role("radio", name=SHARE)).to_be_checked()
    share = pdf_pages(page.pdf(format=paper))  # the browser's own print path, as Ctrl+P
    share_text = squeeze(share)
    leaked = [tag for tag in private if tag in share_text]
    assert not leaked, f"private answers on the copy to share: {leaked}\n{share_text}"
    leaked = [words for words in private_choices if words in share_text]
    assert not leaked, f"private choices on the copy to share: {leaked}"
    lost = [tag for tag in shared if tag not in share_text] + [w for w in shared_choices if w not in share_text]
    assert not lost, f"shared answers missing from the copy to share: {lost}"
    noun = "section" if left_out == 1 else "sections"
    assert f"{left_out} private {noun} left out" in share_text
    assert "Copy to share" in share_text
    for n, text in enumerate(share, 1):
        assert f"Page {n} of {len(share)}" in text


def test_left_out_answers_are_not_in_the_printed_page_at_all(page):
    root = open_form(page, "worksheets/goal-plan/")
    tags = fill_tagged(root, "goal-plan")
    choose_share(page)
    print_with_button(page, "Print")
    printed_dom = page.evaluate("document.querySelector('[data-print-record]').outerHTML")
    assert tags["plan-b-signs"] not in printed_dom and "Plan B" not in printed_dom
    assert tags["aim"] in printed_dom


def test_a_reader_moves_a_section_onto_and_off_the_copy_to_share(page):
    root = open_form(page, "worksheets/goal-plan/")
    tags = fill_tagged(root, "goal-plan")
    plan_b = page.get_by_role("checkbox", name="Keep “Plan B” off the copy to share")
    development = page.get_by_role("checkbox", name="Keep “Ways to develop” off the copy to share")
    expect(plan_b).to_be_checked()
    mark = root.locator("section:has(#plan-b) .atn-section__private")
    expect(mark).to_have_text("Private: not on the copy to share")
    expect(root.locator("section:has(#development) .atn-section__private")).to_be_hidden()
    plan_b.focus()
    page.keyboard.press("Space")  # keyboard: onto the copy to share
    development.focus()
    page.keyboard.press("Space")  # and another section off it
    choose_share(page)
    reload_form(page)
    expect(mark).to_be_hidden()
    expect(plan_b).not_to_be_checked()
    expect(development).to_be_checked()
    text = squeeze(pdf_pages(page.pdf(format="A4")))
    assert tags["plan-b-signs"] in text, "a section moved onto the copy to share prints on it"
    assert tags["courses"] not in text, "a section moved off it does not"
    assert "1 private section left out" in text


def test_the_choices_travel_with_an_export(page):
    root = open_form(page, "worksheets/goal-plan/")
    root.locator("[data-field=aim]").fill("Team lead")
    choose_share(page)
    page.get_by_role("checkbox", name="Keep “Plan B” off the copy to share").uncheck()
    actions = page.locator("details.atn-actions:not([open]) > summary:visible")
    if actions.count():
        actions.click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Export answers").click()
    import json

    data = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert data["answers"]["copy--print"] == "share"
    assert data["answers"]["private--plan-b"] is False


def test_copy_as_text_follows_the_copy_chosen(clipboard_page):
    page = clipboard_page
    root = open_form(page, "worksheets/goal-plan/")
    tags = fill_tagged(root, "goal-plan")

    def copied() -> str:
        page.get_by_role("button", name="Copy as text").click()
        page.get_by_text("Copied as text").wait_for()
        text = page.evaluate("navigator.clipboard.readText()")
        page.evaluate("document.querySelector('[data-status]').textContent = ''")
        return text

    everything = copied()
    assert tags["plan-b-signs"] in everything and "Now, alongside this plan" in everything
    choose_share(page)
    shared = copied()
    assert tags["plan-b-signs"] not in shared and tags["outside-roles"] not in shared
    assert "Now, alongside this plan" not in shared and "Plan B" not in shared
    assert tags["aim"] in shared and tags["goal"] in shared and tags["network"] in shared
    assert shared.rstrip().endswith("1 private section left out.")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_copy_controls_pass_axe_in_both_palettes_and_work_by_keyboard(page, scheme):
    page.emulate_media(color_scheme=scheme)
    open_form(page, "worksheets/take-stock/")
    page.get_by_role("radio", name="Everything (your own copy)").focus()
    page.keyboard.press("ArrowRight")  # radios: arrows move the choice
    expect(page.get_by_role("radio", name=SHARE)).to_be_checked()
    page.locator(".atn-copy__name > summary").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.type("Ana Reyes")
    expect(page.get_by_label("Your name")).to_have_value("Ana Reyes")
    assert_accessible(page, f"take-stock copy controls ({scheme})")
    from formkit import after_navigation

    after_navigation(page, lambda: page.goto("plan-at-a-glance/"), "[data-plan-glance]")
    page.get_by_role("radio", name="Everything (your own copy)").focus()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("radio", name=SHARE)).to_be_checked()
    assert_accessible(page, f"plan at a glance copy controls ({scheme})")


# The plan at a glance --------------------------------------------------------------------------

GOALS = [
    "Run the quarterly budget review myself",
    "Present our results at the monthly all-hands",
    "Mentor the two new analysts through the audit season",
]


def fill_plan(page) -> None:
    root = open_form(page, "worksheets/take-stock/")
    root.locator("[data-field=direction][value=look-outside]").check()
    root = open_form(page, "worksheets/goal-plan/")
    root.locator("[data-field=next-cycle]").fill("2027-04-01")
    for n, goal in enumerate(GOALS):
        row = root.locator("[data-group=goals] [data-row]").nth(n)
        row.locator("[data-field=goal]").fill(goal)
        row.locator("[data-field=check-in]").fill(f"2027-0{n + 1}-15")
        row.locator("[data-field=by-date]").fill(f"2027-0{n + 4}-30")
        row.locator("[data-field=status][value=in-progress]").check()
    root.locator("[data-field=plan-b-signs]").fill("No path after two more rounds glanceprivate")
    root = open_form(page, "worksheets/achievements/")
    row = root.locator("[data-group=wins] [data-row]").first
    row.locator("[data-field=date]").fill("2026-11-20")
    row.locator("[data-field=what]").fill("Closed the vendor audit two weeks early")


@pytest.mark.parametrize("paper", PAPERS)
def test_the_plan_at_a_glance_prints_on_one_page_in_both_copies(page, paper):
    fill_plan(page)
    glance = "[data-plan-glance]"
    from formkit import after_navigation

    after_navigation(page, lambda: page.goto("plan-at-a-glance/"), glance)
    page.evaluate("() => { window.__printCalls = 0; window.print = () => { window.__printCalls += 1; }; }")
    page.get_by_role("button", name="Print", exact=True).click()
    assert page.evaluate("window.__printCalls") == 1
    full = pdf_pages(page.pdf(format=paper))
    text = squeeze(full)
    assert len(full) == 1 or paper != "A4", f"the glance takes {len(full)} A4 pages"
    assert "Look for a role elsewhere" in text and all(goal in text for goal in GOALS), text
    assert "glanceprivate" not in text, "the glance never shows Plan B"
    assert "Page 1 of" in text

    page.get_by_role("radio", name=SHARE).check()
    after_navigation(page, page.reload, glance)
    expect(page.get_by_role("radio", name=SHARE)).to_be_checked()
    share = pdf_pages(page.pdf(format=paper))
    text = squeeze(share)
    assert len(share) == 1 or paper != "A4"
    assert "Look for a role elsewhere" not in text, "a direction that looks outside is private"
    assert all(goal in text for goal in GOALS) and "Closed the vendor audit" in text
    assert "1 private section left out" in text
    assert "glanceprivate" not in text


# Paper that reads well -------------------------------------------------------------------------

NEAR_EMPTY = 250  # characters of text: a page with less is nearly empty


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text without its running "Page N of M"."""
    return [re.sub(r"Page \d+ of \d+", "", text).strip() for text in pdf_pages(pdf)]


@pytest.mark.parametrize("paper", PAPERS)
def test_take_stock_filled_fits_two_pages_with_no_near_empty_page(page, paper):
    root = open_form(page, "worksheets/take-stock/")
    fill_realistically(root)
    page.locator(".atn-copy__name > summary").click()
    page.get_by_label("Your name").fill("Ana Reyes")
    page.get_by_label("Your role").fill("Senior analyst")
    print_with_button(page, "Print")
    pdf = page.pdf(format=paper)
    texts = page_texts(pdf)
    assert len(texts) <= 2, f"take stock, filled, takes {len(texts)} {paper} pages"
    thin = [len(text) for text in texts if len(texts) > 1 and len(text) < NEAR_EMPTY]
    assert not thin, f"a nearly empty page on {paper}: {thin} characters"
    header = squeeze(texts[:1])
    assert header.startswith("Take stock Ana Reyes, Senior analyst · Printed on ")
    # Short answers run on the question's line, across the page: "How long ... take Lead the ...".
    assert re.search(r"How long it would realistically take Lead the quarterly planning review", header)


def test_the_name_on_paper_is_entered_once_for_every_worksheet(page):
    open_form(page, "worksheets/take-stock/")
    page.locator(".atn-copy__name > summary").click()
    page.get_by_label("Your name").fill("Ana Reyes")
    root = open_form(page, "worksheets/goal-plan/")
    root.locator("[data-field=aim]").fill("Team lead")
    print_with_button(page, "Print")
    assert "Ana Reyes · Printed on" in squeeze(pdf_pages(page.pdf(format="A4")))


def test_a_print_without_a_name_has_none(page):
    root = open_form(page, "worksheets/goal-plan/")
    root.locator("[data-field=aim]").fill("Team lead")
    print_with_button(page, "Print")
    assert re.search(r"Goal-setting plan Printed on ", squeeze(page_texts(page.pdf(format="A4"))))


@pytest.mark.parametrize("paper", PAPERS)
def test_the_feedback_meeting_blank_copy_prints_its_suggested_questions_with_room(page, paper):
    open_form(page, "worksheets/feedback-meeting/")
    print_with_button(page, "Print blank copy")
    pdf = page.pdf(format=paper)
    text = squeeze(pdf_pages(pdf))
    assert len(pdf_pages(pdf)) <= 3
    for question in [
        "What decided it in the end?",
        "How did I come across in the interview?",
        "What else could I take on?",
    ]:
        assert question in text, f"{question!r} is not printed as text"
    rows = page.locator(".atn-paper__row:has(.atn-paper__given)")
    assert rows.count() == 7
    assert all(row.locator(".atn-paper__line").count() >= 3 for row in rows.all()), "room to write under each"
