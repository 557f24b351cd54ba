"""Draw the home-screen icons from their one source, docs/assets/icons/icon.svg.

    .venv/bin/python publish/draw_icons.py

writes icon-192.png, icon-512.png, icon-maskable-512.png and apple-touch-icon.png (180) beside
it, rendered by the Chromium the tests use (Playwright, pinned in requirements.txt). Run it after
changing the SVG and commit the PNGs: the build copies them as they are. The sprout sits inside
the middle 80% circle, so one drawing is also a valid maskable icon (phones crop it to their shape).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from kit import chromium_options

FOLDER = ROOT / "docs" / "assets" / "icons"
SIZES = {"icon-192.png": 192, "icon-512.png": 512, "icon-maskable-512.png": 512, "apple-touch-icon.png": 180}


def draw() -> None:
    from playwright.sync_api import sync_playwright

    svg = (FOLDER / "icon.svg").read_text(encoding="utf-8")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(**chromium_options())
        for name, size in SIZES.items():
            page = browser.new_page(viewport={"width": size, "height": size})
            page.set_content(f"<style>*{{margin:0}}svg{{display:block;width:{size}px;height:{size}px}}</style>{svg}")
            page.screenshot(path=str(FOLDER / name), omit_background=False)
            page.close()
        browser.close()


if __name__ == "__main__":
    draw()
    print(f"Wrote {', '.join(SIZES)} in {FOLDER.relative_to(ROOT)}")
