"""An organization's own people and pages, from data/organization.yml, where the guide mentions them.

With the file, each setting reads "At Example Co, ..." in the places listed in PLACES (and in
README.md); without it the guide reads neutrally. A malformed value stops the build with one
line: file, key, problem. Checked on real builds of a throwaway project copy.
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, assert_accessible, build_site, serve

if str(ROOT) not in sys.path:  # `pytest` (not `python -m pytest`) leaves the project root off the path
    sys.path.insert(0, str(ROOT))
from macros.definitions import DefinitionError
from macros.organization import Organization, load_organization, offline_on, org_sentence

FILE = "data/organization.yml"
# Markup in the name must arrive as text; underscores must not turn into emphasis.
SAMPLE = """\
name: Acme_R&D <Labs>
hr_contact:
  name: the People team
  email: people@acme.example
  link: https://intranet.acme.example/people
wellbeing_support:
  name: the Employee Assistance Program
  phone: "+1 800 555 0100"
job_board: https://intranet.acme.example/jobs
career_framework: https://intranet.acme.example/levels
next_promotion_round: sep
"""
AT = "At Acme_R&D <Labs>,"

# Where each setting appears: (page, the sentence's text, the links in it).
PLACES = {
    "hr_contact": (
        ["first-days/", "when-feedback-cant-be-acted-on/", "for-managers/", "accessibility/"],
        f"{AT} talk to the People team: people@acme.example or their intranet page.",
        ["mailto:people@acme.example", "https://intranet.acme.example/people"],
    ),
    "wellbeing_support": (
        ["first-days/"],
        f"{AT} the Employee Assistance Program can help: call +1 800 555 0100.",
        ["tel:+18005550100"],
    ),
    "job_board": (
        ["when-feedback-cant-be-acted-on/"],
        f"{AT} open roles are listed on the internal job board.",
        ["https://intranet.acme.example/jobs"],
    ),
    "career_framework": (
        ["talk-with-your-manager/"],
        f"{AT} the career framework sets out what each level expects.",
        ["https://intranet.acme.example/levels"],
    ),
    "next_promotion_round": (
        ["make-a-plan/"],
        f"{AT} the next promotion round is in September.",
        [],
    ),
}
# Worksheet questions whose hint gains a sentence: (page, hint element id, the sentence).
NEXT_ROUND = f"{AT} the next promotion round is in September."
HINTS = [
    ("worksheets/goal-plan/", "ws-goal-plan--next-cycle--hint", NEXT_ROUND),
    ("worksheets/take-stock/", "ws-take-stock--review-date--hint", NEXT_ROUND),
    (
        "worksheets/self-assessment/",
        "ws-self-assessment--level-source--hint",
        f"{AT} they are in the career framework: https://intranet.acme.example/levels",
    ),
]

_NOTE = re.compile(r'<span class="atn-org" data-org="(?P<key>[a-z_]+)">(?P<body>.*?)</span>', re.DOTALL)
_HREF = re.compile(r'href="([^"]+)"')


def text_of(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def notes(site: Path, page: str) -> dict[str, list[str]]:
    """{setting: [the markup of each note]} on one built page."""
    found: dict[str, list[str]] = {}
    for match in _NOTE.finditer((site / page / "index.html").read_text(encoding="utf-8")):
        found.setdefault(match["key"], []).append(match["body"])
    return found


def hint(site: Path, page: str, element_id: str) -> str:
    page_html = (site / page / "index.html").read_text(encoding="utf-8")
    found = re.search(rf'<p class="atn-hint" id="{element_id}">(.*?)</p>', page_html, re.DOTALL)
    assert found, f"no hint {element_id} on {page}"
    return text_of(found[1])


def build(project: Path, out: Path):
    return build_site(project, out, "http://127.0.0.1:8000/")


@pytest.fixture(scope="module")
def with_settings(project_copy, tmp_path_factory) -> Path:
    project = project_copy()
    (project / FILE).write_text(SAMPLE, encoding="utf-8")
    out = tmp_path_factory.mktemp("org-site")
    result = build(project, out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.mark.parametrize("setting", list(PLACES))
def test_each_setting_appears_where_the_guide_mentions_it(with_settings, setting):
    pages, sentence, links = PLACES[setting]
    for page in pages:
        on_page = notes(with_settings, page).get(setting)
        assert on_page, f"no {setting} note on {page}"
        assert [text_of(note) for note in on_page] == [sentence], page
        assert _HREF.findall(on_page[0]) == links, page


def test_no_setting_appears_anywhere_else(with_settings):
    expected = {(page, key) for key, (pages, _, _) in PLACES.items() for page in pages}
    found = set()
    for index in with_settings.rglob("index.html"):
        page = index.parent.relative_to(with_settings).as_posix() + "/"
        if page == "whole-guide/":  # the print page repeats every guide page
            continue
        found |= {(page, key) for key in notes(with_settings, page)}
    assert found == expected


@pytest.mark.parametrize("page,element_id,sentence", HINTS)
def test_worksheet_hints_name_the_next_round_and_the_framework(with_settings, page, element_id, sentence):
    assert hint(with_settings, page, element_id).endswith(f". {sentence}")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages_with_the_settings_pass_axe(browser, with_settings, scheme):
    server = serve(with_settings)
    tab = browser.new_page(base_url=server.url, color_scheme=scheme)
    try:
        for page in sorted({page for pages, _, _ in PLACES.values() for page in pages}):
            tab.goto(page)
            assert tab.locator(".atn-org").count(), page
            assert_accessible(tab, f"/{page} with data/organization.yml ({scheme})")
    finally:
        tab.close()
        server.shutdown()


def test_the_print_page_carries_the_settings_too(with_settings):
    found = notes(with_settings, "whole-guide")
    assert set(found) == set(PLACES), "every setting prints with the whole guide"


def test_without_the_file_the_guide_reads_neutrally(site):
    """The suite's own site is built from the checkout, which has no data/organization.yml."""
    assert not (ROOT / FILE).exists(), "this checkout has its own organization.yml: test needs it absent"
    for index in site.dir.rglob("*.html"):
        assert 'class="atn-org"' not in index.read_text(encoding="utf-8"), index
    plan = yaml.safe_load((ROOT / "data/worksheets/goal-plan.yml").read_text(encoding="utf-8"))
    written = plan["sections"][0]["fields"][0]
    assert written["id"] == "next-cycle"
    assert hint(site.dir, "worksheets/goal-plan/", "ws-goal-plan--next-cycle--hint") == written["hint"]


def test_without_the_file_the_first_days_page_names_support_and_complaint_time_limits(site):
    """Neutral words where the organization's own would go, in the same sentence slots."""
    first_days = (site.dir / "first-days" / "index.html").read_text(encoding="utf-8")
    neutral = re.search(r'<span class="atn-neutral" data-org="wellbeing_support">(.*?)</span>', first_days, re.DOTALL)
    assert neutral, "no neutral wellbeing signpost on the first-days page"
    for words in ("doctor", "local helpline", "employee assistance program", "if your employer has one"):
        assert words in text_of(neutral[1]), words
    box = re.search(r'<div class="admonition info">(.*?)</div>', first_days, re.DOTALL)
    assert box and "Formal complaints often have time limits, so check yours" in text_of(box[1])


def test_the_organizations_wellbeing_support_replaces_the_neutral_words(with_settings):
    first_days = (with_settings / "first-days" / "index.html").read_text(encoding="utf-8")
    assert 'data-org="wellbeing_support"' in first_days and "atn-neutral" not in first_days
    assert "Formal complaints often have time limits" in first_days, "the time limit needs no setting"


@pytest.mark.parametrize("written", ["mailto:people@acme.example", "MAILTO: people@acme.example"])
def test_a_mailto_prefix_on_the_email_is_accepted_once(tmp_path, written):
    (tmp_path / "organization.yml").write_text(
        f"name: Acme\nhr_contact: {{name: HR, email: '{written}'}}\n", encoding="utf-8"
    )
    org = load_organization(tmp_path)
    assert org.hr_contact.email == "people@acme.example"
    assert org_sentence(org, "hr_contact").count("mailto:") == 1


# A malformed file ----------------------------------------------------------------------------

MALFORMED = [
    pytest.param(
        "name: Acme\nhr_contact: {name: HR, email: people-at-acme}\n",
        f"{FILE}: hr_contact.email: 'people-at-acme' is not an e-mail address (expected something like hr@example.com)",
        id="bad-email",
    ),
    pytest.param(
        "name: Acme\njob_board: intranet/jobs\n",
        f"{FILE}: job_board: 'intranet/jobs' must be a full web address starting with https:// (or http://)",
        id="bad-url",
    ),
    pytest.param(
        "name: Acme\nhr_contact: {name: HR, link: 'mailto:people@acme.example'}\n",
        f"{FILE}: hr_contact.link: 'mailto:people@acme.example' must be a full web address "
        "starting with https:// (or http://)",
        id="mailto-as-link",
    ),
    pytest.param(
        "name: Acme\ncareer_framework: ftp://files.acme.example/levels\n",
        f"{FILE}: career_framework: 'ftp://files.acme.example/levels' must be a full web "
        "address starting with https:// (or http://)",
        id="not-a-web-address",
    ),
    pytest.param(
        "name: Acme\njobs_board: https://intranet.acme.example/jobs\n",
        f"{FILE}: jobs_board: is not a known key; the keys are name, hr_contact, "
        "wellbeing_support, job_board, career_framework, next_promotion_round, offline",
        id="unknown-key",
    ),
    pytest.param(
        "name: Acme\nhr_contact: {name: HR, mail: people@acme.example}\n",
        f"{FILE}: hr_contact.mail: is not a known key (check the spelling)",
        id="unknown-nested-key",
    ),
    pytest.param(
        "name: Acme\nnext_promotion_round: Spring\n",
        f"{FILE}: next_promotion_round: 'Spring' is not a month (write its name, such as "
        "March, or its number, 1 to 12)",
        id="not-a-month",
    ),
    pytest.param(
        "name: Acme\nnext_promotion_round: 13\n",
        f"{FILE}: next_promotion_round: 13 is not a month (write its name, such as March, or its number, 1 to 12)",
        id="month-thirteen",
    ),
    pytest.param(
        "name: Acme\nhr_contact: {name: HR}\n",
        f"{FILE}: hr_contact: needs email or link (or both), so readers can reach it",
        id="hr-unreachable",
    ),
    pytest.param(
        "job_board: https://intranet.acme.example/jobs\n", f"{FILE}: name: is required but missing", id="no-name"
    ),
    pytest.param(
        "name: Acme\nname: Acme Ltd\n",
        f"{FILE}: line 2, column 1: YAML syntax error: the key 'name' is written twice",
        id="key-twice",
    ),
]


@pytest.mark.fast
@pytest.mark.parametrize("text,line", MALFORMED)
def test_a_malformed_value_is_one_line_naming_file_key_and_problem(tmp_path, text, line):
    (tmp_path / "organization.yml").write_text(text, encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        load_organization(tmp_path)
    assert str(caught.value) == line


def test_the_strict_build_stops_with_that_line_and_no_traceback(project_copy, tmp_path):
    project = project_copy()
    (project / FILE).write_text("name: Acme\nhr_contact: {name: HR, email: people-at-acme}\n")
    result = build(project, tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output, output
    problem = [line for line in output.splitlines() if FILE in line]
    assert len(problem) == 1 and problem[0].endswith(
        "data/organization.yml: hr_contact.email: 'people-at-acme' is not an e-mail address "
        "(expected something like hr@example.com)"
    ), output


@pytest.mark.fast
def test_the_british_spelling_of_the_file_is_not_silently_ignored(tmp_path):
    (tmp_path / "organisation.yml").write_text("name: Acme\n")
    with pytest.raises(DefinitionError, match=r"^data/organisation.yml: the guide reads only data/organization.yml"):
        load_organization(tmp_path)


@pytest.mark.fast
def test_the_example_file_loads_and_documents_every_key(tmp_path):
    example = (ROOT / "data" / "organization.example.yml").read_text(encoding="utf-8")
    (tmp_path / "organization.yml").write_text(example, encoding="utf-8")
    loaded = load_organization(tmp_path)
    keys = set(Organization.model_fields)
    for name, field in Organization.model_fields.items():
        model = getattr(field.annotation, "__args__", [field.annotation])[0]
        keys |= {f"{name}.{sub}" for sub in getattr(model, "model_fields", {})}
    assert all(getattr(loaded, name) is not None for name in Organization.model_fields), loaded
    data = yaml.safe_load(example)
    written = set(data) | {f"{name}.{sub}" for name, value in data.items() if isinstance(value, dict) for sub in value}
    assert keys == written, "every key the model knows is in the example, and only those"


@pytest.mark.fast
def test_the_readme_lists_every_place():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for setting, (pages, _, _) in PLACES.items():
        row = next(line for line in readme.splitlines() if line.startswith(f"| `{setting}`"))
        for page in pages:
            assert f"`docs/{page.rstrip('/')}.md`" in row, (setting, page)


def test_the_whole_guide_prints_the_address_of_each_link_to_another_site(browser, with_settings):
    from printkit import pdf_pages

    server = serve(with_settings)
    tab = browser.new_page(base_url=server.url)
    try:
        tab.goto("whole-guide/")
        tab.locator("#print-page-toc a").first.wait_for(state="attached")
        text = re.sub(r"\s+", "", " ".join(pdf_pages(tab.pdf(format="A4"))))  # addresses break anywhere
    finally:
        tab.close()
        server.shutdown()
    for address in [
        "(https://intranet.acme.example/jobs)",
        "(https://intranet.acme.example/levels)",
        "(https://intranet.acme.example/people)",
        "(people@acme.example)",
    ]:
        assert address in text, f"{address} is not printed after its link"
    assert "(http://127.0.0.1" not in text, "links within the guide print no address"


def test_offline_is_on_unless_the_file_switches_it_off(tmp_path):
    assert offline_on(None), "without the file, the guide reads offline"
    (tmp_path / "organization.yml").write_text("name: Example Co\n", encoding="utf-8")
    assert offline_on(load_organization(tmp_path))
    (tmp_path / "organization.yml").write_text("name: Example Co\noffline: false\n", encoding="utf-8")
    assert not offline_on(load_organization(tmp_path))
    (tmp_path / "organization.yml").write_text("name: Example Co\noffline: sometimes\n", encoding="utf-8")
    with pytest.raises(DefinitionError, match=r"^data/organization.yml: offline: "):
        load_organization(tmp_path)
