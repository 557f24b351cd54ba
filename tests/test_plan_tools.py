"""Beyond advice: check-ins in the reader's calendar, and answers as text for an e-mail."""

from __future__ import annotations

import datetime as dt
import re

import icalendar
from playwright.sync_api import expect

from formkit import open_form
from printkit import choose_copy

TRICKY = 'Lead <b>the</b> launch; budget, "Q3" \\ 🚀\nsecond line'


def goal_rows(root):
    return root.locator("[data-group=goals] [data-row]")


def download_ics(page) -> bytes:
    with page.expect_download() as download:
        page.get_by_role("button", name="Add check-ins to my calendar").click()
    assert download.value.suggested_filename.endswith(".ics")
    return open(download.value.path(), "rb").read()


def test_check_ins_download_as_a_valid_calendar_with_the_goals_as_text(page):
    root = open_form(page, "worksheets/goal-plan/")
    root.locator("[data-field=next-cycle]").fill("2027-06-01")
    root.locator("[data-field=aim]").fill("Senior analyst")
    first, second = goal_rows(root).nth(0), goal_rows(root).nth(1)
    first.locator("[data-field=goal]").fill(TRICKY)
    first.locator("[data-field=actions]").fill("Step one\nStep two, then <script>three</script>")
    first.locator("[data-field=check-in]").fill("2027-01-15")
    second.locator("[data-field=goal]").fill("Present at the team meeting")
    second.locator("[data-field=check-in]").fill("2027-02-01")
    second.locator("[data-field=by-date]").fill("2027-04-30")

    raw = download_ics(page)
    assert b"\r\n" in raw and raw.count(b"\n") == raw.count(b"\r\n"), "every line ends in CRLF"
    assert all(len(line) <= 75 for line in raw.split(b"\r\n")), "lines are folded at 75 octets"
    raw.decode("utf-8")  # folding never splits a character

    calendar = icalendar.Calendar.from_ical(raw)
    assert str(calendar["VERSION"]) == "2.0" and calendar.get("PRODID")
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    typed_goal = TRICKY.replace("\n", " ")  # a one-line box turns the newline into a space
    assert set(events) == {
        f"Check-in: {typed_goal}",
        "Check-in: Present at the team meeting",
        "Target date: Present at the team meeting",
        "Next review or promotion round",
    }
    check_in = events[f"Check-in: {typed_goal}"]
    assert check_in["DTSTART"].dt == dt.date(2027, 1, 15) and check_in["DURATION"].dt == dt.timedelta(days=1)
    assert "Step one\nStep two, then <script>three</script>" in str(check_in["DESCRIPTION"])
    assert "Senior analyst" in str(events["Next review or promotion round"]["DESCRIPTION"])
    for event in events.values():
        assert event.get("UID") and isinstance(event["DTSTAMP"].dt, dt.datetime)
        assert event["DTSTAMP"].dt.tzinfo is not None, "DTSTAMP is in UTC"
    assert len({str(e["UID"]) for e in events.values()}) == len(events)


def test_a_long_goal_folds_without_breaking_characters(page):
    root = open_form(page, "worksheets/goal-plan/")
    long_goal = "Ünïcödé goal 🚀 " * 30
    goal_rows(root).first.locator("[data-field=goal]").fill(long_goal)
    goal_rows(root).first.locator("[data-field=check-in]").fill("2027-03-03")
    raw = download_ics(page)
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    event = icalendar.Calendar.from_ical(raw).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == f"Check-in: {long_goal.strip()}"


def test_the_calendar_button_says_so_when_there_are_no_dates(page):
    open_form(page, "worksheets/goal-plan/")
    page.get_by_role("button", name="Add check-ins to my calendar").click()
    expect(page.locator("[data-alert]")).to_contain_text("no dates")


def test_copy_as_text_gives_headings_questions_and_answers_and_nothing_empty(clipboard_page):
    page = clipboard_page
    root = open_form(page, "worksheets/feedback-meeting/")
    root.locator("[data-field=role-applied-for]").fill("Team lead, <Platform>")
    root.locator("[data-field=hm-date]").fill("2027-01-20")
    row = root.locator("[data-group=hm-questions] [data-row]").first
    row.locator("[data-field=hm-question]").fill("What decided it?")
    row.locator("[data-field=hm-answer]").fill("Wider stakeholder experience.\nAsk again in March.")
    choose_copy(page, "own")  # the reader's own copy copies at once (the copy to share: tests/test_copy_to_share.py)
    page.get_by_role("button", name="Copy as text").click()
    page.get_by_text("Copied as text").wait_for()
    text = page.evaluate("navigator.clipboard.readText()")

    assert text.startswith("Feedback meeting preparation\n====")
    assert "Team lead, <Platform>" in text
    assert (
        "Question\nWhat decided it?\n\nTheir answer, and your notes\nWider stakeholder experience.\n"
        "Ask again in March." in text
    )
    assert re.search(r"20 January 2027|January 20, 2027", text)
    assert "Question 1" in text and "Question 2" not in text, "an empty row is left out"
    assert "How calm do you feel" not in text, "an unanswered question is left out"
    titles = root.locator(".atn-section__title").all_inner_texts()
    assert titles[0] in text and titles[-1] not in text, "a section with no answers is left out"


def test_copy_as_text_is_offered_on_the_goal_plan_too(clipboard_page):
    root = open_form(clipboard_page, "worksheets/goal-plan/")
    goal_rows(root).first.locator("[data-field=goal]").fill("Own the budget review")
    choose_copy(clipboard_page, "own")
    clipboard_page.get_by_role("button", name="Copy as text").click()
    clipboard_page.get_by_text("Copied as text").wait_for()
    text = clipboard_page.evaluate("navigator.clipboard.readText()")
    assert "Your goals\n----------\n\nGoal 1\n\nGoal\nOwn the budget review" in text
