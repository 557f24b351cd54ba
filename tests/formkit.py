"""Helpers that use a worksheet the way a reader does: fill every field, read every answer."""
from __future__ import annotations

WORKSHEETS = ["self-assessment", "feedback-meeting", "take-stock", "goal-plan", "achievements"]
CHECKLISTS = ["first-48-hours", "before-feedback-meeting", "managers-delivering-a-no"]
READY = "[data-worksheet][data-enhanced], [data-checklist][data-enhanced]"


def open_form(page, path: str):
    page.goto(path)
    page.wait_for_selector(READY)
    return page.locator(READY).first


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
