"""Fill any worksheet or checklist through the page, as a reader would, and check what it shows.

Generic on purpose: it knows only the form markup's contract ([data-worksheet] or
[data-checklist] roots that carry data-enhanced="true" once restored, labelled controls,
"Add another …" buttons), never the engine's storage format. Opening a form waits with the
tests' own helper (tests/formkit.py), so the bench and the tests agree on "ready".
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from dataclasses import dataclass

from config import STORAGE_PREFIX, kit  # first: it puts tests/ on the path for formkit

# isort: split
import formkit

ROOT = ":is([data-worksheet], [data-checklist])"
TEXTS = f"{ROOT} input[type=text], {ROOT} textarea"
DATES = f"{ROOT} input[type=date]"
TICKS = f"{ROOT} input[type=radio], {ROOT} input[type=checkbox]"
ADD_ROW = re.compile(r"^Add another ")
SHORT_TEXT = 120  # characters in a one-line answer; long answers share the rest
SENTENCES = [
    "I asked my manager which two skills would have changed the decision this round.",
    "The panel wanted to see me lead a cross-team project from the first plan to the result.",
    "I will run the quarterly budget review myself and present it to the leadership group.",
    "Last spring I cut the release checklist from two days to four hours for the whole team.",
    "A mentor from the finance side agreed to meet once a month until the next cycle.",
    "I want to write down what went well before the details fade, with numbers where I can.",
    "Next step: book thirty minutes with my skip-level manager to ask what good looks like.",
    "The feedback was fair about visibility, less fair about the timing of the reorganisation.",
]
# What shown_values() reads, in the page: every filled control under a form, by element id.
SHOWN_VALUES = f"""() => Object.fromEntries([...document.querySelectorAll(
    "{TEXTS}, {DATES}, {TICKS}")]
    .filter(e => e.type === "radio" || e.type === "checkbox" ? e.checked : e.value)
    .map(e => [e.id, e.type === "radio" || e.type === "checkbox" ? "checked" : e.value]))"""


@dataclass
class Seeded:
    """What a filled form holds: the values shown (by element id), the bytes it added to the
    site's saved data, and the site's saved total afterwards."""

    expected: dict[str, str]
    saved_bytes: int
    saved_total: int


def prose(length: int, start: int) -> str:
    """Deterministic, readable text of exactly `length` characters."""
    parts, i = [], start
    while sum(len(p) + 1 for p in parts) < length:
        parts.append(SENTENCES[i % len(SENTENCES)] + (f" ({i})" if i >= len(SENTENCES) else ""))
        i += 1
    return " ".join(parts)[:length].rstrip() or "x"


def launch_options() -> dict:
    return kit.chromium_options()


def open_form(page, url: str):
    return formkit.open_form(page, url)


def add_rows(page, clicks: int) -> None:
    for button in page.locator(ROOT).get_by_role("button", name=ADD_ROW).all():
        for _ in range(clicks):
            if not (button.is_visible() and button.is_enabled()):
                break
            button.click()


def choose_first_radios(page) -> None:
    names = page.eval_on_selector_all(f"{ROOT} input[type=radio]", "els => [...new Set(els.map(e => e.name))]")
    for name in names:
        radio = page.locator(f'{ROOT} input[type=radio][name="{name}"]').first
        if radio.is_visible() and radio.is_enabled():
            radio.check()


# The reader's own privacy choices ("Keep … off the copy to share", "Make … private") stay as the
# form sets them: ticking them all would leave nothing on the copy to share, and the glance, which
# shows that copy by default, would show no answer at all.
PRIVACY_BOXES = "[data-field^='private--'], [data-field^='private-answer--']"


def tick_every_box(page) -> None:
    for box in page.locator(f"{ROOT} input[type=checkbox]:not({PRIVACY_BOXES})").all():
        if box.is_visible() and box.is_enabled():
            box.check()


def fill_texts(page, total_chars: int) -> None:
    fields = [f for f in page.locator(TEXTS).all() if f.is_visible() and f.is_editable()]
    long = [f for f in fields if f.evaluate("e => e.tagName") == "TEXTAREA"]
    short = [f for f in fields if f not in long]
    short_len = SHORT_TEXT if long else max(SHORT_TEXT, total_chars // max(len(short), 1))
    long_len = max(SHORT_TEXT, (total_chars - short_len * len(short)) // max(len(long), 1))
    for i, field in enumerate(short):
        field.fill(prose(short_len, i))
    for i, field in enumerate(long):
        field.fill(prose(long_len, i + 3))


def fill_dates(page) -> None:
    for i, field in enumerate(page.locator(DATES).all()):
        if field.is_visible() and field.is_editable():
            field.fill(f"2027-0{1 + i % 9}-{10 + i % 18}")


def shown_values(page) -> dict[str, str]:
    return page.evaluate(SHOWN_VALUES)


def saved_bytes(page) -> int:
    """Characters the site keeps in localStorage (keys and values; ASCII text, so bytes)."""
    return page.evaluate(
        """prefix => Object.keys(localStorage).filter(k => k.startsWith(prefix))
        .reduce((n, k) => n + k.length + localStorage.getItem(k).length, 0)""",
        STORAGE_PREFIX,
    )


def wait_saved(page, settle_s: float = 0.5, limit_s: float = 5.0) -> int:
    """Wait until the saved size stops changing (an engine may save a moment after input)."""
    last, stable_since, started = -1, time.monotonic(), time.monotonic()
    while time.monotonic() - started < limit_s:
        now = saved_bytes(page)
        if now != last:
            last, stable_since = now, time.monotonic()
        elif time.monotonic() - stable_since >= settle_s:
            break
        time.sleep(0.1)
    return last


def seed(page, url: str, chars: int, row_clicks: int) -> Seeded:
    open_form(page, url)
    before = saved_bytes(page)
    add_rows(page, row_clicks)
    choose_first_radios(page)  # first, so fields revealed by a choice get filled too
    fill_dates(page)
    fill_texts(page, chars)
    tick_every_box(page)
    total = wait_saved(page)
    return Seeded(expected=shown_values(page), saved_bytes=total - before, saved_total=total)


def seed_by_import(page, url: str, form_id: str, answers: dict, folder) -> int:
    """Give a form `answers` through its own Import answers button and the file chooser: the
    file format every release reads, so both releases measured hold the same answers. Returns
    how many rows the form then shows (a refused import leaves them out)."""
    path = folder / f"{form_id}-bench.json"
    path.write_text(json.dumps({"site": "after-the-no", "form": form_id, "version": 1, "answers": answers}))
    open_form(page, url)
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_file_chooser() as chooser:
        page.locator(ROOT).get_by_role("button", name="Import answers").click()
    chooser.value.set_files(str(path))
    page.locator(f"{ROOT} [data-alert]").first.wait_for()
    wait_saved(page)
    return page.locator(f"{ROOT} [data-row]").count()


def wins(count: int) -> list[dict]:
    """`count` wins of the achievements log with every field filled."""
    return [
        {
            "date": f"20{10 + n % 17:02d}-{1 + n % 12:02d}-{1 + n % 28:02d}",
            "what": prose(80, n),
            "impact": prose(80, n + 1),
            "praise": prose(40, n + 2),
            "skill": prose(20, n + 3),
        }
        for n in range(count)
    ]


def count_shown(shown: dict[str, str], expected: dict[str, str]) -> int:
    """How many seeded values the page shows, matched by value (a row's element ids may differ
    from one visit to the next; its values may not)."""
    return sum((Counter(expected.values()) & Counter(shown.values())).values())


def restored(page, url: str, expected: dict[str, str]) -> int:
    """Load the form afresh and count the seeded values it shows again (after its restore)."""
    open_form(page, url)
    return count_shown(shown_values(page), expected)
