"""After the first plan (issue 30): the one-to-one sheet's agenda from the reader's shared answers
and its agreed actions; ratings re-rated at each check-in beside the first; goals' status dates."""

from __future__ import annotations

import datetime as dt
import html
import json
import re

import icalendar
import pytest
from playwright.sync_api import expect

from conftest import assert_accessible
from formkit import NAMESPACE, after_navigation, open_form, record, reload_form, seed
from printkit import choose_copy, pdf_pages, print_with_button
from sharekit import copied_text

ONE = "worksheets/one-to-one/"
SELF = "worksheets/self-assessment/"
PLAN = "worksheets/goal-plan/"
STOCK = "worksheets/take-stock/"
GLANCE = "plan-at-a-glance/"
PAPERS = ["A4", "Letter"]


def agenda(page):
    return page.locator("[data-module=agenda][data-enhanced]")


def fill_others(page) -> None:
    """Shared and private answers in the three worksheets the agenda reads, each easy to spot."""
    root = open_form(page, STOCK)
    root.locator("[data-field=support-needed]").fill("A stretch project shared1x")
    root.locator("[data-field=manager-signs]").fill("They backed my idea private1x")  # private section
    root = open_form(page, SELF)
    row = root.locator("[data-group=skills] [data-row]").first
    row.locator("[data-field=skill]").fill("Budgeting shared2x")
    row.locator("input[data-field=today][value='1']").check()
    row.locator("input[data-field=needed][value='5']").check()
    root.locator("[data-field=what-they-said]").fill("Sam said I rush private2x")  # a private question
    root = open_form(page, PLAN)
    root.locator("[data-field=next-cycle]").fill("2027-06-01")
    goal = root.locator("[data-group=goals] [data-row]").first
    goal.locator("[data-field=goal]").fill("Run the budget review shared3x")
    goal.locator("[data-field=check-in]").fill("2027-02-15")


def with_private_items(route) -> None:
    """The one-to-one page, its agenda asked also for a question the data marks private and a
    question in a section private by default: the script must still leave both out."""
    body = route.fetch().text()
    match = re.search(r'data-module="agenda" data-config="([^"]*)"', body)
    config = json.loads(html.unescape(match.group(1)))
    base = next(item for item in config["items"] if item["form"] == "self-assessment")
    config["items"] += [
        {
            **base,
            "field": "what-they-said",
            "label": "What they said",
            "section": "others-section",
            "section_private": False,
            "private": True,
            "type": "textarea",
            "gaps": None,
        },
        {
            **base,
            "form": "take-stock",
            "field": "manager-signs",
            "label": "Signs",
            "section": "your-manager",
            "section_private": True,
            "private": False,
            "type": "textarea",
            "gaps": None,
        },
    ]
    swapped = html.escape(json.dumps(config), quote=True)
    route.fulfill(response=route.fetch(), body=body.replace(match.group(1), swapped))


def test_the_agenda_shows_the_shared_answers_of_the_other_worksheets_and_none_of_the_private_ones(page):
    fill_others(page)
    page.route(re.compile(r"/worksheets/one-to-one/$"), with_private_items)
    open_form(page, ONE)
    shown = agenda(page)
    for words in [
        "A stretch project shared1x",
        "Budgeting shared2x",
        "(today 1, needed 5)",
        "Run the budget review shared3x",
        "Next check-in date: February 15, 2027",
        "June 1, 2027",
    ]:
        expect(shown).to_contain_text(words)
    expect(shown).not_to_contain_text("private1x")
    expect(shown).not_to_contain_text("private2x")
    expect(shown.get_by_role("link", name="Goal-setting plan").first).to_have_attribute(
        "href", re.compile(r"worksheets/goal-plan/$")
    )

    # The reader takes their goals off the copy to share: they leave the agenda; the date stays.
    open_form(page, PLAN)
    page.get_by_role("checkbox", name="Keep “Your goals” off the copy to share").check()
    open_form(page, ONE)
    expect(agenda(page)).not_to_contain_text("shared3x")
    expect(agenda(page)).to_contain_text("June 1, 2027")
    expect(agenda(page)).to_contain_text("shared1x")

    # One answer made private in Check before you share leaves the agenda too.
    open_form(page, STOCK)
    actions = page.locator("[data-worksheet] details.atn-actions:not([open]) > summary:visible")
    if actions.count():
        actions.click()
    page.get_by_role("button", name="Print the copy to share").first.click()
    dialog = page.get_by_role("dialog", name="Check before you share")
    dialog.get_by_role("button", name="Make “What you'd like from your manager” private").click()
    page.keyboard.press("Escape")
    open_form(page, ONE)
    expect(agenda(page)).to_contain_text("June 1, 2027")
    expect(agenda(page)).not_to_contain_text("shared1x")


def add_action(root, n: int, action: str, who: str, by: str, status: str) -> None:
    row = root.locator("[data-group=actions] [data-row]").nth(n)
    row.locator("[data-field=action]").fill(action)
    row.locator("[data-field=who]").fill(who)
    row.locator("[data-field=by-when]").fill(by)
    row.locator(f"[data-field=action-status][value={status}]").check()


def test_an_agreed_action_with_a_date_is_on_the_glance_and_in_the_calendar_file(page):
    root = open_form(page, ONE)
    add_action(root, 0, "Share the draft budget review", "Me", "2027-02-10", "under-way")
    add_action(root, 1, "Introduce me to the finance lead", "My manager", "2027-01-20", "open")
    root.locator("[data-field=next-meeting]").fill("2027-03-01")

    with page.expect_download() as download:
        page.get_by_role("button", name="Add agreed actions to my calendar").click()
    with open(download.value.path(), "rb") as file:
        events = {str(e["SUMMARY"]): e for e in icalendar.Calendar.from_ical(file.read()).walk("VEVENT")}
    assert set(events) == {
        "Agreed action: Share the draft budget review",
        "Agreed action: Introduce me to the finance lead",
        "One-to-one",
    }
    event = events["Agreed action: Share the draft budget review"]
    assert event["DTSTART"].dt == dt.date(2027, 2, 10) and "Who: Me" in str(event["DESCRIPTION"])

    glance = after_navigation(page, lambda: page.goto(GLANCE), "[data-plan-glance]")
    actions = glance.locator("section", has=page.get_by_role("heading", name="Agreed in your one-to-ones"))
    items = actions.locator("li").all_inner_texts()
    assert items == [
        "Introduce me to the finance lead (My manager; Not started; by January 20, 2027)",
        "Share the draft budget review (Me; Under way; by February 10, 2027)",
    ], items


def rate(row, field: str, point: int) -> None:
    row.locator(f"input[data-field={field}][value='{point}']").check()


def checked(row, field: str) -> str:
    return row.locator(f"input[data-field={field}]:checked").evaluate("c => c.value")


def test_re_rating_at_a_check_in_keeps_the_first_rating_and_its_date_and_shows_both(page):
    root = open_form(page, SELF)
    row = root.locator("[data-group=skills] [data-row]").first
    row.locator("[data-field=skill]").fill("Budgeting")
    rate(row, "today", 2)
    rate(row, "needed", 4)
    today = today_in_page(page)
    expect(row.locator("input[data-field=first][value='2']")).to_be_checked()
    expect(root.locator("[data-field=first-rated]")).to_have_value(today)
    expect(root.locator("[data-field=rated-on]")).to_have_value(today)
    root.locator("[data-field=first-rated]").fill("2026-09-01")  # rated on paper earlier
    rate(row, "today", 4)  # the check-in

    root = reload_form(page)
    row = root.locator("[data-group=skills] [data-row]").first
    assert (checked(row, "first"), checked(row, "today")) == ("2", "4")
    expect(root.locator("[data-field=first-rated]")).to_have_value("2026-09-01")
    table = page.locator(".atn-gaps__table")
    assert table.locator("thead th").all_inner_texts()[:4] == ["Skill", "First rating", "Latest", "Needed"]
    assert table.locator("tbody tr").first.locator("th, td").all_inner_texts()[:4] == ["Budgeting", "2", "4", "4"]
    chart = page.locator("[data-gaps-chart]")
    expect(chart.locator(".atn-gaps__first")).to_have_count(1)
    expect(chart.locator(".atn-gaps__today")).to_have_count(1)
    # Two ratings on one day are one check-in: its history holds the day's last.
    assert ratings(row) == [f"{long_date(page, today)}: 4 of 5: most of the time"]


def ratings(row):
    return row.locator("[data-field-root=today-history] li").all_inner_texts()


def test_each_check_in_keeps_its_ratings_and_the_glance_says_what_moved_since_the_previous_one(page):
    twelve = "\n".join(f"2026-{month:02}-01 {2 + month % 2}" for month in range(1, 13))  # 12 check-ins
    skills = [
        {"skill": "Budgeting", "first": "2", "today": "2", "needed": "4", "today-history": "2026-09-01 2"},
        {
            "skill": "Presenting",
            "first": "2",
            "today": "3",
            "needed": "4",
            "today-history": "2026-09-01 2\n2026-10-01 3",
        },
        {"skill": "Negotiating", "first": "3", "today": "2", "needed": "5", "today-history": twelve},
        # A file may hold the same rating twice in a row, the last one today: not a move.
        {"skill": "Writing", "first": "3", "today": "3", "today-history": f"2026-09-01 3\n{dt.date.today()} 3"},
    ]
    path = NAMESPACE + "form:self-assessment"
    root = seed(page, record({"skills": skills}, form="self-assessment", version=4), key=path, path=SELF)
    rows = root.locator("[data-group=skills] [data-row]")
    assert ratings(rows.nth(0)) == [f"{long_date(page, '2026-09-01')}: 2 of 5: now and then, with help"]
    today = today_in_page(page)
    rate(rows.nth(0), "today", 4)  # today's check-in
    rate(rows.nth(2), "today", 4)
    expect(rows.nth(0).locator("[data-field-root=today-history] li")).to_have_count(2)
    expect(rows.nth(0).locator("[data-field-root=today-history] li").last).to_have_text(
        f"{long_date(page, today)}: 4 of 5: most of the time"
    )
    # Bounded: the newest 12 check-ins are kept, the oldest goes.
    negotiating = ratings(rows.nth(2))
    assert len(negotiating) == 12 and negotiating[0].startswith(long_date(page, "2026-02-01")), negotiating
    # The chart and table keep the first rating beside the latest.
    budgeting = page.locator(".atn-gaps__table tbody tr", has_text="Budgeting")
    assert budgeting.locator("th, td").all_inner_texts()[:3] == ["Budgeting", "2", "4"]

    glance = after_navigation(page, lambda: page.goto(GLANCE), "[data-plan-glance]")
    moved = glance.locator("section", has=page.get_by_role("heading", name="Skills that moved at your last check-in"))
    assert moved.locator("li").all_inner_texts() == [
        f"Budgeting: from 2 on {long_date(page, '2026-09-01')} to 4 on {long_date(page, today)}",
        f"Negotiating: from 2 on {long_date(page, '2026-12-01')} to 4 on {long_date(page, today)}",
    ], "Presenting moved at an earlier check-in, not since the previous one"


def test_a_self_assessment_with_the_dates_of_its_first_and_latest_rating_keeps_both_as_check_ins(page):
    answers = {
        "first-rated": "2026-09-01",
        "rated-on": "2026-11-15",
        "skills": [
            {"skill": "Budgeting", "first": "2", "today": "4", "needed": "4", "evidence": "Q3 forecast"},
            {"skill": "Presenting", "first": "3", "today": "3"},
        ],
    }
    path = NAMESPACE + "form:self-assessment"
    root = seed(page, record(answers, form="self-assessment", version=3), key=path, path=SELF)
    rows = root.locator("[data-group=skills] [data-row]")
    sep1, nov15 = long_date(page, "2026-09-01"), long_date(page, "2026-11-15")
    assert ratings(rows.nth(0)) == [f"{sep1}: 2 of 5: now and then, with help", f"{nov15}: 4 of 5: most of the time"]
    assert ratings(rows.nth(1)) == [f"{sep1}: 3 of 5: sometimes, on my own"]
    expect(root.locator("[data-field=first-rated]")).to_have_value("2026-09-01")
    expect(rows.nth(0).locator("[data-field=evidence]")).to_have_value("Q3 forecast")
    root.locator("[data-field=target-role]").fill("Senior analyst")
    saved = json.loads(page.evaluate("k => localStorage.getItem(k)", path))
    assert saved["version"] == 4 and not saved.get("stale") and saved["answers"]["rated-on"] == "2026-11-15"
    assert saved["answers"]["skills"][0]["today-history"] == "2026-09-01 2\n2026-11-15 4"
    glance = after_navigation(page, lambda: page.goto(GLANCE), "[data-plan-glance]")
    moved = glance.locator("section", has=page.get_by_role("heading", name="Skills that moved at your last check-in"))
    assert moved.locator("li").all_inner_texts() == [f"Budgeting: from 2 on {sep1} to 4 on {nov15}"]


def today_in_page(page) -> str:
    """Today in the page's own time zone, as the page dates a rating or a status (YYYY-MM-DD)."""
    return page.evaluate("() => new Date().toLocaleDateString('en-CA')")


def long_date(page, iso: str) -> str:
    return page.evaluate(
        "d => new Date(d + 'T12:00:00').toLocaleDateString(undefined, {day: 'numeric', month: 'long', year: 'numeric'})",
        iso,
    )


def status_history(row):
    return row.locator("[data-field-root=status-history] li").all_inner_texts()


def test_a_goals_status_keeps_each_change_with_its_date_on_screen_on_paper_and_in_the_copy(clipboard_page):
    page = clipboard_page
    goal = {
        "goal": "Present at the all-hands",
        "status": "in-progress",
        "status-history": "2026-10-01 not-started\n2026-10-15 in-progress",
    }
    root = seed(page, record({"goals": [goal]}, version=2))
    row = root.locator("[data-group=goals] [data-row]").first
    oct1, oct15 = long_date(page, "2026-10-01"), long_date(page, "2026-10-15")
    assert status_history(row) == [f"{oct1}: Not started", f"{oct15}: Under way"]
    today = today_in_page(page)
    # Keyboard, as a reader moves through the radios: each option passed on one day is one entry.
    row.locator("[data-field=status][value=in-progress]").focus()
    page.keyboard.press("ArrowDown")  # Done
    page.keyboard.press("ArrowDown")  # Dropped
    page.keyboard.press("ArrowUp")  # Done again
    expected = [f"{oct1}: Not started", f"{oct15}: Under way", f"{long_date(page, today)}: Done"]
    expect(row.locator("[data-field-root=status-history] li")).to_have_text(expected)

    root = reload_form(page)
    row = root.locator("[data-group=goals] [data-row]").first
    assert status_history(row) == expected
    saved = json.loads(page.evaluate("k => localStorage.getItem(k)", NAMESPACE + "form:goal-plan"))
    assert (
        saved["answers"]["goals"][0]["status-history"]
        == f"2026-10-01 not-started\n2026-10-15 in-progress\n{today} done"
    )

    text = copied_text(page)
    assert "Status history\n" + "\n".join(expected) in text, text
    print_with_button(page, "Print the copy to share")
    printed = " ".join(pdf_pages(page.pdf(format="Letter", prefer_css_page_size=True)))
    assert "Status history" in printed and all(entry in printed for entry in expected), printed
    page.emulate_media(media="null")

    glance = after_navigation(page, lambda: page.goto(GLANCE), "[data-plan-glance]")
    goals = glance.locator("#glance-goals ~ ul li").all_inner_texts()
    assert goals == [f"Present at the all-hands (Done since {long_date(page, today)})"], goals


def test_a_status_history_stays_off_the_copy_to_share_with_its_status(clipboard_page):
    page = clipboard_page
    goal = {"goal": "Lead the review", "status": "done", "status-history": "2026-10-15 done"}
    root = seed(page, record({"goals": [{**goal, "private-answer--status": True}]}, version=2))
    row = root.locator("[data-group=goals] [data-row]").first
    # The reader kept the status off the copy to share (Check before you share): its history goes with it.
    expect(row.locator("[data-field=private-answer--status]")).to_be_checked()
    text = copied_text(page)
    assert "Lead the review" in text and "Status history" not in text and "Done" not in text, text


def test_an_old_goal_plan_turns_its_two_status_dates_into_a_history_and_keeps_every_answer(page):
    rows = [
        {
            "goal": "Run the budget review",
            "measure": "Signed off",
            "status": "done",
            "started-on": "2026-09-01",
            "ended-on": "2026-11-20",
            "check-in": "2026-12-01",
        },
        {"goal": "Mentor a new hire", "status": "in-progress", "started-on": "2026-10-05"},
        # Done, then under way again: which of done or dropped the end date meant is not known,
        # so that date is kept as it was saved (named among the kept answers, and exported).
        {"goal": "Write the guide", "status": "in-progress", "started-on": "2026-10-02", "ended-on": "2026-10-30"},
        {"goal": "Speak at a meetup", "status": "not-started"},
    ]
    root = seed(page, record({"aim": "Team lead", "goals": rows}))
    goals = root.locator("[data-group=goals] [data-row]")
    expect(root.locator("[data-field=aim]")).to_have_value("Team lead")
    assert status_history(goals.nth(0)) == [
        f"{long_date(page, '2026-09-01')}: Under way",
        f"{long_date(page, '2026-11-20')}: Done",
    ]
    assert status_history(goals.nth(1)) == [f"{long_date(page, '2026-10-05')}: Under way"]
    assert status_history(goals.nth(2)) == [f"{long_date(page, '2026-10-02')}: Under way"]
    expect(goals.nth(3).locator("[data-field-root=status-history]")).to_contain_text("Nothing yet")
    expect(goals.nth(0).locator("[data-field=measure]")).to_have_value("Signed off")
    expect(goals.nth(0).locator("[data-field=check-in]")).to_have_value("2026-12-01")
    root.locator("[data-field=aim]").fill("Team lead next spring")
    saved = json.loads(page.evaluate("k => localStorage.getItem(k)", NAMESPACE + "form:goal-plan"))
    assert saved["version"] == 2
    first = saved["answers"]["goals"][0]
    assert first["status-history"] == "2026-09-01 in-progress\n2026-11-20 done" and "started-on" not in first
    assert saved["stale"] == {"goals[2].ended-on": "2026-10-30"}, saved.get("stale")


# Every answer a version 1 self-assessment could hold: its rating was then called "rating".
OLD_TOP = {
    "target-role": "Senior analyst",
    "level-source": "The career framework",
    "why-role": "Harder problems",
    "accomplishments": "Cut close time by two days",
    "next-level-picture": "Runs the quarterly review",
    "falls-short": "I wait to be asked",
    "already-there": "Budget models",
    "who-to-ask": "Priya and Sam",
    "what-they-said": "Speak up sooner",
    "patterns": "Everyone says visibility",
}
OLD_ROW = {"skill": "Budgeting", "needed": "5", "others": "3", "evidence": "Q3 forecast", "gap": "Lead one review"}


@pytest.mark.parametrize("version, rating", [(1, "rating"), (2, "today")])
def test_an_old_self_assessment_migrates_with_every_answer(page, version, rating):
    answers = {**OLD_TOP, "skills": [{**OLD_ROW, rating: "2"}, {"skill": "Presenting", rating: "4"}]}
    root = seed(
        page,
        record(answers, form="self-assessment", version=version),
        key=NAMESPACE + "form:self-assessment",
        path=SELF,
    )
    for field, value in OLD_TOP.items():
        expect(root.locator(f"[data-field={field}]")).to_have_value(value)
    rows = root.locator("[data-group=skills] [data-row]")
    first = rows.first
    for field in ("skill", "evidence", "gap"):
        expect(first.locator(f"[data-field={field}]")).to_have_value(OLD_ROW[field])
    assert [checked(first, f) for f in ("today", "first", "needed", "others")] == ["2", "2", "5", "3"]
    assert [checked(rows.nth(1), f) for f in ("today", "first")] == ["4", "4"]
    expect(rows.nth(1).locator("[data-field=skill]")).to_have_value("Presenting")
    # The next save writes the current version, with nothing lost and nothing kept aside as stale.
    root.locator("[data-field=patterns]").fill("Everyone says visibility, again")
    saved = json.loads(page.evaluate("k => localStorage.getItem(k)", NAMESPACE + "form:self-assessment"))
    assert saved["version"] == 4 and not saved.get("stale")
    assert saved["answers"]["skills"][0] == {**OLD_ROW, "today": "2", "first": "2"}


def boxes_overlap(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def test_the_chart_keeps_equal_ratings_apart_and_its_text_readable_on_a_phone(page):
    page.set_viewport_size({"width": 360, "height": 780})
    root = open_form(page, SELF)
    row = root.locator("[data-group=skills] [data-row]").first
    row.locator("[data-field=skill]").fill("Taking the lead without being asked, every time")
    for field in ("today", "needed", "others"):
        rate(row, field, 3)  # the first rating follows today's: four marks on one point
    chart = page.locator("[data-gaps-chart]")
    marks = chart.locator(".atn-gaps__mark")
    expect(marks).to_have_count(4)
    boxes = [mark.bounding_box() for mark in marks.all()]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not boxes_overlap(a, b), f"marks overlap at equal ratings: {a} {b}"
    shapes = chart.evaluate(
        "svg => [...svg.querySelectorAll('.atn-gaps__mark')].map(m => m.tagName + getComputedStyle(m).fill)"
    )
    assert len(set(shapes)) == 4, f"each mark has its own shape or fill: {shapes}"

    sizes = chart.evaluate("""svg => [...svg.querySelectorAll('text')].map(t =>
        [t.textContent, parseFloat(getComputedStyle(t).fontSize) * svg.getScreenCTM().a])""")
    small = [(text, round(px, 1)) for text, px in sizes if px < 12]
    assert not small, f"chart text under 12 px on a 360 px phone: {small}"
    ends = [text for text, _ in sizes]
    assert "1: not yet" in ends and "5: consistently" in ends, "the scale's ends carry words"
    for text in page.locator(".atn-gaps__legend li, .atn-gaps__table th, .atn-gaps__table td").all():
        assert float(text.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 12

    legend = page.locator(".atn-gaps__legend")
    assert legend.bounding_box()["y"] + legend.bounding_box()["height"] <= chart.bounding_box()["y"], "legend above"
    cells = page.locator(".atn-gaps__table tbody tr").first.locator("td")
    gaps = cells.evaluate_all("""cells => cells.map(c => parseFloat(getComputedStyle(c).borderLeftWidth)
        + parseFloat(getComputedStyle(c).paddingLeft))""")
    assert all(gap >= 8 for gap in gaps), f"each column stands apart (border and padding): {gaps}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_one_to_one_sheet_passes_axe_in_both_palettes(page, scheme):
    page.emulate_media(color_scheme=scheme)
    fill_others(page)
    root = open_form(page, ONE)
    add_action(root, 0, "Share the draft", "Me", "2027-02-10", "done")
    expect(agenda(page)).to_contain_text("shared1x")
    assert_accessible(page, f"one-to-one sheet ({scheme})")
    rate_page = open_form(page, SELF)
    rate(rate_page.locator("[data-group=skills] [data-row]").first, "today", 3)
    # Back to the top, where the header shows the site's name again (not mid-swap to the page's).
    page.evaluate("() => window.scrollTo(0, 0)")
    expect(page.locator(".md-header__title")).not_to_have_class(re.compile("md-header__title--active"))
    assert_accessible(page, f"self-assessment with first and latest ratings ({scheme})")
    plan = open_form(page, PLAN)
    goal = plan.locator("[data-group=goals] [data-row]").first
    goal.locator("[data-field=goal]").fill("Lead the review")
    goal.locator("[data-field=status][value=in-progress]").check()
    expect(goal.locator("[data-field-root=status-history] li")).to_have_count(1)
    page.evaluate("() => window.scrollTo(0, 0)")
    expect(page.locator(".md-header__title")).not_to_have_class(re.compile("md-header__title--active"))
    assert_accessible(page, f"goal plan with a status history ({scheme})")
    after_navigation(page, lambda: page.goto(GLANCE), "[data-plan-glance]")
    assert_accessible(page, f"glance with agreed actions ({scheme})")


def test_the_new_controls_work_from_the_keyboard_alone(page):
    fill_others(page)
    root = open_form(page, ONE)
    # The agenda's links are reached with Tab.
    page.locator("[data-field=meeting-with]").focus()
    page.keyboard.press("Shift+Tab")  # the meeting date
    link = agenda(page).get_by_role("link").first
    link.focus()
    expect(link).to_be_focused()
    # An action: typed, dated and given a status from the keyboard.
    row = root.locator("[data-group=actions] [data-row]").first
    row.locator("[data-field=action]").focus()
    page.keyboard.type("Book the budget review")
    page.keyboard.press("Tab")
    page.keyboard.type("Me")
    page.keyboard.press("Tab")
    page.keyboard.type("02102027")  # the date field takes its parts from the keyboard
    for _ in range(4):  # Tab steps through the date's month, day and year, then on to the status
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.field") == "action-status":
            break
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    expect(row.locator("[data-field=action-status][value=under-way]")).to_be_checked()
    expect(row.locator("[data-field=by-when]")).to_have_value("2027-02-10")
    # Re-rating by keyboard keeps the first rating.
    root = open_form(page, SELF)
    skill = root.locator("[data-group=skills] [data-row]").nth(1)
    skill.locator("input[data-field=today]").first.focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert (checked(skill, "first"), checked(skill, "today")) == ("1", "3")


@pytest.mark.parametrize("paper", PAPERS)
def test_the_copy_to_share_of_the_one_to_one_sheet_prints_the_agenda_and_leaves_private_notes_out(
    page, paper, tmp_path
):
    fill_others(page)
    root = open_form(page, ONE)
    root.locator("[data-field=meeting-with]").fill("Alex Morgan")
    add_action(root, 0, "Share the draft budget review", "Me", "2027-02-10", "under-way")
    root.locator("[data-field=how-it-went]").fill("I felt rushed private3x")
    print_with_button(page, "Print the copy to share")  # the default copy, through Check before you share
    pdf = page.pdf(format=paper)
    (tmp_path / f"one-to-one-{paper}.pdf").write_bytes(pdf)
    text = re.sub(r"\s+", " ", " ".join(pdf_pages(pdf)))
    holds_the_shared_answers_only(
        text,
        [
            "Your agenda",
            "shared1x",
            "Budgeting shared2x",
            "shared3x",
            "Alex Morgan",
            "Share the draft budget review",
            "Copy to share",
        ],
    )


def holds_the_shared_answers_only(text: str, shared: list[str]) -> None:
    for words in shared:
        assert words in text, f"{words!r} missing from the copy to share:\n{text}"
    for words in ["private1x", "private2x", "private3x"]:
        assert words not in text, f"{words!r} on the copy to share"


def test_a_history_made_private_with_its_answer_stays_off_the_glances_copy_to_share(page):
    skill = {"skill": "Budgeting", "first": "2", "today": "4", "today-history": "2026-09-01 2\n2026-11-15 4"}
    goal = {"goal": "Lead the review", "status": "done", "status-history": "2026-10-15 done"}
    seed(page, record({"goals": [{**goal, "private-answer--status": True}]}, version=2))
    path = NAMESPACE + "form:self-assessment"
    seed(
        page,
        record({"skills": [{**skill, "private-answer--today": True}]}, form="self-assessment", version=4),
        path,
        SELF,
    )
    glance = after_navigation(page, lambda: page.goto(GLANCE), "[data-plan-glance]")
    expect(glance.locator("#glance-goals ~ ul li")).to_have_text(["Lead the review"])
    expect(glance).not_to_contain_text("Budgeting: from")
    choose_copy(page, "own")
    expect(glance.locator("#glance-goals ~ ul li")).to_have_text(
        [f"Lead the review (Done since {long_date(page, '2026-10-15')})"]
    )
    expect(glance).to_contain_text("Budgeting: from 2 on")


def test_copy_as_text_of_the_one_to_one_sheet_holds_the_agenda_from_shared_answers_only(clipboard_page):
    page = clipboard_page
    fill_others(page)
    page.route(re.compile(r"/worksheets/one-to-one/$"), with_private_items)
    root = open_form(page, ONE)
    root.locator("[data-field=meeting-with]").fill("Alex Morgan")
    root.locator("[data-field=how-it-went]").fill("I felt rushed private3x")
    expect(agenda(page)).to_contain_text("shared3x")
    text = copied_text(page)  # the copy to share, through Check before you share
    assert (
        "What to raise\n-------------\n\nYour agenda\n- What you'd like from your manager from your Take stock\n"
        in text
    ), text
    holds_the_shared_answers_only(
        text,
        [
            "  A stretch project shared1x",
            "- Budgeting shared2x (today 1, needed 5)",
            "- Run the budget review shared3x (Next check-in date: February 15, 2027)",
            "June 1, 2027",
            "Alex Morgan",
        ],
    )

    # Private answers elsewhere change: the copy to share does not.
    stock = open_form(page, STOCK)
    stock.locator("[data-field=manager-signs]").fill("Something else entirely private4x")
    stock.locator("[data-field=direction][value=look-outside]").check()
    open_form(page, ONE)
    expect(agenda(page)).to_contain_text("shared3x")
    assert copied_text(page) == text
