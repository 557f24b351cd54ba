"""Paper: a filled worksheet prints as a record to bring to a conversation, a blank copy carries
no answer, checklists print as one tick list, and the whole guide prints without near-empty pages.

Every PDF here is printed the way a reader prints: through the page's own Print and Print blank
copy buttons (window.print stubbed so the page stays in its print state for page.pdf), or
through the events the browser's own print fires (beforeprint / afterprint). Page counts are
measured on A4 and US Letter; how full a page is, is measured with pypdf (see
printkit.text_area_fill: how far down the text area its lowest line of text sits).
"""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from conftest import assert_accessible
from formkit import ALL_FORMS, open_form
from printkit import (
    PHRASE,
    TWO_SENTENCES,
    fill_realistically,
    pdf_pages,
    print_with_button,
    read_pages,
    text_area_fill,
)

PAPERS = ["A4", "Letter"]
FORM_MARGIN_PT = 14 / 25.4 * 72  # form.css: @page { margin: 14mm 15mm }
GUIDE_MARGIN_PT = 4 * 12  # the print-site plugin's @page margin: 4em of 12pt
PAGE_BUDGETS = {  # (filled, blank): most pages a print may take, on A4 and on Letter
    "worksheets/take-stock/": (2, 3),
    "worksheets/goal-plan/": (3, None),
    "checklists/first-48-hours/": (1, 1),
    "worksheets/feedback-meeting/": (None, 3),
}


def printed(page, button: str, paper: str = "A4") -> bytes:
    print_with_button(page, button)
    return page.pdf(format=paper)


def after_print(page) -> None:
    page.evaluate("() => dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="screen")


def assert_pages_used(pdf: bytes, label: str, margin_pt: float = FORM_MARGIN_PT, headings=()) -> None:
    """Every page but the last at least a quarter used, and none ends on one of `headings`."""
    fills = text_area_fill(pdf, margin_pt)
    thin = [f"page {n} is {fill:.0%} used" for n, fill in enumerate(fills[:-1], 1) if fill < 0.25]
    assert not thin, f"{label}: a page before the last holds less than a quarter of a page: {thin}"
    last_lines = [page.strip().splitlines()[-1].strip() for page in pdf_pages(pdf)[:-1] if page.strip()]
    stranded = [line for line in last_lines if line in headings]
    assert not stranded, f"{label}: a heading left alone at the foot of a page: {stranded}"


# The filled copy ----------------------------------------------------------------------------------


@pytest.mark.parametrize("paper", PAPERS)
def test_take_stock_prints_as_a_record_of_the_answers(page, paper):
    root = open_form(page, "worksheets/take-stock/")
    fill_realistically(root)
    hints = root.locator(".atn-hint").all_text_contents()
    prose = page.locator(".md-content__inner > p").all_inner_texts()  # intro, "saves as you type", next step
    pages = pdf_pages(printed(page, "Print", paper))
    text = re.sub(r"\s+", " ", " ".join(pages))
    assert len(pages) <= 2, f"take stock, filled, takes {len(pages)} {paper} pages"
    assert re.sub(r"Page \d of \d ", "", text).startswith("Take stock Printed on ")
    assert PHRASE in text and TWO_SENTENCES.split(". ")[0] in text
    assert "3 of 5: part of the picture" in text, "a scale prints its chosen point with its words"
    assert "Yes, I can build it in my current job" not in text, "an option not chosen is left out"
    for web_only in ["Actions", "Export answers", "Saved in this browser"]:
        assert web_only not in text
    printed_prose = [line for line in prose if re.sub(r"\s+", " ", line)[:30] in text]
    assert prose and not printed_prose, f"the page's web-only lines print: {printed_prose}"
    leaked = [hint for hint in hints if hint[:40] in text]
    assert not leaked, f"hints are for the screen: {leaked}"


def test_unanswered_questions_are_left_out_and_counted_once(page):
    root = open_form(page, "worksheets/take-stock/")
    root.locator("[data-field=reasons]").fill("They wanted someone who had led a budget cycle.")
    root.locator("[data-field-root=understand-why] .atn-scale input").nth(1).check()
    text = " ".join(pdf_pages(printed(page, "Print")))
    assert "They wanted someone who had led a budget cycle." in text
    assert "2 of 5: I have a guess" in text
    assert "What is outside your control" not in text, "an unanswered question does not print"
    total = root.evaluate("r => r.querySelectorAll(':scope > .atn-section > [data-field-root]').length")
    assert f"{total - 2} questions left blank." in text


def test_a_long_answer_prints_in_full_and_goals_left_empty_are_left_out(page):
    root = open_form(page, "worksheets/goal-plan/")
    long_answer = "\n".join(f"Step {n}: one more thing I will do this quarter." for n in range(40))
    fill_realistically(root, rows=2)
    root.locator("[data-field=actions]").first.fill(long_answer)
    pdf = printed(page, "Print")
    text = " ".join(pdf_pages(pdf))
    assert "Step 0:" in text and "Step 39:" in text, "a long answer is printed whole, not clipped"
    assert "Goal 1" in text and "Goal 2" in text and "Goal 3" not in text


def test_markup_in_an_answer_prints_as_the_text_typed(page):
    root = open_form(page, "worksheets/take-stock/")
    typed = '<img src=x onerror="alert(1)"> <b>not bold</b> & "quoted"'
    root.locator("[data-field=reasons]").fill(typed)
    print_with_button(page, "Print")
    record = page.locator(".atn-record")
    assert typed in record.inner_text()
    assert record.locator("img, b").count() == 0, "typed markup never becomes elements"
    after_print(page)


# The blank copy -----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["worksheets/take-stock/", "worksheets/goal-plan/", "worksheets/self-assessment/"])
def test_a_blank_copy_carries_no_answer_at_all(page, path):
    root = open_form(page, path)
    fill_realistically(root, rows=3)
    typed = root.evaluate("""r => [...r.querySelectorAll('input[type=text], textarea')]
        .map(c => c.value).filter(Boolean)""")
    assert typed
    text = " ".join(pdf_pages(printed(page, "Print blank copy")))
    assert "Printed on" not in text
    assert not [answer for answer in typed if answer[:30] in text], "a typed answer is in the blank copy"
    assert "Name" in text and "Date" in text, "the paper copy has room for a name and a date"


def test_a_blank_copy_leaves_room_for_every_answer_and_shows_every_branch(page):
    root = open_form(page, "worksheets/take-stock/")
    text = re.sub(r"\s+", " ", " ".join(pdf_pages(printed(page, "Print blank copy"))))
    labels = root.evaluate("""r => [...r.querySelectorAll('.atn-options label, .atn-scale label')]
        .map(l => l.textContent.replace(/\\s+/g, ' ').trim())""")
    paper = page.locator(".atn-paper")
    on_paper = [re.sub(r"\s+", " ", t).strip() for t in paper.locator(".atn-paper__options li").all_inner_texts()]
    assert on_paper == labels, "every option of every question, in order"
    assert text.count("If you chose") == 5, "every follow-up of the direction question is there"
    assert paper.locator(".atn-paper__circle").count() == len(labels), "an empty circle for every option"
    long_answer = paper.locator(".atn-paper__q:has(.atn-paper__lines .atn-paper__line:nth-child(3))")
    assert long_answer.count() == root.locator(":scope > .atn-section textarea").count(), "ruled lines for each box"
    assert not root.locator(".atn-section").first.is_visible(), "the interactive form itself never prints"


# Every form, on both papers --------------------------------------------------------------------------


@pytest.mark.parametrize("path", ALL_FORMS)
def test_every_print_uses_its_pages_and_keeps_to_its_budget(page, path):
    filled_most, blank_most = PAGE_BUDGETS.get(path, (None, None))
    root = open_form(page, path)
    headings = root.locator(".atn-section__title").all_text_contents()
    fill_realistically(root)
    for paper in PAPERS:
        filled = printed(page, "Print", paper)
        after_print(page)
        blank = printed(page, "Print blank copy", paper)
        after_print(page)
        for copy, pdf, most in [("filled", filled, filled_most), ("blank", blank, blank_most)]:
            assert_pages_used(pdf, f"{path} {copy} on {paper}", headings=headings)
            count = len(pdf_pages(pdf))
            assert most is None or count <= most, f"{path} {copy} takes {count} {paper} pages, budget {most}"


# Issue 30: no near-empty last page, a skill kept whole, the title on every page ------------------------

# A last page is near-empty when it holds under NEAR_EMPTY_CHARS characters of text (its running
# header and page number aside) or its text ends within the top NEAR_EMPTY_FILL of the page.
NEAR_EMPTY_CHARS, NEAR_EMPTY_FILL = 250, 0.2
NAME = "Ana Reyes"
RUNNING = re.compile(
    r"^(?:.* · .*|Page \d+ of \d+)$|^(Take stock|Goal-setting plan|Self-assessment|Feedback meeting preparation)$"
)


def give_name_for_paper(page, name: str = NAME) -> None:
    """Type a name in the form's "Name and role on printed copies", as a reader does."""
    actions = page.locator("details.atn-actions:not([open]) > summary:visible")
    if actions.count():  # a narrow screen: the choices sit behind "Actions"
        actions.click()
    page.get_by_text("Name and role on printed copies").click()
    page.get_by_label("Your name").fill(name)


def printed_pages(page, button: str, paper: str) -> list[tuple[str, float]]:
    """Print with the page's button on `paper` (its own @page size, as a browser's dialog does);
    each page's text and how far down it is used, from one reading of the PDF."""
    print_with_button(page, button)
    pdf = page.pdf(format=paper, prefer_css_page_size=True)
    after_print(page)
    return read_pages(pdf, FORM_MARGIN_PT)


def body_of(text: str) -> str:
    """A page's text without its running header and its page number."""
    return "\n".join(line for line in text.splitlines() if not RUNNING.match(line.strip()))


@pytest.mark.parametrize(
    "path",
    ["worksheets/take-stock/", "worksheets/goal-plan/", "worksheets/self-assessment/", "worksheets/feedback-meeting/"],
)
def test_no_print_ends_with_a_near_empty_page(page, path):
    root = open_form(page, path)
    fill_realistically(root)
    give_name_for_paper(page)
    for paper in PAPERS:
        for button in ("Print", "Print blank copy"):
            pages = printed_pages(page, button, paper)
            if len(pages) == 1:
                continue
            text, fill = pages[-1]
            words = body_of(text)
            label = f"{path} {button} on {paper}: the last of {len(pages)} pages"
            assert len(words) >= NEAR_EMPTY_CHARS, f"{label} holds only {len(words)} characters: {words!r}"
            assert fill >= NEAR_EMPTY_FILL, f"{label} is {fill:.0%} used: {words!r}"


def add_rows(root, group: str, count: int) -> None:
    for _ in range(count - root.locator(f"[data-group={group}] [data-rows] > [data-row]").count()):
        root.locator(f"[data-group={group}] [data-action=add-row]").click()


def test_the_self_assessment_keeps_each_skill_on_one_page_with_the_gap_table_first(page):
    root = open_form(page, "worksheets/self-assessment/")
    add_rows(root, "skills", 5)
    fill_realistically(root, rows=5)
    give_name_for_paper(page)
    for paper in PAPERS:
        for button in ("Print", "Print blank copy"):
            pages = printed_pages(page, button, paper)
            label = f"self-assessment {button} on {paper}"
            assert len(pages) > 1, f"{label}: long enough to need a second page"
            for number, (text, _) in enumerate(pages, 1):
                # Each skill starts with "Skill N" and ends with its gap: both on the same page.
                starts, ends = len(re.findall(r"^Skill \d+$", text, re.MULTILINE)), text.count("Gap, or what's missing")
                assert starts == ends, f"{label}: a skill runs over page {number}:\n{text}"
            head = f"Self-assessment · {NAME}" if button == "Print" else "Self-assessment"
            on_first = 0 if button == "Print" else 1  # the blank copy's own title reads the same
            assert pages[0][0].splitlines().count(head) == on_first, f"{label}: no running header on page 1"
            for number, (text, _) in enumerate(pages[1:], 2):
                assert head in text.splitlines(), f"{label}: page {number} has no running header {head!r}"
            if button == "Print":
                text = " ".join(text for text, _ in pages)
                assert text.index("Skill First rating Latest Needed Gap") < text.index("Skill 1"), (
                    "the gap table comes first"
                )


@pytest.mark.parametrize("paper", PAPERS)
def test_the_blank_self_assessment_fills_its_first_page_with_the_first_skill(page, paper):
    open_form(page, "worksheets/self-assessment/")
    pages = printed_pages(page, "Print blank copy", paper)
    first, fill = pages[0]
    label = f"self-assessment blank on {paper}"
    # The scale's words print once, above the skills; each skill then keeps to a third of a page.
    assert first.count("Rate each from 1 to 5:") == 1, f"{label}: no scale above the skills:\n{first}"
    assert "Skill 1" in first and "Gap, or what's missing" in first, f"{label}: skill 1 is not on page 1:\n{first}"
    assert fill >= 0.75, f"{label}: page 1 is only {fill:.0%} used"
    assert len(pages) <= 3, f"{label} takes {len(pages)} pages"
    assert "Your ratings at each check-in" not in " ".join(text for text, _ in pages), (
        "a history is kept by the page: the blank copy asks the rating it follows"
    )


# Printing and the reset after it ----------------------------------------------------------------------


def test_print_buttons_set_up_the_copy_and_everything_is_reset_after_printing(page):
    root = open_form(page, "worksheets/take-stock/")
    root.locator("[data-field=timeframe]").fill(PHRASE)
    print_with_button(page, "Print")
    assert page.locator("html").get_attribute("data-atn-print") == "filled"
    assert page.locator(".atn-record").is_visible() and not page.locator(".atn-paper").is_visible()
    after_print(page)
    assert page.locator("html").get_attribute("data-atn-print") is None
    assert page.locator(".atn-record").count() == 0, "the record is removed after printing"
    assert root.locator("[data-field=timeframe]").is_visible(), "the form is back, as it was"
    print_with_button(page, "Print blank copy")
    assert page.locator(".atn-paper").is_visible() and page.locator(".atn-record").count() == 0
    after_print(page)


def test_the_browsers_own_print_gives_the_blank_copy_until_something_is_answered(page):
    root = open_form(page, "worksheets/take-stock/")
    page.evaluate("() => dispatchEvent(new Event('beforeprint'))")  # what Ctrl+P fires
    page.emulate_media(media="print")
    text = " ".join(pdf_pages(page.pdf(format="A4")))
    assert "Printed on" not in text and "What you'd like from your manager" in text, "nothing saved: the blank copy"
    assert "Does your manager value you" not in text, "until the reader chooses, the blank copy to share"
    after_print(page)
    root.locator("[data-field=timeframe]").fill("About eighteen months")
    page.evaluate("() => dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    text = " ".join(pdf_pages(page.pdf(format="A4")))
    assert "Printed on" in text and "About eighteen months" in text, "with answers: the filled copy"
    after_print(page)


def test_without_javascript_a_worksheet_prints_its_blank_copy(browser, site):
    ctx = browser.new_context(base_url=site.url, java_script_enabled=False)
    tab = ctx.new_page()
    tab.goto("worksheets/goal-plan/")
    assert tab.get_by_text("Saving needs JavaScript").is_visible()
    tab.emulate_media(media="print")
    assert tab.locator(".atn-paper").is_visible() and not tab.get_by_text("Saving needs JavaScript").is_visible()
    text = " ".join(pdf_pages(tab.pdf(format="A4")))
    assert "Goal 1" in text and "Not started" in text
    ctx.close()


# Checklists -------------------------------------------------------------------------------------------


def test_a_checklist_prints_as_one_tick_list_with_the_ticks_shown(page):
    root = open_form(page, "checklists/first-48-hours/")
    boxes = root.locator("input[type=checkbox]")
    for n in (0, 2, 5):
        boxes.nth(n).check()
    for paper in PAPERS:
        print_with_button(page, "Print")
        record = page.locator(".atn-record")
        assert record.locator(".atn-record__checks li").count() == boxes.count(), "every item is listed"
        ticked = record.locator(".atn-record__box--ticked")
        assert ticked.count() == 3
        assert ticked.first.evaluate("el => getComputedStyle(el, '::after').borderBottomWidth") != "0px"
        pages = pdf_pages(page.pdf(format=paper))  # Chromium fires afterprint once the PDF is made
        assert len(pages) == 1, f"the 48-hour checklist fits one {paper} page"
        assert f"3 of {boxes.count()} ticked." in pages[0]
        after_print(page)


# The whole guide ------------------------------------------------------------------------------------


def test_the_whole_guide_prints_from_one_page_in_reading_order(page, site):
    page.goto("for-managers/")
    page.get_by_role("link", name="the whole guide on one page").click()
    page.wait_for_url("**/whole-guide/")
    titles = [t.replace("¶", "").strip() for t in page.locator("section.print-page > h1").all_text_contents()]
    expected = [
        "After the no",
        "The first days",
        "Ask the hiring manager",
        "Talk with your manager",
        "Take stock",
        "Make a plan",
        "When the feedback can't",
        "Stories",
        "For managers",
        "Privacy",
    ]
    positions = [next(i for i, t in enumerate(titles) if t.startswith(e)) for e in expected]
    assert positions == sorted(positions), titles
    html = (site.dir / "whole-guide" / "index.html").read_text()
    ids = set(re.findall(r"""\sid=["']([^"']+)["']""", html))
    broken = {h for h in re.findall(r"""href=["']#([^"']*)["']""", html) if h not in ids}
    assert not broken, f"in-page links with no target: {broken}"
    page.emulate_media(media="print")
    assert not page.locator(".md-header").is_visible() and not page.locator(".md-sidebar--primary").is_visible()


def test_the_whole_guide_has_no_near_empty_page_and_a_contents_list(page):
    page.goto("whole-guide/")
    contents = page.locator("#print-page-toc a")
    contents.first.wait_for(state="attached")
    page.evaluate("() => dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    assert page.locator("#print-page-toc").is_visible()
    assert contents.count() >= 10, "the contents list names every chapter"
    assert not page.locator("section.md-section > h1").first.is_visible(), "no title page for a nav section"
    headings = [h.replace("¶", "").strip() for h in page.locator("#print-site-page h2").all_text_contents()]
    for paper, width_pt in [("A4", 595), ("Letter", 612)]:
        # prefer_css_page_size: the page's own @page rules decide, as in a browser's print dialog.
        pdf = page.pdf(format=paper, prefer_css_page_size=True)
        assert abs(float(PdfReader(io.BytesIO(pdf)).pages[0].mediabox.width) - width_pt) < 2, f"prints on {paper}"
        assert_pages_used(pdf, f"the whole guide on {paper}", GUIDE_MARGIN_PT, headings=headings)
        assert len(pdf_pages(pdf)) <= 26
    text = " ".join(pdf_pages(pdf))
    assert re.search(r"4\s+Talk with your manager about", text), "chapters carry the numbers the contents list shows"


def test_the_whole_guide_passes_axe_in_both_palettes(page):
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.goto("whole-guide/")
        assert_accessible(page, f"whole guide ({scheme})")


def test_the_whole_guide_contents_numbers_are_the_chapter_numbers(page):
    """On paper the contents list numbers its chapters 1, 2, 3... and each chapter's heading
    carries the same number, in the same order; every page has one page number."""
    page.goto("whole-guide/")
    page.locator("#print-page-toc a").first.wait_for(state="attached")
    titles = [
        t.replace("¶", "").strip()
        for t in page.locator("#print-site-page section.print-page:not(.md-section) > h1").all_text_contents()
    ]
    pages = pdf_pages(page.pdf(format="A4"))
    text = "\n".join(pages)
    contents = re.search(r"Contents\n((?:\d+\n)+)", text)
    assert contents, "the contents list carries numbers"
    listed = [int(n) for n in contents[1].split()]
    numbered = []
    for title in titles:
        found = re.search(rf"^(\d+)\s+{re.escape(title[:20])}", text.replace("\ufb01", "fi"), re.MULTILINE)
        assert found, f"chapter {title!r} prints without its number"
        numbered.append(int(found[1]))
    assert listed == numbered == list(range(1, len(titles) + 1)), (listed, numbered)
    assert all(len(re.findall(r"Page \d+ of \d+", p)) == 1 for p in pages), "one page number a page"
