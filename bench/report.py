"""Markdown tables for bench/results.md."""
from __future__ import annotations

import statistics

from budgets import BUDGETS, KIB, Check, fmt_ms


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
    header = ["Kind", "Page", "Answers shown", "Perf", "A11y", "BP", "SEO", "CLS", "Bytes",
              "Baseline bytes", "Over baseline", "LCP, median (range)", "Baseline LCP, median (range)"]
    rows = []
    for pair in pairs:
        ours, base = pair.ours, pair.baseline
        s = ours.median.scores
        rows.append([
            ours.page.kind, ours.page.label, pair.answers_cell, str(s["performance"]),
            str(s["accessibility"]), str(s["best-practices"]), str(s["seo"]), f"{ours.median.cls:.3f}",
            kib(ours.median.bytes), kib(base.median.bytes), f"{(ours.median.bytes - base.median.bytes) / KIB:+,.1f} KiB",
            lcp_cell(ours), lcp_cell(base),
        ])
    return table(header, rows, "lll" + "r" * 10)


def baseline_scores_table(pairs: list) -> str:
    header = ["Baseline page", "Perf", "A11y", "BP", "SEO", "CLS", "Requests"]
    rows = [[f"{p.baseline.page.label} ({p.baseline.page.baseline})", *[str(p.baseline.median.scores[c]) for c in
             ("performance", "accessibility", "best-practices", "seo")], f"{p.baseline.median.cls:.3f}",
             str(p.baseline.median.requests)] for p in pairs]
    return table(header, rows, "l" + "r" * 6)


def bytes_table(pairs: list) -> str:
    """Where each page's bytes go, by kind of resource (median run), ours over the baseline's."""
    kinds = list(pairs[0].ours.median.by_type)
    header = ["Page", *kinds, "Total"]
    rows = []
    for pair in pairs:
        ours, base = pair.ours.median, pair.baseline.median
        rows.append([pair.ours.page.label,
                     *[f"{kib(ours.by_type[k])} ({kib(base.by_type[k])})" for k in kinds],
                     f"{kib(ours.bytes)} ({kib(base.bytes)})"])
    return table(header, rows, "l" + "r" * (len(kinds) + 1))


def timings_table(heavy_bytes: int, keystroke, restore, build_s: float, baseline_build_s: float,
                  worksheet: str) -> str:
    saved = f"{heavy_bytes / KIB:.0f} KiB saved"
    header = ["Measure", "Median", "Worst", "Samples", "Budget", "How"]
    rows = [
        [f"Keystroke → answer saved ({worksheet}, {saved})", fmt_ms(keystroke.median),
         fmt_ms(keystroke.worst), f"{len(keystroke.measured)}/{len(keystroke.values)}",
         (f"median < {BUDGETS['keystroke_median_ms_max']:g} ms, worst < "
          f"{BUDGETS['keystroke_worst_ms_max']:g} ms"), keystroke.method],
        [f"Restore: navigation start → all answers shown ({worksheet}, {saved})", fmt_ms(restore.median),
         fmt_ms(restore.worst), f"{len(restore.measured)}/{len(restore.values)} restored",
         f"median ≤ {BUDGETS['restore_median_ms_max']:g} ms, every load", restore.method],
        ["`mkdocs build --strict`, our site (wall)", f"{build_s:.2f} s", "–", "1",
         f"< {BUDGETS['strict_build_s_max']:g} s", "subprocess wall time"],
        ["`mkdocs build --strict`, baseline (wall)", f"{baseline_build_s:.2f} s", "–", "1", "–",
         "for comparison"],
    ]
    return table(header, rows, "lrrrll")


def budgets_section(checks: list[Check]) -> str:
    failed = [c for c in checks if not c.ok]
    if not failed:
        return f"All {len(checks)} budget checks passed."
    lines = [f"{len(failed)} of {len(checks)} budget checks FAILED:", ""]
    lines += [f"- FAIL {c.budget}: {c.detail}" for c in failed]
    return "\n".join(lines)


def document(meta: dict[str, str], sections: dict[str, str]) -> str:
    about = "\n".join(f"- {key}: {value}" for key, value in meta.items())
    body = "".join(f"## {title}\n\n{text}\n\n" for title, text in sections.items())
    return f"# Bench results\n\n{about}\n\n{body}".rstrip() + "\n"
