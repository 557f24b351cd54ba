"""Load and validate every definition in `data/`, turning each problem into one readable line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError
from pydantic import TypeAdapter, ValidationError

from .models import Form, RuleBroken

FORM = TypeAdapter(Form)
# folder -> the kind it holds; guided/ holds worksheets with a page of their own (`page:`), such as
# the guided start's questions, kept apart from the worksheets the guide lists.
FOLDERS = {"worksheets": "worksheet", "checklists": "checklist", "guided": "worksheet"}

# Friendlier words for the pydantic errors a definition author is likely to meet.
MESSAGES = {
    "missing": "is required but missing",
    "extra_forbidden": "is not a known key (check the spelling)",
    "union_tag_invalid": "unknown {discriminator} {tag!r}; use one of {expected_tags}",
    "union_tag_not_found": "needs a {discriminator} key",
    "string_too_short": "must not be empty",
    "too_short": "needs at least {min_length} entr{plural}",
    "too_long": "allows at most {max_length} entries",
    "string_pattern_mismatch": "must be lower-case letters and digits in words joined by single hyphens, starting with a letter",
}


class DefinitionError(PluginError):
    """A definition file is wrong; the message names the file, the item and the problem."""


@dataclass(frozen=True)
class Problem:
    file: str
    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.file}: {self.where}: {self.what}" if self.where else f"{self.file}: {self.what}"


def load_forms(data_dir: Path) -> dict:
    """Every worksheet and checklist by id; raises DefinitionError listing every problem found."""
    forms, files, problems = {}, {}, []
    for path in sorted(p for folder in FOLDERS for p in (data_dir / folder).glob("*.y*ml")):
        shown = path.relative_to(data_dir.parent).as_posix()
        try:
            form = _parse(path, shown)
        except BadFile as bad:
            problems.extend(bad.problems)
            continue
        expected_kind = FOLDERS[path.parent.name]
        if form.kind != expected_kind:
            problems.append(
                Problem(shown, "kind", f"is {form.kind!r}, but files in {path.parent.name}/ must be {expected_kind!r}")
            )
        elif form.id != path.stem:
            problems.append(Problem(shown, "id", f"is {form.id!r} but must match the file name {path.stem!r}"))
        elif form.id in forms:
            problems.append(Problem(shown, "id", f"{form.id!r} is already used by {files[form.id]}"))
        else:
            forms[form.id], files[form.id] = form, shown
    if problems:
        raise DefinitionError("Bad worksheet or checklist definition:\n" + "\n".join(map(str, problems)))
    return forms


def form_page(form) -> str:
    """Where a form's page is served, from the site root: My answers and the glance link there."""
    return getattr(form, "page", None) or f"{form.kind}s/{form.id}/"


def check_links_between_forms(forms: dict, data_dir: Path, docs_dir: Path) -> None:
    """Every page a reading order names is in docs/, every form it suggests exists; raises
    DefinitionError with one line per problem."""
    problems = []
    for form in forms.values():
        order = getattr(form, "reading_order", None)
        shown = _data_file(form, data_dir)
        for i, step in enumerate(order.pages if order else []):
            if step.page and not (docs_dir / step.page).is_file():
                problems.append(
                    Problem(shown, f"reading_order.pages[{i}].page", f"'{step.page}' is not a page in docs/")
                )
        steps = [("pages", i, s) for i, s in enumerate(order.pages if order else []) if s.form]
        for part, i, step in steps + [("next", i, s) for i, s in enumerate(order.next if order else [])]:
            if step.form not in forms:
                problems.append(
                    Problem(
                        shown,
                        f"reading_order.{part}[{i}].form",
                        f"'{step.form}' is not a worksheet or checklist; known ids: {', '.join(sorted(forms))}",
                    )
                )
        gaps = getattr(form, "goals_from_gaps", None)
        if gaps and getattr(forms.get(gaps.form), "gap_chart", None) is None:
            problems.append(
                Problem(shown, "goals_from_gaps.form", f"'{gaps.form}' is not a worksheet with a gap_chart")
            )
        problems.extend(_agenda_problems(form, forms, shown))
    if problems:
        raise DefinitionError("Bad reading order or gap reference:\n" + "\n".join(map(str, problems)))


def _agenda_problems(form, forms: dict, shown: str) -> list[Problem]:
    """Each agenda item names a worksheet and a top-level field of it (a group's columns among its
    row fields), or asks for the gaps of a worksheet with a gap_chart."""
    agenda = getattr(form, "agenda", None)
    problems = []
    for i, item in enumerate(agenda.items if agenda else []):
        here = f"agenda.items[{i}]"
        source = forms.get(item.form)
        if getattr(source, "kind", None) != "worksheet":
            problems.append(Problem(shown, f"{here}.form", f"'{item.form}' is not a worksheet"))
            continue
        if bool(item.gaps) == bool(item.field):
            problems.append(Problem(shown, here, "needs either a field or gaps, not both"))
            continue
        if item.gaps:
            if source.gap_chart is None:
                problems.append(Problem(shown, f"{here}.gaps", f"'{item.form}' has no gap_chart"))
            continue
        field = next((f for s in source.sections for f in s.fields if f.id == item.field), None)
        if field is None:
            problems.append(
                Problem(shown, f"{here}.field", f"'{item.field}' is not a top-level field of '{item.form}'")
            )
        elif field.type == "group":
            row = {sub.id for sub in field.fields}
            wrong = [c for c in item.columns if c not in row]
            if wrong or not item.columns:
                problems.append(
                    Problem(shown, f"{here}.columns", f"needs fields of group '{item.field}'; not: {wrong}")
                )
        elif field.type == "choice" or item.columns:
            problems.append(Problem(shown, f"{here}.field", f"'{item.field}' must be a text, date, rating or group"))
    return problems


def _data_file(form, data_dir: Path) -> str:
    """The data file a form came from, as the build's messages name it."""
    path = next(
        p for folder, kind in FOLDERS.items() if kind == form.kind for p in (data_dir / folder).glob(f"{form.id}.y*ml")
    )
    return path.relative_to(data_dir.parent).as_posix()


def check_form_pages(forms: dict, data_dir: Path, docs_dir: Path, nav) -> None:
    """Each form's page exists at form_page(), is in the nav and calls the form's macro;
    raises DefinitionError with one line per problem."""
    in_nav = set(_nav_files(nav)) if nav else None
    problems = [p for form in forms.values() for p in _page_problems(form, data_dir, docs_dir, in_nav)]
    if problems:
        raise DefinitionError("Bad worksheet or checklist page:\n" + "\n".join(map(str, problems)))


def _page_problems(form, data_dir: Path, docs_dir: Path, in_nav: set[str] | None) -> list[Problem]:
    url = form_page(form)
    call = f'{{{{ form("{form.id}") }}}}'
    candidates = [f"{url.rstrip('/')}.md", f"{url}index.md"]
    source = next((name for name in candidates if (docs_dir / name).is_file()), None)
    if source is None:
        return [
            Problem(
                _data_file(form, data_dir),
                "id",
                f"no page for {form.id!r}: write docs/{candidates[0]} calling {call} "
                f"(My answers and the plan at a glance link to /{url})",
            )
        ]
    shown = f"docs/{source}"
    text = (docs_dir / source).read_text(encoding="utf-8")
    problems = []
    if not re.search(r"\{\{\s*form\(\s*(['\"])" + re.escape(form.id) + r"\1\s*\)\s*\}\}", text):
        problems.append(
            Problem(
                shown,
                "",
                f"must call {call}: it is the page of {form.kind} {form.id!r}, "
                "where My answers and the plan at a glance link",
            )
        )
    elif not re.match(r"---\s*\n(?:.*\n)*?render_macros:\s*true\s*\n(?:.*\n)*?---", text):
        problems.append(Problem(shown, "front matter", f"needs render_macros: true, or {call} shows as text"))
    if in_nav is not None and source not in in_nav:
        problems.append(Problem(shown, "", "is not in the nav of mkdocs.yml"))
    return problems


def nav_titles(nav) -> dict[str, str]:
    """{Markdown path: its title in the nav}, for links that name a page."""
    titles: dict[str, str] = {}
    for item in nav if isinstance(nav, list) else [nav]:
        if isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, str):
                    titles[value] = title
                else:
                    titles.update(nav_titles(value))
    return titles


def _nav_files(nav):
    """Every Markdown path in a MkDocs nav (a list of strings and {title: item} mappings)."""
    for item in nav if isinstance(nav, list) else [nav]:
        if isinstance(item, dict):
            for value in item.values():
                yield from _nav_files(value)
        elif isinstance(item, list):
            yield from _nav_files(item)
        elif isinstance(item, str):
            yield item


class BadFile(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems


class _StrictLoader(yaml.SafeLoader):
    """Safe YAML that refuses a key written twice in one mapping (PyYAML keeps the last)."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} is written twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep)


def read_mapping(path: Path, shown: str, not_a_mapping: str) -> dict:
    """The one YAML mapping in `path` (strict: a key written twice is refused); a syntax error or
    another shape is raised as BadFile, with `shown` as the file and `not_a_mapping` as the problem."""
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        reason = getattr(err, "problem", None) or str(err)
        raise BadFile([Problem(shown, where, f"YAML syntax error: {reason}")]) from None
    if not isinstance(raw, dict):
        raise BadFile([Problem(shown, "", not_a_mapping)])
    return raw


def _parse(path: Path, shown: str):
    raw = read_mapping(path, shown, "must be a YAML mapping with kind, id, title and sections")
    try:
        return FORM.validate_python(raw)
    except RuleBroken as dup:
        raise BadFile([Problem(shown, dup.path, dup.message)]) from None
    except ValidationError as err:
        raise BadFile([Problem(shown, _location(e["loc"]), _message(e)) for e in err.errors()]) from None


def _location(loc: tuple) -> str:
    """('sections', 1, 'worksheet', 'fields', 3) -> 'sections[1].fields[3]' (union tags dropped)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in ("worksheet", "checklist", "text", "textarea", "date", "rating", "choice", "group"):
            continue  # pydantic names the union member it tried; the reader needs the data path only
        else:
            out += f".{part}" if out else part
    return out


def _message(error: dict) -> str:
    if error["type"] == "string_type":
        if isinstance(error.get("input"), bool):
            return "must be text: put it in quotes (YAML reads unquoted Yes, No, On and Off as true or false)"
        return "must be text"
    if error["type"] == "value_error":
        return error["msg"].removeprefix("Value error, ")
    template = MESSAGES.get(error["type"])
    if not template:
        return error["msg"]
    ctx = dict(error.get("ctx") or {})
    ctx.setdefault("plural", "y" if ctx.get("min_length") == 1 else "ies")
    try:
        return template.format(**ctx)
    except (KeyError, IndexError):
        return error["msg"]
