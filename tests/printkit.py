"""Helpers for print tests: realistic answers, printing through the page's own buttons, and
reading a PDF's pages back with pypdf."""

from __future__ import annotations

import functools
import io
import re

from playwright.sync_api import expect

PHRASE = "Lead the quarterly planning review"
TWO_SENTENCES = (
    "I was told my results were strong but that senior leaders rarely saw them. "
    "The person chosen had already run the planning cycle twice on her own."
)


def fill_realistically(root, rows: int = 2) -> None:
    """Answer as a reader would: a phrase in each line, two sentences in each box, a choice in
    every question (one that opens a follow-up where there is one), and only `rows` rows of a
    repeated group; later rows stay empty."""
    for fieldset in root.locator("fieldset[data-field-root]").all():
        if not _in_first_rows(fieldset, rows):
            continue
        scale = fieldset.locator(":scope > .atn-scale input")
        options = fieldset.locator(":scope > .atn-options input")
        revealing = fieldset.locator(":scope > .atn-options input[aria-controls]")
        if scale.count():
            scale.nth(2).check()
        elif options.count():
            (revealing.first if revealing.count() else options.first).check()
    for box in root.locator(".atn-check input[type=checkbox]").all()[::2]:  # a checklist's ticks
        box.check()
    for control in root.locator("input[type=text]:visible, textarea:visible, input[type=date]:visible").all():
        if not _in_first_rows(control, rows):
            continue
        kind = control.evaluate("c => c.type")
        control.fill({"date": "2027-03-15", "textarea": TWO_SENTENCES}.get(kind, PHRASE))


def _in_first_rows(element, rows: int) -> bool:
    return element.evaluate(
        """(el, rows) => { const row = el.closest('[data-row]');
        return !row || [...row.parentElement.children].indexOf(row) < rows; }""",
        rows,
    )


# Buttons named before the guide had one print/copy choice: "Print" is the reader's own copy.
OWN_COPY_BUTTONS = {"Print": "Print your own copy", "Print blank copy": "Print full blank copy"}
COPY_RADIOS = {"own": "My own copy (everything)", "share": "A copy to share (private answers left off)"}


def open_actions(page) -> None:
    actions = page.locator("details.atn-actions:not([open]) > summary:visible")
    if actions.count():  # a narrow screen: the buttons sit behind "Actions"
        actions.click()


def choose_copy(page, copy: str) -> None:
    """Choose the guide's print/copy choice ("own" or "share") with its radio, as a reader does."""
    open_actions(page)
    page.get_by_role("radio", name=COPY_RADIOS[copy]).first.check()


def print_with_button(page, name: str) -> None:
    """Press a print button with window.print stubbed, so the page stays in the state it prints
    in (a headless print returns at once and fires afterprint) for page.pdf(). On a worksheet,
    "Print" and "Print blank copy" choose the reader's own copy first; the copy to share prints
    from Check before you share, with its own Print button."""
    page.evaluate("() => { window.__printCalls = 0; window.print = () => { window.__printCalls += 1; }; }")
    open_actions(page)
    if name in OWN_COPY_BUTTONS and page.locator("[data-print-copy]").count():
        choose_copy(page, "own")
        name = OWN_COPY_BUTTONS[name]
    page.get_by_role("button", name=name, exact=True).click()
    if name == "Print the copy to share":
        page.get_by_role("dialog", name="Check before you share").get_by_role("button", name=name).click()
    expect(page.locator("html")).to_have_attribute("data-atn-print", re.compile("filled|blank"))
    assert page.evaluate("window.__printCalls") == 1
    page.emulate_media(media="print")


@functools.lru_cache(maxsize=4)
def _pdf(pdf: bytes):
    """Each PDF is parsed once, however many checks read it (its text, then how full its pages are)."""
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(pdf))


@functools.lru_cache(maxsize=4)
def _pages_text(pdf: bytes) -> tuple[str, ...]:
    return tuple(p.extract_text() for p in _pdf(pdf).pages)


def pdf_pages(pdf: bytes) -> list[str]:
    return list(_pages_text(pdf))


def text_area_fill(pdf: bytes, margin_pt: float) -> list[float]:
    """How much of each page's text area is used, from 0 to 1 (see read_pages)."""
    return [fill for _, fill in read_pages(pdf, margin_pt)]


def read_pages(pdf: bytes, margin_pt: float) -> list[tuple[str, float]]:
    """Each page's text, read once, with how much of its text area is used, from 0 to 1: the
    distance from the top of the text area down to the lowest line of text on the page, over the
    text area's height (the page less `margin_pt` at top and bottom). Text is located with pypdf's extract_text visitor, so a
    page whose only text is one heading at the top measures near 0, and a page written to its
    foot near 1. Text in the bottom margin (a running "Page 3" footer) does not count. Drawn
    lines have no text: a blank copy's ruled lines under its last question are not counted."""
    pages = []
    for pdf_page in _pdf(pdf).pages:
        height = float(pdf_page.mediabox.height)
        baselines = []

        def visit(text, cm, tm, _font, _size, baselines=baselines):
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if text.strip() and y > margin_pt:
                baselines.append(y)

        text = pdf_page.extract_text(visitor_text=visit)
        lowest = min(baselines, default=height - margin_pt)
        pages.append((text, (height - margin_pt - lowest) / (height - 2 * margin_pt)))
    return pages
