"""The guide covers every point of the brief, in its own words, and a reader can find and follow it."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from posixpath import normpath

import pytest
from playwright.sync_api import expect

from brief_points import BRIEF_POINTS
from conftest import ROOT

DOCS = ROOT / "docs"
GUIDE_PAGES = sorted(DOCS.glob("*.md"))
# Pages that are tools rather than steps of the guide, so they need no "Next step".
NO_NEXT_STEP = {"privacy.md", "my-answers.md"}
OVERLAP_TOOL = ROOT.parent / "shared" / "tools" / "check_overlap.py"
PHONE = {"width": 360, "height": 740}


def built_path(md: Path) -> str:
    """docs/take-stock.md -> 'take-stock/', docs/index.md -> ''."""
    return "" if md.stem == "index" else f"{md.stem}/"


def markdown_lines(md: Path) -> list[tuple[int, str]]:
    """(line number, line) outside front matter and fenced code, where a # is not a heading."""
    lines = md.read_text(encoding="utf-8").splitlines()
    start = 0
    if lines and lines[0].strip() == "---":
        start = next(i for i in range(1, len(lines)) if lines[i].strip() == "---") + 1
    out, fence = [], None
    for n, line in enumerate(lines[start:], start + 1):
        marker = re.match(r"\s*(`{3,}|~{3,})", line)
        if marker and (fence is None or marker.group(1)[0] == fence[0]):
            fence = None if fence else marker.group(1)
            continue
        if fence is None:
            out.append((n, line))
    return out


class Article(HTMLParser):
    """The headings and paragraphs of a built page's main content, in order."""

    HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}

    def __init__(self, html: str) -> None:
        super().__init__()
        self.blocks: list[dict] = []  # {"tag", "id", "text", "hrefs"}
        self._depth = 0  # >0 while inside <article>
        self._open: dict | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "article":
            self._depth += 1
        elif not self._depth:
            return
        if tag in self.HEADINGS or tag == "p":
            self._open = {"tag": tag, "id": attrs.get("id"), "text": "", "hrefs": []}
            self.blocks.append(self._open)
        elif tag == "a" and self._open is not None and attrs.get("href"):
            if "headerlink" not in (attrs.get("class") or ""):
                self._open["hrefs"].append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "article" and self._depth:
            self._depth -= 1
        if self._open is not None and tag == self._open["tag"]:
            self._open = None

    def handle_data(self, data):
        if self._open is not None:
            self._open["text"] += data


def article(site, path: str) -> Article:
    return Article((site.dir / path / "index.html").read_text(encoding="utf-8"))


def test_guide_text_shares_no_run_of_eight_words_with_the_source_articles():
    if not OVERLAP_TOOL.exists():
        message = f"{OVERLAP_TOOL} is missing, so the own-words check cannot run"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    result = subprocess.run([sys.executable, str(OVERLAP_TOOL)], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    output = (result.stdout + result.stderr).strip()
    assert result.returncode == 0 and output.endswith("0 shared run(s) of 8+ words"), (
        f"text copied from the source articles (exit {result.returncode}):\n{output}")


def test_every_point_of_the_brief_has_its_heading_on_its_page(site):
    ids: dict[str, set[str]] = {}
    missing = []
    for idea, path, heading in BRIEF_POINTS:
        if path not in ids:
            page = site.dir / path / "index.html"
            ids[path] = {b["id"] for b in Article(page.read_text(encoding="utf-8")).blocks
                         if b["tag"] != "p"} if page.exists() else set()
        if heading not in ids[path]:
            missing.append(f"- {idea}: no heading #{heading} on /{path}")
    assert not missing, f"{len(missing)} point(s) of the brief not found:\n" + "\n".join(missing)


def test_every_guide_section_has_a_fixed_anchor_so_links_survive_rewording():
    problems = []
    for md in GUIDE_PAGES:
        seen: dict[str, int] = {}
        previous = ""
        for n, line in markdown_lines(md):
            if re.fullmatch(r"-{2,}\s*|={2,}\s*", line) and previous.strip() and not previous.startswith(("#", "|")):
                problems.append(f"- {md.name}:{n}: underlined heading; write it as '## Title {{ #id }}'")
            previous = line
            heading = re.match(r"(#{2,3})\s+(.*?)\s*$", line)
            if not heading:
                continue
            anchor = re.search(r"\{[^}]*#([A-Za-z][\w-]*)[^}]*\}\s*$", heading.group(2))
            if not anchor:
                problems.append(f"- {md.name}:{n}: '{line.strip()}' has no {{ #id }}")
            elif anchor.group(1) in seen:
                problems.append(f"- {md.name}:{n}: #{anchor.group(1)} is already used on line {seen[anchor.group(1)]}")
            else:
                seen[anchor.group(1)] = n
    assert not problems, "sections without a fixed, unique anchor:\n" + "\n".join(problems)


@pytest.mark.parametrize("term", ["feedback", "quit", "manager", "angry"])
def test_searching_the_home_page_finds_pages_about_the_reader_s_worry(page, term):
    page.goto("")
    box = page.locator(".md-search__input")
    if not box.is_visible():  # on narrow screens the box opens from the search icon
        page.locator("label[for=__search]").first.click()
    box.click()
    box.press_sequentially(term)
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible(timeout=15_000)
    expect(page.locator(".md-search-result__meta")).to_contain_text("matching document")
    if term == "feedback":
        expect(results.locator("a[href*='/ask-for-feedback/']").first).to_be_attached()


def test_a_phone_reader_sees_today_s_advice_without_scrolling_far(browser, site, new_watched_page, watch):
    phone = browser.new_context(base_url=site.url, viewport=PHONE, is_mobile=True, has_touch=True,
                                device_scale_factor=2)
    tab = new_watched_page(phone)
    tab.goto("", wait_until="load")
    layout = tab.evaluate("""() => {
        const heading = document.getElementById('today');
        if (!heading) return null;
        const page = el => { const r = el.getBoundingClientRect();
                             return {top: r.top + scrollY, bottom: r.bottom + scrollY}; };
        const guidance = [];
        for (let el = heading.nextElementSibling; el && !/^H[12]$/.test(el.tagName); el = el.nextElementSibling) {
            if (el.matches('.admonition, details, ul, ol, table')) guidance.push(el);
        }
        return {heading: page(heading), guidance: guidance.map(el => ({...page(el), text: el.innerText}))};
    }""")
    phone.close()
    watch.check()
    assert layout, "the home page has no heading with id 'today'"
    screen = PHONE["height"]
    assert layout["heading"]["top"] < screen, f"'today' starts at {layout['heading']['top']:.0f}px, below the first screen"
    guidance = layout["guidance"]
    assert guidance, "the 'today' section has no list or callout of do / don't advice"
    text = " ".join(g["text"] for g in guidance).lower().replace("\u2019", "'")
    assert re.search(r"\bdon't\b|\bdo not\b", text), "the 'today' advice has no don't part"
    end = guidance[-1]["bottom"]
    assert end < 2 * screen, f"the do / don't advice ends at {end:.0f}px, past the second screen ({2 * screen}px)"


def test_every_guide_page_ends_with_a_next_step_link(site):
    problems = []
    for md in GUIDE_PAGES:
        if md.name in NO_NEXT_STEP:
            continue
        lines = markdown_lines(md)
        last_heading = max(n for n, line in lines if line.startswith("#"))
        if not any("Next step" in line for n, line in lines if n > last_heading):
            problems.append(f"- {md.name}: no 'Next step' after the last heading (line {last_heading})")
            continue
        path = built_path(md)
        blocks = article(site, path).blocks
        last = max(i for i, b in enumerate(blocks) if b["tag"] != "p")
        paragraphs = [b for b in blocks[last + 1:] if b["tag"] == "p"]
        if not paragraphs or "Next step" not in paragraphs[-1]["text"]:
            problems.append(f"- /{path}: the last paragraph is not the 'Next step' one")
            continue
        hrefs = paragraphs[-1]["hrefs"]
        if not hrefs:
            problems.append(f"- /{path}: the 'Next step' paragraph has no link")
        for href in hrefs:
            target = normpath(f"/{path}{href.split('#')[0]}").lstrip("/")
            if not (site.dir / target / "index.html").exists() and not (site.dir / target).is_file():
                problems.append(f"- /{path}: 'Next step' links to {href}, which is not a page")
    assert not problems, "guide pages without a working 'Next step' at the end:\n" + "\n".join(problems)
