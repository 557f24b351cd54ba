"""Every built page is valid HTML by the Nu HTML Checker (vnu, pinned in package.json).

Errors from Material's or print-site's markup (and a checker that is older than a CSS property)
are listed with their reasons in tests/html-allowed.yml; any other error fails. `make test` and
`make html-check` install the checker with `npm ci`, and Java with apt-get when it is missing.
"""

from __future__ import annotations

import fnmatch
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import IN_CI, ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ALLOWED = yaml.safe_load((ROOT / "tests" / "html-allowed.yml").read_text(encoding="utf-8"))


def vnu_errors(site_dir: Path) -> list[dict]:
    missing = [
        what
        for what, ok in (("node_modules/vnu-jar (run `npm ci`)", VNU.exists()), ("java", shutil.which("java")))
        if not ok
    ]
    if missing:
        message = f"the HTML checker needs {' and '.join(missing)}; `make test` installs it"
        pytest.fail(message) if IN_CI else pytest.skip(message)
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--skip-non-html", "--errors-only", "--format", "json", str(site_dir)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    return [m for m in json.loads(result.stderr)["messages"] if m["type"] in ("error", "non-document-error")]


def allowing_entry(error: dict, page: str) -> dict | None:
    return next(
        (
            entry
            for entry in ALLOWED
            if re.search(entry["message"], error["message"]) and fnmatch.fnmatch(page, entry.get("files", "*"))
        ),
        None,
    )


def test_every_built_page_is_valid_html(site):
    used, problems = set(), []
    for error in vnu_errors(site.dir):
        page = error.get("url", "").split(str(site.dir), 1)[-1].lstrip("/")
        entry = allowing_entry(error, page)
        if entry is None:
            problems.append(
                f"{page}:{error.get('lastLine', '?')}: {error['message']}\n    {error.get('extract', '').strip()[:160]}"
            )
        else:
            used.add(entry["message"])
    assert not problems, f"{len(problems)} HTML error(s):\n" + "\n".join(problems)
    stale = [entry["message"] for entry in ALLOWED if entry["message"] not in used]
    assert not stale, f"tests/html-allowed.yml excuses errors vnu no longer reports; remove: {stale}"
