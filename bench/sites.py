"""Build our site and its page-for-page baseline with the same pinned versions.

The baseline is this repository's own pages and mkdocs.yml (same Material theme and features:
palette toggle, instant navigation, search; same Markdown extensions and nav) without any of the
site's own code: no macros (their calls are removed from the pages), no hook, no components, no
custom_dir, no extra CSS or JavaScript. So each page's difference from its baseline page is the
cost of the site's own code, not of its content. print-site is a third-party plugin, but it adds
its assets to every page, so it is only in a second baseline build, used for the whole-guide page.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tarfile
import time
from io import BytesIO
from pathlib import Path

import yaml

from config import PREVIOUS_RELEASE, PREVIOUS_RELEASE_FALLBACK, ROOT, kit

# {{ form("x") }}, {% if %}, {# comment #}: what mkdocs-macros would have turned into our HTML.
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
OUR_CODE_PLUGINS = {"macros"}


def build(project: Path, out: Path, site_url: str) -> float:
    """`mkdocs build --strict` (never -q: it hides the warnings --strict counts); wall seconds."""
    started = time.perf_counter()
    result = kit.build_site(project, out, site_url)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"strict build of {project} failed:\n{result.stdout}\n{result.stderr}")
    return elapsed


def build_ours(out: Path, site_url: str) -> float:
    return build(ROOT, out, site_url)


def make_baseline(where: Path, with_print_site: bool = False) -> Path:
    """A project in `where` that inherits our mkdocs.yml and drops the site's own code."""
    project = where / ("baseline-print" if with_print_site else "baseline")
    shutil.rmtree(project, ignore_errors=True)
    copy_pages_without_macros(ROOT / "docs", project / "docs")
    dropped = OUR_CODE_PLUGINS | (set() if with_print_site else {"print-site"})
    overrides = {
        "INHERIT": str(ROOT / "mkdocs.yml"),
        "docs_dir": "docs",
        "theme": {"custom_dir": str(project / "no-overrides")},
        "plugins": [p for p in our_plugins() if plugin_name(p) not in dropped],
        "hooks": [],
        "extra_css": [],
        "extra_javascript": [],
        "watch": [],
    }
    (project / "no-overrides").mkdir()
    (project / "mkdocs.yml").write_text(yaml.safe_dump(overrides, sort_keys=False))
    return project


def copy_pages_without_macros(source: Path, dest: Path) -> None:
    shutil.copytree(source, dest)
    for page in dest.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        if "render_macros: true" in text:
            page.write_text(JINJA.sub("", text), encoding="utf-8")


def our_plugins() -> list:
    """The plugins list of our mkdocs.yml, read without running its !ENV and !!python tags."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)["plugins"]


def plugin_name(entry) -> str:
    return entry if isinstance(entry, str) else next(iter(entry))


def previous_release() -> str | None:
    """The commit-ish of the previous release (config.PREVIOUS_RELEASE says how it is chosen)."""
    if PREVIOUS_RELEASE:
        return None if PREVIOUS_RELEASE == "none" else PREVIOUS_RELEASE
    version = next(
        (
            m.group(1)
            for m in re.finditer(r"^## \[(\d+\.\d+\.\d+)\]", (ROOT / "CHANGELOG.md").read_text(), re.MULTILINE)
        ),
        None,
    )
    tags = git("tag", "--list").split()
    return next((tag for tag in (f"v{version}", version) if tag in tags), PREVIOUS_RELEASE_FALLBACK)


def make_previous(where: Path, release: str) -> Path:
    """The previous release's tree (git archive), sharing this checkout's node_modules."""
    project = where / "previous"
    shutil.rmtree(project, ignore_errors=True)
    project.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", release], cwd=ROOT, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(project, filter="data")
    if (ROOT / "node_modules").exists():
        (project / "node_modules").symlink_to(ROOT / "node_modules")
    return project


def describe(release: str) -> str:
    return f"{release} ({git('rev-parse', '--short', release + '^{commit}').strip()})"


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout
