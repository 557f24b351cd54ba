"""A Content-Security-Policy for every page, computed from the page itself.

Material writes inline scripts into every page, some with the page's own relative base URL, so a
fixed list of hashes would break on the next upgrade and 'unsafe-inline' would let injected markup
run. Instead each page's policy allows exactly its own inline scripts and styles, and no other host.
"""

from __future__ import annotations

import base64
import hashlib
import re

from .markup import MarkupChanged, body, elements, splice

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
# Script types the browser does not execute, so they need no hash.
DATA_TYPES = {"application/json", "application/ld+json", "text/template"}


def inline_script_hashes(html: str) -> list[str]:
    return _hashes(
        body(html, e)
        for e in elements(html)
        if e.name == "script" and "src" not in e.attrs and (e.attrs.get("type") or "").lower() not in DATA_TYPES
    )


def inline_style_hashes(html: str) -> list[str]:
    return _hashes(body(html, e) for e in elements(html) if e.name == "style")


def _hashes(bodies) -> list[str]:
    digests = (hashlib.sha256(text.encode("utf-8")).digest() for text in bodies)
    return sorted({f"'sha256-{base64.b64encode(d).decode()}'" for d in digests})


def head_styles(html: str) -> list[str]:
    """The text of each inline <style> in the page's <head> (a pattern: the parser is slow, and
    the site's own styles are written plainly: `<style>…</style>`)."""
    head = html[: html.find("</head>")]
    return re.findall(r"<style>(.*?)</style>", head, re.DOTALL)


def policy_for(html: str, also: tuple[str, ...] = (), also_styles: tuple[str, ...] = ()) -> str:
    """`also`, `also_styles`: inline scripts and styles allowed besides the page's own (those of
    other pages, which instant navigation brings in under this page's policy)."""
    policy = {
        **BASE_POLICY,
        "script-src": BASE_POLICY["script-src"] + sorted({*inline_script_hashes(html), *_hashes(also)}),
        "style-src": BASE_POLICY["style-src"] + sorted({*inline_style_hashes(html), *_hashes(also_styles)}),
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in policy.items())


def has_policy(html: str) -> bool:
    head = next((e for e in elements(html) if e.name == "head"), None)
    return any(e.attrs.get("http-equiv") == "Content-Security-Policy" for e in (head.children[:2] if head else []))


def with_policy(html: str, file: str = "page", also: tuple[str, ...] = (), also_styles: tuple[str, ...] = ()) -> str:
    """A <meta> policy governs only what follows it, so it goes first in <head>, after only the
    character set, which must come within the page's first 1024 bytes (a long policy would push
    it out) and fetches nothing."""
    head = next((e for e in elements(html) if e.name == "head"), None)
    if head is None:
        raise MarkupChanged(
            file, "the <head> element, where the Content-Security-Policy goes", "<head>", "with_policy() in policy.py"
        )
    charset = next((e for e in head.children if e.name == "meta" and "charset" in e.attrs), None)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy_for(html, also, also_styles)}">'
    if charset is None:
        return html[: head.open_end] + meta + html[head.open_end :]
    first = html[charset.start : charset.end]
    return splice(html, [(charset.start, charset.end, ""), (head.open_end, head.open_end, first + meta)])
