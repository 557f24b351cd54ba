"""mkdocs-macros entry point: load the definitions once, then register one macro per component."""

from __future__ import annotations

from pathlib import Path

from .definitions import check_form_pages, check_links_between_forms, load_forms, nav_titles
from .glance import glance_config
from .organization import check_hint_fields, hint_notes, load_organization, offline_on, org_sentence
from .render import (
    form_url,
    next_in_order_config,
    render_form,
    render_glance,
    render_reading_order,
    render_saved_answers,
    use_strings,
)
from .strings import load_strings, strings_subset


def define_env(env) -> None:
    # Validation runs here, at config time, so a bad file stops the build before any page renders.
    forms = load_forms(Path(env.project_dir) / "data")
    check_form_pages(forms, Path(env.project_dir) / "data", Path(env.conf["docs_dir"]), env.conf["nav"])
    check_links_between_forms(forms, Path(env.project_dir) / "data", Path(env.conf["docs_dir"]))
    titles = nav_titles(env.conf["nav"])
    glance_config(forms, page_url=lambda form: "")  # the glance's field references, checked now too
    organization = load_organization(Path(env.project_dir) / "data")  # None: the guide stays neutral
    check_hint_fields(forms)
    # The scripts' words, in the language of the pages (theme.language): every component's root
    # carries them once per page.
    language = env.conf["theme"]["language"]
    strings = load_strings(Path(env.project_dir) / "data", language, Path(env.project_dir) / "overrides")
    use_strings(strings)
    # For overrides/main.html: whether sw.js keeps the guide offline, and the words of its
    # "new version" notice for pages without a component (which carry all the words).
    env.conf["extra"]["atn_offline"] = {"on": offline_on(organization), "strings": strings_subset(strings, "offline.")}
    # "Next in your order" on the pages of the reading order (overrides/partials/next-in-order.html).
    env.conf["extra"]["atn_next_in_order"] = next_in_order_config(forms, titles)

    @env.macro
    def form(form_id: str) -> str:
        """The worksheet or checklist defined in data/*/<form_id>.yml, as accessible HTML."""
        if form_id not in forms:
            known = ", ".join(sorted(forms))
            raise KeyError(f"no worksheet or checklist with id {form_id!r}; known ids: {known}")
        return render_form(forms[form_id], env.page, hint_notes(organization, form_id), forms=forms)

    @env.macro
    def at_org(setting: str, otherwise: str = "") -> str:
        """One "At <organization>, ..." sentence from data/organization.yml; without that setting,
        the neutral words `otherwise` (or nothing)."""
        return org_sentence(organization, setting, otherwise)

    @env.macro
    def saved_answers() -> str:
        """The My answers view: every form's saved answers in this browser, with export and delete."""
        return render_saved_answers(forms.values(), env.page)

    @env.macro
    def plan_at_a_glance() -> str:
        """The reader's direction, goals and latest wins, read from this browser's saved answers."""
        return render_glance(glance_config(forms, lambda form: form_url(form, env.page)), forms, env.page, titles)

    @env.macro
    def reading_order(form_id: str) -> str:
        """The personal reading order that the answers to worksheet `form_id` pick (data: reading_order)."""
        if getattr(forms.get(form_id), "reading_order", None) is None:
            raise KeyError(f"no worksheet with a reading_order has id {form_id!r}")
        return render_reading_order(forms[form_id], forms, env.page, titles)
