"""Markdown tables for bench/results.md."""

from __future__ import annotations

import statistics

from budgets import BUDGETS, KIB, Check, fmt_ms, js_over_baseline, median_tbt


def table(header: list[str], rows: list[list[str]], align: str) -> str:
    """`align`: one letter per column, l or r."""
    lines = [header, ["---:" if a == "r" else "---" for a in align], *rows]
    return "\n".join("| " + " | ".join(cells) + " |" for cells in lines)


def kib(n: float) -> str:
    return f"{n / KIB:,.1f} KiB"


def lcp_cell(result) -> str:
    """Median LCP of every run, and the range the runs spread over."""
    values = [run.lcp for run in result.runs]
    return f"{statistics.median(values):,.0f} ms ({min(values):,.0f}–{max(values):,.0f})"


def lighthouse_table(pairs: list) -> str:
    header = [
        "Kind",
        "Page",
        "Answers shown",
        "Perf",
        "A11y",
        "BP",
        "SEO",
        "CLS",
        "TBT",
        "Baseline perf, TBT",
        "Previous release perf, TBT",
        "Bytes",
        "Baseline bytes",
        "Over baseline",
        "JS over baseline",
        "LCP, median (range)",
        "Baseline LCP, median (range)",
    ]
    rows = []
    for pair in pairs:
        ours, base = pair.ours, pair.baseline
        s = ours.median.scores
        rows.append(
            [
                ours.page.kind,
                ours.page.label,
                pair.answers_cell,
                str(s["performance"]),
                str(s["accessibility"]),
                str(s["best-practices"]),
                str(s["seo"]),
                f"{ours.median.cls:.3f}",
                f"{median_tbt(ours):,.0f} ms",
                f"{base.median.scores['performance']}, {median_tbt(base):,.0f} ms",
                f"{pair.previous.median.scores['performance']}, {median_tbt(pair.previous):,.0f} ms"
                if pair.previous
                else "–",
                kib(ours.median.bytes),
                kib(base.median.bytes),
                f"{(ours.median.bytes - base.median.bytes) / KIB:+,.1f} KiB",
                f"{js_over_baseline(pair) / KIB:+,.1f} KiB",
                lcp_cell(ours),
                lcp_cell(base),
            ]
        )
    return table(header, rows, "lll" + "r" * 14)


def baseline_scores_table(pairs: list) -> str:
    header = ["Baseline page", "Perf", "A11y", "BP", "SEO", "CLS", "Requests"]
    rows = [
        [
            f"{p.baseline.page.label} ({p.baseline.page.baseline})",
            *[str(p.baseline.median.scores[c]) for c in ("performance", "accessibility", "best-practices", "seo")],
            f"{p.baseline.median.cls:.3f}",
            str(p.baseline.median.requests),
        ]
        for p in pairs
    ]
    return table(header, rows, "l" + "r" * 6)


def bytes_table(pairs: list) -> str:
    """Where each page's bytes go, by kind of resource (median run), ours over the baseline's."""
    if not pairs:
        return "No page measured."
    kinds = list(pairs[0].ours.median.by_type)
    header = ["Page", *kinds, "Total"]
    rows = []
    for pair in pairs:
        ours, base = pair.ours.median, pair.baseline.median
        rows.append(
            [
                pair.ours.page.label,
                *[f"{kib(ours.by_type[k])} ({kib(base.by_type[k])})" for k in kinds],
                f"{kib(ours.bytes)} ({kib(base.bytes)})",
            ]
        )
    return table(header, rows, "l" + "r" * (len(kinds) + 1))


def timings_table(heavy, build_s: float | None, baseline_build_s: float | None, worksheet: str) -> str:
    """`heavy`: run.HeavyTimings, {CPU rate: timing} for the keystrokes and the restores."""
    saved = f"{heavy.saved_bytes / KIB:.0f} KiB saved"
    header = ["Measure", "CPU", "Median", "Worst", "Samples", "Budget", "How"]
    rows = []
    for rate, work in heavy.work.items():
        median_max, worst_max = BUDGETS["keystroke_work_ms_max"][rate]
        rows.append(
            [
                "Keystroke work: script time per key, its write included (achievements, 500 wins)",
                f"{rate:g}x",
                fmt_ms(work.median),
                fmt_ms(work.worst),
                f"{len(work.measured)}/{len(work.values)}",
                f"median ≤ {median_max:g} ms, worst ≤ {worst_max:g} ms",
                work.method,
            ]
        )
    for rate, keystroke in heavy.keystroke.items():
        rows.append(
            [
                f"Keystroke → answer saved ({worksheet}, {saved}; writes coalesced up to 100 ms on purpose)",
                f"{rate:g}x",
                fmt_ms(keystroke.median),
                fmt_ms(keystroke.worst),
                f"{len(keystroke.measured)}/{len(keystroke.values)}",
                "reported, no budget (see keystroke work)",
                keystroke.method,
            ]
        )
    for rate, restore in heavy.restore.items():
        budget = f"median ≤ {BUDGETS['restore_median_ms_max']:g} ms, every load" if rate == 1 else "–"
        fcps = [f for f in restore.fcp if f is not None]
        gaps = [g for g in restore.after_fcp if g is not None]
        rows += [
            [
                f"Restore: navigation start → all answers shown ({worksheet}, {saved})",
                f"{rate:g}x",
                fmt_ms(restore.median),
                fmt_ms(restore.worst),
                f"{len(restore.measured)}/{len(restore.values)} restored",
                budget,
                restore.method,
            ],
            [
                "First contentful paint, the same loads",
                f"{rate:g}x",
                fmt_ms(restore.fcp_median),
                fmt_ms(max(fcps) if fcps else None),
                f"{len(fcps)}/{len(restore.fcp)}",
                "–",
                "PerformanceObserver 'paint' entry, from navigation start",
            ],
            [
                "Answers shown after FCP (restore − FCP per load; ≤ 0: on the first paint)",
                f"{rate:g}x",
                fmt_ms(restore.after_fcp_median),
                fmt_ms(max(gaps) if gaps else None),
                f"{len(gaps)}/{len(restore.values)}",
                "–"
                if rate == 1
                else f"median ≤ {BUDGETS['throttled_restore_after_fcp_ms_max']:g} ms (no empty-form flash)",
                "per load: " + ", ".join("never" if g is None else f"{g:+.0f}" for g in restore.after_fcp) + " ms",
            ],
            [
                "First contentful paint, the same page with JavaScript off",
                f"{rate:g}x",
                fmt_ms(statistics.median(off))
                if (off := [f for f in heavy.fcp_without_scripts.get(rate, []) if f])
                else "–",
                fmt_ms(max(off)) if off else "–",
                f"{len(off)}/{len(heavy.fcp_without_scripts.get(rate, []))}",
                "–",
                "the same paint entry, scripts disabled (Playwright java_script_enabled=False)",
            ],
            [
                "Frames painted with the form's fields but not yet its answers (the empty-form flash itself)",
                f"{rate:g}x",
                str(statistics.median(restore.empty_frames)) if restore.empty_frames else "–",
                str(max(restore.empty_frames)) if restore.empty_frames else "–",
                f"{len(restore.empty_frames)}/{len(restore.values)}",
                "–",
                "requestAnimationFrame before each paint; per load: " + ", ".join(map(str, restore.empty_frames)),
            ],
        ]
    if build_s is None:  # the previous release's timings: no build times, no budgets of their own
        return table(header, rows, "lrrrrll")
    rows += [
        [
            "`mkdocs build --strict`, our site (wall)",
            "1x",
            f"{build_s:.2f} s",
            "–",
            "1",
            f"< {BUDGETS['strict_build_s_max']:g} s",
            "subprocess wall time",
        ],
        [
            "`mkdocs build --strict`, baseline (wall)",
            "1x",
            f"{baseline_build_s:.2f} s",
            "–",
            "1",
            "–",
            "for comparison",
        ],
    ]
    return table(header, rows, "lrrrrll")


def worker_table(results: list, cpu: float) -> str:
    """`results`: firstload.WorkerSideBySide per page: first visits with the offline worker
    allowed and blocked, side by side; one row per measure."""
    if not results:
        return "Not measured."

    def cell(result, mode, what):
        runs = ", ".join("–" if run.error else f"{getattr(run, what) or 0:.0f}" for run in result.runs[mode])
        return f"{fmt_ms(result.median(mode, what))} ({runs})"

    def over(result, what):
        value, pairs = result.difference(what), result.differences(what)
        return "–" if value is None else f"{value:+.1f} ms (" + ", ".join(f"{d:+.0f}" for d in pairs) + ")"

    header = [
        "Page",
        "Measure",
        "Worker allowed: median (runs)",
        "Workers blocked: median (runs)",
        "Allowed − blocked: median of pairs (pairs)",
        "Budget",
        "Worker in control (allowed runs)",
    ]
    measures = (
        ("tbt", "Total blocking time, page start → end of window", None),
        ("tbt_after_load", "Blocking time after the load event", "worker_tbt_after_load_over_blocked_max_ms"),
        ("fcp", "First contentful paint", None),
    )
    rows = []
    for result in results:
        allowed = result.runs["allowed"]
        for what, name, key in measures:
            rows.append(
                [
                    f"{result.label} (`{result.path}`), {cpu:g}x CPU",
                    name,
                    cell(result, "allowed", what),
                    cell(result, "blocked", what),
                    over(result, what),
                    f"≤ +{BUDGETS[key]:g} ms" if key else "reported (before load the worker has not started)",
                    f"{sum(r.controlled and not r.error for r in allowed)}/{len(allowed)}",
                ]
            )
        rows.append(
            [
                f"{result.label} (`{result.path}`), {cpu:g}x CPU",
                "Long tasks; window (page start → last long task, load or worker in control, + 1 s quiet)",
                f"{sum(r.long_tasks for r in allowed)} in all; window median {fmt_ms(result.median('allowed', 'window_ms'))}",
                f"{sum(r.long_tasks for r in result.runs['blocked'])} in all; "
                + f"window median {fmt_ms(result.median('blocked', 'window_ms'))}",
                "–",
                "–",
                "–",
            ]
        )
    return table(header, rows, "llrrrll")


def budgets_section(checks: list[Check], skipped: list[str] = ()) -> str:
    failed = [c for c in checks if not c.ok]
    lines = (
        [f"All {len(checks)} budget checks passed."]
        if not failed
        else [f"{len(failed)} of {len(checks)} budget checks FAILED:", ""]
        + [f"- FAIL {c.budget}: {c.detail}" for c in failed]
    )
    if skipped:  # a page kind not measured has no budget checked: say so beside the verdict
        lines += ["", "Page kinds NOT measured (no budget checked for them):", ""]
        lines += [f"- {note}" for note in skipped]
    return "\n".join(lines)


def document(meta: dict[str, str], sections: dict[str, str]) -> str:
    about = "\n".join(f"- {key}: {value}" for key, value in meta.items())
    body = "".join(f"## {title}\n\n{text}\n\n" for title, text in sections.items())
    return f"# Bench results\n\n{about}\n\n{body}".rstrip() + "\n"
