"""Links pasted into a company wiki keep working: every public URL and anchor stays put."""

from __future__ import annotations

import re
from pathlib import Path

from formkit import READY

PUBLIC = [
    line
    for line in (Path(__file__).parent / "public_links.txt").read_text().splitlines()
    if line and not line.startswith("#")
]


def test_every_public_url_and_anchor_still_exists(site):
    missing = []
    for link in PUBLIC:
        path, _, anchor = link.lstrip("/").partition("#")
        page = site.dir / path / "index.html"
        if not page.exists():
            missing.append(f"{link}: the page is gone")
        elif anchor and not re.search(rf"""\sid=["']{re.escape(anchor)}["']""", page.read_text(encoding="utf-8")):
            missing.append(f"{link}: the anchor is gone")
    assert not missing, "public links that would now break:\n" + "\n".join(missing)


def test_the_list_covers_every_page_and_every_worksheet(site):
    listed = {link.split("#")[0] for link in PUBLIC}
    pages = {"/" + p for p in site.page_paths()}
    assert pages <= listed, f"pages missing from tests/public_links.txt: {sorted(pages - listed)}"
    forms = {p for p in pages if re.fullmatch(r"/(worksheets|checklists)/[a-z0-9-]+/", p)}
    assert len(forms) == 9 and all(f"{p}#fill-in" in PUBLIC for p in forms)


def test_a_link_to_a_worksheet_opens_it_ready_to_fill(page):
    page.goto("worksheets/take-stock/#fill-in")
    page.wait_for_selector(READY)
    first = page.locator(READY).first.locator("input[type=text]:visible, textarea:visible").first
    first.wait_for()
    assert page.locator("#fill-in").evaluate("el => el.getBoundingClientRect().top < innerHeight")
    first.focus()
    page.keyboard.type("Typed straight away")
    assert page.locator("[data-status]").inner_text().startswith("Saved")
