"""The budgets, as data in this one place, and the checks that read them."""
from __future__ import annotations

from dataclasses import dataclass

BUDGETS = {
    # Lighthouse category scores (0-100) every page must reach.
    "min_scores": {"accessibility": 100, "best-practices": 100, "seo": 100},
    # Every page's performance score at least the baseline's, in the same run.
    "performance_at_least_baseline": True,
    # Bytes transferred by a worksheet page (with saved answers) / the baseline's home page.
    "worksheet_bytes_ratio_max": 1.15,
    # Requests to hosts other than 127.0.0.1, in any Lighthouse run of any page.
    "foreign_requests_max": 0,
    # Keystroke -> answer saved, with ~100 KB of answers saved (milliseconds).
    "keystroke_median_ms_max": 16.0,
    "keystroke_worst_ms_max": 50.0,
    # Wall time of `mkdocs build --strict` of our site (seconds).
    "strict_build_s_max": 10.0,
}


@dataclass
class Check:
    budget: str
    ok: bool
    detail: str


def check_pages(pages: list, baseline) -> list[Check]:
    """`pages`/`baseline`: objects with .page (config.Page), .median and .runs (lighthouse.Run).
    The baseline is the yardstick, not one of our pages: no budget applies to it."""
    checks = []
    for result in (r for r in pages if r is not baseline):
        checks += score_checks(result, baseline)
        checks += foreign_checks(result)
        if result.page.worksheet:
            checks.append(bytes_check(result, baseline))
    return checks


def score_checks(result, baseline) -> list[Check]:
    label, scores, lost = result.page.label, result.median.scores, result.median.lost
    why = lambda cat: f" (lost on: {', '.join(lost[cat])})" if lost[cat] else ""  # noqa: E731
    checks = [Check(f"{cat} >= {need}", scores[cat] >= need, f"{label}: {scores[cat]}{why(cat)}")
              for cat, need in BUDGETS["min_scores"].items()]
    if BUDGETS["performance_at_least_baseline"]:
        base = baseline.median.scores["performance"]
        checks.append(Check("performance >= baseline", scores["performance"] >= base,
                            f"{label}: {scores['performance']} vs baseline {base}{why('performance')}"))
    return checks


def foreign_checks(result) -> list[Check]:
    foreign = sorted({url for run in result.runs for url in run.foreign})
    limit = BUDGETS["foreign_requests_max"]
    return [Check(f"requests to other hosts <= {limit}", len(foreign) <= limit,
                  f"{result.page.label}: {len(foreign)}" + (f" ({', '.join(foreign)})" if foreign else ""))]


def bytes_check(result, baseline) -> Check:
    limit = BUDGETS["worksheet_bytes_ratio_max"]
    ratio = result.median.bytes / baseline.median.bytes
    return Check(f"worksheet bytes <= {limit}x baseline", ratio <= limit,
                 f"{result.page.label}: {ratio:.2f}x ({result.median.bytes:,} B vs {baseline.median.bytes:,} B)")


def check_timings(keystroke, build_s: float) -> list[Check]:
    median_max, worst_max = BUDGETS["keystroke_median_ms_max"], BUDGETS["keystroke_worst_ms_max"]
    missing = f", {keystroke.missing} keystroke(s) never saved" if keystroke.missing else ""
    return [
        Check(f"keystroke -> saved median < {median_max:g} ms",
              keystroke.median is not None and keystroke.median < median_max,
              f"{fmt_ms(keystroke.median)}{missing}"),
        Check(f"keystroke -> saved worst < {worst_max:g} ms",
              keystroke.worst is not None and keystroke.worst < worst_max,
              f"{fmt_ms(keystroke.worst)}{missing}"),
        Check(f"strict build < {BUDGETS['strict_build_s_max']:g} s",
              build_s < BUDGETS["strict_build_s_max"], f"{build_s:.2f} s"),
    ]


def fmt_ms(value: float | None) -> str:
    return "none measured" if value is None else f"{value:.1f} ms"
