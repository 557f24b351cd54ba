"""The build hook (macros/hooks.py): what it does to the built pages, and that it stops the build,
naming the file and the markup, when Material's or print-site's markup is not what it rewrites.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

from conftest import ROOT, build_site, first_policy

if str(ROOT) not in sys.path:  # `pytest` (not `python -m pytest`) leaves the project root off the path
    sys.path.insert(0, str(ROOT))
from macros import hooks
from macros.build_hooks.material import material_bundles
from macros.build_hooks.release import with_release_note
from macros.hooks import MarkupChanged

PRINT_ASSET = re.compile(r"""(?:href|src)=["'][^"']*(?:css/print-site|js/print-site)[^"']*["']""")


def built_pages(site) -> dict[str, str]:
    return {p.relative_to(site.dir).as_posix(): p.read_text(encoding="utf-8") for p in site.dir.rglob("*.html")}


# What the hook does to the built site ------------------------------------------------------------


def test_every_page_names_the_search_dialog(site):
    unnamed = [
        file for file, html in built_pages(site).items() if 'role="dialog" aria-label="Search this guide"' not in html
    ]
    assert not unnamed, f"search dialog without a name on: {unnamed}"


def test_a_screen_reader_hears_the_search_dialogs_name(page):
    page.goto("first-days/")
    page.locator(".md-search__input").click()
    assert page.get_by_role("dialog", name="Search this guide").is_visible()


def test_print_site_assets_are_inlined_only_on_the_whole_guide_page(site):
    pages = built_pages(site)
    whole_guide = pages.pop(hooks.PRINT_PAGE)
    head = whole_guide.split("</head>")[0]
    inlined = {
        "print-site's script": "function generate_toc()",
        "print-site's styles": "#print-site-page ul.toc",
        "our whole-guide styles": "counter-reset:chapter-entry",  # minified by esbuild
    }
    missing = [what for what, text in inlined.items() if text not in head]
    assert not missing, f"not inlined in the whole guide's <head>: {missing}"
    assert not PRINT_ASSET.search(whole_guide), "the whole guide still links print-site's files"
    elsewhere = [
        file
        for file, html in pages.items()
        if PRINT_ASSET.search(html) or any(text in html for text in inlined.values())
    ]
    assert not elsewhere, f"print-site's assets on ordinary pages: {elsewhere}"


def test_the_whole_guide_runs_print_sites_script(page):
    page.goto("whole-guide/")
    assert page.locator("#print-page-toc nav ul").count() > 0, "print-site did not copy the contents"
    assert page.locator(".md-sidebar--primary").first.is_hidden()


def test_materials_bundle_is_deferred_on_every_page(site):
    bundles = {file: material_bundles(html) for file, html in built_pages(site).items()}
    blocking = [file for file, found in bundles.items() if not found or "defer" not in found[0].attrs]
    assert not blocking, f"Material's bundle blocks the parser on: {blocking}"


def test_whole_guide_links_to_left_out_pages_go_to_the_real_pages(page, site):
    html = (site.dir / hooks.PRINT_PAGE).read_text(encoding="utf-8")
    assert 'href="#."' not in html, "the home page link must point at its section"
    assert 'href="#worksheets-goal-plan"' not in html, "a left-out page's link must leave the print page"
    page.goto("whole-guide/")
    page.locator('.md-content a[href$="/worksheets/goal-plan/"]').first.click()
    page.wait_for_url("**/worksheets/goal-plan/")


def test_whole_guide_drops_sections_whose_pages_are_all_left_out(site):
    html = (site.dir / hooks.PRINT_PAGE).read_text(encoding="utf-8")
    headings = re.findall(r"<h1[^>]*>([^<]*)<a class=.headerlink", html)
    assert headings, "print-site's section headings were not found"
    assert not {"Worksheets", "Checklists"} & {h.strip() for h in headings}, headings


def test_the_policy_is_first_in_head_of_every_page(site):
    late = [file for file, html in built_pages(site).items() if first_policy(html) is None]
    assert not late, f"pages whose policy is missing or not first in <head>: {late}"


# The hook stops the build when the markup changed ------------------------------------------------

PAGE = """<!doctype html><html><head><title>T</title><script>var a=1</script></head><body>
<div class="md-search" data-md-component="search" role="dialog"><input></div></body></html>"""


@pytest.mark.fast
def test_the_hook_names_the_dialog_and_hashes_the_inline_script():
    html = hooks.with_policy(hooks.name_the_search_dialog(PAGE))
    assert 'role="dialog" aria-label="Search this guide">' in html
    assert hooks.inline_script_hashes(PAGE)[0] in html.split("</head>")[0]


@pytest.mark.fast
@pytest.mark.parametrize(
    "broken, file, says",
    [
        (PAGE.replace('role="dialog"', 'role="search"'), "404.html", "Material's search dialog not found"),
        (
            PAGE.replace(' data-md-component="search" role="dialog"', ""),
            "index.html",
            "Material's search dialog not found",
        ),
    ],
)
def test_a_changed_search_dialog_stops_the_build(broken, file, says):
    with pytest.raises(MarkupChanged) as caught:
        hooks.name_the_search_dialog(broken, file)
    message = str(caught.value)
    assert message.startswith(f"macros/hooks.py: {file}: {says}"), message
    assert "name_the_search_dialog()" in message


@pytest.mark.fast
def test_a_page_without_head_stops_the_build():
    with pytest.raises(MarkupChanged, match=r"privacy/index.html: the <head> element.* not found"):
        hooks.with_policy("<html><header>no head here</header></html>", "privacy/index.html")


@pytest.mark.fast
def test_a_changed_material_bundle_tag_stops_the_build():
    with pytest.raises(MarkupChanged, match=r"index.html: Material's script bundle not found"):
        hooks.defer_material_bundle(PAGE.replace("</body>", '<script src="bundle.js"></script></body>'), "index.html")


def test_a_changed_footer_stops_the_build():
    with pytest.raises(MarkupChanged, match=r"privacy/index.html: Material's footer not found"):
        with_release_note(PAGE, "privacy/index.html", "1.0.0", "http://127.0.0.1:8000/")


@pytest.mark.fast
def test_changed_print_site_sections_stop_the_build(tmp_path):
    html = "<html><head></head><body><section class='print-page' id='a'><h1>A</h1></section></body></html>"
    with pytest.raises(MarkupChanged, match="whole-guide/index.html: print-site's nav sections not found"):
        hooks.finish_print_page(html, tmp_path)


@pytest.mark.fast
def test_print_site_assets_that_moved_stop_the_build():
    class Config(dict):
        extra_css, extra_javascript, plugins = ["assets/site.css"], [], {"print-site": object()}

    with pytest.raises(MarkupChanged, match="print-site's stylesheets and script"):
        hooks.on_config(Config())


def test_the_real_build_fails_loudly_when_materials_search_markup_changes(project_copy, tmp_path):
    """An override that changes Material's search partial stands in for a Material upgrade."""
    project = project_copy()
    import material

    partial = Path(material.__file__).parent / "templates" / "partials" / "search.html"
    changed = partial.read_text(encoding="utf-8").replace('role="dialog"', 'role="search"')
    assert changed != partial.read_text(encoding="utf-8"), "Material's partial no longer has role=dialog"
    (project / "overrides" / "partials" / "search.html").write_text(changed, encoding="utf-8")
    result = build_site(project, tmp_path / "out", "http://127.0.0.1:8000/")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output, output
    assert "macros/hooks.py: " in output and "Material's search dialog not found" in output, output
    shutil.rmtree(project)
