"""`make bench`: build ours and the baseline, serve, Lighthouse every page beside its baseline
page, time the heavy worksheet, check the budgets.

Usage: .venv/bin/python bench/run.py   (see bench/README.md; prints and writes bench/results.md)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version

import yaml
from playwright.sync_api import sync_playwright

import budgets
import firstload
import lighthouse
import report
import sites
import timings
import worksheets
from config import (
    CHROMIUM,
    CPU_THROTTLE,
    FORMS,
    HEAVY_BYTES,
    HEAVY_ROWS,
    HEAVY_WORKSHEET,
    LIGHTHOUSE_RUNS,
    ONLY_KINDS,
    ONLY_SECTION,
    ONLY_SECTIONS,
    PAGES,
    RESULTS,
    ROOT,
    SEED_BYTES,
    SEED_ROWS,
    WORK,
    WORK_ROWS,
    WORK_WORKSHEET,
    WORKER_KINDS,
    Page,
    kit,
)

PROFILE = WORK / "profile"  # kept Chromium profile holding the forms' saved answers
SITES = ["ours", "baseline", "baseline-print"]
PREVIOUS = "previous"  # the previous release, built from git (sites.previous_release)


@dataclass
class PageResult:
    page: Page
    runs: list = field(default_factory=list)

    @property
    def median(self) -> lighthouse.Run:
        return lighthouse.median_run(self.runs)


@dataclass
class SeedState:
    expected: dict[str, dict[str, str]] = field(default_factory=dict)  # form path -> values
    saved: dict[str, int] = field(default_factory=dict)  # form path -> bytes
    total: int = 0  # all saved answers

    def all_values(self) -> list[str]:
        return [v for values in self.expected.values() for v in values.values() if v != "checked"]


@dataclass
class Pair:
    """One of our pages and the same page of the baseline build, measured in the same rounds."""

    ours: PageResult
    baseline: PageResult
    previous: PageResult | None = None  # the same page of the previous release, when built
    shown_runs: int = 0  # Lighthouse runs of our page that showed the saved answers
    previous_shown_runs: int = 0

    @property
    def answers_cell(self) -> str:
        if not self.ours.page.shows_answers:
            return "–"
        return f"{self.shown_runs}/{len(self.ours.runs)} runs"


def say(message: str) -> None:
    print(message, flush=True)


def published(url: str) -> bool:
    try:
        with urllib.request.urlopen(url):
            return True
    except urllib.error.HTTPError:
        return False


def seed_profile(pw, base: str) -> SeedState:
    """Fill every worksheet and checklist through the page in the kept profile, as a reader would."""
    state = SeedState()
    context = pw.chromium.launch_persistent_context(
        str(PROFILE), service_workers="block", **worksheets.launch_options()
    )
    page = context.new_page()
    for form in FORMS:
        if not published(base + form):  # a form this release has and the previous one had not
            continue
        seeded = worksheets.seed(page, base + form, SEED_BYTES, SEED_ROWS)
        state.expected[form], state.saved[form] = seeded.expected, seeded.saved_bytes
        state.total = seeded.saved_total
        say(f"  seeded {form}: {len(seeded.expected)} answers, {seeded.saved_bytes:,} B saved")
    context.close()
    return state


def check_profile(pw, base: str, state: SeedState, when: str) -> list[budgets.Check]:
    """Reopen the profile from disk: are the answers saved, and does each form show them again?"""
    context = pw.chromium.launch_persistent_context(
        str(PROFILE), service_workers="block", **worksheets.launch_options()
    )
    page = context.new_page()
    checks = []
    for form, expected in state.expected.items():
        shown = worksheets.restored(page, base + form, expected)
        total = worksheets.saved_bytes(page)
        ok = total >= state.total > 0 and state.saved[form] > 0 and shown == len(expected) > 0
        checks.append(
            budgets.Check(
                f"saved answers present {when} (bench validity)",
                ok,
                f"{form}: {shown}/{len(expected)} answers shown, site total "
                f"{total:,} B saved (seeded {state.total:,} B)",
            )
        )
    context.close()
    return checks


def form_titles(forms: list[str]) -> list[str]:
    return [
        yaml.safe_load(
            next((ROOT / "data" / form.split("/")[0]).glob(form.split("/")[1] + ".y*ml")).read_text(encoding="utf-8")
        )["title"]
        for form in forms
    ]


def showed_answers(page: Page, run: lighthouse.Run, state: SeedState) -> bool:
    """Did this Lighthouse run's page show the saved answers once it had loaded?"""
    if page.shows_answers == "values":
        expected = state.expected[page.form]
        return worksheets.count_shown(run.shown["values"], expected) == len(expected) > 0
    if page.shows_answers == "titles":
        return all(title in run.shown["text"] for title in form_titles(list(state.expected)))
    if page.shows_answers == "an answer":
        return any(value[:40] in run.shown["text"] for value in state.all_values() if len(value) >= 40)
    return True


def run_lighthouse(pairs: list[Pair], urls: dict[str, str], state: SeedState) -> None:
    """Round-robin over pages, ours then its baseline page, so drift on the machine spreads
    over every page alike. Our pages with answers run in the seeded profile."""
    out = WORK / "lighthouse"
    out.mkdir(parents=True, exist_ok=True)
    for n in range(1, LIGHTHOUSE_RUNS + 1):
        for pair in pairs:
            measured = [(pair.ours, "ours"), (pair.baseline, pair.baseline.page.baseline)]
            measured += [(pair.previous, PREVIOUS)] if pair.previous else []
            for result, site in measured:
                page = result.page
                profile = PROFILE if site in ("ours", PREVIOUS) and page.shows_answers else None
                run = lighthouse_once(
                    urls[site] + page.path.lstrip("/"),
                    out / f"{site}-{page.slug}-{n}.json",
                    profile,
                    f"{page.label} ({site})",
                )
                result.runs.append(run)
                if site == "ours" and page.shows_answers and showed_answers(page, run, state["ours"]):
                    pair.shown_runs += 1
                if site == PREVIOUS and page.shows_answers and showed_answers(page, run, state[PREVIOUS]):
                    pair.previous_shown_runs += 1
                say(
                    f"  run {n}/{LIGHTHOUSE_RUNS} {page.label} ({site}): perf {run.scores['performance']}, "
                    f"LCP {run.lcp:,.0f} ms, CLS {run.cls:.3f}, {run.bytes:,} B"
                )


def lighthouse_once(url, out, profile, label) -> lighthouse.Run:
    try:
        return lighthouse.run(url, out, profile=profile)
    except (RuntimeError, subprocess.TimeoutExpired) as error:  # one retry, then give up
        say(f"  {label} failed, retrying once: {str(error)[:300]}")
        return lighthouse.run(url, out, profile=profile)


@dataclass
class HeavyTimings:
    """The heavy worksheet's timings: {CPU rate: Timing}, full speed (1) and phone speed."""

    saved_bytes: int
    restore: dict = field(default_factory=dict)
    keystroke: dict = field(default_factory=dict)
    fcp_without_scripts: dict = field(default_factory=dict)  # {CPU rate: FCP per load, JavaScript off}
    work: dict = field(default_factory=dict)  # {CPU rate: script time per keystroke, the longest list}


def heavy_timings(pw, base: str) -> HeavyTimings:
    """~100 KB of answers on one worksheet, then restore (with FCP) and keystroke timings on it,
    at full speed and under the CPU throttle, one after the other in the same browser."""
    browser = pw.chromium.launch(**worksheets.launch_options())
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    url = f"{base}worksheets/{HEAVY_WORKSHEET}/"
    seeded = worksheets.seed(context.new_page(), url, HEAVY_BYTES, HEAVY_ROWS)
    say(f"  {HEAVY_WORKSHEET}: {len(seeded.expected)} answers, {seeded.saved_bytes:,} B saved")
    result = HeavyTimings(seeded.saved_bytes)
    rates = (1, CPU_THROTTLE)
    for rate in rates:  # every restore first: the keystrokes change the saved answers
        result.restore[rate] = timings.restore(context, url, seeded.expected, cpu=rate)
        result.fcp_without_scripts[rate] = timings.first_paint_without_scripts(browser, url, cpu=rate)
    for rate in rates:
        result.keystroke[rate] = timings.keystrokes(context, url, cpu=rate)
        say(
            f"  {rate:g}x CPU: restore median {budgets.fmt_ms(result.restore[rate].median)}, FCP median "
            f"{budgets.fmt_ms(result.restore[rate].fcp_median)}, keystroke median "
            f"{budgets.fmt_ms(result.keystroke[rate].median)}"
        )
    work_url = f"{base}worksheets/{WORK_WORKSHEET}/"
    rows = worksheets.seed_by_import(
        context.new_page(), work_url, WORK_WORKSHEET, {"wins": worksheets.wins(WORK_ROWS)}, WORK
    )
    if rows != WORK_ROWS:  # else the keystroke work would be measured on a shorter log
        raise SystemExit(f"bench: {WORK_WORKSHEET} shows {rows} rows after importing {WORK_ROWS}")
    for rate in rates:
        result.work[rate] = timings.keystroke_work(context, work_url, cpu=rate)
        say(
            f"  {rate:g}x CPU, {WORK_WORKSHEET} with {WORK_ROWS} rows: keystroke work median "
            f"{budgets.fmt_ms(result.work[rate].median)}, worst {budgets.fmt_ms(result.work[rate].worst)}"
        )
    browser.close()
    return result


def worker_side_by_side(pw, base: str, site) -> list[firstload.WorkerSideBySide]:
    """First visits of a guide page and a worksheet at phone speed, the offline worker allowed and
    blocked in turn (firstload.py)."""
    pages = [page for page in PAGES if page.kind in WORKER_KINDS and page.built_in(site)]
    browser = pw.chromium.launch(**worksheets.launch_options())
    try:
        return firstload.side_by_side(browser, base, pages, WORKER_PAIRS, CPU_THROTTLE, say)
    finally:
        browser.close()


def worker_checks(results) -> list[budgets.Check]:
    return budgets.check_worker_validity(results) + budgets.check_worker(results)


WORKER_SECTION = "The offline worker on a first visit (Playwright, {cpu:g}x CPU, {runs} pairs of loads each)"
# At least six pairs, an even number: which load of a pair goes first alternates, and one pair
# (BENCH_RUNS=1) would be all order bias.
WORKER_PAIRS = max(6, LIGHTHOUSE_RUNS + LIGHTHOUSE_RUNS % 2)


def main_worker_only() -> int:
    """BENCH_ONLY=worker: our site only, and only the offline worker's side-by-side first visits."""
    started, load_at_start = time.perf_counter(), load_average()
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    server = kit.StaticServer(WORK / "ours-site")
    say("Building our site (mkdocs build --strict); BENCH_ONLY=worker: nothing else is built or measured")
    build_s = sites.build_ours(WORK / "ours-site", server.url)
    say(f"  ours {build_s:.2f} s")
    server.start()
    try:
        with sync_playwright() as pw:
            say(f"The offline worker on a first visit, {CPU_THROTTLE:g}x CPU, allowed and blocked, at least 6 pairs")
            worker = worker_side_by_side(pw, server.url, WORK / "ours-site")
    finally:
        server.shutdown()
    checks = worker_checks(worker)
    meta = {
        "Date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "Tools": f"{chromium_version()}, mkdocs {version('mkdocs')}, mkdocs-material {version('mkdocs-material')}",
        "Sections": "only the offline worker's first visits (BENCH_ONLY=worker): no Lighthouse, no baseline, "
        "no timings; the budgets below are the only ones checked",
        "Bench wall time": f"{time.perf_counter() - started:.0f} s",
        "Load average (1 min, 2 cores)": f"{load_at_start} at the start, {load_average()} at the end; "
        "above 2, scores and timings are worse than on an idle machine",
    }
    text = report.document(
        meta,
        {
            WORKER_SECTION.format(cpu=CPU_THROTTLE, runs=WORKER_PAIRS): report.worker_table(worker, CPU_THROTTLE),
            "Budgets": report.budgets_section(checks),
        },
    )
    RESULTS.write_text(text)
    say("\n" + text)
    return 0 if all(c.ok for c in checks) else 1


def validity_of_runs(pairs: list[Pair]) -> list[budgets.Check]:
    checks = [
        budgets.Check(
            "saved answers shown in every Lighthouse run (bench validity)",
            pair.shown_runs == len(pair.ours.runs),
            f"{pair.ours.page.label}: {pair.answers_cell}",
        )
        for pair in pairs
        if pair.ours.page.shows_answers
    ]
    return checks + [
        budgets.Check(
            "saved answers shown in every Lighthouse run of the previous release (bench validity)",
            pair.previous_shown_runs == len(pair.previous.runs),
            f"{pair.ours.page.label}: {pair.previous_shown_runs}/{len(pair.previous.runs)} runs",
        )
        for pair in pairs
        if pair.previous and pair.ours.page.shows_answers
    ]


def chromium_version() -> str:
    return subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, check=False).stdout.strip()


def load_average() -> str:
    """The machine's 1-minute load average: on 2 cores, above 2 means runs waited for a CPU."""
    return f"{os.getloadavg()[0]:.1f}"


def measured_pages(ours_site, baseline_sites) -> tuple[list[Page], list[str]]:
    """The page kinds to measure, and a note for each one left out (never silently)."""
    pages, skipped = [], []
    for page in PAGES:
        if ONLY_KINDS and page.kind not in ONLY_KINDS:
            skipped.append(f"{page.kind} ({page.path}): left out by BENCH_PAGES={','.join(ONLY_KINDS)}")
        elif not page.built_in(ours_site):
            skipped.append(f"{page.kind} ({page.path}): not in this build of the site")
        elif not page.built_in(baseline_sites[page.baseline]):
            skipped.append(f"{page.kind} ({page.path}): not in the {page.baseline} build")
        else:
            pages.append(page)
    for note in skipped:
        say(f"  NOT MEASURED: {note}")
    return pages, skipped


def main() -> int:
    if ONLY_SECTION not in ONLY_SECTIONS:
        say(f"BENCH_ONLY={ONLY_SECTION!r}: unknown; one of {', '.join(repr(s) for s in ONLY_SECTIONS)}")
        return 2
    if ONLY_SECTION == "worker":
        return main_worker_only()
    started = time.perf_counter()
    load_at_start = load_average()
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    release = sites.previous_release()
    names = SITES + ([PREVIOUS] if release else [])
    # Bound now (not yet serving), so each site is built with its final address.
    servers = {site: kit.StaticServer(WORK / f"{site}-site") for site in names}
    urls = {site: server.url for site, server in servers.items()}

    say("Building our site, the baselines and the previous release (mkdocs build --strict)")
    build_s = sites.build_ours(WORK / "ours-site", urls["ours"])
    baseline_build_s = sites.build(sites.make_baseline(WORK), WORK / "baseline-site", urls["baseline"])
    sites.build(sites.make_baseline(WORK, with_print_site=True), WORK / "baseline-print-site", urls["baseline-print"])
    if release:
        sites.build(sites.make_previous(WORK, release), WORK / "previous-site", urls[PREVIOUS])
    say(f"  ours {build_s:.2f} s, baseline {baseline_build_s:.2f} s; previous release: {release or 'left out'}")
    pages, skipped = measured_pages(WORK / "ours-site", {s: WORK / f"{s}-site" for s in SITES})

    def previous_of(page):
        return PageResult(page) if release and page.built_in(WORK / "previous-site") else None

    pairs = [Pair(PageResult(p), PageResult(p), previous_of(p)) for p in pages]
    for server in servers.values():
        server.start()
    try:
        with sync_playwright() as pw:
            say("Seeding answers in every form, in a Chromium profile")
            state = {site: seed_profile(pw, urls[site]) for site in ("ours", PREVIOUS) if site in urls}
            validity = check_profile(pw, urls["ours"], state["ours"], "before Lighthouse")

        yardsticks = "their baselines" + (" and the previous release" if release else "")
        say(f"Lighthouse {lighthouse.version()}: {len(pages)} pages, {yardsticks} x {LIGHTHOUSE_RUNS} runs")
        run_lighthouse(pairs, urls, state)

        with sync_playwright() as pw:
            validity += check_profile(pw, urls["ours"], state["ours"], "after Lighthouse")
            say(f"Timings with ~{HEAVY_BYTES // 1000} KB of answers")
            heavy = heavy_timings(pw, urls["ours"])
            if release:
                say(f"The same timings on the previous release, {sites.describe(release)}")
                heavy_previous = heavy_timings(pw, urls[PREVIOUS])
            say(f"The offline worker on a first visit, {CPU_THROTTLE:g}x CPU, allowed and blocked, at least 6 pairs")
            worker = worker_side_by_side(pw, urls["ours"], WORK / "ours-site")
    finally:
        for server in servers.values():
            server.shutdown()

    checks = (
        validity
        + validity_of_runs(pairs)
        + budgets.check_pages(pairs)
        + budgets.check_timings(heavy.restore[1], build_s)
        + budgets.check_throttled(heavy.restore[CPU_THROTTLE], CPU_THROTTLE)
        + budgets.check_work(heavy.work)
        + [
            budgets.check_first_paint(
                heavy.restore[CPU_THROTTLE], heavy.fcp_without_scripts[CPU_THROTTLE], CPU_THROTTLE
            )
        ]
        + (budgets.check_against_previous(heavy, heavy_previous) if release else [])
        + worker_checks(worker)
    )
    meta = {
        "Date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "Tools": f"Lighthouse {lighthouse.version()} (mobile, simulated throttling), "
        f"{chromium_version()}, mkdocs {version('mkdocs')}, "
        f"mkdocs-material {version('mkdocs-material')}",
        "Runs": f"{LIGHTHOUSE_RUNS} per page, ours and its baseline page in turn; scores, CLS and bytes "
        "from the median run (Lighthouse's own choice, closest to the median FCP and TTI); "
        "LCP is the median of all runs, with their range",
        "Timings": f"Playwright, desktop viewport, at full speed and at {CPU_THROTTLE:g}x CPU throttle "
        "(Chromium's Emulation.setCPUThrottlingRate, as Lighthouse's mobile preset)",
        "Previous release (second yardstick)": sites.describe(release) if release else "left out (BENCH_PREVIOUS=none)",
        "Page kinds not measured": "; ".join(skipped) if skipped else "none",
        "Bench wall time": f"{time.perf_counter() - started:.0f} s",
        "Load average (1 min, 2 cores)": f"{load_at_start} at the start, {load_average()} at the end; "
        "above 2, scores and timings are worse than on an idle machine",
    }
    text = report.document(
        meta,
        {
            "Lighthouse: our pages beside the same baseline pages (mobile)": report.lighthouse_table(pairs),
            "The baseline pages' own scores (no budget)": report.baseline_scores_table(pairs),
            "Timings in Chromium (Playwright)": report.timings_table(heavy, build_s, baseline_build_s, HEAVY_WORKSHEET),
            **(
                {
                    "The same timings on the previous release": report.timings_table(
                        heavy_previous, None, None, HEAVY_WORKSHEET
                    )
                }
                if release
                else {}
            ),
            WORKER_SECTION.format(cpu=CPU_THROTTLE, runs=WORKER_PAIRS): report.worker_table(worker, CPU_THROTTLE),
            "Where the bytes go (median run, transferred; baseline in brackets)": report.bytes_table(pairs),
            "Budgets": report.budgets_section(checks, skipped),
        },
    )
    RESULTS.write_text(text)
    say("\n" + text)
    return 0 if all(c.ok for c in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
