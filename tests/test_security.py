"""Nothing leaves the browser, enforced: a strict Content-Security-Policy on every page."""

from __future__ import annotations

import re

from formkit import CHECKLISTS, WORKSHEETS, fill_everything, open_form

# Only the character set may come first (it must be within the first 1024 bytes; it fetches nothing).
CSP_META = re.compile(
    r'<head[^>]*>\s*(?:<meta charset="utf-8">)?<meta http-equiv="Content-Security-Policy" content="([^"]+)">'
)


def policies(site) -> dict[str, dict[str, list[str]]]:
    found = {}
    for path in site.page_paths():
        html = (site.dir / path / "index.html").read_text(encoding="utf-8")
        match = CSP_META.search(html)
        assert match, f"/{path}: the policy must be the first thing in <head>, or it misses what precedes it"
        found[path] = {d.split()[0]: d.split()[1:] for d in match[1].split("; ")}
    return found


def test_every_page_carries_a_policy_that_allows_no_other_host(site):
    for path, policy in policies(site).items():
        assert policy["default-src"] == ["'none'"], path
        for directive, sources in policy.items():
            for source in sources:
                assert source in ("'self'", "'none'", "data:") or source.startswith("'sha256-"), (
                    f"/{path}: {directive} allows {source}"
                )
        assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
        assert policy["form-action"] == ["'none'"] and policy["connect-src"] == ["'self'"]


def test_each_inline_script_is_allowed_by_its_own_hash(site):
    """Material's inline scripts differ by page depth; each page lists exactly its own."""
    script_sources = {tuple(p["script-src"]) for p in policies(site).values()}
    assert len(script_sources) >= 2, "pages at different depths need different hashes"
    assert all(any(s.startswith("'sha256-") for s in sources) for sources in script_sources)


def test_a_script_injected_into_a_page_is_blocked(page, watch):
    page.goto("privacy/")
    ran = page.evaluate("""() => {
        window.__injected = false;
        const s = document.createElement('script');
        s.textContent = 'window.__injected = true';
        document.body.append(s);
        return window.__injected;
    }""")
    assert ran is False, "an inline script without a matching hash must not run"
    assert any("Content Security Policy" in e for e in watch.errors)
    watch.errors.clear()  # the block was the point of this test


def test_every_page_and_every_form_works_under_the_policy_without_contacting_another_host(page, watch):
    """Visit every page, fill every worksheet and checklist, export each: all on this site only."""
    for path in [f"worksheets/{w}/" for w in WORKSHEETS] + [f"checklists/{c}/" for c in CHECKLISTS]:
        root = open_form(page, path)
        fill_everything(root)
        with page.expect_download():
            page.get_by_role("button", name="Export answers").click()
    page.goto("my-answers/")
    with page.expect_download():
        page.get_by_role("button", name="Export all answers").click()
    watch.check()  # no other host, no script error, no policy violation
