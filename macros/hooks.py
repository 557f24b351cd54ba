"""MkDocs hook (mkdocs.yml `hooks:`): finishing touches on the built pages, one module per concern
in macros/build_hooks/:

- policy.py      a Content-Security-Policy for every page, first in <head>, from the page's own
                 inline scripts and styles
- material.py    a name for Material's search dialog; Material's bundle deferred, so a long page
                 paints before it arrives
- bundling.py    the site's own scripts built by esbuild, one bundle per page kind, with only the
                 words each page's scripts show; inline scripts and styles minified
- print_page.py  the whole-guide print page: print-site's assets only there, inlined; links to
                 pages it leaves out pointed back at them; empty sections dropped
- page_meta.py   every page's description (link previews), guidance pages' review dates
- release.py     the version (from CHANGELOG.md) and the accessibility statement in every footer

Pages are read with an HTML parser (build_hooks/markup.py) and edited only where a change is due.
When the markup a module expects is not there (an upgrade of Material or print-site changed it),
the build stops with MarkupChanged, naming the file and the markup, instead of silently shipping
pages without a policy, a nameless dialog or print-site's assets everywhere. overrides/README.md
lists these dependencies and the tests that watch them.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __name__ != "macros.hooks":  # loaded by MkDocs from this file: make the package importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from macros.build_hooks.bundling import (
    Built,
    bundle,
    compact_inline,
    inline_texts,
    kind_of,
    minify,
    minify_all,
    page_scripts,
    placeholders,
    remove_sources,
    words_of,
)
from macros.build_hooks.markup import MarkupChanged  # noqa: F401  (re-exported for tests)
from macros.build_hooks.material import defer_material_bundle, name_the_search_dialog
from macros.build_hooks.page_meta import check_page_meta
from macros.build_hooks.policy import (  # noqa: F401
    has_policy,
    head_styles,
    inline_script_hashes,
    policy_for,
    with_policy,
)
from macros.build_hooks.print_page import PRINT_PAGE, finish_print_page, keep_print_assets_for_their_page
from macros.build_hooks.release import current_version, with_release_note
from macros.render import FIRST_PAINT

_release: dict[str, str] = {}


def on_config(config):
    config = keep_print_assets_for_their_page(config)
    _release["version"] = current_version()
    return config


def on_page_markdown(markdown, page, config, files):
    check_page_meta(page, config)
    return markdown


def on_post_build(config) -> None:
    """Every HTML file of the built site, including those written after the pages (the 404 page,
    the whole-guide print page): hooks run after the plugins, so this sees the final files."""
    site = Path(config["site_dir"])
    pages = {path: path.read_text(encoding="utf-8") for path in site.rglob("*.html")}
    kinds = {kind_of(m.group(1) for m in found) for found in map(placeholders, pages.values()) if found}
    built = Built(bundle(site, kinds))
    remove_sources(site)
    keys_for = words_of(built)
    minify_all(
        [
            (FIRST_PAINT.read_text(encoding="utf-8"), "js"),
            *(item for html in pages.values() for item in inline_texts(html)),
        ]
    )
    for path, html in pages.items():
        file = path.relative_to(site).as_posix()
        html = page_scripts(html, file, built, keys_for)
        html = name_the_search_dialog(html, file)
        html = compact_inline(defer_material_bundle(html, file))
        html = with_release_note(html, file, _release["version"], config["site_url"] or "/")
        if file == PRINT_PAGE:
            html = finish_print_page(html, site)
        pages[path] = html
    # Instant navigation runs the next page's inline scripts and applies its <head> styles under
    # the first page's policy: every page allows the form's first-paint script and each variant
    # of the site's inline styles (pages inline only their components' styles).
    also = {
        "scripts": (minify(FIRST_PAINT.read_text(encoding="utf-8"), "js"),),
        "styles": tuple(sorted({style for html in pages.values() for style in head_styles(html)})),
    }
    for path, html in pages.items():
        if not has_policy(html):
            html = with_policy(
                html, path.relative_to(site).as_posix(), also=also["scripts"], also_styles=also["styles"]
            )
        path.write_text(html, encoding="utf-8")
