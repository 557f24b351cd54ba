"""MkDocs hook: finishing touches on the built HTML, after every plugin has written its files.

- A Content-Security-Policy for every page, computed from the page itself. Material writes inline
  scripts into every page, some with the page's own relative base URL, so a fixed list of hashes
  would break on the next upgrade and 'unsafe-inline' would let injected markup run. Instead each
  page's policy allows exactly its own inline scripts and styles, and no other host.
- The whole-guide print page (print-site plugin): its assets only there, inlined with the site's
  own whole-guide styles, links to pages it leaves out pointed back at them, empty sections dropped.
- Material's script bundle deferred, so a long page paints before the bundle has arrived.
- The site's own scripts and styles served without comments or indentation (macros/compact.py):
  every .mjs file, and the inline <style data-compact> and <script data-compact> of overrides/.
- A name for Material's search dialog.

Each of these rewrites Material's or print-site's markup by string. When the markup it expects is
not there (an upgrade changed it), the hook stops the build with MarkupChanged, naming the file and
the markup, instead of silently shipping pages without a policy, a nameless dialog or print-site's
assets everywhere. overrides/README.md lists these dependencies and the tests that watch them.
"""
from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from mkdocs.exceptions import PluginError

if __name__ == "macros.hooks":  # imported by the tests
    from macros.compact import CompactError, compact_css, compact_js
else:  # loaded by MkDocs from this file, with its folder on sys.path
    from compact import CompactError, compact_css, compact_js

# Inline <script> elements that the browser would execute (no src, JavaScript type or none).
_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script>", re.DOTALL | re.IGNORECASE)
_DATA_TYPE = re.compile(r"""\btype\s*=\s*["']?(application/(?:ld\+)?json|text/template)""", re.IGNORECASE)
_INLINE_STYLE = re.compile(r"<style[^>]*>(?P<body>.*?)</style>", re.DOTALL | re.IGNORECASE)
_HEAD = re.compile(r"<head(\s[^>]*)?>", re.IGNORECASE)
SEARCH_DIALOG = 'data-md-component="search" role="dialog">'
PRINT_SECTION = "<section class='print-page md-section'"
_COMPACT_INLINE = re.compile(r"<(?P<tag>style|script) data-compact>(?P<body>.*?)</(?P=tag)>", re.DOTALL)
_ANCHOR_LINK = re.compile(r"""(href=["'])#([^"']*)(["'])""")
_ID = re.compile(r"""\sid=["']([^"']+)["']""")
PRINT_PAGE = "whole-guide/index.html"  # print-site's page, see mkdocs.yml
WHOLE_GUIDE_CSS = "assets/whole-guide.css"  # the site's own styles for that page (overrides/)
_MATERIAL_BUNDLE = re.compile(r'<script src="(?P<src>[^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js)">')
_EMPTY_SECTION = re.compile(
    r"<section class='print-page md-section' id='(section-[^']*)' heading-number='[^']*'>\s*"
    r"<h1>[^<]*<a class='headerlink'[^>]*></a>\s*</h1>\s*</section>")

# Every fetch stays on this site; data: covers Material's inline SVG icons in its stylesheet.
BASE_POLICY = {
    "default-src": ["'none'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "manifest-src": ["'self'"],
    "base-uri": ["'self'"],
    "form-action": ["'none'"],
    "object-src": ["'none'"],
}


def inline_script_hashes(html: str) -> list[str]:
    bodies = [m["body"] for m in _INLINE_SCRIPT.finditer(html)
              if "src=" not in m["attrs"] and not _DATA_TYPE.search(m["attrs"])]
    return _hashes(bodies)


def inline_style_hashes(html: str) -> list[str]:
    return _hashes(m["body"] for m in _INLINE_STYLE.finditer(html))


def _hashes(bodies) -> list[str]:
    digests = (hashlib.sha256(body.encode("utf-8")).digest() for body in bodies)
    return sorted({f"'sha256-{base64.b64encode(d).decode()}'" for d in digests})


def policy_for(html: str) -> str:
    policy = {
        **BASE_POLICY,
        "script-src": BASE_POLICY["script-src"] + inline_script_hashes(html),
        "style-src": BASE_POLICY["style-src"] + inline_style_hashes(html),
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in policy.items())


class MarkupChanged(PluginError):
    """Markup this hook rewrites is missing: Material or print-site changed it in an upgrade."""

    def __init__(self, file: str, what: str, markup: str, where_to_fix: str) -> None:
        super().__init__(
            f"macros/hooks.py: {file}: {what} not found (expected {markup!r}); an upgrade of "
            f"Material or print-site changed it: update {where_to_fix} in macros/hooks.py "
            "(overrides/README.md lists what the site relies on)")


def with_policy(html: str, file: str = "page") -> str:
    # A <meta> policy governs only what follows it, so it goes first in <head>.
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy_for(html)}">'
    html, found = _HEAD.subn(lambda m: m.group(0) + meta, html, count=1)
    if not found:
        raise MarkupChanged(file, "the <head> element, where the Content-Security-Policy goes",
                            "<head>", "with_policy()")
    return html


# print-site adds its stylesheets and script to every page; only its own page needs them.
_print_assets: dict[str, list] = {"css": [], "js": []}


def on_config(config):
    _print_assets["css"] = [c for c in config.extra_css if str(c).startswith("css/print-site")]
    _print_assets["js"] = [j for j in config.extra_javascript if str(j).startswith("js/print-site")]
    if "print-site" in config.plugins and not (_print_assets["css"] and _print_assets["js"]):
        raise MarkupChanged("mkdocs.yml", "print-site's stylesheets and script in extra_css and "
                            "extra_javascript", "css/print-site*, js/print-site*", "on_config()")
    config.extra_css = [c for c in config.extra_css if c not in _print_assets["css"]]
    config.extra_javascript = [j for j in config.extra_javascript if j not in _print_assets["js"]]
    return config


def on_post_build(config) -> None:
    """Every HTML file of the built site, including those written after the pages (the 404 page,
    the whole-guide print page): hooks run after the plugins, so this sees the final files."""
    site = Path(config["site_dir"])
    for path in site.rglob("*.mjs"):  # only the site's own modules: Material ships none
        try:
            path.write_text(compact_js(path.read_text(encoding="utf-8")), encoding="utf-8")
        except CompactError as error:
            raise PluginError(f"macros/hooks.py: {path.relative_to(site).as_posix()}: {error}") from None
    for path in site.rglob("*.html"):
        file = path.relative_to(site).as_posix()
        html = name_the_search_dialog(path.read_text(encoding="utf-8"), file)
        html = compact_inline(defer_material_bundle(html, file))
        if file == PRINT_PAGE:
            html = finish_print_page(html, site)
        if "Content-Security-Policy" not in html[:2048]:
            html = with_policy(html, file)
        path.write_text(html, encoding="utf-8")


def name_the_search_dialog(html: str, file: str = "page") -> str:
    """Material's search box is a dialog without a name; assistive tech announces it as such."""
    if 'aria-label="Search this guide"' in html:  # already named (a rebuild over the same files)
        return html
    if SEARCH_DIALOG not in html:
        raise MarkupChanged(file, "Material's search dialog", SEARCH_DIALOG, "name_the_search_dialog()")
    return html.replace(SEARCH_DIALOG, SEARCH_DIALOG[:-1] + ' aria-label="Search this guide">', 1)


def compact_inline(html: str) -> str:
    """Our own inline styles and scripts, marked data-compact in overrides/, without comments."""
    def compact(block: re.Match) -> str:
        tag, body = block["tag"], block["body"]
        return f"<{tag}>{compact_css(body) if tag == 'style' else compact_js(body)}</{tag}>"
    return _COMPACT_INLINE.sub(compact, html)


def defer_material_bundle(html: str, file: str = "page") -> str:
    """Material loads its bundle with a parser-blocking <script> at the end of <body>. On a long
    page (the whole guide) the first paint then waits for it. Deferred, it runs at the same point,
    once the page is parsed, and still before our modules and DOMContentLoaded."""
    if re.search(r"<script defer src=\"[^\"]*assets/javascripts/bundle\.", html):  # a rebuild
        return html
    html, found = _MATERIAL_BUNDLE.subn(lambda m: f'<script defer src="{m["src"]}">', html, count=1)
    if not found:
        raise MarkupChanged(file, "Material's script bundle",
                            '<script src="…assets/javascripts/bundle.<hash>.min.js">', "_MATERIAL_BUNDLE")
    return html


def finish_print_page(html: str, site: Path) -> str:
    if "</head>" not in html:
        raise MarkupChanged(PRINT_PAGE, "the end of <head>, where print-site's assets go", "</head>",
                            "finish_print_page()")
    if PRINT_SECTION not in html:
        raise MarkupChanged(PRINT_PAGE, "print-site's nav sections", PRINT_SECTION, "_EMPTY_SECTION")
    html = html.replace("</head>", print_page_assets(site) + "</head>", 1)
    return drop_empty_sections(mend_print_page_links(html, site))


def print_page_assets(site: Path) -> str:
    """print-site's stylesheets and script, then ours, inlined: on a phone, three fewer requests
    before the long page can paint. The policy hashes them like every inline block."""
    def read(name: str) -> str:
        return (site / name).read_text(encoding="utf-8")

    styles = "\n".join([*(read(c) for c in _print_assets["css"]), compact_css(read(WHOLE_GUIDE_CSS))])
    scripts = "\n".join(read(j) for j in _print_assets["js"])
    return f"<style>\n{styles}\n</style><script>\n{scripts}\n</script>"


def drop_empty_sections(html: str) -> str:
    """A nav section whose pages are all left out (the worksheets) would print as a lone heading;
    drop it, and the contents entry that points to it."""
    dropped = [m[1] for m in _EMPTY_SECTION.finditer(html)]
    html = _EMPTY_SECTION.sub("", html)
    for section_id in dropped:
        entry = rf'<li class="md-nav__item">\s*<a href="#{section_id}" class="md-nav__link">.*?</a>\s*</li>'
        html = re.sub(entry, "", html, flags=re.DOTALL)
    return html


def mend_print_page_links(html: str, site: Path) -> str:
    """print-site turns every link into an in-page anchor, also for pages it leaves out (the
    worksheets) and for the home page ('#.'). Point those back at the real pages."""
    ids = set(_ID.findall(html))
    pages = {p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")} - {"."}
    page_of_anchor = {path.replace("/", "-"): path for path in pages}

    def mend(link: re.Match) -> str:
        start, target, end = link.groups()
        if target in ids:
            return link[0]
        if target in (".", ""):
            return f"{start}#index{end}"
        if target in page_of_anchor:
            return f"{start}../{page_of_anchor[target]}/{end}"
        return link[0]

    return _ANCHOR_LINK.sub(mend, html)
