"""What the bench measures and with which tools: paths, Chromium flags, pages, amounts."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work"          # git-ignored scratch space, emptied at each run
RESULTS = ROOT / "bench" / "results.md"
MKDOCS = ROOT / ".venv" / "bin" / "mkdocs"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"

# Flags that work on these machines (the same as tests/conftest.py). The last one stops
# Chromium's own calls to other hosts. Never --disable-features.
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]
# Lighthouse runs with --chrome-ignore-default-flags (its defaults include --disable-features),
# so the harmless defaults that keep timings steady are given back here.
LIGHTHOUSE_EXTRA_FLAGS = [
    "--disable-extensions", "--mute-audio", "--password-store=basic",
    "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows",
    "--disable-background-timer-throttling",
]
LIGHTHOUSE_CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
LIGHTHOUSE_RUNS = 3            # per page; the median run is reported
LIGHTHOUSE_TIMEOUT_S = 180

STORAGE_PREFIX = "after-the-no:"   # every key the site saves starts with this
SEED_BYTES = 6_000                 # "several KB" of answers per worksheet for Lighthouse
SEED_ROWS = 2                      # clicks on each "Add another …" button for Lighthouse
HEAVY_WORKSHEET = "goal-plan"      # the worksheet used for the Playwright timings
HEAVY_BYTES = 100_000              # ~100 KB of saved answers for the timings
HEAVY_ROWS = 20                    # click "Add another …" until the maximum is reached
KEYSTROKES = 50
RESTORE_LOADS = 5


@dataclass(frozen=True)
class Page:
    label: str
    path: str
    site: str = "ours"              # "ours" or "baseline"
    worksheet: str | None = None    # measured with saved answers in a seeded profile

    @property
    def slug(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.label.lower()).strip("-")


WORKSHEETS = ["self-assessment", "feedback-meeting", "take-stock", "goal-plan", "achievements"]
BASELINE = Page("Baseline: Material home", "/", site="baseline")
PAGES = [
    Page("Home (first hour)", "/"),
    Page("The first days", "/first-days/"),
    Page("Stories (long guide page)", "/stories/"),
    *[Page(f"Worksheet: {ws}", f"/worksheets/{ws}/", worksheet=ws) for ws in WORKSHEETS],
    BASELINE,
]
