"""The site's scripts as esbuild builds them (macros/build_hooks/bundling.py): one deferred bundle
per page kind, code used on demand in chunks of its own, and each page carrying only the styles
and words of the components it has."""

from __future__ import annotations

import json
import re
import shutil
import sys
from html import unescape

import pytest

from conftest import ROOT, build_site

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from macros.build_hooks.bundling import minify

MODULE = re.compile(r'<script type="module" src="([^"]+)"')
PRELOAD = re.compile(r'<link rel="modulepreload" href="([^"]+)"')


def html_of(site, path: str) -> str:
    return (site.dir / path / "index.html").read_text(encoding="utf-8")


def scripts_of(html: str) -> list[str]:
    return MODULE.findall(html)


def words_of(html: str) -> dict:
    found = re.search(r'data-atn-strings="([^"]*)"', html)
    return json.loads(unescape(found.group(1)))["messages"] if found else {}


def head_style(html: str) -> str:
    """Every inline style of the page's <head>, together."""
    return "".join(re.findall(r"<style>(.*?)</style>", html.split("</head>")[0], re.DOTALL))


def test_each_page_loads_one_deferred_bundle_for_its_kind_and_nothing_holds_the_paint(site):
    for path, kind in [
        ("worksheets/goal-plan", "form+gap-list"),
        ("worksheets/self-assessment", "form+gap-chart"),
        ("checklists/first-48-hours", "form"),
        ("my-answers", "saved-answers"),
        ("plan-at-a-glance", "glance"),
    ]:
        html = html_of(site, path)
        ours = [src.rsplit("/", 1)[1].removesuffix(".mjs") for src in scripts_of(html) if "/assets/js/" in src]
        # One bundle, named for the page's components (a page in a reading order also has next-in-order).
        assert len(ours) == 1 and set(kind.split("+")) <= set(ours[0].split("+")), (path, scripts_of(html))
        assert "blocking=" not in html, path
        for chunk in PRELOAD.findall(html):  # its static imports, fetched side by side
            assert (site.dir / path / chunk).resolve().is_file(), (path, chunk)
    # A guide page loads only "Next in your order" (when it is a step of the reading order).
    guide = [src.rsplit("/", 1)[1] for src in scripts_of(html_of(site, "first-days")) if "/assets/js/" in src]
    assert guide in ([], ["next-in-order.mjs"]), guide


def test_only_built_scripts_are_published(site):
    modules = sorted(p.relative_to(site.dir).as_posix() for p in site.dir.rglob("*.mjs"))
    assert modules and all(m.startswith("assets/js/") or m == "assets/loader.mjs" for m in modules), modules
    assert not (site.dir / "components").exists()
    assert "\n//" not in (site.dir / "assets/js/form.mjs").read_text(encoding="utf-8")  # minified


def test_code_used_on_demand_is_not_loaded_with_the_page(site):
    """The toolbar's actions (import, undo, export, the calendar file) load on first use."""
    html = html_of(site, "worksheets/goal-plan")
    loaded = [*scripts_of(html), *PRELOAD.findall(html)]
    code = {src: (site.dir / "worksheets/goal-plan" / src).resolve().read_text(encoding="utf-8") for src in loaded}
    on_demand = ("BEGIN:VCALENDAR", '"form.clear-question"')  # calendar.mjs, actions.mjs
    assert not [src for src, text in code.items() if any(marker in text for marker in on_demand)]
    every = "".join(p.read_text(encoding="utf-8") for p in (site.dir / "assets/js").glob("*.mjs"))
    assert all(marker in every for marker in on_demand)


def test_a_page_carries_only_its_components_styles_and_words(site):
    guide, form, chart = (
        html_of(site, p) for p in ("first-days", "checklists/first-48-hours", "worksheets/self-assessment")
    )
    assert ".atn-form" not in head_style(guide) and ".atn-form" in head_style(form)
    assert ".atn-gaps" not in head_style(form) and ".atn-gaps" in head_style(chart)
    # Every page carries the two words of the "new version" notice (offline.mjs), and no others.
    assert set(words_of(guide)) <= {"offline.update-ready", "offline.reload"}, words_of(guide)
    form_words, saved_words = words_of(form), words_of(html_of(site, "my-answers"))
    assert "form.saved" in form_words or any(k.startswith("form.") for k in form_words)
    only_my_answers = set(saved_words) - set(form_words)
    assert only_my_answers, "My answers shows no words a checklist does not"
    assert len(form_words) < len(words_of(chart)) or set(form_words) <= set(words_of(chart))


@pytest.mark.fast
def test_inline_styles_and_scripts_are_minified_and_still_work():
    assert minify("a {\n  /* why */\n  color: red;\n}\n", "css") == "a{color:red}"
    assert minify("// why\nif (x) {\n  y = `a ${b}`; /* c */\n}\n", "js") == "x&&(y=`a ${b}`);"


def test_a_missing_esbuild_stops_the_build_with_one_clear_line(project_copy, tmp_path):
    project = project_copy()
    (project / "node_modules").unlink()
    result = build_site(project, tmp_path / "out", "http://127.0.0.1:8000/")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output, output
    assert "esbuild is not installed" in output and "npm ci" in output, output
    shutil.rmtree(project)


def test_a_new_module_is_bundled_without_any_list_to_update(project_copy, tmp_path):
    """A module a component imports (here a new one, at any depth) is in that page's bundle."""
    project = project_copy()
    shared = project / "overrides/components/shared"
    (shared / "brand-new.mjs").write_text('export const marker = "a-brand-new-module";\n', encoding="utf-8")
    entry = project / "overrides/components/glance/glance.mjs"
    entry.write_text(
        'import { marker } from "../shared/brand-new.mjs";\nconsole.debug(marker);\n'
        + entry.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    result = build_site(project, tmp_path / "out", "http://127.0.0.1:8000/")
    assert result.returncode == 0, result.stdout + result.stderr
    html = (tmp_path / "out/plan-at-a-glance/index.html").read_text(encoding="utf-8")
    loaded = [*scripts_of(html), *PRELOAD.findall(html)]
    code = "".join((tmp_path / "out/plan-at-a-glance" / src).resolve().read_text(encoding="utf-8") for src in loaded)
    assert "a-brand-new-module" in code
    shutil.rmtree(project)
