"""Comments and indentation come out of the site's own scripts and styles before they ship
(macros/compact.py); nothing else changes, and every line stays where it was."""

from __future__ import annotations

import sys

import pytest

from conftest import ROOT

if str(ROOT) not in sys.path:  # `pytest` (not `python -m pytest`) leaves the project root off the path
    sys.path.insert(0, str(ROOT))
from macros.compact import CompactError, compact_css, compact_js

OWN_SCRIPTS = sorted((ROOT / "overrides").rglob("*.mjs"))


@pytest.mark.fast
@pytest.mark.parametrize(
    "source, expected",
    [
        ("  const a = 1; // why\n    return a;  \n", "const a = 1;\nreturn a;\n"),
        ("/* one\n   two */\nx();", "\n\nx();"),
        ('const url = "http://example.org/*x*/";', 'const url = "http://example.org/*x*/";'),
        ("const s = 'it\\'s // not a comment';", "const s = 'it\\'s // not a comment';"),
        ("const re = /\\/\\/|[/*]/g; // slashes", "const re = /\\/\\/|[/*]/g;"),
        ("if (ok) return /^[a-z]+$/.test(name);", "if (ok) return /^[a-z]+$/.test(name);"),
        ("const half = total / 2 / count; // divide", "const half = total / 2 / count;"),
        (
            "const t = `a // b\n    kept  \n${x /* gone */ + `in ${y} // in`}`; // out",
            "const t = `a // b\n    kept  \n${x  + `in ${y} // in`}`;",
        ),
        ("const o = { a: `${ {b: 1}.b }` }; // braces", "const o = { a: `${ {b: 1}.b }` };"),
    ],
)
def test_scripts_lose_comments_and_indentation_and_nothing_else(source, expected):
    assert compact_js(source) == expected


@pytest.mark.fast
def test_styles_lose_comments_and_indentation_but_keep_strings():
    source = '.a::before {\n  content: "/* kept */"; /* gone */\n  color: red;\n}\n'
    assert compact_css(source) == '.a::before {\ncontent: "/* kept */";\ncolor: red;\n}\n'


@pytest.mark.fast
@pytest.mark.parametrize(
    "source, says",
    [
        ("const a = 1; /* never closed", "unterminated comment"),
        ("const s = 'never closed;\n", "unterminated string"),
        ("const t = `never closed;", "unterminated template literal"),
        ("const r = (/never closed);\n", "unterminated regular expression"),
    ],
)
def test_source_that_ends_mid_token_is_refused_not_mangled(source, says):
    with pytest.raises(CompactError, match=says):
        compact_js(source)


@pytest.mark.fast
@pytest.mark.parametrize("path", OWN_SCRIPTS, ids=lambda p: p.relative_to(ROOT / "overrides").as_posix())
def test_every_own_script_keeps_its_lines_and_loses_its_comments(path):
    source = path.read_text(encoding="utf-8")
    compacted = compact_js(source)
    assert compacted.count("\n") == source.count("\n"), "line numbers in errors must match the source"
    assert not [line for line in compacted.splitlines() if line.startswith(("//", "/*", " "))]
    assert len(compacted) < len(source)


def test_the_built_site_serves_compacted_scripts_that_all_load(page, site):
    """Every module the site ships imports in Chromium: a scanning mistake would be a syntax error."""
    built = sorted(p.relative_to(site.dir).as_posix() for p in site.dir.rglob("*.mjs"))
    assert built == sorted(p.relative_to(ROOT / "overrides").as_posix() for p in OWN_SCRIPTS)
    for module in built:
        text = (site.dir / module).read_text(encoding="utf-8")
        assert "\n//" not in text and not text.startswith("//"), f"{module} still has comments"
    page.goto("privacy/")
    failed = page.evaluate(
        """async (modules) => {
        const failed = [];
        for (const module of modules) {
            try { await import(new URL(module, document.baseURI.replace(/privacy\\/$/, ""))); }
            catch (error) { failed.push(`${module}: ${error}`); }
        }
        return failed;
    }""",
        built,
    )
    assert not failed, failed
