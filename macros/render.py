"""Render a validated definition into HTML through one autoescaping template.

mkdocs-macros' own Jinja does not escape, so the markup lives in its own environment with
autoescape on: every string from a data file reaches the page as text.
"""
from __future__ import annotations

import json
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from .models import Checklist, ChoiceField, GroupField, RatingField, Worksheet

COMPONENT_DIR = Path(__file__).resolve().parent.parent / "overrides" / "components" / "form"

_jinja = Environment(
    loader=FileSystemLoader(COMPONENT_DIR),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_form(form: Worksheet | Checklist, page=None) -> str:
    html = _jinja.get_template("form.html").render(form=form, definition=definition_json(form))
    # No indentation and no blank line: Markdown then passes the whole block through untouched
    # (an indented line would become a code block, a blank line would end the HTML block).
    return Markup("\n".join(line.strip() for line in html.splitlines() if line.strip()))


def definition_json(form: Worksheet | Checklist) -> Markup:
    """What the script needs to know about a form: version, migrations and field kinds."""
    data = {
        "id": form.id,
        "kind": form.kind,
        "title": form.title,
        "version": form.version,
        "migrations": [m.model_dump() for m in form.migrations],
        "fields": field_kinds(form),
    }
    return script_json(data)


def script_json(data) -> Markup:
    # "<" escaped so no answer or label can close the <script> element early.
    return Markup(json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c"))


def field_kinds(form: Worksheet | Checklist) -> dict:
    """{field id: kind}, with a group's own fields nested, so the script can tell known answers."""
    if isinstance(form, Checklist):
        return {item.id: "check" for section in form.sections for item in section.items}
    return _kinds(f for section in form.sections for f in section.fields)


def _kinds(fields) -> dict:
    out: dict = {}
    for field in fields:
        if isinstance(field, GroupField):
            out[field.id] = {"group": _kinds(field.fields), "min": field.min_items, "max": field.max_items}
            continue
        out[field.id] = field.type
        if isinstance(field, ChoiceField):
            for option in field.options:
                if option.reveal:
                    out.update(_kinds(option.reveal.fields))
    return out


_jinja.globals.update(GroupField=GroupField, ChoiceField=ChoiceField, RatingField=RatingField)
