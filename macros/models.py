"""Typed schema of the worksheet and checklist definitions in `data/`.

Pydantic does the validation; the hand-written rules cross fields: ids are unique within a form
(answers are stored by id and two fields sharing one would overwrite each other), references
name fields that exist, and each migration renames an old id to one its version has.
"""

from __future__ import annotations

import itertools
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

# Single hyphens only: the page joins ids with "--" to make unique HTML ids.
Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$", max_length=60)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
# A choice's value or a rating's point ("3"), as saved.
Answer = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)]
# Who a printed or copied answer is for: the reader alone, or the copy they hand to someone.
Audience = Literal["shared", "private"]


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
    # Only where a shared section holds a private question (or says one is always shared).
    audience: Audience | None = None


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
        "Not yet",
        "Beginning",
        "Sometimes",
        "Usually",
        "Consistently",
    ]


class Reveal(Strict):
    """What appears when a reader picks this option: a hint, follow-up questions, or both."""

    hint: Text | None = None
    fields: list[SimpleField] = []


class Option(Strict):
    value: Id
    label: Text
    reveal: Reveal | None = None

    @model_validator(mode="before")
    @classmethod
    def _no_private_answer(cls, data):
        # Privacy by question, never by the answer chosen: a line that drops out only when it says
        # "elsewhere" tells a manager as much as the answer itself.
        if isinstance(data, dict) and "audience" in data:
            raise ValueError(
                "an option can't set audience: privacy is per question or section, never per answer; "
                "put 'audience: private' on the question instead"
            )
        return data


class ChoiceField(FieldBase):
    type: Literal["choice"]
    options: Annotated[list[Option], Field(min_length=2)]


class HistoryField(FieldBase):
    """Each answer given to `of` (a choice or rating beside it), with the day it was given: the
    newest `keep` entries, one a day. Filled by the page, never typed (progress.mjs)."""

    type: Literal["history"]
    of: Id
    keep: Annotated[int, Field(ge=2, le=100)] = 50


SimpleField = Annotated[
    TextField | LongTextField | DateField | RatingField | ChoiceField | HistoryField,
    Field(discriminator="type"),
]


Reveal.model_rebuild()


class GroupField(FieldBase):
    """Rows the reader adds and removes, such as goals or achievements."""

    type: Literal["group"]
    item_name: Text  # singular, for "Add another goal" and "Remove goal 2"
    min_items: Annotated[int, Field(ge=1, le=10)] = 1
    max_items: Annotated[int, Field(ge=1, le=500)] = 50  # answers.mjs LIMITS.keys: one list holds 500
    fields: Annotated[list[SimpleField], Field(min_length=1)]
    # Suggested answers to the rows' first field (questions to ask): listed on screen, and on the
    # blank copy each one prints as text with room to write under it.
    suggestions: Annotated[list[Text], Field(max_length=10)] = []


AnyField = Annotated[
    TextField | LongTextField | DateField | RatingField | ChoiceField | HistoryField | GroupField,
    Field(discriminator="type"),
]


class Titled(Strict):
    id: Id
    title: Text
    hint: Text | None = None


class Section(Titled):
    fields: Annotated[list[AnyField], Field(min_length=1)]
    audience: Audience = "shared"  # the reader can move it onto or off the copy to share


class ChecklistItem(Strict):
    id: Id
    label: Text
    hint: Text | None = None


class ChecklistSection(Titled):
    items: Annotated[list[ChecklistItem], Field(min_length=1)]


class HistoryEntry(Strict):
    """One entry a migration makes from a saved date: the date answer `date` (in the row, or at
    the top level) with the answer `value`, or the row's answer to `value_of` (the question the
    history follows, or another of its type beside it) when it is one of
    `values` (any answer when `values` is empty). A date whose field is gone moves into the
    history; one still asked stays where it is too."""

    date: Id
    value: Answer | None = None
    value_of: Id | None = None
    values: list[Answer] = []

    @model_validator(mode="after")
    def _one_value(self):
        if (self.value is None) == (self.value_of is None):
            raise ValueError("an entry takes its answer from either value or value_of, not both")
        return self


class Migration(Strict):
    """How answers saved under the previous version map onto `to_version`."""

    to_version: Annotated[int, Field(ge=2)]
    renamed: dict[Id, Id] = {}
    # {old id: new id} answers copied, after the renames: the old answer stays where it was and
    # the new field starts with it (a first rating kept beside the one the reader re-rates).
    copied: dict[Id, Id] = {}
    # {history field: entries made from the dates saved before}, after the renames and copies.
    histories: dict[Id, list[HistoryEntry]] = {}


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


class GapChart(Strict):
    """A chart and a table comparing two ratings in each row of a group: where the reader is
    (`today`) and where they need to be (`needed`), and optionally what others said."""

    group: Id  # the group whose rows are compared
    name: Id  # a text field in each row that names it (the skill)
    today: Id  # rating fields in the same row
    needed: Id
    others: Id | None = None
    first: Id | None = None  # optional: the first rating, kept while `today` is re-rated
    title: Text = "Your gaps at a glance"


class AgendaSource(Strict):
    """One item of an agenda: another worksheet's answer to `field` (a group lists its rows,
    showing `columns`), or with `gaps`, the biggest gaps of that worksheet's gap_chart."""

    form: Id
    field: Id | None = None
    columns: list[Id] = []  # fields of the group's rows, the first naming the row
    gaps: Annotated[int, Field(ge=1, le=10)] | None = None


class Agenda(Strict):
    """An agenda built from the reader's shared answers in other worksheets, shown above `before`."""

    before: Id  # a top-level field of this worksheet
    title: Text = "Your agenda"
    items: Annotated[list[AgendaSource], Field(min_length=1)]


class DateStamp(Strict):
    """When the reader answers `when` (with one of `values`, or anything), today's date goes into
    `date` (in a group: the same row's, or a top-level date). Kept unless `replace`."""

    when: Id
    values: list[Id] = []
    date: Id
    replace: bool = False


class GoalsFromGaps(Strict):
    """Show the biggest gaps of another worksheet's gap chart, each with a button that adds a row
    to `group` with the gap's name in `field`."""

    form: Id  # a worksheet with a gap_chart
    group: Id  # a group of this worksheet
    field: Id  # a text field in that group


# A rule's condition: {question id: [choices]}; it holds when every named question is answered
# with one of its listed choices (UNANSWERED: left blank). No condition: the rule always holds.
When = dict[Id, Annotated[list[Id], Field(min_length=1)]]
UNANSWERED = "unanswered"


class ReadingPage(Strict):
    """One step of the order: a page of the guide (`page`) or a worksheet or checklist (`form`)."""

    page: Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+(/[a-z0-9-]+)*\.md$")] | None = None  # in docs/
    form: Id | None = None
    why: Text  # one short sentence: why read it now
    why_reworded: Text | None = None  # the same reason in the words of reading_order.reword (a manager's)
    when: When = {}

    @model_validator(mode="after")
    def _one_target(self):
        if (self.page is None) == (self.form is None):
            raise ValueError("a step names either a page (page: x.md) or a worksheet or checklist (form: id)")
        return self


class NextForm(Strict):
    form: Id  # a worksheet or checklist id
    why: Text
    why_reworded: Text | None = None
    when: When = {}


class Card(Strict):
    """How the start page splits the order: the first `today` steps, the next `this_week`, then later."""

    today: Annotated[int, Field(ge=1, le=3)] = 3  # at most three things for today
    this_week: Annotated[int, Field(ge=1, le=6)] = 3


class Rewording(Strict):
    label: Text | None = None
    options: dict[Id, Text] = {}  # {option value: its words}


class Reword(Strict):
    """Other words for the questions while `when` holds (a manager reading about someone else)."""

    when: When
    fields: dict[Id, Rewording]


class ReadingOrder(Strict):
    """A personal reading order from a worksheet's choice answers: the steps whose rules hold, in
    file order (at most MAX_PAGES), then the first worksheet whose rule holds."""

    pages: Annotated[list[ReadingPage], Field(min_length=3)]
    next: Annotated[list[NextForm], Field(min_length=1)]
    card: Card = Card()
    reword: Reword | None = None


READING_MIN_PAGES, READING_MAX_PAGES = 3, 6


class Worksheet(FormBase):
    kind: Literal["worksheet"]
    sections: Annotated[list[Section], Field(min_length=1)]
    copy_text: bool = False  # offer "Copy as text": the answers as plain text for an e-mail
    calendar: Calendar | None = None  # offer an .ics download of the dates below
    gap_chart: GapChart | None = None  # a chart and a table of the gaps between two ratings
    reading_order: ReadingOrder | None = None  # a reading order from this worksheet's choices
    goals_from_gaps: GoalsFromGaps | None = None  # start rows from another worksheet's biggest gaps
    # "private": the whole worksheet stays with the reader; its copy to share holds only its title.
    audience: Audience = "shared"
    agenda: Agenda | None = None  # an agenda from other worksheets' shared answers
    # {field: field}: the first answer to the key is kept in the value, in the same row
    keep_first: dict[Id, Id] = {}
    date_stamps: list[DateStamp] = []  # dates filled in when an answer is given
    page: Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+/$")] | None = None  # default worksheets/<id>/

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
        if self.gap_chart:
            _check_gap_chart(self.gap_chart, self.sections)
        if self.reading_order:
            _check_reading_order(self.reading_order, self.sections)
        if self.goals_from_gaps:
            target = self.goals_from_gaps
            field, group = field_places(self.sections).get(target.field, (None, None))
            if field is None or group != target.group or field.type != "text":
                raise RuleBroken(
                    "goals_from_gaps.field", f"'{target.field}' is not a text field in group '{target.group}'"
                )
        _check_stamps(self)
        _check_histories(self)
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
            for s, section in enumerate(self.sections)
            for i, item in enumerate(section.items)
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


def _check_gap_chart(chart: GapChart, sections: list[Section]) -> None:
    """The chart's fields must be a text and ratings in the rows of the group it names."""
    places = field_places(sections)
    group = places.get(chart.group, (None, None))[0]
    if not isinstance(group, GroupField):
        raise RuleBroken("gap_chart.group", f"'{chart.group}' is not a group of this worksheet")
    wanted = {"name": (chart.name, "text"), "today": (chart.today, "rating"), "needed": (chart.needed, "rating")}
    for key in ("others", "first"):
        if getattr(chart, key):
            wanted[key] = (getattr(chart, key), "rating")
    for key, (field_id, kind) in wanted.items():
        field, where = places.get(field_id, (None, None))
        if field is None or where != chart.group or field.type != kind:
            raise RuleBroken(f"gap_chart.{key}", f"'{field_id}' is not a {kind} field in group '{chart.group}'")


def _check_stamps(form: Worksheet) -> None:
    """keep_first pairs fields of one type in one row; a date stamp fills a date beside its
    answer (same row) or at the top level."""
    places = field_places(form.sections)
    if form.agenda and places.get(form.agenda.before, (None, None))[1] != "":
        raise RuleBroken("agenda.before", f"'{form.agenda.before}' is not a top-level field of this worksheet")
    for source, target in form.keep_first.items():
        (a, a_group), (b, b_group) = places.get(source, (None, None)), places.get(target, (None, None))
        if a is None or b is None or a.type != b.type or a_group != b_group or a.type == "group":
            raise RuleBroken(f"keep_first.{source}", f"'{source}' and '{target}' must be fields of one type in one row")
    for s, stamp in enumerate(form.date_stamps):
        when, when_group = places.get(stamp.when, (None, None))
        date, date_group = places.get(stamp.date, (None, None))
        if when is None or when.type == "group":
            raise RuleBroken(f"date_stamps[{s}].when", f"'{stamp.when}' is not a field of this worksheet")
        if date is None or date.type != "date" or date_group not in ("", when_group):
            raise RuleBroken(f"date_stamps[{s}].date", f"'{stamp.date}' is not a date beside '{stamp.when}'")
        known = _answers_of(when)
        for value in stamp.values:
            if value not in known:
                raise RuleBroken(f"date_stamps[{s}].values", f"'{value}' is not an answer of '{stamp.when}'")


def _check_histories(form: Worksheet) -> None:
    """A history sits beside the choice or rating it follows (same row, or both top-level), and
    takes that question's audience; a migration's entries name a history, saved dates, and
    answers of the question the history follows."""
    places = field_places(form.sections)
    histories = {}
    for path, field in _fields_with_paths(form.sections):
        if not isinstance(field, HistoryField):
            continue
        if field.id not in places:
            raise RuleBroken(path, f"history '{field.id}' must be a top-level field or a field of a group")
        source, source_group = places.get(field.of, (None, None))
        if source is None or source.type not in ("choice", "rating") or source_group != places[field.id][1]:
            raise RuleBroken(f"{path}.of", f"'{field.of}' is not a choice or rating beside '{field.id}'")
        if field.audience is not None:
            raise RuleBroken(f"{path}.audience", f"a history follows the audience of '{field.of}': set it there")
        histories[field.id] = source
    for m, migration in enumerate(form.migrations):
        for history_id, entries in migration.histories.items():
            here = f"migrations[{m}].histories.{history_id}"
            source = histories.get(history_id)
            if source is None:
                raise RuleBroken(here, f"'{history_id}' is not a history field of this worksheet")
            answers = _answers_of(source)
            for e, entry in enumerate(entries):
                other, other_group = places.get(entry.value_of, (None, None)) if entry.value_of else (source, None)
                if other is not source and (
                    other is None or other.type != source.type or other_group != places[history_id][1]
                ):
                    raise RuleBroken(
                        f"{here}[{e}].value_of", f"'{entry.value_of}' is not a {source.type} beside '{history_id}'"
                    )
                for value in [entry.value] if entry.value else entry.values:
                    if value not in answers:
                        raise RuleBroken(f"{here}[{e}]", f"'{value}' is not an answer of '{source.id}'")
                date = places.get(entry.date, (None, None))[0]
                if date is not None and date.type != "date":
                    raise RuleBroken(f"{here}[{e}].date", f"'{entry.date}' is not a date field")


def _answers_of(field) -> list[str]:
    return [o.value for o in field.options] if isinstance(field, ChoiceField) else [str(n) for n in range(1, 6)]


def _check_reading_order(order: ReadingOrder, sections: list[Section]) -> None:
    """Each rule names a top-level choice question of this worksheet and its choices; every way
    of answering (questions left blank included) gives at least READING_MIN_PAGES pages and a
    worksheet to fill next."""
    questions = {f.id: [o.value for o in f.options] for s in sections for f in s.fields if isinstance(f, ChoiceField)}
    for question, choices in questions.items():
        if UNANSWERED in choices:
            raise RuleBroken(f"{question}.options", f"'{UNANSWERED}' is kept for a question left blank")
    steps = [(f"reading_order.pages[{i}]", p) for i, p in enumerate(order.pages)]
    steps += [(f"reading_order.next[{i}]", n) for i, n in enumerate(order.next)]
    rules = [(here, step.when) for here, step in steps]
    if order.reword:
        rules.append(("reading_order.reword", order.reword.when))
        _check_reword(order.reword, questions)
    else:
        for here, step in steps:
            if step.why_reworded:
                raise RuleBroken(f"{here}.why_reworded", "there is no reading_order.reword whose words it would be")
    for here, when in rules:
        for question, choices in when.items():
            if question not in questions:
                raise RuleBroken(f"{here}.when.{question}", f"'{question}' is not a choice question of this worksheet")
            for choice in choices:
                if choice not in [*questions[question], UNANSWERED]:
                    raise RuleBroken(f"{here}.when.{question}", f"'{choice}' is not a choice of '{question}'")
    steps = [(f"reading_order.pages[{i}]", p.page or f"form {p.form}") for i, p in enumerate(order.pages)]
    _unique(steps, "page")
    asked = sorted({q for _, when in rules for q in when})
    for combination in itertools.product(*[[None, *questions[q]] for q in asked]):
        answers = dict(zip(asked, combination))
        pages = [p for p in order.pages if holds(p.when, answers)]
        shown = ", ".join(f"{q}={a}" for q, a in answers.items() if a) or "nothing answered"
        if len(pages) < READING_MIN_PAGES:
            raise RuleBroken(
                "reading_order.pages",
                f"only {len(pages)} page(s) when answered {shown}; every answer needs at least {READING_MIN_PAGES}",
            )
        if not any(holds(n.when, answers) for n in order.next):
            raise RuleBroken("reading_order.next", f"no worksheet to suggest when answered {shown}")


def _check_reword(reword: Reword, questions: dict[str, list[str]]) -> None:
    for question, words in reword.fields.items():
        here = f"reading_order.reword.fields.{question}"
        if question not in questions:
            raise RuleBroken(here, f"'{question}' is not a choice question of this worksheet")
        for option in words.options:
            if option not in questions[question]:
                raise RuleBroken(f"{here}.options.{option}", f"'{option}' is not a choice of '{question}'")


def holds(when: dict, answers: dict) -> bool:
    """A rule holds when every question it names is answered with one of its choices (a question
    left blank counts as UNANSWERED)."""
    return all((answers.get(question) or UNANSWERED) in choices for question, choices in when.items())


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
                raise RuleBroken(
                    here,
                    f"renames '{old}' to '{new}', which is not {_article(what)} id of version {migration.to_version}",
                )
            if old in ids and old not in migration.renamed.values():  # a swap is fine
                raise RuleBroken(
                    here,
                    f"renames '{old}' to '{new}', but '{old}' is still {_article(what)} id "
                    f"of version {migration.to_version}",
                )
        for old, new in migration.copied.items():
            if old not in ids or new not in ids:
                raise RuleBroken(
                    f"migrations[{m}].copied.{old}",
                    f"copies '{old}' to '{new}': both must be {_article(what)} id of version {migration.to_version}",
                )
        ids = (ids - set(migration.renamed.values()) - set(migration.copied.values())) | set(migration.renamed)


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
