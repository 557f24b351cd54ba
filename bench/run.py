"""`make bench`: build, serve, Lighthouse every page, time the worksheets, check the budgets.

Usage: .venv/bin/python bench/run.py   (see bench/README.md; prints and writes bench/results.md)
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib.metadata import version

from playwright.sync_api import sync_playwright

import budgets
import lighthouse
import report
import sites
import timings
import worksheets
from config import (BASELINE, CHROMIUM, HEAVY_BYTES, HEAVY_ROWS, HEAVY_WORKSHEET,
                    LIGHTHOUSE_RUNS, PAGES, RESULTS, SEED_BYTES, SEED_ROWS, WORK, Page)
from serve import StaticServer

PROFILE = WORK / "profile"   # kept Chromium profile holding the worksheets' saved answers


@dataclass
class PageResult:
    page: Page
    runs: list = field(default_factory=list)
    seeded_bytes: int = 0

    @property
    def median(self) -> lighthouse.Run:
        return lighthouse.median_run(self.runs)


@dataclass
class SeedState:
    expected: dict[str, dict[str, str]] = field(default_factory=dict)   # worksheet -> values
    saved: dict[str, int] = field(default_factory=dict)                 # worksheet -> bytes
    total: int = 0                                                      # all saved answers


def say(message: str) -> None:
    print(message, flush=True)


def worksheet_url(base: str, ws: str) -> str:
    return f"{base}worksheets/{ws}/"


def seed_profile(pw, base: str) -> SeedState:
    """Fill every worksheet through the page in the kept profile, as a reader would."""
    state = SeedState()
    context = pw.chromium.launch_persistent_context(str(PROFILE), **worksheets.launch_options())
    page = context.new_page()
    for ws in (p.worksheet for p in PAGES if p.worksheet):
        seeded = worksheets.seed(page, worksheet_url(base, ws), SEED_BYTES, SEED_ROWS)
        state.expected[ws], state.saved[ws] = seeded.expected, seeded.saved_bytes
        state.total = seeded.saved_total
        say(f"  seeded {ws}: {len(seeded.expected)} answers, {seeded.saved_bytes:,} B saved")
    context.close()
    return state


def check_profile(pw, base: str, state: SeedState, when: str) -> list[budgets.Check]:
    """Reopen the profile from disk: are the answers saved, and does each page show them again?"""
    context = pw.chromium.launch_persistent_context(str(PROFILE), **worksheets.launch_options())
    page = context.new_page()
    checks = []
    for ws, expected in state.expected.items():
        shown = worksheets.restored(page, worksheet_url(base, ws), expected)
        total = worksheets.saved_bytes(page)
        ok = total >= state.total > 0 and state.saved[ws] > 0 and shown == len(expected) > 0
        checks.append(budgets.Check(f"saved answers present {when} (bench validity)", ok,
                                    f"{ws}: {shown}/{len(expected)} answers shown, site total "
                                    f"{total:,} B saved (seeded {state.total:,} B)"))
    context.close()
    return checks


def run_lighthouse(results: list[PageResult], urls: dict[str, str]) -> None:
    """Round-robin over pages so slow drift on the machine spreads over every page alike."""
    out = WORK / "lighthouse"
    out.mkdir(parents=True, exist_ok=True)
    for n in range(1, LIGHTHOUSE_RUNS + 1):
        for result in results:
            page = result.page
            started = time.perf_counter()
            args = (urls[page.site] + page.path.lstrip("/"), out / f"{page.slug}-{n}.json")
            profile = PROFILE if page.worksheet else None
            try:
                run = lighthouse.run(*args, profile=profile)
            except (RuntimeError, subprocess.TimeoutExpired) as error:   # one retry, then give up
                say(f"  run {n} of {page.label} failed, retrying once: {str(error)[:300]}")
                run = lighthouse.run(*args, profile=profile)
            result.runs.append(run)
            say(f"  run {n}/{LIGHTHOUSE_RUNS} {page.label}: perf {run.scores['performance']}, "
                f"LCP {run.lcp:,.0f} ms, {run.bytes:,} B ({time.perf_counter() - started:.0f} s)")


def heavy_timings(pw, base: str):
    """~100 KB of answers on one worksheet, then restore and keystroke timings on it."""
    browser = pw.chromium.launch(**worksheets.launch_options())
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    url = worksheet_url(base, HEAVY_WORKSHEET)
    seeded = worksheets.seed(context.new_page(), url, HEAVY_BYTES, HEAVY_ROWS)
    say(f"  {HEAVY_WORKSHEET}: {len(seeded.expected)} answers, {seeded.saved_bytes:,} B saved")
    restore = timings.restore(context, url, HEAVY_WORKSHEET, seeded.expected)
    keystroke = timings.keystrokes(context, url)
    browser.close()
    return seeded.saved_bytes, restore, keystroke


def chromium_version() -> str:
    return subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()


def main() -> int:
    started = time.perf_counter()
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    # Bound now (not yet serving), so each site is built with its final address.
    servers = {"ours": StaticServer(WORK / "site"), "baseline": StaticServer(WORK / "baseline-site")}
    urls = {site: server.url for site, server in servers.items()}

    say("Building our site and the baseline (mkdocs build --strict)")
    build_s = sites.build_ours(WORK / "site", urls["ours"])
    baseline_build_s = sites.build(sites.make_baseline(WORK), WORK / "baseline-site", urls["baseline"])
    say(f"  ours {build_s:.2f} s, baseline {baseline_build_s:.2f} s")

    results = [PageResult(p) for p in PAGES]
    with servers["ours"], servers["baseline"]:
        with sync_playwright() as pw:
            say("Seeding worksheet answers in a Chromium profile")
            state = seed_profile(pw, urls["ours"])
            validity = check_profile(pw, urls["ours"], state, "before Lighthouse")
        for r in results:
            r.seeded_bytes = state.saved.get(r.page.worksheet, 0)

        say(f"Lighthouse {lighthouse.version()}: {len(PAGES)} pages x {LIGHTHOUSE_RUNS} runs")
        run_lighthouse(results, urls)

        with sync_playwright() as pw:
            validity += check_profile(pw, urls["ours"], state, "after Lighthouse")
            say(f"Timings with ~{HEAVY_BYTES // 1000} KB of answers")
            heavy_bytes, restore, keystroke = heavy_timings(pw, urls["ours"])

    baseline = next(r for r in results if r.page == BASELINE)
    checks = validity + budgets.check_pages(results, baseline) + budgets.check_timings(keystroke, build_s)
    meta = {
        "Date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "Tools": f"Lighthouse {lighthouse.version()} (mobile, simulated throttling), "
                 f"{chromium_version()}, mkdocs {version('mkdocs')}, "
                 f"mkdocs-material {version('mkdocs-material')}",
        "Runs": f"{LIGHTHOUSE_RUNS} per page, the median run reported (Lighthouse's own choice, "
                "closest to the median FCP and TTI); ratios are to the baseline in the same run",
        "Bench wall time": f"{time.perf_counter() - started:.0f} s",
    }
    text = report.document(meta, {
        "Lighthouse (median run of each page, mobile)": report.lighthouse_table(results, baseline),
        "Timings in Chromium (Playwright)": report.timings_table(
            heavy_bytes, keystroke, restore, build_s, baseline_build_s, HEAVY_WORKSHEET),
        "Where the bytes go (median run, transferred)": report.bytes_table(results),
        "Budgets": report.budgets_section(checks),
    })
    RESULTS.write_text(text)
    say("\n" + text)
    return 0 if all(c.ok for c in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
