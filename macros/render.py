"""Render a validated definition into HTML through one autoescaping template.

mkdocs-macros' own Jinja does not escape, so the markup lives in its own environment with
autoescape on: every string from a data file reaches the page as text.
"""
from __future__ import annotations

import json
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from .models import Checklist, ChoiceField, GroupField, Worksheet

COMPONENTS = Path(__file__).resolve().parent.parent / "overrides" / "components"

_jinja = Environment(
    loader=FileSystemLoader([COMPONENTS / "form", COMPONENTS / "glance"]),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_form(form: Worksheet | Checklist) -> str:
    return _block(_jinja.get_template("form.html").render(form=form, definition=definition_json(form)))


def render_saved_answers(forms, page) -> str:
    """The saved-answers view, with every form's definition and its page URL from `page`."""
    catalogue = [{**_definition(form), "url": form_url(form, page)} for form in forms]
    return _block(_jinja.get_template("saved-answers.html").render(catalogue=compact_json(catalogue)))


def render_glance(config: dict) -> str:
    return _block(_jinja.get_template("glance.html").render(config=compact_json(config)))


def form_url(form: Worksheet | Checklist, page) -> str:
    """Worksheets live at worksheets/<id>/, checklists at checklists/<id>/ (tests hold this)."""
    depth = page.url.count("/") if page is not None else 0
    return "../" * depth + f"{form.kind}s/{form.id}/"


def _block(html: str) -> Markup:
    # No indentation and no blank line: Markdown then passes the whole block through untouched
    # (an indented line would become a code block, a blank line would end the HTML block).
    return Markup("\n".join(line.strip() for line in html.splitlines() if line.strip()))


def definition_json(form: Worksheet | Checklist) -> str:
    return compact_json(_definition(form))


def _definition(form: Worksheet | Checklist) -> dict:
    """What the script needs to know about a form: version, migrations and field kinds."""
    return {
        "id": form.id,
        "kind": form.kind,
        "title": form.title,
        "version": form.version,
        "migrations": [m.model_dump() for m in form.migrations],
        "fields": field_kinds(form),
        "calendar": form.calendar.model_dump() if getattr(form, "calendar", None) else None,
    }


def compact_json(data) -> str:
    """JSON for a data-* attribute; the autoescaping template escapes its quotes."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def field_kinds(form: Worksheet | Checklist) -> dict:
    """{field id: {"type": ...}} for every answer the form can hold, reveal follow-ups included,
    so the script can tell a known answer from a stale one and check its type."""
    if isinstance(form, Checklist):
        return {item.id: {"type": "check"} for section in form.sections for item in section.items}
    return _kinds(f for section in form.sections for f in section.fields)


def _kinds(fields) -> dict:
    out: dict = {}
    for field in fields:
        kind: dict = {"type": field.type}
        if isinstance(field, GroupField):
            kind.update(fields=_kinds(field.fields), min=field.min_items, max=field.max_items)
        elif isinstance(field, ChoiceField):
            kind["options"] = [option.value for option in field.options]
            for option in field.options:
                if option.reveal:
                    out.update(_kinds(option.reveal.fields))
        out[field.id] = kind
    return out


