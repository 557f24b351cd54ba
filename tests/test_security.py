"""Nothing leaves the browser, enforced: a strict Content-Security-Policy on every page."""

from __future__ import annotations

import base64
import hashlib

from conftest import first_policy
from formkit import CHECKLISTS, WORKSHEETS, fill_everything, open_form
from macros.build_hooks import markup

# The script types a browser runs: each inline one needs its hash in the policy.
RUN_TYPES = ("", "text/javascript", "module")


def page_html(site, path: str) -> str:
    return (site.dir / path / "index.html").read_text(encoding="utf-8")


def policies(site) -> dict[str, dict[str, list[str]]]:
    found = {}
    for path in site.page_paths():
        policy = first_policy(page_html(site, path))
        assert policy, f"/{path}: the policy must be the first thing in <head>, or it misses what precedes it"
        found[path] = {d.split()[0]: d.split()[1:] for d in policy.split("; ")}
    return found


def inline_script_hashes(html: str) -> set[str]:
    """Each inline script the browser would run, hashed here (not by the build's policy.py)."""
    sources = [
        markup.body(html, e)
        for e in markup.elements(html)
        if e.name == "script" and "src" not in e.attrs and (e.attrs.get("type") or "").lower() in RUN_TYPES
    ]
    return {"'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'" for s in sources}


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
    """Material's inline scripts differ by page depth; each page allows its own, and beyond them only
    the site's scripts instant navigation may bring in from another page (a form's first-paint.js)."""
    found = policies(site)
    own = {path: inline_script_hashes(page_html(site, path)) for path in found}
    anywhere = set().union(*own.values())
    for path, policy in found.items():
        listed = {source for source in policy["script-src"] if source.startswith("'sha256-")}
        assert own[path], f"/{path}: no inline script found (Material writes some on every page)"
        assert own[path] <= listed, f"/{path}: not allowed {sorted(own[path] - listed)}"
        assert listed <= anywhere, f"/{path}: allows scripts no page has {sorted(listed - anywhere)}"
    assert len({tuple(p["script-src"]) for p in found.values()}) >= 2, "pages at different depths differ"


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


def test_every_page_and_every_form_works_under_the_policy_without_contacting_another_host(page, watch, site):
    """Visit every page in the sitemap, fill every worksheet and checklist, export each: all on
    this site only, with no script error and no policy block."""
    for path in site.page_paths():
        page.goto(path, wait_until="load")
    for path in [f"worksheets/{w}/" for w in WORKSHEETS] + [f"checklists/{c}/" for c in CHECKLISTS]:
        root = open_form(page, path)
        fill_everything(root)
        with page.expect_download():
            page.get_by_role("button", name="Export answers").click()
    page.goto("my-answers/")
    with page.expect_download():
        page.get_by_role("button", name="Export all answers").click()
    watch.check()  # no other host, no script error, no policy violation
