"""Ready for a wiki and an intranet: link previews, the version, the accessibility statement,
review dates, and the referrer policy before anything is fetched (issues 22 and 23)."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError
from playwright.sync_api import expect

from conftest import GUIDE, ROOT, build_site

if str(ROOT) not in sys.path:  # `pytest` (not `python -m pytest`) leaves the project root off the path
    sys.path.insert(0, str(ROOT))
from macros.build_hooks import page_meta, review_due
from macros.build_hooks.markup import elements, text
from macros.build_hooks.release import current_version

PREVIEW = ["og:title", "og:description", "og:url", "og:type", "og:site_name"]
# Every page with a review date: the guide, and the worksheets and checklists (issue 30).
REVIEWED = [*GUIDE, "accessibility/", "worksheets/", "worksheets/take-stock/", "checklists/first-48-hours/"]
NOT_REVIEWED = ["start/", "my-answers/", "plan-at-a-glance/", "whole-guide/"]


def head_of(site, file: str) -> dict:
    """{og property or meta name: content, 'title': <title>} of one built file."""
    html = (site.dir / file).read_text(encoding="utf-8")
    found = elements(html)
    tags = {e.attrs.get("property") or e.attrs.get("name"): e.attrs.get("content") for e in found if e.name == "meta"}
    tags["title"] = next(text(html, e) for e in found if e.name == "title")
    return tags


def files(site) -> list[str]:
    return [f"{path}index.html" for path in site.page_paths()] + ["404.html"]


# 1. Link previews --------------------------------------------------------------------------------


def test_every_page_has_preview_tags_and_a_description_and_title_of_its_own(site):
    heads = {file: head_of(site, file) for file in files(site)}
    for file, tags in heads.items():
        missing = [tag for tag in PREVIEW + ["twitter:card", "description"] if not tags.get(tag)]
        assert not missing, f"{file}: no {missing}"
        assert tags["og:description"] == tags["description"], file
        assert tags["og:url"].startswith(site.url), f"{file}: og:url {tags['og:url']} is not absolute"
    pages = {file: tags for file, tags in heads.items() if file != "404.html"}
    for file, tags in pages.items():
        assert tags["og:url"] == site.url + file.removesuffix("index.html"), file
    descriptions = [tags["description"] for tags in pages.values()]
    assert len(set(descriptions)) == len(descriptions), "two pages share a description"
    titles = [tags["title"] for tags in heads.values()]
    assert len(set(titles)) == len(titles), sorted(titles)
    assert heads["worksheets/take-stock/index.html"]["og:title"] == "Take stock worksheet"


MISSING_FRONT_MATTER = [
    ("description:", "docs/privacy.md: front matter needs a description"),
    ("last_reviewed:", "docs/privacy.md: front matter needs last_reviewed"),
]


@pytest.mark.fast
@pytest.mark.parametrize("front_matter, line", MISSING_FRONT_MATTER)
def test_a_page_without_its_description_or_review_date_is_refused_with_one_line(front_matter, line):
    meta = {"description": "A page.", "last_reviewed": dt.date(2026, 12, 1)}
    del meta[front_matter.rstrip(":")]
    page = SimpleNamespace(url="privacy/", meta=meta, file=SimpleNamespace(src_uri="privacy.md"))
    with pytest.raises(PluginError) as refused:
        page_meta.check_page_meta(page, config={})
    assert str(refused.value).startswith(line) and "\n" not in str(refused.value)


def test_the_strict_build_stops_on_that_line_with_no_traceback(project_copy, tmp_path):
    """One real build for this kind of failure: the line reaches the author and stops the build."""
    front_matter, line = MISSING_FRONT_MATTER[1]
    project = project_copy()
    page = project / "docs" / "privacy.md"
    kept = [
        row for row in page.read_text(encoding="utf-8").splitlines(keepends=True) if not row.startswith(front_matter)
    ]
    page.write_text("".join(kept), encoding="utf-8")
    result = build_site(project, tmp_path / "out", "http://127.0.0.1:8000/")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output, output
    assert len([row for row in output.splitlines() if line in row]) == 1, output


# 2 and 4. The version and the accessibility statement in every footer -----------------------------


def test_every_footer_shows_the_version_that_heads_the_changelog(site):
    version = current_version()
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    releases = [v for v in re.findall(r"^## \[([^\]]+)\]", changelog, re.MULTILINE) if v != "Unreleased"]
    assert releases[0] == version
    for file in files(site):
        html = (site.dir / file).read_text(encoding="utf-8")
        footer = next(e for e in elements(html) if e.name == "div" and e.has_class("md-copyright"))
        assert f"Version {version} · Accessibility statement" in text(html, footer), file


@pytest.mark.parametrize("start", ["worksheets/goal-plan/", "no/such/page/"])
def test_the_footer_leads_to_the_accessibility_statement(page, watch, start):
    if start.startswith("no/"):
        watch.expect("404")
    page.goto(start)
    link = page.locator(".md-footer").get_by_role("link", name="Accessibility statement")
    expect(link).to_be_visible()
    link.click()
    page.wait_for_url("**/accessibility/")
    expect(page.locator("h1")).to_have_text(re.compile(r"^Accessibility statement"))
    headings = page.locator(".md-content h2").all_inner_texts()
    assert [h.strip(" ¶\n") for h in headings] == [
        "How accessible this guide is",
        "Tell us about a problem",
        "How we tested this guide",
        "Compliance status",
        "Preparation of this statement",
    ], headings
    expect(page.locator(".md-content")).to_contain_text("Contact the team that shared this guide with you")


# 5. Review dates ------------------------------------------------------------------------------------


def test_every_page_of_advice_shows_when_it_was_reviewed_and_when_it_is_due(site):
    for path in REVIEWED:
        html = (site.dir / path / "index.html").read_text(encoding="utf-8")
        dates = [e for e in elements(html) if e.name == "p" and e.has_class("review-dates")]
        assert dates, f"/{path}: no review dates"
        words = text(html, dates[0])
        assert words.startswith("Page last reviewed: ") and "Next review due: " in words, words
    for path in NOT_REVIEWED:
        html = (site.dir / path / "index.html").read_text(encoding="utf-8")
        assert not [e for e in elements(html) if e.has_class("review-dates")], f"/{path} shows answers, not advice"


def test_the_next_review_is_one_interval_after_the_last(site):
    html = (site.dir / "privacy" / "index.html").read_text(encoding="utf-8")
    reviewed, due = [e.attrs["datetime"] for e in elements(html) if e.name == "time"][-2:]
    assert page_meta.next_review(dt.date.fromisoformat(reviewed)) == dt.date.fromisoformat(due)
    assert page_meta.next_review(dt.date(2024, 2, 29)) == dt.date(2025, 2, 28)


def test_an_old_review_date_never_stops_the_build():
    """CI must not turn red on a calendar day: a page long overdue still builds."""
    page = SimpleNamespace(
        url="privacy/",
        file=SimpleNamespace(src_uri="privacy.md"),
        meta={"description": "A page.", "last_reviewed": dt.date(2001, 1, 1)},
    )
    page_meta.check_page_meta(page, config={})
    assert page.meta["next_review"] == dt.date(2002, 1, 1)


def test_review_due_lists_the_pages_due_and_never_fails():
    def run(day: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "macros.build_hooks.review_due", "--today", day],
            check=False,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )

    due = review_due.pages_due(dt.date(2200, 1, 1))
    guide = {f"docs/{p.rstrip('/') or 'index'}.md" for p in [*GUIDE, "accessibility/"]}
    tools = {p.relative_to(ROOT).as_posix() for p in ROOT.glob("docs/*/*.md")}  # worksheets, checklists
    assert {name for name, _, _ in due} == guide | tools
    late = run("2200-01-01")
    assert late.returncode == 0 and f"{len(due)} page(s) due for review" in late.stdout, late
    assert "docs/privacy.md: last reviewed" in late.stdout
    early = run("2000-01-01")
    assert early.returncode == 0 and "No page is due" in early.stdout, early


# Issue 22, point 9: the referrer policy before any request ----------------------------------------


def test_the_referrer_policy_comes_before_any_stylesheet_or_script(site):
    for file in files(site):
        html = (site.dir / file).read_text(encoding="utf-8")
        head = next(e for e in elements(html) if e.name == "head")
        names = [(e.name, e.attrs.get("name") or e.attrs.get("http-equiv")) for e in head.children]
        referrer = names.index(("meta", "referrer")) if ("meta", "referrer") in names else len(names)
        fetching = [
            i
            for i, e in enumerate(head.children)
            if e.name in ("script", "style") or (e.name == "link" and e.attrs.get("rel") != "canonical")
        ]
        assert referrer < min(fetching), f"{file}: the referrer policy comes after {names[min(fetching)]}"
        first = 1 if "charset" in head.children[0].attrs else 0  # the character set fetches nothing
        assert names[first : first + 2] == [("meta", "Content-Security-Policy"), ("meta", "referrer")], names[:3]
