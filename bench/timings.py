"""In-page timings with ~100 KB of saved answers: keystroke -> saved, and restoring a worksheet,
each at full speed and under Chromium's CPU throttle (phone speed, see config.CPU_THROTTLE).

Engine-agnostic: the keystroke probe only watches `keydown` and `Storage.prototype.setItem`; the
restore probe only watches the page for the seeded values, and the browser's first contentful
paint (FCP) beside them: answers shown after FCP mean the reader saw an empty form first.
"""

from __future__ import annotations

import contextlib
import json
import statistics
from dataclasses import dataclass, field

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from config import KEYSTROKES, RESTORE_LOADS, STORAGE_PREFIX, WORK_SETTLE_MS
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
# records nothing, so "restored" can only be claimed when it happened. It also counts the frames
# that showed the form's fields before every answer was in them.
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
  // A frame painted with the form's fields on the page but not yet every answer: an empty-form
  // flash the reader sees (counted just before each paint).
  window.__benchEmptyFrames = 0;
  const frame = () => {
    check();
    if (window.__benchRestored == null && [...document.querySelectorAll(%s)]
      .some((e) => e.checkVisibility({ visibilityProperty: true }))) window.__benchEmptyFrames++;
    if (window.__benchRestored == null && performance.now() < 20000) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (entry.name === "first-contentful-paint") window.__benchFcp = entry.startTime;
  }).observe({ type: "paint", buffered: true });
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


@dataclass
class Restore(Timing):
    """Restore timings, with each load's first contentful paint beside its restore."""

    fcp: list[float | None] = field(default_factory=list)
    empty_frames: list[int] = field(default_factory=list)  # per load: frames with the form, without its answers

    @property
    def fcp_median(self) -> float | None:
        measured = [v for v in self.fcp if v is not None]
        return statistics.median(measured) if measured else None

    @property
    def after_fcp(self) -> list[float | None]:
        """Per load, how long after FCP every answer was shown (<= 0: on the first paint)."""
        return [None if r is None or f is None else r - f for r, f in zip(self.values, self.fcp)]

    @property
    def after_fcp_median(self) -> float | None:
        gaps = self.after_fcp
        return None if None in gaps or not gaps else statistics.median(gaps)


def throttle(page, rate: float):
    """Chromium's CPU throttle (Lighthouse's mobile preset uses 4); 1 is full speed. Returns the
    page's DevTools session, for more."""
    cdp = page.context.new_cdp_session(page)
    if rate != 1:
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
    return cdp


def keystrokes(context, url: str, cpu: float = 1) -> Timing:
    page = context.new_page()
    throttle(page, cpu)
    page.add_init_script(KEYSTROKE_PROBE % json.dumps(STORAGE_PREFIX))
    open_form(page, url)
    area = page.locator(f"{ROOT} textarea").first
    area.click()
    page.keyboard.press("Control+End")
    timing = Timing(method="capture keydown -> next setItem('after-the-no:…') returns")
    for i in range(KEYSTROKES):
        page.keyboard.press("x")
        try:
            page.wait_for_function("n => window.__bench.latencies.length >= n", arg=i + 1, timeout=2000, polling=10)
            timing.values.append(page.evaluate("window.__bench.latencies.at(-1)"))
        except PlaywrightTimeoutError:  # no save within 2 s: counted as missing, fails the budget
            page.evaluate("window.__bench.pending = []")
            timing.values.append(None)
        page.wait_for_timeout(30)  # typing pace, and idle time for the page between keys
    page.close()
    return timing


def keystroke_work(context, url: str, cpu: float = 1) -> Timing:
    """The script time each keystroke costs, its write included: Chromium's own counter
    (Performance.getMetrics ScriptDuration) read before the key and WORK_SETTLE_MS after it, with
    no evaluate of ours in between (only the probe's keydown listener and setItem wrapper run).
    Engine-agnostic, and blind to idle waits (a coalesced write costs its work, not its delay).
    A key that was never saved counts as missing."""
    page = context.new_page()
    cdp = throttle(page, cpu)
    cdp.send("Performance.enable")
    page.add_init_script(KEYSTROKE_PROBE % json.dumps(STORAGE_PREFIX))
    open_form(page, url)
    page.locator(f"{ROOT} :is(textarea, input[type=text]):visible").first.click()
    page.keyboard.press("End")
    page.wait_for_timeout(500)  # the click's own work settles first

    def script_ms() -> float:
        metrics = cdp.send("Performance.getMetrics")["metrics"]
        return 1000 * next(m["value"] for m in metrics if m["name"] == "ScriptDuration")

    timing = Timing(method=f"Chromium's ScriptDuration from just before a key to {WORK_SETTLE_MS} ms after it")
    for i in range(KEYSTROKES):
        before = script_ms()
        page.keyboard.press("x")
        page.wait_for_timeout(WORK_SETTLE_MS)
        spent = script_ms() - before
        saved = page.evaluate("n => window.__bench.latencies.length >= n", i + 1)
        timing.values.append(spent if saved else None)
    page.close()
    return timing


def restore(context, url: str, expected: dict[str, str], cpu: float = 1) -> Restore:
    """Fresh loads: navigation start -> every seeded value on the page (None if never), and FCP."""
    page = context.new_page()
    throttle(page, cpu)
    page.add_init_script(RESTORE_PROBE % (SHOWN_VALUES, json.dumps(f"{ROOT} [data-field]"), json.dumps(expected)))
    timing = Restore(
        method="navigation start -> every seeded value shown (MutationObserver + frames); "
        "FCP from the browser's paint timing"
    )
    for _ in range(RESTORE_LOADS):
        open_form(page, url)
        # The paint entry can come a frame after the form is ready; never painted is recorded as
        # None, which fails the budget.
        with contextlib.suppress(PlaywrightTimeoutError):
            page.wait_for_function("window.__benchFcp != null", timeout=10_000)
        timing.values.append(page.evaluate("window.__benchRestored ?? null"))
        timing.fcp.append(page.evaluate("window.__benchFcp ?? null"))
        timing.empty_frames.append(page.evaluate("window.__benchEmptyFrames ?? 0"))
    page.close()
    return timing


def first_paint_without_scripts(browser, url: str, cpu: float = 1) -> list[float | None]:
    """First contentful paint of the same page with JavaScript off, fresh loads: what the page
    costs before any script of ours (or Material's) runs."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=False, service_workers="block"
    )
    page = context.new_page()
    throttle(page, cpu)
    paints = []
    for _ in range(RESTORE_LOADS):
        page.goto(url, wait_until="load")
        page.wait_for_timeout(200)
        paints.append(
            page.evaluate(
                """() => performance.getEntriesByType("paint")
                .find((e) => e.name === "first-contentful-paint")?.startTime ?? null"""
            )
        )
    context.close()
    return paints
