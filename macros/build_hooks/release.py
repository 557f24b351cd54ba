"""The guide's version, written once: the newest release heading of CHANGELOG.md. Every page's
footer shows it with a link to the accessibility statement; BUILT-FOR.txt and the archive's name
carry it too (publish/dist.py)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError

from .markup import MarkupChanged, find

CHANGELOG = Path(__file__).resolve().parents[2] / "CHANGELOG.md"
# Keep a Changelog: "## [1.2.0] - 2026-12-06"; "## [Unreleased]" above it is skipped.
RELEASE = re.compile(r"^## \[(?P<version>\d+\.\d+\.\d+)\] - (?P<date>\d{4}-\d\d-\d\d)\s*$", re.MULTILINE)
STATEMENT = "accessibility/"  # docs/accessibility.md


def current_version(changelog: Path = CHANGELOG) -> str:
    found = RELEASE.search(changelog.read_text(encoding="utf-8")) if changelog.exists() else None
    if not found:
        raise PluginError(
            "CHANGELOG.md: no release heading such as '## [1.0.0] - 2026-12-06': "
            "the version shown on every page comes from it"
        )
    return found["version"]


def link_to_statement(file: str, site_url: str) -> str:
    """Relative from a page's folder; from the 404 page, which answers at any depth, by path."""
    if file == "404.html":
        return urlsplit(site_url).path.rstrip("/") + "/" + STATEMENT
    return "../" * file.count("/") + STATEMENT


def with_release_note(html: str, file: str, version: str, site_url: str) -> str:
    """The version and the accessibility statement's link, in Material's footer."""
    if 'class="site-release"' in html:  # a rebuild over the same files
        return html
    copyright = find(html, "div", class_="md-copyright")
    if not copyright:
        raise MarkupChanged(
            file, "Material's footer", '<div class="md-copyright">', "with_release_note() in release.py"
        )
    note = (
        f'<p class="site-release">Version {version} · '
        f'<a href="{link_to_statement(file, site_url)}">Accessibility statement</a></p>'
    )
    at = copyright[0].open_end
    return html[:at] + note + html[at:]
