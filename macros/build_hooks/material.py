"""Two changes to Material's own markup: a name for its search dialog, and its bundle deferred."""

from __future__ import annotations

import re

from .markup import MarkupChanged, elements, find, with_attrs

SEARCH_DIALOG_NAME = "Search this guide"
SEARCH_DIALOG = 'data-md-component="search" role="dialog">'  # as Material writes it
BUNDLE = re.compile(r"(^|/)assets/javascripts/bundle\.[0-9a-f]+\.min\.js$")  # matches a src, not markup


def name_the_search_dialog(html: str, file: str = "page") -> str:
    """Material's search box is a dialog without a name; assistive tech announces it as such."""
    dialogs = find(html, "div", data_md_component="search", role="dialog")
    if not dialogs:
        raise MarkupChanged(file, "Material's search dialog", SEARCH_DIALOG, "name_the_search_dialog() in material.py")
    if dialogs[0].attrs.get("aria-label") == SEARCH_DIALOG_NAME:  # a rebuild over the same files
        return html
    return with_attrs(html, dialogs[0], aria_label=SEARCH_DIALOG_NAME)


def material_bundles(html: str) -> list:
    return [e for e in elements(html) if e.name == "script" and BUNDLE.search(e.attrs.get("src") or "")]


def defer_material_bundle(html: str, file: str = "page") -> str:
    """Material loads its bundle with a parser-blocking <script> at the end of <body>. On a long
    page (the whole guide) the first paint then waits for it. Deferred, it runs at the same point,
    once the page is parsed, and still before our modules and DOMContentLoaded."""
    bundles = material_bundles(html)
    if not bundles:
        raise MarkupChanged(
            file,
            "Material's script bundle",
            '<script src="…assets/javascripts/bundle.<hash>.min.js">',
            "defer_material_bundle() in material.py",
        )
    if "defer" in bundles[0].attrs:  # a rebuild
        return html
    return with_attrs(html, bundles[0], defer=None)
