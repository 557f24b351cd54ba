"""The guide covers every point of the brief, in its own words, and a reader can find and follow it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from posixpath import normpath
from urllib.parse import unquote, urlparse

import pytest
import yaml
from playwright.sync_api import expect

from brief_points import BRIEF_POINTS
from conftest import GUIDE, ROOT, PageWatch

DOCS = ROOT / "docs"
GUIDE_PAGES = sorted(DOCS.glob("*.md"))
# Pages that are tools rather than steps of the guide, so they need no "Next step".
NO_NEXT_STEP = {"privacy.md", "my-answers.md", "accessibility.md"}
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

    HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

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
        elif (
            tag == "a"
            and self._open is not None
            and attrs.get("href")
            and "headerlink" not in (attrs.get("class") or "")
        ):
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


@pytest.mark.fast
def test_guide_text_shares_no_run_of_eight_words_with_the_source_articles():
    if not OVERLAP_TOOL.exists():
        message = f"{OVERLAP_TOOL} is missing, so the own-words check cannot run"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    result = subprocess.run(
        [sys.executable, str(OVERLAP_TOOL)], cwd=ROOT, capture_output=True, text=True, check=False, timeout=300
    )
    output = (result.stdout + result.stderr).strip()
    assert result.returncode == 0 and output.endswith("0 shared run(s) of 8+ words"), (
        f"text copied from the source articles (exit {result.returncode}):\n{output}"
    )


def test_every_point_of_the_brief_has_its_heading_on_its_page(site):
    ids: dict[str, set[str]] = {}
    missing = []
    for idea, path, heading in BRIEF_POINTS:
        if path not in ids:
            page = site.dir / path / "index.html"
            ids[path] = (
                {b["id"] for b in Article(page.read_text(encoding="utf-8")).blocks if b["tag"] != "p"}
                if page.exists()
                else set()
            )
        if heading not in ids[path]:
            missing.append(f"- {idea}: no heading #{heading} on /{path}")
    assert not missing, f"{len(missing)} point(s) of the brief not found:\n" + "\n".join(missing)


@pytest.mark.fast
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


WORD_BUDGET = 5000  # about 25 minutes of reading for the whole guide
MAX_SCREENS = 6  # phone screens (360x740) per page
LONG_PAGES = {"stories/"}  # short collapsed entries; scanning it is the point, so it may run longer
WORD = re.compile(r"\w[\w'\u2019-]*")


class MainText(HTMLParser):
    """The visible words of a built page's main content: everything inside <article> except
    scripts, styles and the section-link marks ("¶"). Collapsed details count: they are part
    of what the page asks a reader to read."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._depth = 0  # >0 while inside <article>
        self._skipping: list[str] = []  # open tags whose text does not count
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self._depth += 1
        classes = (dict(attrs).get("class") or "").split()
        if self._depth and (tag in ("script", "style") or (tag == "a" and "headerlink" in classes)):
            self._skipping.append(tag)

    def handle_endtag(self, tag):
        if tag == "article" and self._depth:
            self._depth -= 1
        if self._skipping and tag == self._skipping[-1]:
            self._skipping.pop()

    def handle_data(self, data):
        if self._depth and not self._skipping:
            self.parts.append(data)

    def words(self) -> int:
        return len(WORD.findall(" ".join(self.parts)))


def word_counts(site) -> dict[str, int]:
    return {path: MainText((site.dir / path / "index.html").read_text(encoding="utf-8")).words() for path in GUIDE}


def test_the_whole_guide_reads_in_at_most_5000_words(site):
    """Words are counted in the built HTML of the ten guide pages: the text inside <article>
    (headings, paragraphs, lists, boxes, tables, collapsed stories), without the "¶" marks,
    scripts or styles; a word is a run of letters or digits, with inner apostrophes and hyphens."""
    counts = word_counts(site)
    total = sum(counts.values())
    table = "\n".join(f"  /{path:34} {n:5}" for path, n in counts.items())
    assert total <= WORD_BUDGET, f"the guide has {total} words, over {WORD_BUDGET}:\n{table}"


def phone_tab(browser, site, scheme="light"):
    """A watched tab in a 360x740 phone context; close the context, then check the watch."""
    phone = browser.new_context(base_url=site.url, viewport=PHONE, is_mobile=True, has_touch=True, color_scheme=scheme)
    tab = phone.new_page()
    watch = PageWatch(urlparse(site.url).netloc)
    watch.attach(tab)
    return phone, tab, watch


@pytest.fixture(scope="module")
def phone_pages(browser, site):
    """Each guide page as a 360x740 phone shows it: height, section-link wraps, opening box."""
    phone, tab, watch = phone_tab(browser, site)
    measured = {}
    for path in GUIDE:
        tab.goto(path, wait_until="load")
        measured[path] = tab.evaluate("""() => {
            const article = document.querySelector('.md-content article');
            const wraps = [];
            for (const heading of article.querySelectorAll('h1, h2, h3, h4')) {
                const link = heading.querySelector('.headerlink');
                if (!link) continue;
                const withMark = heading.getBoundingClientRect().height;
                link.style.display = 'none';
                const withoutMark = heading.getBoundingClientRect().height;
                link.style.display = '';
                if (withMark > withoutMark + 0.5) wraps.push(`#${heading.id}: ${withoutMark}px -> ${withMark}px`);
            }
            const lines = {};
            for (const heading of article.querySelectorAll('h2[id]')) {
                const style = getComputedStyle(heading);
                const content = heading.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
                lines[heading.id] = Math.round(content / parseFloat(style.lineHeight));
            }
            const opening = article.querySelector(':scope > h1 + *');
            const short = opening && opening.matches('.admonition') ? {
                title: opening.querySelector('.admonition-title').textContent.trim(),
                items: opening.querySelectorAll('li').length,
            } : null;
            return {height: document.documentElement.scrollHeight, wraps, short, lines};
        }""")
    phone.close()
    watch.check()
    return measured


def test_no_guide_page_is_longer_than_six_phone_screens(phone_pages):
    screens = {path: m["height"] / PHONE["height"] for path, m in phone_pages.items()}
    too_long = [
        f"- /{path}: {n:.1f} screens" for path, n in screens.items() if path not in LONG_PAGES and n > MAX_SCREENS
    ]
    assert not too_long, f"pages longer than {MAX_SCREENS} screens at 360x740:\n" + "\n".join(too_long)


def test_the_section_link_mark_never_takes_a_line_of_its_own_on_a_phone(phone_pages):
    wraps = [f"- /{path} {w}" for path, m in phone_pages.items() for w in m["wraps"]]
    assert not wraps, "headings made taller by their section-link mark at 360px:\n" + "\n".join(wraps)


def test_a_short_heading_stays_on_one_line_with_its_section_link_mark(phone_pages):
    lines = phone_pages[""]["lines"]["your-privacy"]
    assert lines == 1, f"'Your answers stay private' takes {lines} lines at 360px"


@pytest.mark.parametrize("path", [p for p in GUIDE if p])
def test_each_guide_page_opens_with_the_short_version(phone_pages, path):
    short = phone_pages[path]["short"]
    assert short, f"/{path} does not open with a box right under its title"
    assert short["title"] == "The short version", f"/{path} opens with {short['title']!r}"
    assert 1 <= short["items"] <= 3, f"/{path}: the short version has {short['items']} points, not 1 to 3"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_phone_reader_sees_both_today_boxes_on_the_first_screen(browser, site, scheme):
    phone, tab, watch = phone_tab(browser, site, scheme)
    tab.goto("", wait_until="load")
    assert tab.locator("body").get_attribute("data-md-color-scheme") == {"light": "default", "dark": "slate"}[scheme]
    home = tab.evaluate("""() => {
        const article = document.querySelector('.md-content article');
        const size = el => parseFloat(getComputedStyle(el).fontSize);
        const boxes = [...article.querySelectorAll(':scope > .admonition.today')];
        const after = boxes.length ? boxes[boxes.length - 1].nextElementSibling : null;
        const before = [];
        for (let el = article.firstElementChild; el && !boxes.includes(el); el = el.nextElementSibling) {
            if (el.matches('p')) before.push(el.textContent.trim());
        }
        return {
            titleHeight: article.querySelector('h1').getBoundingClientRect().height,
            bodySize: size(article),
            boxes: boxes.map(box => ({
                title: box.querySelector('.admonition-title').textContent.trim(),
                bottom: box.getBoundingClientRect().bottom + scrollY,
                sizes: [...box.querySelectorAll('li')].map(size),
            })),
            before,
            after: after && {text: after.textContent, links: after.querySelectorAll('a').length},
            nextSteps: [...article.querySelectorAll('p')].filter(p => p.textContent.includes('Next step')).length,
        };
    }""")
    phone.close()
    watch.check()
    boxes = home["boxes"]
    assert [b["title"] for b in boxes] == ["Today, do", "Today, don't"], boxes
    for box in boxes:
        assert box["bottom"] <= PHONE["height"], (
            f"'{box['title']}' ends at {box['bottom']:.0f}px, below the first screen"
        )
        assert set(box["sizes"]) == {home["bodySize"]}, (
            f"'{box['title']}' is set at {box['sizes']}px, body text at {home['bodySize']}px"
        )
    assert home["titleHeight"] <= 1, "the home page shows a title that only repeats the header"
    assert len(home["before"]) <= 1, f"paragraphs before the advice: {home['before']}"
    after = home["after"]
    assert after and "Next step" in after["text"] and after["links"] == 1, (
        f"the boxes are not followed by one 'Next step' link: {after}"
    )
    assert home["nextSteps"] == 1, f"the home page has {home['nextSteps']} 'Next step' paragraphs"


def test_every_guide_page_has_one_working_next_step_link(site):
    """At the end of each page; on the home page, right under the 'Today' advice."""
    problems = []
    for md in GUIDE_PAGES:
        if md.name in NO_NEXT_STEP:
            continue
        path = built_path(md)
        # The review dates under a page are about the page, not a paragraph of its advice; "Next in
        # your order" (hidden until the reader has answered the starting point) is the reader's own.
        about_page = ("Page last reviewed", "Next in your order")
        blocks = [b for b in article(site, path).blocks if not b["text"].strip().startswith(about_page)]
        steps = [i for i, b in enumerate(blocks) if b["tag"] == "p" and "Next step" in b["text"]]
        if len(steps) != 1:
            problems.append(f"- /{path}: {len(steps)} 'Next step' paragraphs, not one")
            continue
        step = steps[0]
        headings = [i for i, b in enumerate(blocks) if b["tag"] != "p"]
        if path == "":
            today = next((i for i, b in enumerate(blocks) if b["id"] == "today"), None)
            following = [i for i in headings if today is not None and i > today]
            if today is None or not (today < step < (following[0] if following else len(blocks))):
                problems.append("- /: the 'Next step' is not in the 'today' section")
        elif step < max(headings) or step != max(i for i, b in enumerate(blocks) if b["tag"] == "p"):
            problems.append(f"- /{path}: the 'Next step' is not the last paragraph")
        hrefs = blocks[step]["hrefs"]
        if not hrefs:
            problems.append(f"- /{path}: the 'Next step' paragraph has no link")
        for href in hrefs:
            target = normpath(f"/{path}{href.split('#')[0]}").lstrip("/")
            if not (site.dir / target / "index.html").exists() and not (site.dir / target).is_file():
                problems.append(f"- /{path}: 'Next step' links to {href}, which is not a page")
    assert not problems, "guide pages without one working 'Next step':\n" + "\n".join(problems)


def test_the_first_days_page_leads_with_what_to_do(site):
    sections = [b["id"] for b in article(site, "first-days/").blocks if b["tag"] == "h2"]
    actions = ["give-it-a-day", "vent-outside-work", "dont-argue-the-decision"]
    assert sections[:3] == actions, f"first-days opens with {sections[:3]}, not the actions {actions}"


def test_the_advice_not_to_argue_points_to_help_for_unfair_treatment(site):
    """Someone passed over for who they are, or for raising a concern, is told where to turn."""
    html = (site.dir / "first-days" / "index.html").read_text(encoding="utf-8")
    section = html.split('id="dont-argue-the-decision"', 1)[1].split("<h2", 1)[0]
    text = " ".join(MainText(f"<article>{section}</article>").parts).lower()
    for needed in (
        "discrimination",
        "retaliation",
        "write down",
        "hr",
        "union representative",
        "employment-advice service",
    ):
        assert re.search(rf"\b{re.escape(needed)}\b", text), f"the 'don't argue' section does not mention {needed!r}"


def test_the_managers_page_says_what_can_be_shared_about_the_chosen_candidate(site):
    blocks = article(site, "for-managers/").blocks
    heading = next((i for i, b in enumerate(blocks) if b["id"] == "what-you-can-share"), None)
    assert heading is not None, "no 'what you can share' section on /for-managers/"
    html = (site.dir / "for-managers" / "index.html").read_text(encoding="utf-8")
    section = html.split('id="what-you-can-share"', 1)[1].split("<h2", 1)[0].lower()
    for needed in ("confidential", "can usually share", "keep private"):
        assert needed in section, f"the sharing section does not say {needed!r}"


# Each box's icon fits what the box is for (Material's defaults put a test tube on "Say this").
BOX_ICONS = {
    "The short version": "format-list-checks",
    "Today, do": "check-circle-outline",
    "Do": "check-circle-outline",
    "Today, don't": "close-circle-outline",
    "Don't": "close-circle-outline",
    "Say this": "comment-quote-outline",
    "Not this": "comment-remove-outline",
    "If you think": "scale-balance",
}


def material_icon_path(name: str) -> str:
    import material

    svg = (Path(material.__file__).parent / "templates" / ".icons" / "material" / f"{name}.svg").read_text()
    return re.search(r'\sd="([^"]+)"', svg).group(1)


def test_every_box_shows_the_icon_that_fits_its_meaning(site):
    problems = []
    for path in GUIDE:
        html = (site.dir / path / "index.html").read_text(encoding="utf-8")
        icons = {
            kind: unquote(value) for kind, value in re.findall(r"--md-admonition-icon--([a-z]+):url\('([^']+)'\)", html)
        }
        for kind, title in re.findall(
            r'<div class="admonition ([a-z]+)[^"]*">\s*<p class="admonition-title">([^<]+)</p>', html
        ):
            title = unescape(title)
            meaning = next(
                (
                    m
                    for m in BOX_ICONS
                    if title == m or title.startswith(m + ":") or (m.endswith("think") and title.startswith(m))
                ),
                None,
            )
            if meaning is None:
                problems.append(f"- /{path}: box {title!r} has no agreed icon")
            elif material_icon_path(BOX_ICONS[meaning]) not in icons.get(kind, ""):
                problems.append(f"- /{path}: box {title!r} ({kind}) does not show {BOX_ICONS[meaning]}")
    assert not problems, "boxes whose icon does not fit:\n" + "\n".join(sorted(set(problems)))


# Common British spellings; the guide is written in American English, like its sources.
BRITISH = [
    "organisation",
    "organisations",
    "organise",
    "organised",
    "judgement",
    "judgements",
    "towards",
    "afterwards",
    "behaviour",
    "behaviours",
    "colour",
    "favour",
    "honour",
    "practise",
    "licence",
    "defence",
    "centre",
    "analyse",
    "prioritise",
    "recognise",
    "realise",
    "apologise",
    "programme",
    "CV",
    "CVs",
    "enrol",
    "learnt",
    "whilst",
    "amongst",
    "labour",
    "candour",
    "travelled",
    "cancelled",
    "grey",
    "catalogue",
]
BRITISH_WORD = re.compile(r"\b(" + "|".join(BRITISH) + r")\b", re.IGNORECASE)


READER_KEYS = {"title", "label", "hint", "item_name", "button"}  # the rest are ids, types and references


def reader_text_of_data(value, key=""):
    """Every string a reader sees in a data file (titles, labels, hints, button words)."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from reader_text_of_data(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from reader_text_of_data(v, key)
    elif isinstance(value, str) and key in READER_KEYS:
        yield value


@pytest.mark.fast
def test_pages_and_worksheets_use_american_spelling():
    found = []
    for md in sorted((ROOT / "docs").rglob("*.md")):
        for n, line in markdown_lines(md):
            prose = re.sub(r"\{[^}]*\}|\]\([^)]*\)", " ", line)  # attribute lists and link targets hold ids
            for word in BRITISH_WORD.findall(prose):
                found.append(f"- {md.relative_to(ROOT)}:{n}: {word}")
    for data in sorted((ROOT / "data").rglob("*.yml")):
        for text in reader_text_of_data(yaml.safe_load(data.read_text(encoding="utf-8"))):
            for word in BRITISH_WORD.findall(text):
                found.append(f"- {data.relative_to(ROOT)}: {word} in {text!r}")
    assert not found, "British spellings (the guide uses American English):\n" + "\n".join(found)
