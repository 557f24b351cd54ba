"""The site's own scripts and styles served without comments or indentation (macros/compact.py):
every .mjs file, and the inline <style data-compact> and <script data-compact> of overrides/."""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from ..compact import CompactError, compact_css, compact_js
from .markup import body, elements, splice


def compact_modules(site: Path) -> None:
    for path in site.rglob("*.mjs"):  # only the site's own modules: Material ships none
        try:
            path.write_text(compact_js(path.read_text(encoding="utf-8")), encoding="utf-8")
        except CompactError as error:
            raise PluginError(f"macros/hooks.py: {path.relative_to(site).as_posix()}: {error}") from None


def compact_inline(html: str) -> str:
    """Our own inline styles and scripts, marked data-compact in overrides/, without comments."""
    marked = [e for e in elements(html) if e.name in ("style", "script") and "data-compact" in e.attrs]
    edits = []
    for element in marked:
        text = body(html, element)
        compacted = compact_css(text) if element.name == "style" else compact_js(text)
        edits.append((element.start, element.close_end, f"<{element.name}>{compacted}</{element.name}>"))
    return splice(html, edits)
