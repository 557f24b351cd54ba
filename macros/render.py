"""Render a validated definition into HTML through one autoescaping template.

mkdocs-macros' own Jinja does not escape, so the markup lives in its own environment with
autoescape on: every string from a data file reaches the page as text.
"""
from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from .definitions import form_page
from .models import Checklist, ChoiceField, GroupField, Worksheet

OVERRIDES = Path(__file__).resolve().parent.parent / "overrides"
COMPONENTS = OVERRIDES / "components"
# `import … from "./x.mjs"` and `import "./x.mjs"`; dynamic import() loads on first use, not here.
_STATIC_IMPORT = re.compile(r"""^import\s(?:[^"';]*?\sfrom\s)?["'](\.{1,2}/[^"']+\.mjs)["'];""", re.MULTILINE)

_jinja = Environment(
    loader=FileSystemLoader([COMPONENTS / name for name in ("form", "saved-answers", "glance")]),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_form(form: Worksheet | Checklist, page, hint_notes: dict[str, str] | None = None) -> str:
    """`hint_notes`: {field id: a sentence to add to that field's hint} (the organization's own
    facts, such as the month of its next promotion round)."""
    form = with_hint_notes(form, hint_notes or {})
    return _component("form", page, form=form, definition=definition_json(form))


def with_hint_notes(form: Worksheet | Checklist, notes: dict[str, str]):
    """A copy of the form whose named top-level fields carry the extra sentence in their hint."""
    if not notes:
        return form

    def noted(field):
        if field.id not in notes:
            return field
        return field.model_copy(update={"hint": " ".join(filter(None, [field.hint, notes[field.id]]))})

    sections = [s.model_copy(update={"fields": [noted(f) for f in s.fields]}) for s in form.sections]
    return form.model_copy(update={"sections": sections})


def render_saved_answers(forms, page) -> str:
    """The saved-answers view, with every form's definition and its page URL from `page`."""
    catalogue = [{**_definition(form), "url": form_url(form, page)} for form in forms]
    return _component("saved-answers", page, catalogue=compact_json(catalogue))


def render_glance(config: dict, forms: dict, page) -> str:
    """The glance, with the definitions of the forms it reads: it reads them through the same
    checked path as the forms themselves (migrate, then validate)."""
    read = sorted({entry["form"] for entry in config.values()})
    definitions = {form_id: _definition(forms[form_id]) for form_id in read}
    return _component("glance", page, config=compact_json(config), definitions=compact_json(definitions))


def form_url(form: Worksheet | Checklist, page) -> str:
    """Worksheets live at worksheets/<id>/, checklists at checklists/<id>/ (tests hold this)."""
    return to_root(page) + form_page(form)


def to_root(page) -> str:
    """The relative path from `page` to the site's root ("../../" from worksheets/goal-plan/)."""
    return "../" * (page.url.count("/") if page is not None else 0)


def _component(name: str, page, **context) -> Markup:
    """A component's markup; its template ends the root with `scripts`."""
    return _block(_jinja.get_template(f"{name}.html").render(scripts=module_scripts(name, page), **context))


def module_scripts(name: str, page) -> Markup:
    """The component's script, loaded from inside its root: it runs as soon as the page is parsed
    and puts saved answers on the page before Material's bundle runs. Its imports are preloaded
    with it, so a slow connection fetches them side by side instead of one level at a time.
    Low priority, like Material's deferred bundle: the stylesheets the first paint needs come
    first (module scripts default to high)."""
    entry, base = f"components/{name}/{name}.mjs", to_root(page)
    preloads = [f'<link rel="modulepreload" href="{base}{module}" fetchpriority="low">'
                for module in static_imports(entry)]
    script = f'<script type="module" src="{base}{entry}" fetchpriority="low"></script>'
    return Markup("".join([*preloads, script]))


def static_imports(module: str) -> tuple[str, ...]:
    """Every module that `module` (a path under overrides/) imports statically, at any depth;
    modules that import each other are listed once."""
    found: dict[str, None] = {}
    pending = [module]
    while pending:
        current = pending.pop()
        for target in _STATIC_IMPORT.findall((OVERRIDES / current).read_text(encoding="utf-8")):
            path = posixpath.normpath(posixpath.join(posixpath.dirname(current), target))
            if path != module and path not in found:
                found[path] = None
                pending.append(path)
    return tuple(found)


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


