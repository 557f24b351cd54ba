"""What "Your plan at a glance" reads from the reader's saved answers, checked against the
definitions at build time: renaming one of these fields fails the build here, not the page."""

from __future__ import annotations

from .definitions import DefinitionError
from .models import ChoiceField, Worksheet, field_places

# (form id, field id, expected type, group the field sits in or None)
READS = {
    "direction": ("take-stock", "direction", "choice", None),
    "next_cycle": ("goal-plan", "next-cycle", "date", None),
    "goal": ("goal-plan", "goal", "text", "goals"),
    "check_in": ("goal-plan", "check-in", "date", "goals"),
    "by_date": ("goal-plan", "by-date", "date", "goals"),
    "status": ("goal-plan", "status", "choice", "goals"),
    "status_history": ("goal-plan", "status-history", "history", "goals"),
    "rating_history": ("self-assessment", "today-history", "history", "skills"),
    "action": ("one-to-one", "action", "text", "actions"),
    "action_who": ("one-to-one", "who", "text", "actions"),
    "action_by": ("one-to-one", "by-when", "date", "actions"),
    "action_status": ("one-to-one", "action-status", "choice", "actions"),
    "win_date": ("achievements", "date", "date", "wins"),
    "win": ("achievements", "what", "text", "wins"),
}


def glance_config(forms: dict, page_url) -> dict:
    """{name: {form, field, group, url, title, options?}} for the glance script."""
    config = {}
    for name, (form_id, field_id, expected, group_id) in READS.items():
        field = _find(forms, form_id, field_id, group_id)
        if field is None or field.type != expected:
            raise DefinitionError(
                f"data/worksheets/{form_id}.yml: 'Your plan at a glance' reads the {expected} field "
                f"'{field_id}'{f' in group {group_id!r}' if group_id else ''}, which is missing or not a {expected}"
            )
        entry = {
            "form": form_id,
            "field": field_id,
            "group": group_id,
            "url": page_url(forms[form_id]),
            "title": forms[form_id].title,
        }
        if isinstance(field, ChoiceField):
            entry["options"] = {option.value: option.label for option in field.options}
        entry.update(_audience(forms[form_id], field_id))
        config[name] = entry
    return config


def _audience(form: Worksheet, field_id: str) -> dict:
    """Where the copy to share looks: the field's section (its default and the reader's own tick,
    `private--<section>`), whether the question (or the whole worksheet) is private, and the
    reader's own "keep this answer off" tick (`private-answer--<field>`, in the row for a group)."""
    for section in form.sections:
        for field, _ in field_places([section]).values():
            if field.id != field_id:
                continue
            return {
                "section": section.id,
                "section_private": section.audience == "private",
                "field_private": field.audience == "private" or form.audience == "private",
            }
    return {}


def _find(forms: dict, form_id: str, field_id: str, group_id: str | None):
    form = forms.get(form_id)
    if not isinstance(form, Worksheet):
        return None
    field, group = field_places(form.sections).get(field_id, (None, None))
    return field if group == (group_id or "") else None
