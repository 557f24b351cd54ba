"""Markdown tables for bench/results.md."""
from __future__ import annotations

from budgets import BUDGETS, Check, fmt_ms

KIB = 1024


def table(header: list[str], rows: list[list[str]], align: str) -> str:
    """`align`: one letter per column, l or r."""
    lines = [header, ["---:" if a == "r" else "---" for a in align], *rows]
    return "\n".join("| " + " | ".join(cells) + " |" for cells in lines)


def answers_cell(result) -> str:
    """Saved answers on a worksheet row: size, and in how many Lighthouse runs they were restored."""
    if not result.page.worksheet:
        return "–"
    restored = sum("form-restore" in run.restore_marks for run in result.runs)
    return f"{result.seeded_bytes / KIB:.1f} KiB, restored {restored}/{len(result.runs)}"


def lighthouse_table(results: list, baseline) -> str:
    header = ["Page", "Saved answers", "Perf", "A11y", "BP", "SEO", "FCP", "LCP", "TBT", "CLS",
              "Transferred", "Requests", "Bytes ÷ base", "LCP ÷ base"]
    rows = []
    for r in results:
        m, s = r.median, r.median.scores
        rows.append([
            r.page.label, answers_cell(r), str(s["performance"]), str(s["accessibility"]),
            str(s["best-practices"]), str(s["seo"]), f"{m.fcp:,.0f} ms", f"{m.lcp:,.0f} ms",
            f"{m.tbt:,.0f} ms", f"{m.cls:.3f}", f"{m.bytes / KIB:,.1f} KiB", str(m.requests),
            f"{m.bytes / baseline.median.bytes:.2f}", f"{m.lcp / baseline.median.lcp:.2f}",
        ])
    return table(header, rows, "ll" + "r" * 12)


def bytes_table(results: list) -> str:
    """Where each page's bytes go, by kind of resource (median run)."""
    kinds = list(results[0].median.by_type)
    header = ["Page", *kinds, "Total"]
    rows = [[r.page.label, *[f"{r.median.by_type[k] / KIB:,.1f} KiB" for k in kinds],
             f"{r.median.bytes / KIB:,.1f} KiB"] for r in results]
    return table(header, rows, "l" + "r" * (len(kinds) + 1))


def timings_table(heavy_bytes: int, keystroke, restore, build_s: float, baseline_build_s: float,
                  worksheet: str) -> str:
    kib = f"{heavy_bytes / KIB:.0f} KiB saved"
    header = ["Measure", "Median", "Worst", "Samples", "Budget", "How"]
    rows = [
        [f"Keystroke → answer saved ({worksheet}, {kib})", fmt_ms(keystroke.median),
         fmt_ms(keystroke.worst), f"{len(keystroke.measured)}/{len(keystroke.values)}",
         f"median < {BUDGETS['keystroke_median_ms_max']:g} ms, worst < "
         f"{BUDGETS['keystroke_worst_ms_max']:g} ms", keystroke.method],
        [f"Restore worksheet ({worksheet}, {kib})", fmt_ms(restore.median), fmt_ms(restore.worst),
         f"{len(restore.measured)}/{len(restore.values)}", "–", restore.method],
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
