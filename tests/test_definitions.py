"""A mistake in a worksheet or checklist definition stops the build with one plain line per problem.

Each line names the file, the item (`sections[0].fields[1]`) and the problem in words, and the
build output never shows a Python traceback. The wording is checked fast by calling the loader
directly; a few real `mkdocs build` runs prove the same lines reach the author and stop the build.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

from conftest import ROOT, build_site
from formkit import CHECKLISTS, WORKSHEETS

if str(ROOT) not in sys.path:  # `pytest` (not `python -m pytest`) leaves the project root off the path
    sys.path.insert(0, str(ROOT))
from macros.definitions import FOLDERS, DefinitionError, check_form_pages, check_links_between_forms, load_forms

HEADER = "Bad worksheet or checklist definition:"
WS = "data/worksheets/broken.yml"
CL = "data/checklists/broken.yml"

# The start of a worksheet whose first section's fields follow (indented six spaces).
WORKSHEET = """\
kind: worksheet
id: broken
title: Broken
sections:
  - id: first
    title: First
    fields:
      - {id: name, type: text, label: Your name}
"""
CHECKLIST = """\
kind: checklist
id: broken
title: Broken
sections:
  - id: first
    title: First
    items:
      - {id: rested, label: I have rested}
"""
ALL_TYPES = "'text', 'textarea', 'date', 'rating', 'choice', 'history', 'group'"


class Case:
    """One broken definition and the exact lines the author must see (... stands for any text)."""

    def __init__(self, name: str, text: str, *lines: str, file: str = WS, xfail: str = "") -> None:
        self.name, self.text, self.lines, self.file, self.xfail = name, text, lines, file, xfail

    def param(self):
        marks = [pytest.mark.xfail(strict=True, reason=self.xfail)] if self.xfail else []
        return pytest.param(self, id=self.name, marks=marks)

    def write(self, data: Path) -> None:
        target = data.parent / self.file
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(self.text, encoding="utf-8")


QUOTE_IT = "must be text: put it in quotes (YAML reads unquoted Yes, No, On and Off as true or false)"

CASES = [
    Case(
        "unknown-field-type",
        WORKSHEET + "      - {id: mood, type: slider, label: Mood}\n",
        f"{WS}: sections[0].fields[1]: unknown 'type' 'slider'; use one of {ALL_TYPES}",
    ),
    Case(
        "duplicate-field-id-in-one-section",
        WORKSHEET + "      - {id: name, type: textarea, label: Another name}\n",
        f"{WS}: sections[0].fields[1].id: duplicate field id 'name' (first used at sections[0].fields[0].id)",
    ),
    Case(
        "duplicate-field-id-between-top-level-and-group",
        WORKSHEET
        + """\
  - id: second
    title: Second
    fields:
      - id: goals
        type: group
        label: Goals
        item_name: goal
        fields:
          - {id: name, type: text, label: Goal}
""",
        f"{WS}: sections[1].fields[0].fields[0].id: duplicate field id 'name' (first used at sections[0].fields[0].id)",
    ),
    Case(
        "duplicate-field-id-in-a-revealed-follow-up",
        WORKSHEET
        + """\
      - id: direction
        type: choice
        label: Direction
        options:
          - {value: stay, label: Stay, reveal: {fields: [{id: name, type: text, label: First step}]}}
          - {value: look, label: Look outside}
""",
        f"{WS}: sections[0].fields[1].options[0].reveal.fields[0].id: duplicate field id 'name' "
        "(first used at sections[0].fields[0].id)",
    ),
    Case(
        "duplicate-checklist-item-across-sections",
        CHECKLIST + "  - id: second\n    title: Second\n    items:\n      - {id: rested, label: Rested again}\n",
        f"{CL}: sections[1].items[0].id: duplicate item id 'rested' (first used at sections[0].items[0].id)",
        file=CL,
    ),
    Case(
        "unknown-section-audience",
        WORKSHEET.replace("    title: First\n", "    title: First\n    audience: secret\n", 1),
        f"{WS}: sections[0].audience: Input should be 'shared' or 'private'",
    ),
    # Privacy by question, never by the answer chosen: an option that sets it is refused, even
    # with a valid value, in one line that says where to put it instead.
    Case(
        "private-option",
        WORKSHEET
        + """\
      - id: direction
        type: choice
        label: Direction
        options:
          - {value: stay, label: Stay}
          - {value: look, label: Look outside, audience: private}
""",
        f"{WS}: sections[0].fields[1].options[1]: an option can't set audience: privacy is per question or "
        "section, never per answer; put 'audience: private' on the question instead",
    ),
    Case(
        "unknown-form-audience",
        WORKSHEET.replace("title: Broken\n", "title: Broken\naudience: secret\n", 1),
        f"{WS}: audience: Input should be 'shared' or 'private'",
    ),
    Case(
        "missing-label",
        WORKSHEET + "      - {id: role, type: text}\n",
        f"{WS}: sections[0].fields[1].label: is required but missing",
    ),
    Case(
        "missing-checklist-item-label",
        CHECKLIST + "      - {id: slept}\n",
        f"{CL}: sections[0].items[1].label: is required but missing",
        file=CL,
    ),
    Case(
        "choice-without-options",
        WORKSHEET + "      - {id: direction, type: choice, label: Direction}\n",
        f"{WS}: sections[0].fields[1].options: is required but missing",
    ),
    Case(
        "choice-with-only-one-option",
        WORKSHEET + "      - {id: direction, type: choice, label: Direction, options: [{value: stay, label: Stay}]}\n",
        f"{WS}: sections[0].fields[1].options: needs at least 2 entries",
    ),
    Case(
        "yaml-syntax-error-names-the-line",
        WORKSHEET + "      - id: role\n        type: text\n       label: Role\n",
        f"{WS}: line 11, column 8: YAML syntax error: ...",
    ),
    Case(
        "yaml-tab-indent-names-the-line",
        WORKSHEET + "      - id: role\n\ttype: text\n",
        f"{WS}: line 10, column 1: YAML syntax error: found character '\\t' that cannot start any token",
    ),
    Case(
        "id-not-matching-file-name",
        WORKSHEET.replace("id: broken", "id: brokn", 1),
        f"{WS}: id: is 'brokn' but must match the file name 'broken'",
    ),
    Case(
        "misspelt-required-key",
        WORKSHEET + "      - {id: role, type: text, lable: Role}\n",
        f"{WS}: sections[0].fields[1].label: is required but missing",
        f"{WS}: sections[0].fields[1].lable: is not a known key (check the spelling)",
    ),
    Case(
        "misspelt-optional-key",
        WORKSHEET + "      - {id: role, type: text, label: Role, hnit: A hint}\n",
        f"{WS}: sections[0].fields[1].hnit: is not a known key (check the spelling)",
    ),
    Case(
        "id-with-capitals-or-underscores",
        WORKSHEET + "      - {id: Next_Step, type: text, label: Next step}\n",
        f"{WS}: sections[0].fields[1].id: must be lower-case letters and digits in words joined by "
        "single hyphens, starting with a letter",
    ),
    Case(
        "unknown-kind",
        WORKSHEET.replace("kind: worksheet", "kind: survey"),
        f"{WS}: unknown 'kind' 'survey'; use one of 'worksheet', 'checklist'",
    ),
    Case(
        "group-inside-a-group",
        WORKSHEET
        + """\
      - id: goals
        type: group
        label: Goals
        item_name: goal
        fields:
          - {id: steps, type: group, label: Steps, item_name: step, fields: [{id: step, type: text, label: Step}]}
""",
        f"{WS}: sections[0].fields[1].fields[0]: unknown 'type' 'group'; use one of "
        "'text', 'textarea', 'date', 'rating', 'choice', 'history'",
    ),
    Case(
        "rating-scale-with-four-words",
        WORKSHEET + "      - {id: ready, type: rating, label: Ready, scale: [Never, Rarely, Sometimes, Often]}\n",
        f"{WS}: sections[0].fields[1].scale: needs at least 5 entries",
    ),
    Case("empty-file", "", f"{WS}: must be a YAML mapping with kind, id, title and sections"),
    # Mistakes that once slipped through silently or with unclear words.
    Case(
        "field-without-type",
        WORKSHEET + "      - {id: role, label: Role}\n",
        f"{WS}: sections[0].fields[1]: needs a 'type' key",
    ),
    Case(
        "duplicate-option-value",
        WORKSHEET + "      - {id: direction, type: choice, label: Direction, "
        "options: [{value: stay, label: Stay}, {value: stay, label: Stay too}]}\n",
        f"{WS}: sections[0].fields[1].options[1].value: duplicate option value 'stay' "
        "(first used at sections[0].fields[1].options[0].value)",
    ),
    Case(
        "duplicate-section-id",
        WORKSHEET + "  - id: first\n    title: Again\n    fields:\n      - {id: other, type: text, label: Other}\n",
        f"{WS}: sections[1].id: duplicate section id 'first' (first used at sections[0].id)",
    ),
    Case(
        "key-written-twice",
        WORKSHEET + "      - {id: role, type: text, label: Role, label: Job}\n",
        f"{WS}: line 9, column 45: YAML syntax error: the key 'label' is written twice",
    ),
    Case(
        "unquoted-yes-and-no-read-as-true-and-false",
        WORKSHEET + "      - {id: told-why, type: choice, label: Were you told the reason, "
        "options: [{value: told, label: Yes}, {value: not-told, label: No}]}\n",
        f"{WS}: sections[0].fields[1].options[0].label: {QUOTE_IT}",
        f"{WS}: sections[0].fields[1].options[1].label: {QUOTE_IT}",
    ),
    Case(
        "migration-renames-to-a-field-that-does-not-exist",
        WORKSHEET + "version: 2\nmigrations:\n  - to_version: 2\n    renamed: {full-name: nmae}\n",
        f"{WS}: migrations[0].renamed.full-name: renames 'full-name' to 'nmae', which is not a field id of version 2",
    ),
    Case(
        "migration-renames-a-field-that-still-exists",
        WORKSHEET + "      - {id: role, type: text, label: Role}\n"
        "version: 2\nmigrations:\n  - to_version: 2\n    renamed: {role: name}\n",
        f"{WS}: migrations[0].renamed.role: renames 'role' to 'name', but 'role' is still a field id of version 2",
    ),
    Case(
        "older-migration-renames-to-an-id-a-later-one-does-not-take-over",
        WORKSHEET + "version: 3\nmigrations:\n  - to_version: 2\n    renamed: {title: job}\n"
        "  - to_version: 3\n    renamed: {full-name: name}\n",
        f"{WS}: migrations[0].renamed.title: renames 'title' to 'job', which is not a field id of version 2",
    ),
    Case(
        "checklist-migration-renames-to-an-item-that-does-not-exist",
        CHECKLIST + "version: 2\nmigrations:\n  - to_version: 2\n    renamed: {slept: sleep}\n",
        f"{CL}: migrations[0].renamed.slept: renames 'slept' to 'sleep', which is not an item id of version 2",
        file=CL,
    ),
    Case(
        "checklist-in-the-worksheets-folder",
        CHECKLIST,
        f"{WS}: kind: is 'checklist', but files in worksheets/ must be 'worksheet'",
    ),
    Case(
        "history-of-a-text-answer",
        WORKSHEET + "      - {id: name-history, type: history, of: name, label: Name history}\n",
        f"{WS}: sections[0].fields[1].of: 'name' is not a choice or rating beside 'name-history'",
    ),
    Case(
        "history-with-an-audience-of-its-own",
        WORKSHEET
        + "      - {id: ready, type: rating, label: Ready}\n"
        + "      - {id: ready-history, type: history, of: ready, label: History, audience: private}\n",
        f"{WS}: sections[0].fields[2].audience: a history follows the audience of 'ready': set it there",
    ),
    Case(
        "history-migration-with-an-answer-the-question-lacks",
        WORKSHEET.replace(
            "sections:",
            "version: 2\nmigrations:\n  - to_version: 2\n    histories:\n"
            "      ready-history: [{date: rated-on, value: '9'}]\nsections:",
        )
        + "      - {id: ready, type: rating, label: Ready}\n"
        + "      - {id: ready-history, type: history, of: ready, label: History}\n",
        f"{WS}: migrations[0].histories.ready-history[0]: '9' is not an answer of 'ready'",
    ),
]


def problems_from(message: str) -> list[str]:
    lines = message.splitlines()
    assert lines[0] == HEADER, message
    return lines[1:]


def matches(want: str, line: str) -> bool:
    """Exact, except that each ... in `want` stands for any text (for wording owned by PyYAML)."""
    return re.fullmatch(".*".join(map(re.escape, want.split("..."))), line) is not None


def assert_lines(expected: tuple[str, ...], got: list[str], output: str) -> None:
    assert len(got) == len(expected), f"expected {len(expected)} problem line(s), got:\n{output}"
    for want, line in zip(expected, got):
        assert matches(want, line), f"expected {want!r}, got:\n{output}"


def empty_data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    for folder in ("worksheets", "checklists"):
        (data / folder).mkdir(parents=True)
    return data


@pytest.mark.fast
@pytest.mark.parametrize("case", [c.param() for c in CASES])
def test_a_bad_definition_is_reported_with_its_file_item_and_problem(tmp_path, case):
    data = empty_data(tmp_path)
    case.write(data)
    with pytest.raises(DefinitionError) as caught:
        load_forms(data)
    message = str(caught.value)
    assert "pydantic" not in message.lower() and "Traceback" not in message, message
    assert_lines(case.lines, problems_from(message), message)


@pytest.mark.fast
def test_a_copied_definition_that_keeps_its_old_id_is_reported(tmp_path):
    data = empty_data(tmp_path)
    shutil.copy(ROOT / "data" / "worksheets" / "goal-plan.yml", data / "worksheets" / "goal-plan-copy.yml")
    with pytest.raises(DefinitionError) as caught:
        load_forms(data)
    assert problems_from(str(caught.value)) == [
        "data/worksheets/goal-plan-copy.yml: id: is 'goal-plan' but must match the file name 'goal-plan-copy'"
    ]


@pytest.mark.fast
def test_every_broken_file_is_reported_at_once_not_only_the_first(tmp_path):
    data = empty_data(tmp_path)
    (data / "worksheets" / "broken.yml").write_text(CASES[0].text)
    (data / "checklists" / "broken.yml").write_text(CHECKLIST + "      - {id: slept}\n")
    with pytest.raises(DefinitionError) as caught:
        load_forms(data)
    files = sorted(line.split(":")[0] for line in problems_from(str(caught.value)))
    assert files == [CL, WS], str(caught.value)


@pytest.mark.fast
def test_a_worksheet_and_a_checklist_cannot_share_an_id(tmp_path):
    data = empty_data(tmp_path)
    (data / "worksheets" / "broken.yml").write_text(WORKSHEET)
    (data / "checklists" / "broken.yml").write_text(CHECKLIST)
    with pytest.raises(DefinitionError) as caught:
        load_forms(data)
    # Sorted paths put checklists/ first, so the worksheet is the second one.
    assert problems_from(str(caught.value)) == [f"{WS}: id: 'broken' is already used by data/checklists/broken.yml"]


@pytest.mark.fast
def test_every_real_worksheet_and_checklist_loads():
    forms = load_forms(ROOT / "data")
    worksheets = sorted(f.id for f in forms.values() if f.kind == "worksheet")
    checklists = sorted(f.id for f in forms.values() if f.kind == "checklist")
    guided = sorted(p.stem for p in (ROOT / "data" / "guided").glob("*.y*ml"))  # worksheets with a page of their own
    assert worksheets == sorted(WORKSHEETS + guided)
    assert checklists == sorted(CHECKLISTS)
    on_disk = {p.stem: FOLDERS[p.parent.name] for folder in FOLDERS for p in (ROOT / "data" / folder).glob("*.y*ml")}
    assert {id: form.kind for id, form in forms.items()} == on_disk, "each file's kind matches its folder"


# Every case is checked in-process above; a real build per kind of failure proves the line reaches
# the author: one the YAML reader finds, one the models find.
BUILD_CASES = [
    "unknown-field-type",
    "yaml-syntax-error-names-the-line",
]


@pytest.mark.parametrize("name", BUILD_CASES)
def test_the_real_build_stops_with_the_problem_line_and_no_traceback(project_copy, tmp_path, name):
    case = next(c for c in CASES if c.name == name)
    project = project_copy()
    case.write(project / "data")
    result = build_site(project, tmp_path / "out", "http://127.0.0.1:8000/")
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"the build must stop on a bad definition:\n{output}"
    assert "Traceback" not in output, output
    assert HEADER in output, output
    for want in case.lines:
        assert any(matches(want, line) for line in output.splitlines()), f"no line like {want!r} in:\n{output}"


@pytest.mark.fast
def test_a_chain_of_renames_and_a_swap_load(tmp_path):
    data = empty_data(tmp_path)
    (data / "worksheets" / "broken.yml").write_text(
        WORKSHEET + "      - {id: role, type: text, label: Role}\n"
        "version: 4\nmigrations:\n  - to_version: 2\n    renamed: {your-name: full-name}\n"
        "  - to_version: 3\n    renamed: {full-name: name}\n"
        "  - to_version: 4\n    renamed: {name: role, role: name}\n"
    )
    assert load_forms(data)["broken"].version == 4


# Each form's page: where My answers and the plan at a glance link ---------------------------------

PAGES_HEADER = "Bad worksheet or checklist page:"


def check_pages_of(project: Path) -> None:
    import yaml

    nav = yaml.load((project / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)["nav"]
    check_form_pages(load_forms(project / "data"), project / "data", project / "docs", nav)


@pytest.mark.fast
def test_every_real_form_has_its_page_calling_its_macro():
    check_pages_of(ROOT)  # raises DefinitionError if not


def edit(path: str, old: str, new: str):
    def change(project: Path) -> None:
        page = project / path
        page.write_text(page.read_text().replace(old, new))

    return change


@pytest.mark.fast
@pytest.mark.parametrize(
    "change, line",
    [
        pytest.param(
            lambda project: (project / "docs" / "worksheets" / "goal-plan.md").unlink(),
            "data/worksheets/goal-plan.yml: id: no page for 'goal-plan': write docs/worksheets/goal-plan.md "
            'calling {{ form("goal-plan") }} (My answers and the plan at a glance link to /worksheets/goal-plan/)',
            id="missing-page",
        ),
        pytest.param(
            edit("docs/checklists/first-48-hours.md", 'form("first-48-hours")', 'form("before-feedback-meeting")'),
            'docs/checklists/first-48-hours.md: must call {{ form("first-48-hours") }}: it is the page of '
            "checklist 'first-48-hours', where My answers and the plan at a glance link",
            id="page-shows-another-form",
        ),
        pytest.param(
            edit("docs/worksheets/take-stock.md", "render_macros: true", "render_macros: false"),
            "docs/worksheets/take-stock.md: front matter: needs render_macros: true, or "
            '{{ form("take-stock") }} shows as text',
            id="macros-not-rendered",
        ),
        pytest.param(
            edit("mkdocs.yml", "      - Take stock: worksheets/take-stock.md\n", ""),
            "docs/worksheets/take-stock.md: is not in the nav of mkdocs.yml",
            id="page-not-in-nav",
        ),
    ],
)
def test_a_wrong_form_page_is_reported_with_its_file_and_problem(project_copy, change, line):
    project = project_copy()
    change(project)
    with pytest.raises(DefinitionError) as caught:
        check_pages_of(project)
    assert str(caught.value).splitlines() == [PAGES_HEADER, line]


def test_the_real_build_stops_when_a_form_page_is_missing(project_copy, tmp_path):
    project = project_copy()
    (project / "docs" / "worksheets" / "achievements.md").unlink()
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("      - Achievements log: worksheets/achievements.md\n", ""))
    result = build_site(project, tmp_path / "out", "http://127.0.0.1:8000/")
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output, output
    assert "data/worksheets/achievements.yml: id: no page for 'achievements'" in output, output


# The guided start's reading order and the goal plan's gaps: rules that name a question, a choice,
# a page or a worksheet that does not exist stop the build with one line.
START = (ROOT / "data" / "guided" / "start.yml").read_text()


@pytest.mark.parametrize(
    "old, new, line",
    [
        (
            "avoid.\n      when: {reading-for: [supporting]}",
            "avoid.\n      when: {reading-for: [nobody]}",
            "data/guided/start.yml: reading_order.pages[0].when.reading-for: 'nobody' is not a choice of 'reading-for'",
        ),
        (
            "{when-news: [today, this-week, unanswered]}",
            "{mood: [calm]}",
            "data/guided/start.yml: reading_order.pages[3].when.mood: 'mood' is not a choice question of this worksheet",
        ),
        (
            "want-unsure: They're not sure",
            "want-maybe: They're not sure",
            (
                "data/guided/start.yml: reading_order.reword.fields.still-want.options.want-maybe: "
                "'want-maybe' is not a choice of 'still-want'"
            ),
        ),
        (
            "    - page: first-days.md\n",
            "    - page: first-days.md\n      form: first-48-hours\n",
            (
                "data/guided/start.yml: reading_order.pages[3]: a step names either a page (page: x.md) "
                "or a worksheet or checklist (form: id)"
            ),
        ),
        (
            (
                "    - page: make-a-plan.md\n      why: A plan with dates turns a direction into steps.\n"
                "      why_reworded: A plan with dates turns their direction into steps you can support.\n"
            ),
            "",
            "data/guided/start.yml: reading_order.pages: only 2 page(s) when answered when-news=while-ago; every answer needs at least 3",
        ),
    ],
    ids=["unknown-choice", "unknown-question", "unknown-reworded-option", "page-and-form", "too-few-pages"],
)
def test_a_bad_reading_rule_is_reported_in_one_line(tmp_path, old, new, line):
    data = empty_data(tmp_path)
    (data / "guided").mkdir()
    assert old in START
    (data / "guided" / "start.yml").write_text(START.replace(old, new, 1))
    with pytest.raises(DefinitionError) as caught:
        load_forms(data)
    assert problems_from(str(caught.value)) == [line], str(caught.value)


def test_a_reason_in_a_managers_words_needs_the_rewording_it_belongs_to(tmp_path):
    data = empty_data(tmp_path)
    (data / "guided").mkdir()
    without_reword = START[: START.index("  # A manager or HR partner reads")] + START[START.index("  pages:\n") :]
    (data / "guided" / "start.yml").write_text(without_reword)
    with pytest.raises(DefinitionError) as caught:
        load_forms(data)
    assert problems_from(str(caught.value))[0] == (
        "data/guided/start.yml: reading_order.pages[3].why_reworded: "
        "there is no reading_order.reword whose words it would be"
    ), str(caught.value)


def test_a_reading_order_naming_a_missing_page_or_worksheet_is_reported(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    start = data / "guided" / "start.yml"
    start.write_text(START.replace("page: stories.md", "page: story.md").replace("form: take-stock", "form: take-stok"))
    with pytest.raises(DefinitionError) as caught:
        check_links_between_forms(load_forms(data), data, ROOT / "docs")
    lines = str(caught.value).splitlines()[1:]
    assert lines[0] == "data/guided/start.yml: reading_order.pages[9].page: 'story.md' is not a page in docs/"
    assert lines[1].startswith(
        "data/guided/start.yml: reading_order.next[2].form: 'take-stok' is not a worksheet or checklist"
    )
    assert len(lines) == 2, lines


def test_the_real_build_stops_on_a_reading_order_naming_a_missing_page(project_copy, tmp_path):
    project = project_copy()
    start = project / "data" / "guided" / "start.yml"
    start.write_text(start.read_text().replace("page: stories.md", "page: story.md"))
    result = build_site(project, tmp_path / "out", "http://127.0.0.1:8000/")
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output, output
    assert "data/guided/start.yml: reading_order.pages[9].page: 'story.md' is not a page in docs/" in output, output
