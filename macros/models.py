"""Typed schema of the worksheet and checklist definitions in `data/`.

Pydantic does the validation; the hand-written rules cross fields: ids are unique within a form
(answers are stored by id and two fields sharing one would overwrite each other), references
name fields that exist, and each migration renames an old id to one its version has.
"""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

# Single hyphens only: the page joins ids with "--" to make unique HTML ids.
Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$", max_length=60)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Strict(BaseModel):
    # A misspelt key ("lable") must fail the build, not vanish silently.
    model_config = ConfigDict(extra="forbid", frozen=True)


class RuleBroken(Exception):
    """A rule across fields is broken (an id used twice, a reference to a missing field);
    `path` says where."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


class FieldBase(Strict):
    id: Id
    label: Text
    hint: Text | None = None


class TextField(FieldBase):
    type: Literal["text"]


class LongTextField(FieldBase):
    type: Literal["textarea"]


class DateField(FieldBase):
    type: Literal["date"]


class RatingField(FieldBase):
    type: Literal["rating"]
    # Words for points 1 to 5, so a rating never means a bare number.
    scale: Annotated[list[Text], Field(min_length=5, max_length=5)] = [
        "Not yet", "Beginning", "Sometimes", "Usually", "Consistently",
    ]


class Reveal(Strict):
    """What appears when a reader picks this option: a hint, follow-up questions, or both."""

    hint: Text | None = None
    fields: list[SimpleField] = []


class Option(Strict):
    value: Id
    label: Text
    reveal: Reveal | None = None


class ChoiceField(FieldBase):
    type: Literal["choice"]
    options: Annotated[list[Option], Field(min_length=2)]


SimpleField = Annotated[
    TextField | LongTextField | DateField | RatingField | ChoiceField,
    Field(discriminator="type"),
]


Reveal.model_rebuild()


class GroupField(FieldBase):
    """Rows the reader adds and removes, such as goals or achievements."""

    type: Literal["group"]
    item_name: Text  # singular, for "Add another goal" and "Remove goal 2"
    min_items: Annotated[int, Field(ge=1, le=10)] = 1
    max_items: Annotated[int, Field(ge=1, le=200)] = 50
    fields: Annotated[list[SimpleField], Field(min_length=1)]


AnyField = Annotated[
    TextField | LongTextField | DateField | RatingField | ChoiceField | GroupField,
    Field(discriminator="type"),
]


class Titled(Strict):
    id: Id
    title: Text
    hint: Text | None = None


class Section(Titled):
    fields: Annotated[list[AnyField], Field(min_length=1)]


class ChecklistItem(Strict):
    id: Id
    label: Text
    hint: Text | None = None


class ChecklistSection(Titled):
    items: Annotated[list[ChecklistItem], Field(min_length=1)]


class Migration(Strict):
    """How answers saved under the previous version map onto `to_version`."""

    to_version: Annotated[int, Field(ge=2)]
    renamed: dict[Id, Id] = {}


class FormBase(Strict):
    id: Id
    title: Text
    version: Annotated[int, Field(ge=1)] = 1
    migrations: list[Migration] = []

    @model_validator(mode="after")
    def _migrations_lead_to_version(self):
        expected = list(range(2, self.version + 1))
        found = [m.to_version for m in self.migrations]
        if found != expected:
            raise ValueError(
                f"migrations must step through versions {expected} in order to reach version "
                f"{self.version}, found {found}"
            )
        return self


class CalendarEvent(Strict):
    """One calendar event per answered `date` field (per row, when the field is in a group)."""

    date: Id  # a date field
    title: Text  # e.g. "Check-in"; followed by the answer to `title_field` when there is one
    title_field: Id | None = None  # a field beside the date (same row) that names the event
    details: list[Id] = []  # fields beside the date whose answers go into the description


class Calendar(Strict):
    button: Text = "Add check-ins to my calendar"
    events: Annotated[list[CalendarEvent], Field(min_length=1)]


class Worksheet(FormBase):
    kind: Literal["worksheet"]
    sections: Annotated[list[Section], Field(min_length=1)]
    copy_text: bool = False  # offer "Copy as text": the answers as plain text for an e-mail
    calendar: Calendar | None = None  # offer an .ics download of the dates below

    @model_validator(mode="after")
    def _ids_are_unique(self):
        _unique(((f"sections[{s}].id", section.id) for s, section in enumerate(self.sections)), "section id")
        _unique(_field_ids(self.sections), "field id")
        for path, field in _fields_with_paths(self.sections):
            if isinstance(field, ChoiceField):
                values = ((f"{path}.options[{o}].value", opt.value) for o, opt in enumerate(field.options))
                _unique(values, "option value")
        if self.calendar:
            _check_calendar(self.calendar, self.sections)
        _check_migrations(self.migrations, {field_id for _, field_id in _field_ids(self.sections)}, "field")
        return self


class Checklist(FormBase):
    kind: Literal["checklist"]
    sections: Annotated[list[ChecklistSection], Field(min_length=1)]

    @model_validator(mode="after")
    def _ids_are_unique(self):
        _unique(((f"sections[{s}].id", section.id) for s, section in enumerate(self.sections)), "section id")
        items = (
            (f"sections[{s}].items[{i}].id", item.id)
            for s, section in enumerate(self.sections) for i, item in enumerate(section.items)
        )
        _unique(items, "item id")
        ids = {item.id for section in self.sections for item in section.items}
        _check_migrations(self.migrations, ids, "item")
        return self


def _check_calendar(calendar: Calendar, sections: list[Section]) -> None:
    """Every field a calendar event names must exist, beside its date, with the right type."""
    scopes = {id: (field.type, group) for id, (field, group) in field_places(sections).items()}
    for e, event in enumerate(calendar.events):
        here = f"calendar.events[{e}]"
        kind, scope = scopes.get(event.date, (None, None))
        if kind != "date":
            raise RuleBroken(f"{here}.date", f"'{event.date}' is not a date field of this worksheet")
        for key, ids in (("title_field", [event.title_field] if event.title_field else []), ("details", event.details)):
            for field_id in ids:
                if field_id not in scopes or scopes[field_id][1] != scope:
                    raise RuleBroken(f"{here}.{key}", f"'{field_id}' is not a field beside '{event.date}'")


def _check_migrations(migrations: list[Migration], current_ids: set[str], what: str) -> None:
    """Walk back from the current version: each migration renames an id that its version no
    longer has to one it has. Otherwise saved answers would move to a field that does not exist,
    or a field still in use would be overwritten."""
    ids = set(current_ids)
    for m in reversed(range(len(migrations))):
        migration = migrations[m]
        for old, new in migration.renamed.items():
            here = f"migrations[{m}].renamed.{old}"
            if new not in ids:
                raise RuleBroken(here, f"renames '{old}' to '{new}', which is not {_article(what)} id of "
                                       f"version {migration.to_version}")
            if old in ids and old not in migration.renamed.values():  # a swap is fine
                raise RuleBroken(here, f"renames '{old}' to '{new}', but '{old}' is still {_article(what)} id "
                                       f"of version {migration.to_version}")
        ids = (ids - set(migration.renamed.values())) | set(migration.renamed)


def _article(noun: str) -> str:
    return ("an " if noun[0] in "aeiou" else "a ") + noun


def field_places(sections: list[Section]) -> dict[str, tuple[FieldBase, str]]:
    """{field id: (field, id of the group it is in, or "")} for the top-level fields and the
    fields of their groups (where the glance and calendar events may point)."""
    out = {}
    for section in sections:
        for field in section.fields:
            if isinstance(field, GroupField):
                out.update({sub.id: (sub, field.id) for sub in field.fields})
            out[field.id] = (field, "")
    return out


def _unique(paths_and_ids, what: str) -> None:
    """Answers and HTML ids are keyed by these, so a repeat would overwrite or confuse them."""
    seen: dict[str, str] = {}
    for path, value in paths_and_ids:
        if value in seen:
            raise RuleBroken(path, f"duplicate {what} '{value}' (first used at {seen[value]})")
        seen[value] = path


Form = Annotated[Worksheet | Checklist, Field(discriminator="kind")]


def _field_ids(sections: list[Section]):
    """Yield (path of the id, id) for every field, nested ones included: answers share one namespace."""
    for path, field in _fields_with_paths(sections):
        yield f"{path}.id", field.id


def _fields_with_paths(sections: list[Section]):
    for s, section in enumerate(sections):
        yield from _walk(section.fields, f"sections[{s}].fields")


def _walk(fields, prefix: str):
    for f, field in enumerate(fields):
        here = f"{prefix}[{f}]"
        yield here, field
        if isinstance(field, GroupField):
            yield from _walk(field.fields, f"{here}.fields")
        if isinstance(field, ChoiceField):
            for o, option in enumerate(field.options):
                if option.reveal:
                    yield from _walk(option.reveal.fields, f"{here}.options[{o}].reveal.fields")
