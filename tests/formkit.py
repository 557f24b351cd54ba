"""Helpers that use a worksheet the way a reader does: open it, fill every field, read every answer.

`open_form`, `reload_form` and `after_navigation` return only once the engine has finished with
the page it just showed: a root carries data-enhanced="true" only after the saved answers are
back on the page. Counting rows or reading values before that races the restore.
"""

from __future__ import annotations

import json

from kit import CHECKLISTS, WORKSHEETS

# An init script for a browser whose site data is blocked: merely reading localStorage throws.
STORAGE_BLOCKED = """
Object.defineProperty(window, "localStorage", {
  get() { throw new DOMException("Access is denied for this document.", "SecurityError"); },
});"""

FORMS = "[data-worksheet], [data-checklist]"
READY = "[data-worksheet][data-enhanced], [data-checklist][data-enhanced]"
ALL_FORMS = [f"worksheets/{w}/" for w in WORKSHEETS] + [f"checklists/{c}/" for c in CHECKLISTS]

# Right after goto(), reload() or an instant navigation the old page's root can still be in the
# DOM, already enhanced. Mark every root present now; only an unmarked one counts as the new page.
_MARK_OLD_ROOTS = "sel => { for (const el of document.querySelectorAll(sel)) el.__testOldRoot = true; }"
_NEW_ROOT_READY = """sel => [...document.querySelectorAll(sel)].some(el =>
    !el.__testOldRoot && el.dataset.enhanced === "true")"""


def after_navigation(page, navigate, selector: str = FORMS):
    """Run `navigate()` (a goto, reload, back or a click on a link), then wait until the engine
    has enhanced a root of the page it leads to; returns that root. `selector`: the component
    roots to wait for ([data-saved-answers], [data-plan-glance] work too)."""
    page.evaluate(_MARK_OLD_ROOTS, selector)
    navigate()
    page.wait_for_function(_NEW_ROOT_READY, arg=selector)
    return page.locator(f":is({selector})[data-enhanced]").first


def open_form(page, path: str):
    return after_navigation(page, lambda: page.goto(path))


def reload_form(page):
    return after_navigation(page, page.reload)


def fill_everything(root, text: str = "Answer") -> None:
    """Pick an option that reveals a follow-up where there is one, then fill every visible field."""
    for fieldset in root.locator("fieldset[data-field-root]").all():
        radios = fieldset.locator(":scope > .atn-options input, :scope > .atn-scale input")
        if not radios.count():
            continue
        revealing = fieldset.locator(":scope > .atn-options input[aria-controls]")
        (revealing.first if revealing.count() else radios.last).check()
    for n, control in enumerate(root.locator("input[type=text]:visible, textarea:visible").all()):
        control.fill(f"{text} {n}: {control.get_attribute('id')}")
    for control in root.locator("input[type=date]:visible").all():
        control.fill("2027-03-15")
    for box in root.locator("input[type=checkbox]:visible").all():
        box.check()


def snapshot(root) -> list[tuple[str, str]]:
    """Every control's field id and value, in page order (row ids differ between visits)."""
    return root.evaluate("""root => [...root.querySelectorAll('[data-field]')].map(c =>
        [c.dataset.field, c.type === 'radio' || c.type === 'checkbox' ? String(c.checked) : c.value])""")


# The goal-setting plan as an earlier visit left it in storage, for tests of what the engine reads.
NAMESPACE = "after-the-no:/:"  # every key of the copy served at the site's root
GOAL_PLAN = "worksheets/goal-plan/"
GOAL_PLAN_KEY = NAMESPACE + "form:goal-plan"


def record(answers, form="goal-plan", version=1, **extra) -> str:
    """A saved record in the first format, as an older release wrote it."""
    return json.dumps(
        {
            "site": "after-the-no",
            "format": 1,
            "form": form,
            "version": version,
            "savedAt": "2026-11-01T10:00:00Z",
            "answers": answers,
            **extra,
        }
    )


def seed(page, value: str, key: str = GOAL_PLAN_KEY, path: str = GOAL_PLAN):
    """Put `value` in storage as if an earlier visit had saved it, then open the page fresh."""
    open_form(page, path)  # wait for the engine, or it would read the seed before the reload
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key, value])
    return reload_form(page)


def with_renames_in_the_next_version(goal_plan_yml: str, renamed: str) -> str:
    """The goal plan's data file as its next release would write it: one version up (its own is 2,
    for its status history), with a migration renaming fields (`renamed`: "{old: new, ...}")."""
    assert "version: 2\nmigrations:\n" in goal_plan_yml, "the goal plan is no longer at version 2"
    return goal_plan_yml.replace("version: 2\nmigrations:\n", "version: 3\nmigrations:\n", 1).replace(
        "\nsections:\n", f"\n  - to_version: 3\n    renamed: {renamed}\nsections:\n", 1
    )
