"""The plan at a glance, and the whole guide on paper."""
from __future__ import annotations

import re

from conftest import assert_accessible
from formkit import open_form


def test_plan_at_a_glance_is_friendly_when_nothing_is_saved(page):
    page.goto("plan-at-a-glance/")
    body = page.locator("[data-glance-body]")
    body.get_by_text("Nothing is saved in this browser yet").wait_for()
    assert body.get_by_role("link", name="Take stock").count() == 1
    assert_accessible(page, "plan at a glance, empty")


def test_plan_at_a_glance_shows_direction_goals_by_next_check_in_and_latest_wins(page):
    root = open_form(page, "worksheets/take-stock/")
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
    for n, (date, what) in enumerate([("2026-09-01", "Oldest win"), ("2026-11-20", "Newest win"),
                                      ("2026-10-05", "Middle win")]):
        wins.nth(n).locator("[data-field=date]").fill(date)
        wins.nth(n).locator("[data-field=what]").fill(what)
    page.get_by_role("button", name="Add another win").click()
    wins.nth(3).locator("[data-field=date]").fill("2026-08-01")
    wins.nth(3).locator("[data-field=what]").fill("Too old to show")

    page.locator(".md-sidebar--primary").get_by_role("link", name="Your plan at a glance").click()
    glance = page.locator("[data-glance-body]")
    glance.get_by_text("Look for a role elsewhere").wait_for()
    goals = glance.locator("#glance-goals ~ ul li").all_inner_texts()
    assert goals[0].startswith("Sooner goal") and "In progress" in goals[0]
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
    root.locator("[data-field-root=direction] > .atn-options input").first.check()
    page.goto("plan-at-a-glance/")
    page.locator("#glance-direction").wait_for()
    assert_accessible(page, "plan at a glance, filled")


def test_the_whole_guide_prints_from_one_page_in_reading_order(page, site):
    page.goto("for-managers/")
    page.get_by_role("link", name="the whole guide on one page").click()
    page.wait_for_url("**/whole-guide/")
    titles = [t.replace("¶", "").strip() for t in page.locator("section.print-page > h1").all_inner_texts()]
    expected = ["After the no", "The first days", "Ask the hiring manager", "Talk with your manager",
                "Take stock", "Make a plan", "When the feedback can't", "Stories", "For managers", "Privacy"]
    positions = [next(i for i, t in enumerate(titles) if t.startswith(e)) for e in expected]
    assert positions == sorted(positions), titles
    assert not [t for t in titles if t in ("Worksheets", "Checklists") and page.get_by_role("heading", name=t).is_visible()]
    html = (site.dir / "whole-guide" / "index.html").read_text()
    ids = set(re.findall(r"""\sid=["']([^"']+)["']""", html))
    broken = {h for h in re.findall(r"""href=["']#([^"']*)["']""", html) if h not in ids}
    assert not broken, f"in-page links with no target: {broken}"
    page.emulate_media(media="print")
    assert not page.locator(".md-header").is_visible() and not page.locator(".md-sidebar--primary").is_visible()
    assert len(page.pdf()) > 50_000


def test_the_whole_guide_passes_axe_in_both_palettes(page):
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.goto("whole-guide/")
        assert_accessible(page, f"whole guide ({scheme})")
