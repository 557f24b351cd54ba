"""A copy to share: what a reader hands their manager is a function of the shared answers only.

The invariant (overrides/components/storage/README.md, "The copy to share"): nothing on the copy
to share (text, count, layout, section order, page count) may depend on a private answer. It is
held as a property: each worksheet is filled once like a reader would, then its private answers
are varied at random (seeded, so a failure reproduces) 50 times in one page load, and the copy to
share, as print media renders it through the page's own print path and as Copy as text gives it,
must be identical every time. A few of the variations are printed to real PDFs (A4 and Letter),
whose text must equal the printed DOM's. Which questions are private comes from the issue: a
question whose answer can reveal leaving is private whatever the answer.
"""

from __future__ import annotations

import json
import random
import re

import pytest
from playwright.sync_api import expect

from conftest import assert_accessible
from formkit import after_navigation, open_form, reload_form
from printkit import COPY_RADIOS, choose_copy, fill_realistically, open_actions, pdf_pages, print_with_button
from sharekit import bare, copied_text, printed_text, vary_private

PAPERS = ["A4", "Letter"]
RUNS = 20  # seeded variations per form; each worksheet's 20 include 3 to 7 with every private answer empty
PDF_RUNS = {0: "A4", 1: "Letter", RUNS - 1: "A4"}  # the variations also printed to real PDFs
# The worksheets the property covers, and whether each offers Copy as text.
PROPERTY_FORMS = {
    "worksheets/take-stock/": False,
    "worksheets/goal-plan/": True,
    "worksheets/self-assessment/": False,
    "worksheets/feedback-meeting/": True,
    "start/": False,
}
NOTHING_PRIVATE_EXISTS = ["left out", "private section", "Every question", "left blank", "Plan B"]


def squeeze(pages: list[str]) -> str:
    return re.sub(r"\s+", " ", " ".join(pages))


def share_copy(page) -> str:
    """The copy as printed, without its running page numbers: Ctrl+P (page.pdf runs the page's
    own print path)."""
    return re.sub(r"Page \d+ of \d+ ?", "", squeeze(pdf_pages(page.pdf(format="A4"))))


@pytest.mark.parametrize("path", PROPERTY_FORMS)
def test_the_copy_to_share_is_a_function_of_the_shared_answers_only(clipboard_page, path):
    page = clipboard_page
    rng = random.Random(f"copy-to-share {path}")
    root = open_form(page, path)
    fill_realistically(root)
    printed = printed_text(page)
    copied = copied_text(page) if PROPERTY_FORMS[path] else None
    assert "Copy to share" in printed, "until the reader chooses, the copy to share is what prints"
    for words in NOTHING_PRIVATE_EXISTS:
        assert words not in printed and words not in (copied or ""), f"{words!r} on the copy to share"
    # Real PDFs too: a page's running head and a chart's words are in the PDF, not in innerText.
    pdfs = {size: bare(" ".join(pdf_pages(page.pdf(format=size)))) for size in set(PDF_RUNS.values())}
    for run in range(RUNS):
        varied = vary_private(page, root, rng)
        assert varied, "every worksheet here has private questions to vary"
        now = printed_text(page)
        assert now == printed, f"run {run} (seeded): the printed copy to share changed with a private answer\n{now}"
        if copied is not None:
            assert copied_text(page) == copied, f"run {run}: Copy as text changed with a private answer"
        if run in PDF_RUNS:
            size = PDF_RUNS[run]
            pdf = bare(" ".join(pdf_pages(page.pdf(format=size))))
            assert pdf == pdfs[size], f"run {run}: the {size} PDF of the copy to share changed with a private answer"


def test_the_glance_copy_to_share_is_a_function_of_the_shared_answers_only(page):
    rng = random.Random("copy-to-share glance")
    fill_plan(page)
    glance = after_navigation(page, lambda: page.goto("plan-at-a-glance/"), "[data-plan-glance]")
    printed = printed_text(page)
    assert all(goal in printed for goal in GOALS) and "Closed the vendor audit" in printed
    for run in range(RUNS):
        page.evaluate(VARY_STORED, [rng.randrange(1000) for _ in range(40)])
        # Drawn again as a reader makes it: the choice moved away and back (it redraws on change).
        choose_copy(page, "own")
        choose_copy(page, "share")
        expect(glance).to_have_attribute("data-enhanced", "true")
        now = printed_text(page)
        assert now == printed, f"run {run} (seeded): the glance's copy to share changed with a private answer\n{now}"
        if run in PDF_RUNS:
            pdf = pdf_pages(page.pdf(format=PDF_RUNS[run]))
            assert bare(" ".join(pdf)) == bare(printed), f"run {run}: the {PDF_RUNS[run]} PDF is not the printed DOM"


# Private answers the glance could read, set in storage as another visit would leave them.
VARY_STORED = """(picks) => {
  const texts = ["", "Moving to another company is the faster way up.", "Interview with a recruiter on Friday."];
  const privateFields = {
    "take-stock": {direction: ["stay-and-grow", "stay-and-look", "look-outside", "different-path", "not-sure-yet", ""],
      "why-direction": texts, "path-exists": ["clear-path", "no-path", ""], "manager-signs": texts},
    "goal-plan": {"plan-b-signs": texts, "when-to-look": ["look-now", "look-after-next-cycle", "look-not-planned", ""], "outside-roles": texts},
    "start": {leaving: ["leave-no", "leave-maybe", "leave-yes", ""], "still-want": ["want-yes", "want-no", ""],
      "reading-for": ["for-myself", "supporting", ""]},
  };
  let n = 0;
  const empty = picks[0] % 3 === 0; // one run in three: nothing private at all
  for (const key of Object.keys(localStorage)) {
    const form = key.split(":form:")[1];
    if (!privateFields[form]) continue;
    const record = JSON.parse(localStorage.getItem(key));
    for (const [field, values] of Object.entries(privateFields[form])) {
      record.answers[field] = empty ? "" : values[picks[n++ % picks.length] % values.length];
    }
    localStorage.setItem(key, JSON.stringify(record));
  }
}"""


# The five ways the old copy gave a reader away -------------------------------------------------


def test_case_1_a_direction_and_its_reasons_never_print_on_the_copy_to_share(page):
    root = open_form(page, "worksheets/take-stock/")
    root.locator("[data-field=direction][value=look-outside]").check()
    root.locator("[data-field=outside-first-step]").fill("Update my profile by Friday")
    root.locator("[data-field=why-direction]").fill("Moving to another company is the faster way up.")
    root.locator("[data-field=support-needed]").fill("A stretch project this quarter")
    text = share_copy(page)
    assert "A stretch project this quarter" in text
    for leak in [
        "Look for a role elsewhere",
        "faster way up",
        "Why this direction",
        "Update my profile",
        "direction will you take",
    ]:
        assert leak not in text, f"{leak!r} is on the copy to share"


@pytest.mark.parametrize(
    "path, fill_private",
    [
        ("worksheets/take-stock/", lambda root: root.locator("[data-field=direction][value=look-outside]").check()),
        (
            "worksheets/goal-plan/",
            lambda root: root.locator("[data-field=plan-b-signs]").fill("No path after two rounds"),
        ),
    ],
)
def test_case_2_nothing_counts_what_was_left_out(page, path, fill_private):
    root = open_form(page, path)
    root.locator("textarea:visible").first.fill("The same shared answer")
    if "take-stock" in path:
        root.locator("[data-field=direction][value=stay-and-grow]").check()
    before = share_copy(page)
    fill_private(root)
    after = share_copy(page)
    assert after == before, "the copy to share must not change when a private answer does"
    assert "left out" not in after and "private" not in after.lower()


def test_case_3_questions_that_can_reveal_leaving_are_private_whatever_the_answer(page):
    root = open_form(page, "worksheets/take-stock/")
    root.locator("[data-field=path-exists][value=clear-path]").check()
    root.locator("[data-field=gap-kind][value=can-close-here]").check()
    root.locator("[data-field=support-needed]").fill("A regular career conversation")
    neutral = share_copy(page)
    root.locator("[data-field=path-exists][value=no-path]").check()
    root.locator("[data-field=gap-kind][value=need-elsewhere]").check()
    assert share_copy(page) == neutral
    for question in ["Is there a path to your goals", "Can you close that gap"]:
        assert question not in neutral
    root = open_form(page, "start/")
    root.locator("[data-field=leaving][value=leave-yes]").check()
    root.locator("[data-field=still-want][value=want-no]").check()
    text = share_copy(page)
    assert "Your starting point" in text and "Copy to share" in text
    assert "leaving" not in text and "ready to look" not in text and "still want" not in text


def test_case_3_a_shared_answer_that_mentions_leaving_is_flagged_and_made_private_in_one_click(page):
    root = open_form(page, "worksheets/take-stock/")
    root.locator("[data-field=path-notes]").fill("A recruiter called me last week about a lead role.")
    root.locator("[data-field=support-needed]").fill("A stretch project this quarter")
    open_actions(page)
    page.get_by_role("button", name="Print the copy to share").click()
    dialog = page.get_by_role("dialog", name="Check before you share")
    expect(dialog.get_by_text("This may tell your manager you're thinking of leaving.")).to_have_count(1)
    expect(dialog).to_contain_text("A recruiter called me")
    dialog.get_by_role("button", name="Make “Notes on your path” private").click()
    expect(dialog).not_to_contain_text("A recruiter called me")
    expect(dialog.get_by_text("This may tell your manager")).to_have_count(0)
    expect(dialog).to_contain_text("A stretch project this quarter")
    page.keyboard.press("Escape")
    root = reload_form(page)  # the choice is saved like any answer, and shows under the question
    expect(root.get_by_role("checkbox", name="Keep this answer off the copy to share")).to_be_checked()
    assert "A recruiter called me" not in share_copy(page)


def test_case_4_the_glance_copy_to_share_has_a_header_and_nothing_only_for_the_screen(page):
    fill_plan(page)
    open_form(page, "worksheets/take-stock/")
    page.locator(".atn-copy__name > summary").click()
    page.get_by_label("Your name").fill("Ana Reyes")
    page.get_by_label("Your role").fill("Senior analyst")
    after_navigation(page, lambda: page.goto("plan-at-a-glance/"), "[data-plan-glance]")
    text = share_copy(page)
    assert text.startswith("Your plan at a glance Copy to share · Ana Reyes, Senior analyst · Printed on "), text
    for screen_only in [
        "looks outside",
        "stays with you",
        "left out",
        "Open your",
        "Review it in",
        "pulls together",
        "Next step",
        "Suggested next",
        "Look for a role elsewhere",
    ]:
        assert screen_only not in text, f"{screen_only!r} on the glance's copy to share"
    assert all(goal in text for goal in GOALS)


def test_case_5_one_choice_for_the_whole_guide_the_copy_to_share_until_chosen(page):
    root = open_form(page, "worksheets/goal-plan/")
    root.locator("[data-field=aim]").fill("Team lead")
    root.locator("[data-field=plan-b-signs]").fill("No path after two rounds")
    open_actions(page)
    expect(page.get_by_role("radio", name=COPY_RADIOS["share"])).to_be_checked()
    expect(page.get_by_role("button", name="Print the copy to share")).to_be_visible()
    assert "No path after two rounds" not in share_copy(page), "Ctrl+P prints the copy to share by default"
    choose_copy(page, "own")
    expect(page.get_by_role("button", name="Print your own copy")).to_be_visible()
    assert "No path after two rounds" in share_copy(page), "Ctrl+P prints the chosen copy"
    open_form(page, "worksheets/take-stock/")
    open_actions(page)
    expect(page.get_by_role("radio", name=COPY_RADIOS["own"])).to_be_checked()
    choose_copy(page, "share")
    after_navigation(page, lambda: page.goto("plan-at-a-glance/"), "[data-plan-glance]")
    expect(page.get_by_role("radio", name=COPY_RADIOS["share"])).to_be_checked()
    expect(page.get_by_role("button", name="Print the copy to share")).to_be_visible()


def test_case_5_on_a_phone_the_choice_sits_next_to_print_on_the_first_screen_of_actions(browser, site):
    context = browser.new_context(base_url=site.url, viewport={"width": 360, "height": 640}, is_mobile=True)
    phone = context.new_page()
    try:
        open_form(phone, "worksheets/take-stock/")
        actions = phone.get_by_text("Actions", exact=True)
        actions.click()
        top = actions.bounding_box()["y"]
        choice = phone.get_by_role("group", name="When I print or copy")
        button = phone.get_by_role("button", name="Print the copy to share")
        # Opened, Actions starts with the choice, then Print, both within one screen of its top.
        assert button.bounding_box()["y"] + button.bounding_box()["height"] - top <= 640, (
            "Print is off the first screen"
        )
        gap = button.bounding_box()["y"] - (choice.bounding_box()["y"] + choice.bounding_box()["height"])
        assert 0 <= gap < 40, f"Print is not next to the choice ({gap}px apart)"
        phone.get_by_role("radio", name=COPY_RADIOS["own"]).check()
        expect(phone.get_by_role("button", name="Print your own copy")).to_be_visible()
    finally:
        context.close()


# Blank copies and completeness -----------------------------------------------------------------


def test_the_blank_copy_to_share_has_the_shared_questions_only_and_the_full_one_has_all(page):
    open_form(page, "worksheets/take-stock/")
    page.evaluate("() => { window.__printCalls = 0; window.print = () => { window.__printCalls += 1; }; }")
    open_actions(page)
    page.get_by_role("button", name="Print blank copy to share").click()
    # The button's action loads on first use: wait until it has asked to print, or Ctrl+P
    # (page.pdf) would print the filled copy instead of the blank one it prepares.
    page.wait_for_function("() => window.__printCalls === 1")
    share = share_copy(page)
    page.evaluate("() => dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="null")
    assert "What you'd like from your manager" in share and "Take stock" in share
    for private in [
        "Does your manager value you",
        "Your first step",
        "Which direction",
        "Look for a role elsewhere",
        "Is there a path",
        "have to leave",
        "experience from elsewhere",
    ]:
        assert private not in share, f"{private!r} on the blank copy to share"
    choose_copy(page, "own")
    page.get_by_role("button", name="Print full blank copy").click()
    page.wait_for_function("() => window.__printCalls === 2")
    full = share_copy(page)
    for question in ["Does your manager value you", "Look for a role elsewhere", "have to leave"]:
        assert question in full


def test_the_copy_to_share_says_nothing_about_completeness_and_your_own_copy_does(page):
    root = open_form(page, "worksheets/goal-plan/")
    root.locator("[data-field=aim]").fill("Team lead")
    share = share_copy(page)
    assert "left blank" not in share and "Every question" not in share
    print_with_button(page, "Print")
    assert re.search(r"\d+ questions left blank", share_copy(page))


# Check before you share ------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_check_before_you_share_works_by_keyboard_passes_axe_and_prints_what_it_showed(page, scheme):
    page.emulate_media(color_scheme=scheme)
    root = open_form(page, "worksheets/take-stock/")
    fill_realistically(root)
    root.locator("[data-field=timeframe]").fill("About 18 months")
    page.evaluate("() => { window.__printCalls = 0; window.print = () => { window.__printCalls += 1; }; }")
    open_actions(page)
    page.get_by_role("button", name="Print the copy to share").focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Check before you share")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("heading", name="Check before you share")).to_be_focused()
    assert_accessible(page, f"check before you share ({scheme})")
    # Keyboard only: Tab to the timeframe's "make private", press it, focus stays in the list.
    tab_to(page, dialog.get_by_role("button", name="Make “How long it would realistically take” private"), 40)
    page.keyboard.press("Enter")
    expect(dialog).not_to_contain_text("About 18 months")
    assert dialog.evaluate("d => d.contains(document.activeElement)"), "focus stays in the check"
    shown = dialog.locator("[data-share-preview]").evaluate(
        "r => { const c = r.cloneNode(true); c.querySelectorAll('[data-preview-control]').forEach(e => e.remove()); return c.textContent; }"
    )
    tab_to(page, dialog.get_by_role("button", name="Print the copy to share"), 80)
    page.keyboard.press("Enter")
    assert page.evaluate("window.__printCalls") == 1
    expect(dialog).to_be_hidden()
    page.emulate_media(media="print")
    pdf = pdf_pages(page.pdf(format="A4"))
    assert bare(" ".join(pdf)) == bare(shown), "the PDF is exactly what the check showed"
    assert "About 18 months" not in " ".join(pdf)


# Old saved choices keep working ----------------------------------------------------------------


def test_a_copy_chosen_per_worksheet_in_an_older_release_carries_over_with_nothing_lost(page):
    root = open_form(page, "worksheets/goal-plan/")
    root.locator("[data-field=aim]").fill("Team lead")
    # As an older release left it: "Everything" chosen on this worksheet, Plan B moved onto the copy.
    page.evaluate("""() => {
      const key = Object.keys(localStorage).find((k) => k.endsWith(":form:goal-plan"));
      const record = JSON.parse(localStorage.getItem(key));
      Object.assign(record.answers, {"copy--print": "everything", "private--plan-b": false, "plan-b-signs": "No path after two rounds"});
      Object.assign(record.stamps, {"copy--print": 2, "private--plan-b": 2, "plan-b-signs": 2});
      localStorage.setItem(key, JSON.stringify(record));
      localStorage.removeItem(key.replace(/form:goal-plan$/, "print-copy"));
      localStorage.removeItem(key.replace(/form:goal-plan$/, "migrated"));  // that release ran no migration
    }""")
    root = reload_form(page)
    open_actions(page)
    expect(page.get_by_role("radio", name=COPY_RADIOS["own"])).to_be_checked()
    expect(root.get_by_role("checkbox", name="Keep “Plan B” off the copy to share")).not_to_be_checked()
    expect(root.locator("[data-alert]")).to_be_hidden()  # an old choice is a known answer, not a problem
    choose_copy(page, "share")
    assert "No path after two rounds" in share_copy(page), "a section the reader moved onto the copy stays on it"


def test_a_reader_moves_a_section_onto_and_off_the_copy_to_share(page):
    root = open_form(page, "worksheets/goal-plan/")
    root.locator("[data-field=plan-b-signs]").fill("No path after two rounds")
    root.locator("[data-field=courses]").fill("A finance course")
    plan_b = page.get_by_role("checkbox", name="Keep “Plan B” off the copy to share")
    development = page.get_by_role("checkbox", name="Keep “Ways to develop” off the copy to share")
    expect(plan_b).to_be_checked()
    plan_b.focus()
    page.keyboard.press("Space")  # keyboard: onto the copy to share
    development.focus()
    page.keyboard.press("Space")  # and another section off it
    reload_form(page)
    expect(plan_b).not_to_be_checked()
    expect(development).to_be_checked()
    text = share_copy(page)
    assert "No path after two rounds" in text and "A finance course" not in text


def test_the_copy_controls_pass_axe_in_both_palettes_and_work_by_keyboard(page):
    for scheme in ["light", "dark"]:
        page.emulate_media(color_scheme=scheme)
        open_form(page, "worksheets/take-stock/")
        open_actions(page)
        page.get_by_role("radio", name=COPY_RADIOS["share"]).focus()
        page.keyboard.press("ArrowDown")  # radios: arrows move the choice
        expect(page.get_by_role("radio", name=COPY_RADIOS["own"])).to_be_checked()
        expect(page.get_by_role("button", name="Print your own copy")).to_be_visible()
        page.keyboard.press("ArrowUp")
        assert_accessible(page, f"take-stock copy controls ({scheme})")
        after_navigation(page, lambda: page.goto("plan-at-a-glance/"), "[data-plan-glance]")
        expect(page.get_by_role("radio", name=COPY_RADIOS["share"])).to_be_checked()
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
    root = open_form(page, "start/")
    root.locator("[data-field=leaving][value=leave-yes]").check()
    root = open_form(page, "worksheets/achievements/")
    row = root.locator("[data-group=wins] [data-row]").first
    row.locator("[data-field=date]").fill("2026-11-20")
    row.locator("[data-field=what]").fill("Closed the vendor audit two weeks early")


@pytest.mark.parametrize("paper", PAPERS)
def test_the_plan_at_a_glance_prints_on_one_page_in_both_copies(page, paper):
    fill_plan(page)
    glance = "[data-plan-glance]"
    after_navigation(page, lambda: page.goto("plan-at-a-glance/"), glance)
    choose_copy(page, "own")
    page.evaluate("() => { window.__printCalls = 0; window.print = () => { window.__printCalls += 1; }; }")
    page.get_by_role("button", name="Print your own copy", exact=True).click()
    assert page.evaluate("window.__printCalls") == 1
    full = pdf_pages(page.pdf(format=paper))
    text = squeeze(full)
    assert len(full) == 1 or paper != "A4", f"the glance takes {len(full)} A4 pages"
    assert "Look for a role elsewhere" in text and all(goal in text for goal in GOALS), text
    assert "glanceprivate" not in text, "the glance never shows Plan B"
    assert "Page 1 of" in text

    choose_copy(page, "share")
    after_navigation(page, page.reload, glance)
    expect(page.get_by_role("radio", name=COPY_RADIOS["share"])).to_be_checked()
    share = pdf_pages(page.pdf(format=paper))
    text = squeeze(share)
    assert len(share) == 1 or paper != "A4"
    assert "Look for a role elsewhere" not in text and "Your direction" not in text
    assert all(goal in text for goal in GOALS) and "Closed the vendor audit" in text
    assert "left out" not in text and "glanceprivate" not in text


def test_the_choices_travel_with_an_export(page):
    root = open_form(page, "worksheets/goal-plan/")
    root.locator("[data-field=aim]").fill("Team lead")
    page.get_by_role("checkbox", name="Keep “Plan B” off the copy to share").uncheck()
    open_actions(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Export answers").click()
    data = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert data["answers"]["private--plan-b"] is False


def tab_to(page, target, most: int) -> None:
    """Press Tab until `target` has focus, at most `most` times (the keyboard is all a reader uses)."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if target.evaluate("b => b === document.activeElement"):
            return
    raise AssertionError(f"{most} presses of Tab never reached the button")
