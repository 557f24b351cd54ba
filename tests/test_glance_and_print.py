"""The plan at a glance (the whole guide on paper is in test_print.py)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from conftest import assert_accessible
from formkit import after_navigation, open_form
from printkit import choose_copy


def test_plan_at_a_glance_is_friendly_when_nothing_is_saved(page):
    page.goto("plan-at-a-glance/")
    body = page.locator("[data-glance-body]")
    body.get_by_text("Nothing is on the copy to share yet").wait_for()  # the copy until the reader chooses
    choose_copy(page, "own")
    body.get_by_text("Nothing is saved in this browser yet").wait_for()
    assert body.get_by_role("link", name="Take stock").count() == 1
    assert_accessible(page, "plan at a glance, empty")


def test_plan_at_a_glance_shows_direction_goals_by_next_check_in_and_latest_wins(page):
    root = open_form(page, "worksheets/take-stock/")
    choose_copy(page, "own")  # the direction is private: on the reader's own copy only
    root.locator("[data-field-root=direction] > .atn-options input[value=look-outside]").check()
    root = open_form(page, "worksheets/goal-plan/")
    root.locator("[data-field=next-cycle]").fill("2027-06-01")
    rows = root.locator("[data-group=goals] [data-row]")
    rows.nth(0).locator("[data-field=goal]").fill("Later goal <b>bold?</b>")
    rows.nth(0).locator("[data-field=check-in]").fill("2027-03-01")
    rows.nth(1).locator("[data-field=goal]").fill("Sooner goal")
    rows.nth(1).locator("[data-field=check-in]").fill("2027-01-10")
    rows.nth(1).locator("input[data-field=status][value=in-progress]").check()
    root = open_form(page, "worksheets/achievements/")
    wins = root.locator("[data-group=wins] [data-row]")
    for n, (date, what) in enumerate(
        [("2026-09-01", "Oldest win"), ("2026-11-20", "Newest win"), ("2026-10-05", "Middle win")]
    ):
        wins.nth(n).locator("[data-field=date]").fill(date)
        wins.nth(n).locator("[data-field=what]").fill(what)
    page.get_by_role("button", name="Add another win").click()
    wins.nth(3).locator("[data-field=date]").fill("2026-08-01")
    wins.nth(3).locator("[data-field=what]").fill("Too old to show")

    page.locator(".md-sidebar--primary").get_by_role("link", name="Your plan at a glance").click()
    glance = page.locator("[data-glance-body]")
    glance.get_by_text("Look for a role elsewhere").wait_for()
    goals = glance.locator("#glance-goals ~ ul li").all_inner_texts()
    assert goals[0].startswith("Sooner goal") and "Under way" in goals[0]
    assert goals[1].startswith("Later goal <b>bold?</b>"), "a goal is shown as text, never as markup"
    assert re.search(r"1 June 2027|June 1, 2027", glance.inner_text())
    shown_wins = glance.locator("#glance-wins ~ ul li").all_inner_texts()
    assert [w.split(": ")[-1] for w in shown_wins] == ["Newest win", "Middle win", "Oldest win"]
    assert glance.locator("b").count() == 0
    page.get_by_role("link", name="Open your goal-setting plan").click()
    page.wait_for_url("**/worksheets/goal-plan/")
    assert_accessible(page, "goal plan reached from the glance")


def test_plan_at_a_glance_passes_axe_when_filled(page):
    root = open_form(page, "worksheets/take-stock/")
    choose_copy(page, "own")
    root.locator("[data-field-root=direction] > .atn-options input").first.check()
    page.goto("plan-at-a-glance/")
    page.locator("#glance-direction").wait_for()
    assert_accessible(page, "plan at a glance, filled")


def test_a_component_that_fails_to_start_is_reported_on_the_console(context):
    """The loader reports a failing component with one prefix, so the page fixture fails the test."""
    tab = context.new_page()
    errors = []
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.route(
        "**/assets/js/glance.mjs",  # the page's bundle (macros/build_hooks/bundling.py)
        lambda route: route.fulfill(body="throw new TypeError('a broken component');", content_type="text/javascript"),
    )
    with tab.expect_event("console", predicate=lambda message: message.type == "error"):
        tab.goto("plan-at-a-glance/")
    assert any(text.startswith("[after-the-no] component failed: glance") for text in errors), errors


# Layout shift: the pages that fill in from saved answers must not jump under a reader's thumb.
# The browser's own layout-shift entries are summed (as Lighthouse's CLS does for one load).
TOTAL_LAYOUT_SHIFT = """() => new Promise(done => {
    let total = 0;
    new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value; })
        .observe({type: "layout-shift", buffered: true});
    requestAnimationFrame(() => requestAnimationFrame(() => done(total)));
})"""
SAVED_GOALS = {  # as an earlier release stored them: the engine adopts and migrates the record
    "after-the-no:form:goal-plan": {
        "site": "after-the-no",
        "form": "goal-plan",
        "version": 1,
        "answers": {"goals": [{"goal": f"Goal {n}", "check-in": f"2027-0{n}-01"} for n in range(1, 4)]},
    },
    "after-the-no:form:achievements": {
        "site": "after-the-no",
        "form": "achievements",
        "version": 1,
        "answers": {"wins": [{"what": f"Win {n}", "date": f"2026-0{n}-10"} for n in range(1, 4)]},
    },
}


@pytest.mark.parametrize("saved", [False, True], ids=["nothing-saved", "answers-saved"])
@pytest.mark.parametrize(
    "path, root",
    [
        ("plan-at-a-glance/", "[data-plan-glance]"),
        ("my-answers/", "[data-saved-answers]"),
        ("worksheets/goal-plan/", "[data-worksheet]"),
        ("checklists/first-48-hours/", "[data-checklist]"),
    ],
)
def test_nothing_on_a_phone_screen_moves_while_saved_answers_fill_in(browser, site, watch, path, root, saved):
    context = browser.new_context(base_url=site.url, viewport={"width": 412, "height": 823})
    page = context.new_page()
    watch.attach(page)
    try:
        if saved:
            page.goto("privacy/")
            page.evaluate(
                """saved => { for (const [key, record] of Object.entries(saved))
                localStorage.setItem(key, JSON.stringify(record)); }""",
                SAVED_GOALS,
            )
        after_navigation(page, lambda: page.goto(path), root)
        assert page.evaluate(TOTAL_LAYOUT_SHIFT) <= 0.001
        if saved and "glance" in path:
            assert page.get_by_text("Goal 1").is_visible()
    finally:
        context.close()
    watch.check()


def test_the_glance_shows_a_goal_saved_in_another_tab_without_a_reload(page, new_watched_page):
    glance = after_navigation(page, lambda: page.goto("plan-at-a-glance/"), "[data-plan-glance]")
    expect(glance).not_to_contain_text("Written in the other tab")
    other = new_watched_page()
    row = open_form(other, "worksheets/goal-plan/").locator("[data-group=goals] [data-row]").nth(0)
    row.locator("[data-field=goal]").fill("Written in the other tab")
    expect(glance).to_contain_text("Written in the other tab")
