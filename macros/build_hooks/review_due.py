"""`make review-due`: the pages (guidance, worksheets, checklists) whose review is due, by their front matter.

    python -m macros.build_hooks.review_due [--today YYYY-MM-DD]

Lists each page due (or overdue) with its dates; says so when none is. It always exits 0: a
review falling due is a task for an editor, never a failed build or a red CI run.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from mkdocs.utils.meta import get_data

from .page_meta import is_reviewed, next_review

DOCS = Path(__file__).resolve().parents[2] / "docs"


def front_matter(page: Path) -> dict:
    """The page's front matter, read by MkDocs' own reader (as the build reads it)."""
    return get_data(page.read_text(encoding="utf-8"))[1]


def pages_due(today: dt.date, docs: Path = DOCS) -> list[tuple[str, dt.date, dt.date]]:
    due = []
    for page in sorted(docs.rglob("*.md")):
        name = page.relative_to(docs).as_posix()
        reviewed = front_matter(page).get("last_reviewed")
        if is_reviewed(name) and isinstance(reviewed, dt.date) and next_review(reviewed) <= today:
            due.append((f"docs/{name}", reviewed, next_review(reviewed)))
    return due


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--today", type=dt.date.fromisoformat, default=dt.date.today(), help="the day to check for (default: today)"
    )
    today = parser.parse_args().today
    due = pages_due(today)
    for name, reviewed, next_due in due:
        print(f"{name}: last reviewed {reviewed}, review due {next_due}")
    print(f"{len(due)} page(s) due for review on {today}." if due else f"No page is due for review on {today}.")
    if due:
        print("Review each page's advice, then set last_reviewed in its front matter to the day you did.")


if __name__ == "__main__":
    main()
