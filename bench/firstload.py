"""The offline worker against a first visit's blocking work: a fresh browser context (empty HTTP
cache, no storage, no worker) loads a page at phone speed (config.CPU_THROTTLE), once with service
workers allowed (the page registers sw.js, which precaches the whole release and takes over the
page) and once with them blocked, in pairs (run.py's WORKER_PAIRS: at least six, an even number).

Measured in the page from its start (an init script, before any of the page's own): every long
task on the main thread (PerformanceObserver 'longtask', over 50 ms), and first contentful paint.
The window closes QUIET_MS after the last long task, counted from the load event and, where the
worker is allowed, from the moment it controls the page (so its install and precache are inside
the window). Total blocking time is the sum of each long task's time over 50 ms, as in Lighthouse; also counted
from the load event on alone, since offline.mjs starts nothing of the worker before it. Each pair
of loads runs back to back, which goes first alternating from pair to pair; a budget reads the median of the pairs'
differences, so drift on a shared machine hits both loads of a pair alike.

A run with workers allowed that ends without the worker controlling the page is recorded as such
and fails the bench (budgets.check_worker_validity): the comparison would measure nothing.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from timings import throttle

QUIET_MS = 1000  # the window ends this long after the last long task (and after load, and the worker)
WORKER_TIMEOUT_MS = 60_000  # install and precache of the whole release, at phone speed
LONG_TASK_MS = 50  # the part of a long task over this blocks (Lighthouse's definition of TBT)

PROBE = """(() => {
  const probe = window.__firstLoad = { tasks: [], fcp: null, load: null, busyUntil: 0 };
  new PerformanceObserver((list) => {
    for (const task of list.getEntries()) {
      probe.tasks.push([task.startTime, task.duration]);
      probe.busyUntil = Math.max(probe.busyUntil, task.startTime + task.duration);
    }
  }).observe({ type: "longtask" });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (entry.name === "first-contentful-paint") probe.fcp = entry.startTime;
  }).observe({ type: "paint", buffered: true });
  addEventListener("load", () => {
    probe.load = performance.now();
    probe.busyUntil = Math.max(probe.busyUntil, probe.load);
  });
  // When the page first asks for the worker: all of its work follows that moment.
  const workers = navigator.serviceWorker;
  if (workers) {
    const register = workers.register.bind(workers);
    workers.register = (...args) => {
      probe.registered ??= performance.now();
      return register(...args);
    };
  }
})();"""

# Where workers are allowed: wait until a worker controls the page (sw.js claims its pages once
# it has kept every file), then count the window from then.
WORKER_IN_CONTROL = """() => navigator.serviceWorker?.controller?.state === "activated" && (() => {
  const probe = window.__firstLoad;
  if (probe.worker == null) { probe.worker = performance.now(); probe.busyUntil = Math.max(probe.busyUntil, probe.worker); }
  return true;
})()"""
QUIET = "quiet => performance.now() - window.__firstLoad.busyUntil >= quiet"
RESULT = """async () => {
  const probe = window.__firstLoad;
  const registrations = navigator.serviceWorker ? await navigator.serviceWorker.getRegistrations() : [];
  return { tasks: probe.tasks, fcp: probe.fcp, load: probe.load, registered: probe.registered ?? null, window: performance.now(),
    controlled: Boolean(navigator.serviceWorker?.controller), registrations: registrations.length,
    caches: (await caches.keys()).length };
}"""


@dataclass
class FirstLoad:
    """One first visit."""

    tbt: float  # ms: sum of each long task's time over 50 ms, page start to the end of the window
    tbt_after_load: float  # the same for the long tasks that started after the load event
    fcp: float | None
    long_tasks: int
    window_ms: float  # page start to the end of the window
    controlled: bool  # a worker controlled the page at the end
    registrations: int
    caches: int  # Cache Storage caches of the origin at the end (the worker's precache)
    registered_after_load: bool  # the page asked for the worker only after its load event (or never)
    error: str = ""


@dataclass
class WorkerSideBySide:
    """One page's first visits: {"allowed": [...], "blocked": [...]}."""

    label: str
    path: str
    runs: dict = field(default_factory=lambda: {"allowed": [], "blocked": []})

    def median(self, mode: str, what: str) -> float | None:
        values = [getattr(run, what) for run in self.runs[mode] if getattr(run, what) is not None and not run.error]
        return statistics.median(values) if values else None

    def differences(self, what: str) -> list[float]:
        """Per run, allowed minus blocked: the two loads of a pair ran one right after the other."""
        return [
            getattr(allowed, what) - getattr(blocked, what)
            for allowed, blocked in zip(self.runs["allowed"], self.runs["blocked"])
            if not allowed.error and not blocked.error and None not in (getattr(allowed, what), getattr(blocked, what))
        ]

    def difference(self, what: str) -> float | None:
        """The median of the paired differences (drift on a shared machine hits both loads of a pair)."""
        values = self.differences(what)
        return statistics.median(values) if values else None


def first_load(browser, url: str, workers: str, cpu: float) -> FirstLoad:
    """One first visit of `url` in a fresh context, service workers "allow" or "block"."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers=workers)
    page = context.new_page()
    throttle(page, cpu)
    page.add_init_script(PROBE)
    error = ""
    try:
        page.goto(url, wait_until="load")
        if workers == "allow":
            try:
                page.wait_for_function(WORKER_IN_CONTROL, timeout=WORKER_TIMEOUT_MS, polling=50)
            except PlaywrightTimeoutError:
                error = f"no worker controlled the page {WORKER_TIMEOUT_MS // 1000} s after load"
        try:
            page.wait_for_function(QUIET, arg=QUIET_MS, timeout=WORKER_TIMEOUT_MS, polling=50)
        except PlaywrightTimeoutError:
            error = error or f"the main thread was never quiet for {QUIET_MS} ms"
        found = page.evaluate(RESULT)
    finally:
        context.close()
    blocking = lambda tasks: sum(max(0.0, duration - LONG_TASK_MS) for _, duration in tasks)
    return FirstLoad(
        tbt=blocking(found["tasks"]),
        tbt_after_load=blocking([task for task in found["tasks"] if task[0] >= found["load"]]),
        fcp=found["fcp"],
        long_tasks=len(found["tasks"]),
        window_ms=found["window"],
        controlled=found["controlled"],
        registrations=found["registrations"],
        caches=found["caches"],
        registered_after_load=found["registered"] is None or found["registered"] >= found["load"],
        error=error,
    )


def side_by_side(browser, base: str, pages: list, runs: int, cpu: float, say=print) -> list[WorkerSideBySide]:
    """Every page, `runs` times, allowed and blocked, round-robin so drift hits both alike; which
    goes first alternates from run to run, since the first load of a pair is the slower one."""
    results = [WorkerSideBySide(page.label, page.path) for page in pages]
    modes = [("allowed", "allow"), ("blocked", "block")]
    for n in range(1, runs + 1):
        for result in results:
            for mode, workers in modes if n % 2 else modes[::-1]:
                run = first_load(browser, base + result.path.lstrip("/"), workers, cpu)
                result.runs[mode].append(run)
                say(
                    f"  run {n}/{runs} {result.label}, workers {mode}: TBT {run.tbt:.0f} ms "
                    f"(after load {run.tbt_after_load:.0f} ms) "
                    f"({run.long_tasks} long tasks), FCP {run.fcp or 0:.0f} ms, window {run.window_ms:.0f} ms, "
                    f"worker in control: {run.controlled}, caches {run.caches}"
                    + (f" ({run.error})" if run.error else "")
                )
    return results
