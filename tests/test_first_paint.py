"""Saved answers are on a form's first paint, without holding the paint for any script.

The inline script after each form (overrides/components/form/first-paint.js) fills the fields
from the saved record while the page is parsed; the engine, a deferred module, takes over later
without changing what the reader sees. A probe records, before every frame the browser paints
(requestAnimationFrame runs just before each paint), what the form shows.
"""

from __future__ import annotations

import pytest

from formkit import GOAL_PLAN, fill_everything, open_form, snapshot

# Before every frame: the form's values and row count, once the form shows (form.css keeps a
# half-parsed form out of sight until first-paint.js or the engine has filled it). The first entry
# is what the first paint that shows the form shows.
_FRAME_PROBE = """
window.__frames = [];
const look = () => {
  const root = document.querySelector("[data-worksheet]");
  const shown = root && (root.dataset.atnFilled !== undefined || root.dataset.moduleStarted !== undefined);
  if (shown && getComputedStyle(root.firstElementChild).visibility === "visible") {
    window.__frames.push({
      values: [...root.querySelectorAll("[data-field]")].map(c =>
        [c.dataset.field, c.type === "radio" || c.type === "checkbox" ? String(c.checked) : c.value]),
      rows: root.querySelectorAll("[data-row]").length,
      addShown: [...root.querySelectorAll("[data-action=add-row]")].every(b => !b.hidden),
      enhanced: root.dataset.enhanced === "true",
    });
  }
  if (window.__frames.length < 400) requestAnimationFrame(look);
};
requestAnimationFrame(look);
"""


@pytest.fixture
def saved_goal_plan(page):
    """The goal plan filled in, with two rows added to every group: what a reader saved."""
    root = open_form(page, GOAL_PLAN)
    for button in root.locator("[data-action=add-row]").all():
        button.click()
        button.click()
    fill_everything(root, "Saved")
    page.wait_for_timeout(300)  # the last keystroke's save
    return snapshot(root), root.locator("[data-row]").count()


def test_saved_answers_and_added_rows_are_on_the_first_paint_even_if_the_engine_never_loads(context, saved_goal_plan):
    """With every module of the page answered by an empty one, only the inline script can fill the
    form: the first frame that shows the form shows every saved answer and every added row."""
    saved, rows = saved_goal_plan
    tab = context.new_page()
    tab.route("**/assets/js/*.mjs", lambda route: route.fulfill(body="", content_type="text/javascript"))
    tab.add_init_script(_FRAME_PROBE)
    tab.goto(GOAL_PLAN)
    tab.wait_for_function("window.__frames.length > 5")
    first = tab.evaluate("window.__frames[0]")
    assert not first["enhanced"], "the engine ran although its modules were empty"
    assert first["rows"] == rows
    assert first["addShown"], "the Add buttons appeared only after the first paint"
    assert first["values"] == saved
    tab.close()


def test_the_engine_takes_over_without_changing_what_the_first_paint_showed(page, saved_goal_plan):
    saved, rows = saved_goal_plan
    page.add_init_script(_FRAME_PROBE)
    root = open_form(page, GOAL_PLAN)
    frames = page.evaluate("window.__frames")
    first = frames[0]
    assert (first["values"], first["rows"]) == (saved, rows)
    assert (snapshot(root), root.locator("[data-row]").count()) == (saved, rows)
    assert not page.locator("[blocking]").count(), "a script or style holds the first paint"
