"""My answers: everything saved in this browser, in one place, to keep, move or delete."""

from __future__ import annotations

import json

from playwright.sync_api import expect

from conftest import assert_accessible
from formkit import fill_everything, open_form, snapshot


def fill(page, path):
    root = open_form(page, path)
    fill_everything(root, f"Saved on {path}")
    return snapshot(root)


def saved_list(page):
    page.goto("my-answers/")
    listing = page.locator("[data-saved-list]")
    expect(listing).not_to_be_empty()
    return listing


def test_an_empty_browser_gets_a_friendly_message(page):
    listing = saved_list(page)
    expect(listing).to_contain_text("Nothing is saved in this browser yet")
    assert_accessible(page, "my answers, empty")


def test_every_form_with_saved_answers_is_listed_with_a_link_to_it(page):
    fill(page, "worksheets/take-stock/")
    fill(page, "checklists/first-48-hours/")
    listing = saved_list(page)
    links = listing.get_by_role("link")
    assert sorted(links.all_inner_texts()) == ["Take stock", "The first 48 hours"]
    expect(listing).to_contain_text("last saved")
    assert_accessible(page, "my answers, filled")
    listing.get_by_role("link", name="Take stock").click()
    page.wait_for_url("**/worksheets/take-stock/")


def test_export_all_then_delete_all_then_import_all_restores_every_form(page, tmp_path):
    take_stock = fill(page, "worksheets/take-stock/")
    goal_plan = fill(page, "worksheets/goal-plan/")
    saved_list(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Export all answers").click()
    file = tmp_path / download.value.suggested_filename
    download.value.save_as(file)
    exported = json.loads(file.read_text())
    assert sorted(entry["form"] for entry in exported["forms"]) == ["goal-plan", "take-stock"]

    questions = []
    page.once("dialog", lambda d: (questions.append(d.message), d.accept()))
    page.get_by_role("button", name="Delete all answers").click()
    expect(page.locator("[data-saved-list]")).to_contain_text("Nothing is saved")
    assert "Delete every answer" in questions[0]
    assert page.evaluate("Object.keys(localStorage).filter(k => /:(form|aside):/.test(k))") == []

    page.once("dialog", lambda d: (questions.append(d.message), d.accept()))
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Import all answers").click()
    chooser.value.set_files(str(file))
    expect(page.locator("[data-alert]")).to_contain_text("Imported answers")
    assert "Take stock" in questions[1] and "Goal-setting plan" in questions[1]
    assert snapshot(open_form(page, "worksheets/take-stock/")) == take_stock
    assert snapshot(open_form(page, "worksheets/goal-plan/")) == goal_plan


def test_delete_all_asks_first_and_can_be_undone(page):
    filled = fill(page, "worksheets/achievements/")
    saved_list(page)
    page.once("dialog", lambda d: d.dismiss())
    with page.expect_event("dialog"):
        page.get_by_role("button", name="Delete all answers").click()
    expect(page.locator("[data-saved-list]")).to_contain_text("Achievements log")

    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Delete all answers").click()
    expect(page.locator("[data-saved-list]")).to_contain_text("Nothing is saved")
    page.get_by_role("button", name="Undo").click()
    expect(page.locator("[data-saved-list]")).to_contain_text("Achievements log")
    assert snapshot(open_form(page, "worksheets/achievements/")) == filled


def test_a_bad_file_for_import_all_changes_nothing(page, tmp_path):
    filled = fill(page, "worksheets/goal-plan/")
    saved_list(page)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"site": "another-site", "forms": [{"form": "goal-plan", "answers": {}}]}))
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Import all answers").click()
    chooser.value.set_files(str(bad))
    expect(page.locator("[data-alert]")).to_contain_text("Nothing was changed")
    assert snapshot(open_form(page, "worksheets/goal-plan/")) == filled


def test_an_original_kept_aside_is_listed_and_can_be_downloaded(page):
    open_form(page, "worksheets/take-stock/")
    page.evaluate("localStorage.setItem('after-the-no:/:form:take-stock', '{broken')")
    page.reload()
    page.locator("[data-alert]").wait_for()
    listing = saved_list(page)
    expect(listing).to_contain_text("Originals kept aside")
    with page.expect_download() as download:
        listing.get_by_role("button", name="Download the original of “Take stock”").click()
    assert download.value.path().read_text() == "{broken"
