"""In-page timings with ~100 KB of saved answers: keystroke -> saved, and restoring a worksheet.

Engine-agnostic: the keystroke probe only watches `keydown` and `Storage.prototype.setItem`; the
restore time is the engine's own `performance.measure("form-restore")`, or a fallback.
"""
from __future__ import annotations

import json
import statistics
from dataclasses import dataclass, field

from config import KEYSTROKES, RESTORE_LOADS, STORAGE_PREFIX
from worksheets import ROOT, open_form

# Each keydown (capture phase, so before the page's own handlers) waits for the next save.
# The save counts as done when setItem returns, so the write itself is included.
KEYSTROKE_PROBE = """(prefix => {
  const probe = window.__bench = { pending: [], latencies: [] };
  document.addEventListener("keydown", () => probe.pending.push(performance.now()), true);
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    const result = setItem.call(this, key, value);
    if (String(key).startsWith(prefix) && probe.pending.length) {
      const now = performance.now();
      for (const start of probe.pending) probe.latencies.push(now - start);
      probe.pending = [];
    }
    return result;
  };
})(%s);"""

# Fallback restore probe: the first animation frame at which every seeded value is on screen.
VALUES_PROBE = """(expected => {
  const entries = Object.entries(expected);
  const shown = ([id, value]) => {
    const el = document.getElementById(id);
    return el && (value === "checked" ? el.checked : el.value === value);
  };
  const check = () => {
    if (entries.every(shown)) window.__benchRestored = performance.now();
    else if (performance.now() < 20000) requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})(%s);"""


@dataclass
class Timing:
    values: list[float | None] = field(default_factory=list)
    method: str = ""

    @property
    def measured(self) -> list[float]:
        return [v for v in self.values if v is not None]

    @property
    def missing(self) -> int:
        return len(self.values) - len(self.measured)

    @property
    def median(self) -> float | None:
        return statistics.median(self.measured) if self.measured else None

    @property
    def worst(self) -> float | None:
        # A keystroke that never led to a save is the worst case of all.
        return None if self.missing or not self.values else max(self.measured)


def keystrokes(context, url: str) -> Timing:
    page = context.new_page()
    page.add_init_script(KEYSTROKE_PROBE % json.dumps(STORAGE_PREFIX))
    open_form(page, url)
    area = page.locator(f"{ROOT} textarea").first
    area.click()
    page.keyboard.press("Control+End")
    timing = Timing(method="capture keydown -> next setItem('after-the-no:…') returns")
    for i in range(KEYSTROKES):
        page.keyboard.press("x")
        try:
            page.wait_for_function("n => window.__bench.latencies.length >= n", arg=i + 1,
                                   timeout=2000, polling=10)
            timing.values.append(page.evaluate("window.__bench.latencies.at(-1)"))
        except Exception:   # no save within 2 s: counted as missing, fails the budget
            page.evaluate("window.__bench.pending = []")
            timing.values.append(None)
        page.wait_for_timeout(30)   # typing pace, and idle time for the page between keys
    page.close()
    return timing


def restore(context, url: str, form_id: str, expected: dict[str, str]) -> Timing:
    """Median of several fresh loads: the engine's form-restore measure, else the fallback."""
    page = context.new_page()
    page.add_init_script(VALUES_PROBE % json.dumps(expected))
    timing = Timing()
    for _ in range(RESTORE_LOADS):
        open_form(page, url)
        measured = page.evaluate("""id => performance.getEntriesByName("form-restore")
            .filter(e => e.detail === id || e.detail == null).map(e => e.duration)[0] ?? null""",
                                 form_id)
        if measured is not None:
            timing.method = "performance.measure('form-restore') duration"
        else:
            measured = page.evaluate("window.__benchRestored ?? null")
            timing.method = "fallback: navigation start -> all seeded values visible"
        timing.values.append(measured)
    page.close()
    return timing
