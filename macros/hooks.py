"""MkDocs hook: a Content-Security-Policy for every page, computed from the page itself.

Material writes inline scripts into every page, some with the page's own relative base URL, so
a fixed list of hashes would break on the next upgrade and 'unsafe-inline' would let injected
markup run. Instead each built page gets a policy that allows exactly its own inline scripts.
"""
from __future__ import annotations

import base64
import hashlib
import re

# Inline <script> elements that the browser would execute (no src, JavaScript type or none).
_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script>", re.S | re.I)
_DATA_TYPE = re.compile(r"""\btype\s*=\s*["']?(application/(?:ld\+)?json|text/template)""", re.I)
_HEAD = re.compile(r"<head[^>]*>", re.I)

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
    hashes = []
    for match in _INLINE_SCRIPT.finditer(html):
        if "src=" in match["attrs"] or _DATA_TYPE.search(match["attrs"]):
            continue
        digest = hashlib.sha256(match["body"].encode("utf-8")).digest()
        hashes.append(f"'sha256-{base64.b64encode(digest).decode()}'")
    return sorted(set(hashes))


def policy_for(html: str) -> str:
    policy = {**BASE_POLICY, "script-src": BASE_POLICY["script-src"] + inline_script_hashes(html)}
    return "; ".join(f"{name} {' '.join(values)}" for name, values in policy.items())


def on_post_page(output: str, page, config) -> str:
    # A <meta> policy governs only what follows it, so it goes first in <head>.
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy_for(output)}">'
    return _HEAD.sub(lambda m: m.group(0) + meta, output, count=1)
