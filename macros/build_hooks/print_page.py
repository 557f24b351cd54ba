"""The whole-guide print page (print-site plugin): its assets only there, inlined with the site's
own whole-guide styles, links to pages it leaves out pointed back at them, empty sections dropped."""

from __future__ import annotations

from pathlib import Path

from .bundling import minify
from .markup import MarkupChanged, elements, splice, start_tag

PRINT_PAGE = "whole-guide/index.html"  # print-site's page, see mkdocs.yml
WHOLE_GUIDE_CSS = "assets/whole-guide.css"  # the site's own styles for that page (overrides/)
PRINT_SECTION = "<section class='print-page md-section'"

# print-site adds its stylesheets and script to every page; only its own page needs them.
_print_assets: dict[str, list] = {"css": [], "js": []}


def keep_print_assets_for_their_page(config):
    _print_assets["css"] = [c for c in config.extra_css if str(c).startswith("css/print-site")]
    _print_assets["js"] = [j for j in config.extra_javascript if str(j).startswith("js/print-site")]
    if "print-site" in config.plugins and not (_print_assets["css"] and _print_assets["js"]):
        raise MarkupChanged(
            "mkdocs.yml",
            "print-site's stylesheets and script in extra_css and extra_javascript",
            "css/print-site*, js/print-site*",
            "keep_print_assets_for_their_page() in print_page.py",
        )
    config.extra_css = [c for c in config.extra_css if c not in _print_assets["css"]]
    config.extra_javascript = [j for j in config.extra_javascript if j not in _print_assets["js"]]
    return config


def finish_print_page(html: str, site: Path) -> str:
    found = elements(html)
    head = next((e for e in found if e.name == "head" and e.close_start >= 0), None)
    if head is None:
        raise MarkupChanged(
            PRINT_PAGE,
            "the end of <head>, where print-site's assets go",
            "</head>",
            "finish_print_page() in print_page.py",
        )
    if not _print_sections(found):
        raise MarkupChanged(
            PRINT_PAGE, "print-site's nav sections", PRINT_SECTION, "_print_sections() in print_page.py"
        )
    html = html[: head.close_start] + print_page_assets(site) + html[head.close_start :]
    return drop_empty_sections(mend_print_page_links(html, site))


def _print_sections(found) -> list:
    return [e for e in found if e.name == "section" and e.has_class("print-page") and e.has_class("md-section")]


def print_page_assets(site: Path) -> str:
    """print-site's stylesheets and script, then ours, inlined: on a phone, three fewer requests
    before the long page can paint. The policy hashes them like every inline block."""

    def read(name: str) -> str:
        return (site / name).read_text(encoding="utf-8")

    styles = "\n".join([*(read(c) for c in _print_assets["css"]), minify(read(WHOLE_GUIDE_CSS), "css")])
    scripts = "\n".join(read(j) for j in _print_assets["js"])
    return f"<style>\n{styles}\n</style><script>\n{scripts}\n</script>"


def _only_child(html: str, parent, name: str):
    """The parent's one child element if it is a `name` with nothing but white space around it."""
    if len(parent.children) != 1 or parent.children[0].name != name or parent.close_start < 0:
        return None
    child = parent.children[0]
    around = html[parent.open_end : child.start] + html[child.end : parent.close_start]
    return child if not around.strip() else None


def drop_empty_sections(html: str) -> str:
    """A nav section whose pages are all left out (the worksheets) would print as a lone heading;
    drop it, and the contents entry that points to it."""
    found = elements(html)
    empty = [s for s in _print_sections(found) if _only_child(html, s, "h1")]
    dropped = {f"#{s.attrs.get('id')}" for s in empty}
    entries = [
        li
        for li in found
        if li.name == "li"
        and li.has_class("md-nav__item")
        and (link := _only_child(html, li, "a"))
        and link.attrs.get("href") in dropped
    ]
    return splice(html, [(e.start, e.end, "") for e in empty + entries])


def mend_print_page_links(html: str, site: Path) -> str:
    """print-site turns every link into an in-page anchor, also for pages it leaves out (the
    worksheets) and for the home page ('#.'). Point those back at the real pages."""
    found = elements(html)
    ids = {e.attrs["id"] for e in found if e.attrs.get("id")}
    pages = {p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")} - {"."}
    page_of_anchor = {path.replace("/", "-"): path for path in pages}

    def mended(target: str) -> str | None:
        if target in ids:
            return None
        if target in (".", ""):
            return "#index"
        if target in page_of_anchor:
            return f"../{page_of_anchor[target]}/"
        return None

    edits = []
    for element in found:
        href = element.attrs.get("href") or ""
        if href.startswith("#") and (new := mended(href[1:])) is not None:
            attrs = {**element.attrs, "href": new}
            edits.append((element.start, element.open_end, start_tag(element.name, attrs)))
    return splice(html, edits)
