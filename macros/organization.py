"""Where an organization's own people are: the optional `data/organization.yml`.

Absent, the guide reads neutrally (every note below renders as nothing). Present, each setting
becomes a short "At <organization>, ..." sentence where the guide and the worksheets refer to it.
A malformed value stops the build with one line per problem: file, key, problem.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, ClassVar

from markupsafe import Markup, escape
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    HttpUrl,
    ValidationError,
    model_validator,
)

from .definitions import BadFile, DefinitionError, Problem, _location, _message, read_mapping

FILE = "organization.yml"  # in data/
# Names an author may reach for; the guide reads only FILE, so these would be ignored silently.
NEAR_MISSES = ("organisation.yml", "organization.yaml", "organisation.yaml")

# The guide is in English: calendar's names in the C locale, which Python keeps unless a program
# calls locale.setlocale (the build never does).
MONTHS = list(calendar.month_name)[1:]
_EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\".]+$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ().-]{2,}[0-9]$")

_stripped = BeforeValidator(lambda value: value.strip() if isinstance(value, str) else value)
Text = Annotated[str, _stripped, Field(min_length=1)]


def _email(value: str) -> str:
    # "mailto:hr@example.org" is accepted once: the guide writes the mailto: itself.
    if value[:7].lower() == "mailto:":
        value = value[7:].strip()
    if not _EMAIL.match(value):
        raise ValueError(f"{value!r} is not an e-mail address (expected something like hr@example.com)")
    return value


def _phone(value) -> str:
    value = str(value).strip()
    if not _PHONE.match(value):
        raise ValueError(f"{value!r} is not a phone number (digits, spaces, + ( ) - and . only)")
    return value


def _month(value) -> str:
    """'March', 'mar' or 3 -> 'March'."""
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 12:
        return MONTHS[value - 1]
    if isinstance(value, str):
        word = value.strip().lower()
        for month in MONTHS:
            if word in (month.lower(), month[:3].lower()):
                return month
    raise ValueError(f"{value!r} is not a month (write its name, such as March, or its number, 1 to 12)")


Email = Annotated[str, _stripped, AfterValidator(_email)]
Phone = Annotated[str, BeforeValidator(_phone)]
Month = Annotated[str, BeforeValidator(_month)]
Link = Annotated[HttpUrl, AfterValidator(str)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Contact(Strict):
    """Someone readers can reach: a name, and at least one of the `ways` to reach them."""

    ways: ClassVar[tuple[str, ...]] = ()
    name: Text

    @model_validator(mode="after")
    def _reachable(self):
        if not any(getattr(self, way) for way in self.ways):
            raise ValueError(f"needs {' or '.join(self.ways)} (or both), so readers can reach it")
        return self


class HrContact(Contact):
    ways = ("email", "link")
    name: Text  # who to talk to: "the People team", "your HR partner, Sam Lee"
    email: Email | None = None
    link: Link | None = None


class WellbeingSupport(Contact):
    ways = ("phone", "link")
    name: Text  # "the Employee Assistance Program"
    phone: Phone | None = None
    link: Link | None = None


class Organization(Strict):
    name: Text
    hr_contact: HrContact | None = None
    wellbeing_support: WellbeingSupport | None = None
    job_board: Link | None = None
    career_framework: Link | None = None
    next_promotion_round: Month | None = None
    # Offline reading (the service worker, sw.js); some intranets forbid service workers.
    offline: bool = True


def offline_on(org: Organization | None) -> bool:
    return org is None or org.offline


# Friendlier words for what pydantic says about a web address.
_URL_PROBLEM = "must be a full web address starting with https:// (or http://)"
_URL_ERRORS = {"url_parsing", "url_scheme", "url_type", "url_syntax_violation", "url_too_long"}


def load_organization(data_dir: Path) -> Organization | None:
    """The organization's settings, or None when the file is absent; raises DefinitionError."""
    for near_miss in NEAR_MISSES:
        if (data_dir / near_miss).exists():
            raise DefinitionError(f"data/{near_miss}: the guide reads only data/{FILE}: rename the file")
    path = data_dir / FILE
    if not path.exists():
        return None
    shown = f"data/{FILE}"
    try:
        raw = read_mapping(path, shown, "must be a YAML mapping of settings; see data/organization.example.yml")
    except BadFile as bad:
        raise DefinitionError("\n".join(map(str, bad.problems))) from None
    try:
        return Organization.model_validate(raw)
    except ValidationError as err:
        lines = [str(Problem(shown, _location(e["loc"]), _problem(e))) for e in err.errors()]
        raise DefinitionError("\n".join(lines)) from None


def _problem(error: dict) -> str:
    if error["type"] in _URL_ERRORS:
        return f"{error.get('input')!r} {_URL_PROBLEM}"
    if error["type"] == "extra_forbidden" and len(error["loc"]) == 1:
        return f"is not a known key; the keys are {', '.join(Organization.model_fields)}"
    return _message(error)


# The sentences -----------------------------------------------------------------------------------
# Each is inline HTML for the middle of a Markdown paragraph: every value is escaped, and the
# characters Markdown would act on are written as entities so a name like "R_and_D" stays as typed.


def _text(value: str) -> str:
    return str(escape(value)).translate({ord(c): f"&#{ord(c)};" for c in "*_`[]\\{}"})


def _link(href: str, words: str) -> str:
    return f'<a href="{escape(href)}">{_text(words)}</a>'


def _either(*parts: str) -> str:
    return " or ".join(part for part in parts if part)


def _hr(org: Organization) -> str:
    hr = org.hr_contact
    email = _link(f"mailto:{hr.email}", hr.email) if hr.email else ""
    page = _link(hr.link, "their intranet page") if hr.link else ""
    return f"At {_text(org.name)}, talk to {_text(hr.name)}: {_either(email, page)}."


def _wellbeing(org: Organization) -> str:
    support = org.wellbeing_support
    phone = ""
    if support.phone:
        phone = "call " + _link("tel:" + re.sub(r"[^0-9+]", "", support.phone), support.phone)
    page = _link(support.link, "visit its page") if support.link else ""
    return f"At {_text(org.name)}, {_text(support.name)} can help: {_either(phone, page)}."


def _job_board(org: Organization) -> str:
    return f"At {_text(org.name)}, open roles are listed on the {_link(org.job_board, 'internal job board')}."


def _career_framework(org: Organization) -> str:
    link = _link(org.career_framework, "career framework")
    return f"At {_text(org.name)}, the {link} sets out what each level expects."


def _next_round_words(org: Organization) -> str:
    return f"At {org.name}, the next promotion round is in {org.next_promotion_round}."


def _framework_words(org: Organization) -> str:
    return f"At {org.name}, they are in the career framework: {org.career_framework}"


# How each setting reads; the keys are the settings' names, which pages pass to `at_org(...)`.
NOTES: dict[str, Callable[[Organization], str]] = {
    "hr_contact": _hr,
    "wellbeing_support": _wellbeing,
    "job_board": _job_board,
    "career_framework": _career_framework,
    "next_promotion_round": lambda org: _text(_next_round_words(org)),
}

# Worksheet questions whose hint gains a plain-text sentence (hints are text: a printed
# worksheet shows the address itself): {worksheet id: {field id: (setting, its words)}}.
HINT_NOTES: dict[str, dict[str, tuple[str, Callable[[Organization], str]]]] = {
    "goal-plan": {"next-cycle": ("next_promotion_round", _next_round_words)},
    "take-stock": {"review-date": ("next_promotion_round", _next_round_words)},
    "self-assessment": {"level-source": ("career_framework", _framework_words)},
}


def org_sentence(org: Organization | None, key: str, otherwise: str = "") -> Markup:
    """The sentence for `key`; when the file or that setting is absent, the neutral words
    `otherwise` (plain text from the page), or nothing."""
    if key not in NOTES:
        raise KeyError(f"at_org({key!r}): no such organization setting; use one of {', '.join(NOTES)}")
    if org is None or getattr(org, key) is None:
        neutral = f'<span class="atn-neutral" data-org="{key}">{_text(otherwise)}</span>'
        return Markup(neutral if otherwise else "")
    return Markup(f'<span class="atn-org" data-org="{key}">{NOTES[key](org)}</span>')


def hint_notes(org: Organization | None, form_id: str) -> dict[str, str]:
    """{field id: plain-text sentence to add to that field's hint} for one worksheet."""
    if org is None:
        return {}
    notes = HINT_NOTES.get(form_id, {}).items()
    return {field_id: words(org) for field_id, (setting, words) in notes if getattr(org, setting) is not None}


def check_hint_fields(forms: dict) -> None:
    """A renamed field would drop its note silently; stop the build instead."""
    for form_id, notes in HINT_NOTES.items():
        form = forms.get(form_id)  # a renamed or removed worksheet: every field is unknown
        known = {f.id for section in form.sections for f in section.fields} if form else set()
        for field_id in notes.keys() - known:
            raise DefinitionError(
                f"macros/organization.py: HINT_NOTES names {form_id}.{field_id}, which no longer exists: update it"
            )
