"""In-page timings with ~100 KB of saved answers: keystroke -> saved, and restoring a worksheet.

Engine-agnostic: the keystroke probe only watches `keydown` and `Storage.prototype.setItem`; the
restore probe only watches the page for the seeded values.
"""
from __future__ import annotations

import json
import statistics
from dataclasses import dataclass, field

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from config import KEYSTROKES, RESTORE_LOADS, STORAGE_PREFIX
from worksheets import ROOT, SHOWN_VALUES, open_form

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

# Restore probe: performance.now() (milliseconds since navigation start, which includes fetching
# the page, Material and the engine) at the first moment every seeded value is on the page. It
# checks on every DOM change and every animation frame; a load where the values never all appear
# records nothing, so "restored" can only be claimed when it happened.
RESTORE_PROBE = """(expected => {
  const shownValues = %s;
  const count = (values) => values.reduce((m, v) => m.set(v, (m.get(v) ?? 0) + 1), new Map());
  const needed = count(Object.values(expected));  // by value: row ids may differ between visits
  const check = () => {
    if (window.__benchRestored != null || !document.body) return;
    const shown = count(Object.values(shownValues()));
    if ([...needed].every(([value, n]) => (shown.get(value) ?? 0) >= n)) window.__benchRestored = performance.now();
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
  const frame = () => { check(); if (window.__benchRestored == null && performance.now() < 20000) requestAnimationFrame(frame); };
  requestAnimationFrame(frame);
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
        # A sample that never happened (no save, no restore) is the worst case of all.
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
        except PlaywrightTimeoutError:   # no save within 2 s: counted as missing, fails the budget
            page.evaluate("window.__bench.pending = []")
            timing.values.append(None)
        page.wait_for_timeout(30)   # typing pace, and idle time for the page between keys
    page.close()
    return timing


def restore(context, url: str, expected: dict[str, str]) -> Timing:
    """Fresh loads: navigation start -> every seeded value on the page (None if never)."""
    page = context.new_page()
    page.add_init_script(RESTORE_PROBE % (SHOWN_VALUES, json.dumps(expected)))
    timing = Timing(method="navigation start -> every seeded value shown (MutationObserver + frames)")
    for _ in range(RESTORE_LOADS):
        open_form(page, url)
        timing.values.append(page.evaluate("window.__benchRestored ?? null"))
    page.close()
    return timing
