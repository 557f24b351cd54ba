"""What any reader notices about every page: accessible, private, and fits a phone."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from conftest import PageWatch, ReusedContext, assert_accessible, build_site


@pytest.fixture(scope="module")
def pages(site):
    paths = site.page_paths()
    assert len(paths) > 5, "the sitemap lists too few pages"
    return paths


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_passes_axe_in_both_palettes(page, pages, scheme):
    page.emulate_media(color_scheme=scheme)
    expected = {"light": "default", "dark": "slate"}[scheme]
    for path in pages:
        page.goto(path)
        assert page.locator("body").get_attribute("data-md-color-scheme") == expected
        assert_accessible(page, f"/{path} ({scheme})")


def test_palette_toggle_switches_to_dark_and_back(page):
    page.goto("")
    page.get_by_title("Switch to dark mode").click()
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    page.get_by_title("Switch to light mode").click()
    assert page.locator("body").get_attribute("data-md-color-scheme") == "default"


def test_no_page_contacts_another_host(page, pages, watch):
    for path in pages:
        page.goto(path, wait_until="networkidle")
    watch.check()  # the fixture checks again at teardown; here the failure names this test


def test_every_page_fits_a_360px_phone_without_sideways_scrolling(browser, site, pages):
    phone = browser.new_context(
        base_url=site.url, viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    tab = phone.new_page()
    wide = []
    for path in pages:
        tab.goto(path)
        width = tab.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            wide.append(f"/{path}: {width}px")
    phone.close()
    assert not wide, "pages wider than the phone:\n" + "\n".join(wide)


@pytest.fixture(scope="module")
def broken_links_build(project_copy, tmp_path_factory) -> str:
    """One strict build of a copy whose privacy page links to a missing anchor and a missing page:
    both are the same kind of failure, MkDocs' link check, so one build shows both lines."""
    project = project_copy()
    page = project / "docs" / "privacy.md"
    page.write_text(page.read_text() + "\n[broken](index.md#no-such-heading)\n\n[gone](no-such-page.md)\n")
    result = build_site(project, tmp_path_factory.mktemp("broken-links"), "http://127.0.0.1:8000/")
    assert result.returncode != 0, "a broken link must fail the strict build"
    return result.stdout + result.stderr


def test_strict_build_fails_on_a_link_to_a_missing_anchor(broken_links_build):
    lines = [line for line in broken_links_build.splitlines() if "no-such-heading" in line]
    assert lines and "privacy.md" in lines[0], broken_links_build


def test_strict_build_fails_on_a_link_to_a_missing_page(broken_links_build):
    lines = [line for line in broken_links_build.splitlines() if "no-such-page.md" in line]
    assert lines and "privacy.md" in lines[0], broken_links_build


def test_the_search_index_downloads_only_when_the_reader_opens_search(page):
    """On a phone the index is the biggest download after Material itself; most readers never search."""
    asked = []
    page.on("request", lambda r: asked.append(r.url) if r.url.endswith("search_index.json") else None)
    page.goto("", wait_until="networkidle")
    assert not asked, "the index was downloaded before anyone searched"
    page.locator(".md-search__input").click()
    page.keyboard.type("feedback")
    page.locator(".md-search-result__item").first.wait_for()
    assert len(asked) == 1


def test_search_opened_from_the_phone_icon_still_finds_pages(browser, site):
    phone = browser.new_context(base_url=site.url, viewport={"width": 360, "height": 740}, is_mobile=True)
    tab = phone.new_page()
    tab.goto("first-days/")
    tab.locator("label[for=__search]").first.click()
    tab.locator(".md-search__input").wait_for()
    tab.keyboard.type("angry")  # Material searches on keyup, which fill() never sends
    tab.locator(".md-search-result__item").first.wait_for()
    phone.close()


@pytest.mark.parametrize(
    "script, recorded",
    [
        ("setTimeout(() => { throw new Error('thrown on purpose'); })", "uncaught: thrown on purpose"),
        ("setTimeout(() => Promise.reject(new Error('rejected on purpose')))", "uncaught: rejected on purpose"),
        (
            "console.error('[after-the-no] component failed:', 'form', 'on purpose')",
            "console error: [after-the-no] component failed: form on purpose",
        ),
    ],
)
def test_the_page_watch_sees_every_kind_of_script_error(context, site, script, recorded):
    """The harness itself: what every browser test relies on to fail on a broken component."""
    watch = PageWatch(urlparse(site.url).netloc)
    tab = context.new_page()
    watch.attach(tab)
    tab.goto("privacy/")
    with tab.expect_event("console" if script.startswith("console") else "pageerror"):
        tab.evaluate(script)
    assert any(line.startswith(recorded) for line in watch.errors), watch.errors
    with pytest.raises(AssertionError, match="page errors"):
        watch.check()


def test_the_next_test_gets_the_reused_context_with_nothing_saved_and_no_init_script(browser, site):
    """The harness itself: every test's `page` starts with the site's storage empty, as in a new
    browser, although the worker hands the same context from test to test (ReusedContext)."""
    reused = ReusedContext(browser)
    try:
        first = reused.take(site.url)
        tab = first.new_page()
        tab.goto("privacy/")
        tab.evaluate("() => localStorage.setItem('left-by-a-test', 'answer')")
        reused.give_back()
        second = reused.take(site.url)
        assert second is first, "the same context, its caches warm"
        tab = second.new_page()
        tab.goto("privacy/")
        assert tab.evaluate("() => localStorage.getItem('left-by-a-test')") is None, "storage left by the previous test"
        tab.context.add_init_script("window.__changed = true")  # through page.context, as tests do
        reused.give_back()
        third = reused.take(site.url)
        assert third is not first, "a context a test changed is not handed on"
        tab = third.new_page()
        tab.goto("privacy/")
        assert tab.evaluate("() => window.__changed === undefined")
    finally:
        reused.close()
