"""What the bench measures and with which tools: paths, pages, amounts, numbers of runs.

Chromium's flags, the strict build, the static server and the list of forms come from the toolkit
the tests use (tests/kit.py), so the bench and the tests cannot drift apart.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
import formkit  # the forms defined in data/
import kit  # the shared toolkit: standard library only

WORK = ROOT / "bench" / ".work"  # git-ignored scratch space, emptied at each run
RESULTS = ROOT / "bench" / "results.md"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
LIGHTHOUSE_CONFIG = ROOT / "bench" / "lh-answers" / "config.mjs"
CHROMIUM = str(kit.CHROMIUM)
CHROMIUM_FLAGS = kit.CHROMIUM_ARGS
# Lighthouse runs with --chrome-ignore-default-flags (its defaults include --disable-features),
# so the harmless defaults that keep timings steady are given back here.
LIGHTHOUSE_EXTRA_FLAGS = [
    "--disable-extensions",
    "--mute-audio",
    "--password-store=basic",
    "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows",
    "--disable-background-timer-throttling",
]
# Scored categories; the config adds "bench-answers", which only reports what each run showed.
LIGHTHOUSE_CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
LIGHTHOUSE_RUNS = int(os.environ.get("BENCH_RUNS", "5"))  # per page; medians over these runs
LIGHTHOUSE_TIMEOUT_S = 180
# BENCH_PAGES=worksheet,start: only the page kinds named (a quick partial look; the results say
# which kinds were left out). Empty: every kind.
ONLY_KINDS = [kind.strip() for kind in os.environ.get("BENCH_PAGES", "").split(",") if kind.strip()]

# BENCH_ONLY=worker: build only our site and run only the offline worker's side-by-side first
# visits (firstload.py; a minute or two instead of the whole bench). Empty: everything.
ONLY_SECTION = os.environ.get("BENCH_ONLY", "").strip()
ONLY_SECTIONS = ("", "worker")
# The page kinds (below) whose first visit is measured with the offline worker allowed and blocked.
WORKER_KINDS = ("guide", "worksheet")

STORAGE_PREFIX = "after-the-no:"  # every key the site saves starts with this
SEED_BYTES = 6_000  # "several KB" of answers per form for Lighthouse
SEED_ROWS = 2  # clicks on each "Add another …" button for Lighthouse
HEAVY_WORKSHEET = "goal-plan"  # the worksheet used for the Playwright timings
HEAVY_BYTES = 100_000  # ~100 KB of saved answers for the timings
HEAVY_ROWS = 20  # click "Add another …" until the maximum is reached
KEYSTROKES = 50
# Keystroke work: the script time a keystroke costs, on the longest list a reader can keep (the
# achievements log at its maximum, imported through the page), measured WORK_SETTLE_MS after
# each key, which is longer than any deliberate wait of an engine (ours coalesces writes for at
# most 100 ms), so the write a key causes is counted with it.
WORK_WORKSHEET = "achievements"
WORK_ROWS = 500
WORK_SETTLE_MS = 250
RESTORE_LOADS = 5
# Chromium's CPU throttle for the phone-speed timings: the rate Lighthouse's mobile preset uses.
# The timings run at full speed (1) and at this rate, side by side.
CPU_THROTTLE = 4

FORMS = formkit.ALL_FORMS  # every worksheet and checklist in data/

# The previous release, built in the same run as a second yardstick, so a release that is slower
# than the one before shows it: the git tag of the newest release in CHANGELOG.md (v1.2.3 or
# 1.2.3) when there is one, else this commit (1.0.0 was cut untagged, at main's 6b3adb3).
# BENCH_PREVIOUS=<tag or commit> picks another; BENCH_PREVIOUS=none leaves it out.
PREVIOUS_RELEASE_FALLBACK = "6b3adb3"
PREVIOUS_RELEASE = os.environ.get("BENCH_PREVIOUS", "")


@dataclass(frozen=True)
class Page:
    kind: str  # guide, start, worksheet, checklist, My answers, glance, whole guide
    label: str
    path: str
    # What proves the saved answers were on the page in a run: "values" (every seeded value is in
    # a field), "titles" (the title of every seeded form is listed), "an answer" (a seeded answer
    # appears in the component's text), or None (a page without answers).
    shows_answers: str | None = None
    baseline: str = "baseline"  # the baseline build that has the same page

    @property
    def slug(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.label.lower()).strip("-")

    @property
    def form(self) -> str | None:
        return self.path.strip("/") + "/" if self.shows_answers == "values" else None

    def built_in(self, site: Path) -> bool:
        """Is this page in the built site? (A page kind can be listed before its page exists.)"""
        return (site / self.path.strip("/") / "index.html").is_file()


# One page of every kind; each is compared with the same page of the baseline build. A page not
# in the build is skipped, and the results say so (never silently): add a kind here first.
PAGES = [
    Page("guide", "Home", "/"),
    Page("start", "Guided start", "/start/"),
    Page("worksheet", f"Worksheet: {HEAVY_WORKSHEET}", f"/worksheets/{HEAVY_WORKSHEET}/", "values"),
    Page("worksheet with chart", "Worksheet: self-assessment", "/worksheets/self-assessment/", "values"),
    Page("checklist", f"Checklist: {kit.CHECKLISTS[0]}", f"/checklists/{kit.CHECKLISTS[0]}/", "values"),
    Page("My answers", "My answers", "/my-answers/", "titles"),
    Page("glance", "Your plan at a glance", "/plan-at-a-glance/", "an answer"),
    Page("whole guide", "The whole guide", "/whole-guide/", baseline="baseline-print"),
]
