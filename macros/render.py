"""Render a validated definition into HTML through one autoescaping template.

mkdocs-macros' own Jinja does not escape, so the markup lives in its own environment with
autoescape on: every string from a data file reaches the page as text.
"""

from __future__ import annotations

import json
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from .definitions import form_page
from .models import (
    READING_MAX_PAGES,
    UNANSWERED,
    Checklist,
    ChoiceField,
    GroupField,
    HistoryField,
    Worksheet,
    field_places,
)
from .strings import Strings, strings_script

OVERRIDES = Path(__file__).resolve().parent.parent / "overrides"
COMPONENTS = OVERRIDES / "components"

_jinja = Environment(
    loader=FileSystemLoader(
        [
            COMPONENTS / name
            for name in (
                "form",
                "saved-answers",
                "glance",
                "gap-chart",
                "gap-list",
                "reading-order",
                "agenda",
                "progress",
            )
        ]
    ),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_form(
    form: Worksheet | Checklist, page, hint_notes: dict[str, str] | None = None, forms: dict | None = None
) -> str:
    """`hint_notes`: {field id: a sentence to add to that field's hint} (the organization's own
    facts, such as the month of its next promotion round). `forms`: every definition, for a
    worksheet that reads another one (goals_from_gaps)."""
    form = with_hint_notes(form, hint_notes or {})
    extras = {"gap_chart": None, "gap_list": None, "gap_list_before": None, "agenda": None, "progress": None}
    if getattr(form, "gap_chart", None):
        extras["gap_chart"] = _component(
            "gap-chart", page, chart=form.gap_chart, config=compact_json(form.gap_chart.model_dump())
        )
    if getattr(form, "goals_from_gaps", None) and forms:
        extras["gap_list_before"] = form.goals_from_gaps.group
        extras["gap_list"] = _component(
            "gap-list",
            page,
            config=compact_json(gap_source(forms[form.goals_from_gaps.form], page)),
            target=compact_json(form.goals_from_gaps.model_dump()),
        )
    if getattr(form, "agenda", None) and forms:
        extras["agenda"] = _component(
            "agenda", page, agenda=form.agenda, config=compact_json(agenda_sources(form.agenda, forms, page))
        )
    has_history = isinstance(form, Worksheet) and any(
        isinstance(f, HistoryField) for f, _ in field_places(form.sections).values()
    )
    if getattr(form, "keep_first", None) or getattr(form, "date_stamps", None) or has_history:
        progress = {"keep_first": form.keep_first, "date_stamps": [s.model_dump() for s in form.date_stamps]}
        extras["progress"] = _component("progress", page, config=compact_json(progress))
    # A history shows its empty state from the start: what the script draws then never moves the page.
    history_empty = _strings[0].messages["form.history-empty"] if _strings else ""
    return _component(
        "form",
        page,
        form=form,
        definition=definition_json(form),
        root=to_root(page),
        history_empty=history_empty,
        **extras,
    )


def agenda_sources(agenda, forms: dict, page) -> dict:
    """What the agenda reads: each source form's definition once, and for each item where the
    copy to share looks (the section, its default and the reader's own `private--<section>`
    tick; a private field or column), so the script shows only answers that would be shared."""
    items = []
    for source in agenda.items:
        form = forms[source.form]
        field_id = form.gap_chart.group if source.gaps else source.field
        section, field = _section_of(form, field_id)
        item = {
            "form": form.id,
            "url": form_url(form, page),
            "form_title": form.title,
            "field": field_id,
            "label": form.gap_chart.title if source.gaps else field.label,
            "section": section.id,
            "section_private": section.audience == "private",
            "private": field.audience == "private",
        }
        if source.gaps:
            chart = form.gap_chart
            subs = {sub.id: sub for sub in field.fields}
            compared = [chart.name, chart.today, chart.needed]
            item["gaps"] = {"count": source.gaps, "chart": chart.model_dump()}
            item["private"] = item["private"] or any(subs[c].audience == "private" for c in compared)
        elif isinstance(field, GroupField):
            subs = {sub.id: sub for sub in field.fields}
            item["columns"] = [_column(subs[c]) for c in source.columns]
        else:
            item["type"] = field.type
        items.append(item)
    definitions = {source.form: _definition(forms[source.form]) for source in agenda.items}
    return {"items": items, "definitions": definitions}


def _column(field) -> dict:
    column = {"id": field.id, "label": field.label, "type": field.type, "private": field.audience == "private"}
    if isinstance(field, ChoiceField):
        column["options"] = {option.value: option.label for option in field.options}
    return column


def _section_of(form: Worksheet, field_id: str):
    """The section holding top-level field `field_id`, and the field."""
    return next((section, field) for section in form.sections for field in section.fields if field.id == field_id)


def gap_source(form: Worksheet, page) -> dict:
    """What a reader of another worksheet's gaps needs: its definition, gap chart, page and title."""
    return {"definition": _definition(form), "chart": form.gap_chart.model_dump(), "url": form_url(form, page)}


def reading_rules(form: Worksheet, forms: dict, page, titles: dict[str, str]) -> dict:
    """A reading order's rules with each page's and form's address and title, as the script and
    the plain lists show them. `titles`: {docs path: the page's title in the nav}."""
    order = form.reading_order
    questions = {
        f.id: (f.label, {o.value: o.label for o in f.options})
        for s in form.sections
        for f in s.fields
        if isinstance(f, ChoiceField)
    }

    def when_words(when: dict) -> str:
        def choice(q: str, c: str) -> str:
            return "not answered" if c == UNANSWERED else questions[q][1][c]

        return "; ".join(
            f"{questions[q][0]} {' or '.join(choice(q, c) for c in choices)}" for q, choices in when.items()
        )

    def step_of(step) -> dict:
        """`path`: the step's address from the site's root (the guide pages match it)."""
        path = form_page(forms[step.form]) if step.form else _page_url(step.page)
        title = forms[step.form].title if step.form else titles.get(step.page, step.page)
        return {
            "href": to_root(page) + path,
            "path": path,
            "title": title,
            "why": step.why,
            "why_reworded": step.why_reworded or "",
            "when": step.when,
            "words": when_words(step.when),
        }

    return {
        "form": form.id,
        "max": READING_MAX_PAGES,
        "card": order.card.model_dump(),
        "pages": [step_of(step) for step in order.pages],
        "next": [step_of(step) for step in order.next],
    }


def _page_url(path: str) -> str:
    """docs/first-days.md is served at first-days/, docs/x/index.md at x/."""
    stem = path.removesuffix(".md")
    return "" if stem == "index" else stem.removesuffix("/index") + "/"


def render_reading_order(form: Worksheet, forms: dict, page, titles: dict[str, str]) -> str:
    """The reading order: every page and worksheet with its rule as plain lists; the script keeps
    the ones the reader's answers pick."""
    rules = reading_rules(form, forms, page, titles)
    reword = form.reading_order.reword
    return _component(
        "reading-order",
        page,
        rules=rules,
        config=compact_json(
            {
                "form": rules["form"],
                "max": rules["max"],
                "card": rules["card"],
                "reword": reword.model_dump(exclude_none=True) if reword else None,
                "pages": [{"when": p["when"], "path": p["path"]} for p in rules["pages"]],
                "next": [{"when": n["when"], "path": n["path"]} for n in rules["next"]],
            }
        ),
    )


def next_in_order_config(forms: dict, titles: dict[str, str]) -> dict | None:
    """What partials/next-in-order.html needs on every page: `sources`, the docs files that are
    steps of the reading order (the partial shows only there), and `config`, the rules as JSON
    with each step's address from the site's root and the start form's definition, so the script
    reads the reader's answers through the forms' own checked path."""
    start = next((f for f in forms.values() if getattr(f, "reading_order", None)), None)
    if start is None:
        return None
    rules = reading_rules(start, forms, None, titles)
    order = start.reading_order
    sources = [step.page or form_page(forms[step.form]).removesuffix("/") + ".md" for step in order.pages]
    sources += [form_page(forms[step.form]).removesuffix("/") + ".md" for step in order.next]
    keep = ("path", "title", "when")
    config = {
        "definition": _definition(start),
        "max": rules["max"],
        "pages": [{k: step[k] for k in keep} for step in rules["pages"]],
        "next": [{k: step[k] for k in keep} for step in rules["next"]],
    }
    return {"sources": sources, "config": compact_json(config)}


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


def render_glance(config: dict, forms: dict, page, titles: dict[str, str] | None = None) -> str:
    """The glance, with the definitions of the forms it reads: it reads them through the same
    checked path as the forms themselves (migrate, then validate)."""
    config = dict(config)
    gap_form = next((f for f in forms.values() if getattr(f, "gap_chart", None)), None)
    if gap_form:
        # Its definition travels once, with the others the glance reads.
        config["gaps"] = {
            "chart": gap_form.gap_chart.model_dump(),
            "url": form_url(gap_form, page),
            "form": gap_form.id,
            "title": gap_form.title,
        }
    start = next((f for f in forms.values() if getattr(f, "reading_order", None)), None)
    if start:
        config["start"] = {
            **reading_rules(start, forms, page, titles or {}),
            "url": form_url(start, page),
            "title": start.title,
        }
    read = sorted({entry["form"] for entry in config.values()})
    definitions = {form_id: _definition(forms[form_id]) for form_id in read}
    return _component("glance", page, config=compact_json(config), definitions=compact_json(definitions))


def form_url(form: Worksheet | Checklist, page) -> str:
    """Worksheets live at worksheets/<id>/, checklists at checklists/<id>/ (tests hold this)."""
    return to_root(page) + form_page(form)


def to_root(page) -> str:
    """The relative path from `page` to the site's root ("../../" from worksheets/goal-plan/)."""
    return "../" * (page.url.count("/") if page is not None else 0)


_strings: list[Strings] = []


def use_strings(strings: Strings) -> None:
    """The words the components' scripts show, validated at config time (macros/strings.py)."""
    _strings[:] = [strings]


# page.meta key: the styles of the components on the page, which overrides/main.html inlines.
STYLES_META = "atn_styles"
# The styles each component needs besides the site's own (overrides/main.html inlines them).
STYLES = {
    "form": ("components/form/form.css",),
    "saved-answers": ("components/form/form.css",),
    "glance": ("components/form/form.css",),
    "gap-chart": ("components/form/form.css", "components/gap-chart/gap-chart.css"),
    "gap-list": ("components/form/form.css", "components/gap-chart/gap-chart.css"),
    "reading-order": (
        "components/form/form.css",
        "components/gap-chart/gap-chart.css",
        "components/reading-order/reading-order.css",
    ),
    "agenda": ("components/form/form.css", "components/gap-chart/gap-chart.css"),
    "progress": ("components/form/form.css",),
}
# The inline script that puts a form's saved answers into its fields before the first paint.
FIRST_PAINT = COMPONENTS / "form" / "first-paint.js"


def _component(name: str, page, **context) -> Markup:
    """A component's markup; its template ends the root with `scripts`, a placeholder the build
    replaces by the page's one deferred bundle (build_hooks/bundling.py). The page's first
    component is followed by the scripts' words (a data block, outside the root)."""
    if page is not None:
        page.meta[STYLES_META] = sorted({*page.meta.get(STYLES_META, ()), *STYLES.get(name, ())})
    scripts = Markup('<template data-atn-bundle="{}"></template>').format(name)
    words = strings_script(_strings[0], page) if _strings else Markup("")
    if name == "form":
        # Right after the form's last field (before its paper copy), classic and inline: it runs
        # while the page is parsed, before the form is painted, and fills the fields from the
        # saved record; the engine takes over later.
        context["first_paint"] = Markup("<script data-compact>{}</script>").format(
            Markup(FIRST_PAINT.read_text(encoding="utf-8"))
        )
    html = Markup(_jinja.get_template(f"{name}.html").render(scripts=scripts, **context))
    return _block(html + words)


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


# The reader's choices about the copy to share are saved as answers, so Export, Import, Clear,
# Undo and other tabs carry them like any answer. Field ids never hold "--", so these never
# collide with a field: one "off the copy to share" tick per section, and one per answer
# ("make private" in Check before you share; in a group's row for a row's answer).
# `copy--print` is the copy a worksheet printed before the choice became one for the whole guide
# (copy-choice.mjs migrates it): still a known answer, so an old record or file reads cleanly.
PRIVATE_PREFIX = "private--"
ANSWER_PRIVATE_PREFIX = "private-answer--"
COPY_FIELD = "copy--print"
COPY_CHOICES = ("everything", "share")


def field_kinds(form: Worksheet | Checklist) -> dict:
    """{field id: {"type": ...}} for every answer the form can hold, reveal follow-ups included,
    so the script can tell a known answer from a stale one and check its type."""
    if isinstance(form, Checklist):
        return {item.id: {"type": "check"} for section in form.sections for item in section.items}
    kinds = _kinds((f for section in form.sections for f in section.fields), form.audience == "private")
    kinds.update({PRIVATE_PREFIX + section.id: {"type": "check"} for section in form.sections})
    kinds[COPY_FIELD] = {"type": "choice", "options": list(COPY_CHOICES)}
    return kinds


def _kinds(fields, all_private: bool = False) -> dict:
    """`all_private`: the worksheet is private as a whole, so no answer has a tick of its own."""
    out: dict = {}
    for field in fields:
        kind: dict = {"type": field.type}
        if isinstance(field, GroupField):
            kind.update(fields=_kinds(field.fields, all_private), min=field.min_items, max=field.max_items)
            out[field.id] = kind
            continue
        if isinstance(field, ChoiceField):
            kind["options"] = [option.value for option in field.options]
            for option in field.options:
                if option.reveal:
                    out.update(_kinds(option.reveal.fields, all_private))
        if isinstance(field, HistoryField):
            # Its answers are those of the question it follows; it has no tick of its own (it
            # is off the copy to share whenever that question's answer is).
            kind.update(of=field.of, keep=field.keep)
            out[field.id] = kind
            continue
        out[field.id] = kind
        if field.audience != "private" and not all_private:  # form.html renders the same ticks
            out[ANSWER_PRIVATE_PREFIX + field.id] = {"type": "check"}
    return out
