"""Reading built pages with an HTML parser, and editing them in place.

The standard library's HTMLParser finds each element and where its tags sit in the text; an edit
replaces exactly those characters and leaves every other byte as it was (inline scripts keep the
text their Content-Security-Policy hash was computed from). No regular expression reads markup.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

from mkdocs.exceptions import PluginError

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class MarkupChanged(PluginError):
    """Markup a build hook rewrites is missing: Material or print-site changed it in an upgrade."""

    def __init__(self, file: str, what: str, markup: str, where_to_fix: str) -> None:
        super().__init__(
            f"macros/hooks.py: {file}: {what} not found (expected {markup!r}); an upgrade of "
            f"Material or print-site changed it: update {where_to_fix} in macros/build_hooks/ "
            "(overrides/README.md lists what the site relies on)"
        )


@dataclass
class Element:
    name: str
    attrs: dict[str, str | None]
    start: int  # where "<name" begins
    open_end: int  # just after the start tag's ">"
    close_start: int = -1  # where "</name>" begins (-1: void or never closed)
    close_end: int = -1  # just after "</name>"
    children: list[Element] = field(default_factory=list)

    def has_class(self, name: str) -> bool:
        return name in (self.attrs.get("class") or "").split()

    @property
    def end(self) -> int:
        return self.close_end if self.close_end >= 0 else self.open_end


class _Locator(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = html
        self.line_starts = [0]
        for index, char in enumerate(html):
            if char == "\n":
                self.line_starts.append(index + 1)
        self.elements: list[Element] = []
        self.unclosed: list[Element] = []

    def _here(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        start = self._here()
        element = Element(tag, dict(attrs), start, start + len(self.get_starttag_text()))
        if self.unclosed:
            self.unclosed[-1].children.append(element)
        self.elements.append(element)
        if tag not in VOID:
            self.unclosed.append(element)

    def handle_startendtag(self, tag, attrs):
        start = self._here()
        element = Element(tag, dict(attrs), start, start + len(self.get_starttag_text()))
        if self.unclosed:
            self.unclosed[-1].children.append(element)
        self.elements.append(element)

    def handle_endtag(self, tag):
        start = self._here()
        for depth in range(len(self.unclosed) - 1, -1, -1):
            if self.unclosed[depth].name == tag:
                element = self.unclosed[depth]
                element.close_start = start
                element.close_end = self.source.index(">", start) + 1
                del self.unclosed[depth:]
                return


def elements(html: str) -> list[Element]:
    """Every element of the page in document order, with where its tags are. The build's steps
    each ask for the page they were handed: one that only reads (the policy's hashes, the checks)
    reuses the last parse of the same text. Callers read elements and never change them."""
    return list(_parse(html))


@functools.lru_cache(maxsize=4)
def _parse(html: str) -> tuple[Element, ...]:
    locator = _Locator(html)
    locator.feed(html)
    locator.close()
    return tuple(locator.elements)


def find(html: str, name: str, **attrs: str) -> list[Element]:
    """Elements named `name` whose attributes hold the given values (class: one of its classes)."""

    def matches(element: Element) -> bool:
        for key, value in attrs.items():
            key = key.rstrip("_").replace("_", "-")
            if key == "class":
                if not element.has_class(value):
                    return False
            elif element.attrs.get(key) != value:
                return False
        return True

    return [e for e in elements(html) if e.name == name and matches(e)]


def body(html: str, element: Element) -> str:
    """The text between an element's tags (a script's or style's source, exactly as written)."""
    return html[element.open_end : element.close_start]


def start_tag(name: str, attrs: dict[str, str | None]) -> str:
    parts = [name] + [key if value is None else f'{key}="{escape(value)}"' for key, value in attrs.items()]
    return f"<{' '.join(parts)}>"


def splice(html: str, edits: list[tuple[int, int, str]]) -> str:
    """Replace html[start:end] by text for each (start, end, text); the spans must not overlap."""
    for start, end, text in sorted(edits, key=lambda edit: edit[0], reverse=True):
        html = html[:start] + text + html[end:]
    return html


def with_attrs(html: str, element: Element, **changes: str | None) -> str:
    """The page with one element's start tag rewritten with changed or added attributes."""
    attrs = {**element.attrs, **{k.rstrip("_").replace("_", "-"): v for k, v in changes.items()}}
    return splice(html, [(element.start, element.open_end, start_tag(element.name, attrs))])


class _Text(HTMLParser):
    """The words of a piece of markup, leaving out Material's permalink (a.headerlink)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.words: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if self.skipping or "headerlink" in (dict(attrs).get("class") or "").split():
            self.skipping += tag not in VOID

    def handle_endtag(self, tag):
        self.skipping = max(0, self.skipping - 1)

    def handle_data(self, data):
        if not self.skipping:
            self.words.append(data)


def text(html: str, element: Element) -> str:
    reader = _Text()
    reader.feed(body(html, element))
    reader.close()
    return " ".join("".join(reader.words).split())
