"""The site's own scripts, built by esbuild (pinned in package.json, installed by `npm ci`).

A component's template ends with a placeholder, `<template data-atn-bundle="form">`
(macros/render.py). After the pages are written, every page's set of components is one page kind
(`form`, `form+gap-chart`, `saved-answers`, ...): esbuild builds one entry per kind and the loader
(assets/loader.mjs) in one run, minified, with shared code and code loaded on first use
(`import()`) split into chunks, all in `assets/js/`. Each page's placeholders become one deferred
module script for its kind, with its static chunks preloaded. The module graph is esbuild's: a
new module, or a new component (`components/<name>/<name>.mjs`, named by its template's
placeholder), needs no list here.

The sources under overrides/ are not published: only what esbuild wrote is.
Inline `<style data-compact>` and `<script data-compact>` go through esbuild's minifier too.
"""

from __future__ import annotations

import html as html_lib
import json
import re
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path

from mkdocs.exceptions import PluginError

from ..strings import used_keys_in
from .markup import splice

ROOT = Path(__file__).resolve().parent.parent.parent
OVERRIDES = ROOT / "overrides"
COMPONENTS = OVERRIDES / "components"
ESBUILD = ROOT / "node_modules" / ".bin" / "esbuild"
OUT_DIR = "assets/js"  # two folders deep, like components/<name>/: storage/keys.mjs finds the root at ../../
LOADER = "assets/loader.mjs"
# esbuild's target: the browsers saving supports (README.md, "Supported browsers"). Not safari14: esbuild
# then refuses destructuring (a Safari 14 bug it will not work around); es2020 covers Safari 14.
TARGET = "es2020,chrome86,firefox79"


class BundleError(PluginError):
    pass


def esbuild_command() -> list[str]:
    if not ESBUILD.exists():
        raise BundleError("esbuild is not installed (node_modules/.bin/esbuild): run `npm ci` (make build does)")
    return [str(ESBUILD)]


def kind_of(components) -> str:
    return "+".join(sorted(set(components)))


_PLACEHOLDER = re.compile(r'<template data-atn-bundle="([a-z][a-z-]*)"></template>')


def placeholders(html: str) -> list[re.Match]:
    """The component placeholders macros/render.py writes, in page order."""
    return list(_PLACEHOLDER.finditer(html))


def bundle(site: Path, kinds: set[str]) -> dict:
    """Build the loader and one entry per page kind into site/assets/js/. Returns the metafile."""
    with tempfile.TemporaryDirectory(prefix="atn-bundle-") as tmp:
        gen = Path(tmp)
        entries = [f"{LOADER.removesuffix('.mjs')}={OVERRIDES / LOADER}"]
        for kind in sorted(kinds):
            path = gen / f"{kind}.mjs"
            imports = "".join(f'import "{entry(name)}";\n' for name in kind.split("+"))
            # The page's components have started: tell the loader (shared/start.mjs startKnown).
            ready = f'import {{ entryLoaded }} from "{START}";\nentryLoaded(import.meta.url);\n'
            path.write_text(imports + ready, encoding="utf-8")
            entries.append(f"{OUT_DIR}/{kind}={path}")
        meta = gen / "meta.json"
        run(
            [
                *esbuild_command(),
                *entries,
                "--bundle",
                "--splitting",
                "--format=esm",
                "--minify",
                f"--target={TARGET}",
                f"--outdir={site}",
                f"--chunk-names={OUT_DIR}/c-[hash]",
                "--out-extension:.js=.mjs",
                f"--metafile={meta}",
                "--log-level=warning",
            ]
        )
        return {"meta": json.loads(meta.read_text(encoding="utf-8")), "site": site}


START = (COMPONENTS / "shared" / "start.mjs").as_posix()


def entry(name: str) -> str:
    return (COMPONENTS / name / f"{name}.mjs").as_posix()


def remove_sources(site: Path) -> None:
    """MkDocs copies overrides/ as it is; readers get only the built files."""
    shutil.rmtree(site / "components", ignore_errors=True)
    for path in site.rglob("*.mjs"):
        if (
            not path.relative_to(site).as_posix().startswith(OUT_DIR + "/")
            and path.relative_to(site).as_posix() != LOADER
        ):
            path.unlink()


class Built:
    """What esbuild wrote, read from its metafile: each output's static imports and its sources."""

    def __init__(self, result: dict):
        site = result["site"].resolve()
        self.outputs = {}
        for out, info in result["meta"]["outputs"].items():
            self.outputs[(ROOT / out).resolve().relative_to(site).as_posix()] = info
        self._site = site

    def _rel(self, path: str) -> str:
        """An output's path in the site (the metafile's paths are relative to where esbuild ran)."""
        return (ROOT / path).resolve().relative_to(self._site).as_posix()

    def static_imports(self, output: str) -> list[str]:
        """Every output `output` imports statically, at any depth: the files to preload."""
        found, pending = [], [output]
        while pending:
            for imported in self.outputs[pending.pop()].get("imports", []):
                rel = self._rel(imported["path"])
                if imported["kind"] == "import-statement" and rel not in found:
                    found.append(rel)
                    pending.append(rel)
        return found

    def reachable(self, output: str) -> list[str]:
        """`output` and every output it may load, statically or on first use."""
        found, pending = [output], [output]
        while pending:
            for imported in self.outputs[pending.pop()].get("imports", []):
                rel = self._rel(imported["path"])
                if rel not in found and rel in self.outputs:
                    found.append(rel)
                    pending.append(rel)
        return found

    def sources(self, output: str) -> set[Path]:
        """The source files whose code ends up in `output` or anything it may load."""
        paths = {
            (ROOT / src).resolve() for out in self.reachable(output) for src in self.outputs[out].get("inputs", {})
        }
        return {path for path in paths if path.is_relative_to(OVERRIDES)}  # not the generated entries


def page_scripts(html: str, file: str, built: Built, keys_for) -> str:
    """Replace a page's placeholders by its kind's module script (with preloads), and keep only the
    words its scripts can show in the page's strings block."""
    found = placeholders(html)
    if not found:
        return html
    kind = kind_of(m.group(1) for m in found)
    root = "../" * file.count("/")
    out = f"{OUT_DIR}/{kind}.mjs"
    tags = [f'<link rel="modulepreload" href="{root}{path}" fetchpriority="low">' for path in built.static_imports(out)]
    tags.append(f'<script type="module" src="{root}{out}" fetchpriority="low"></script>')
    edits = [(found[0].start(), found[0].end(), "".join(tags))]
    edits += [(m.start(), m.end(), "") for m in found[1:]]
    html = splice(html, edits)
    # The loader's own parts (offline.mjs's notices, the backup reminder) read the same block.
    return only_words(html, keys_for(out) | keys_for(LOADER))


_STRINGS = re.compile(r'data-atn-strings="([^"]*)"')


def only_words(html: str, keys: set[str]) -> str:
    """The strings block (macros/strings.py) with only the messages in `keys`."""

    def keep(match):
        data = json.loads(html_lib.unescape(match.group(1)))
        data["messages"] = {k: v for k, v in data["messages"].items() if k in keys}
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        return f'data-atn-strings="{html_lib.escape(text, quote=True)}"'

    return _STRINGS.sub(keep, html, count=1)


def words_of(built: Built):
    """{output: the message keys its code (and what it may load) asks for}, plus those of the
    templates' inline scripts, which read the same block."""
    templates = used_keys_in(OVERRIDES.rglob("*.html"))

    @cache
    def keys(output: str) -> frozenset[str]:
        return frozenset(used_keys_in(built.sources(output)) | templates)

    return keys


def run(command: list[str], text: str | None = None) -> str:
    result = subprocess.run(command, input=text, capture_output=True, text=True, check=False, cwd=ROOT)
    if result.returncode:
        first = (result.stderr.strip().splitlines() or ["(no message)"])[0]
        raise BundleError(f"esbuild failed: {first}")
    return result.stdout


_minified: dict[tuple[str, str], str] = {}


def minify_all(items) -> None:
    """Minify every (text, loader) pair not done yet, in one esbuild run (one process for all)."""
    todo = sorted({item for item in items if item not in _minified})
    if not todo:
        return
    with tempfile.TemporaryDirectory(prefix="atn-minify-") as tmp:
        paths = []
        for n, (text, loader) in enumerate(todo):
            path = Path(tmp) / "in" / f"{n}.{loader}"
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
            paths.append(str(path))
        run(
            [*esbuild_command(), *paths, "--minify", f"--target={TARGET}", f"--outdir={tmp}/out", "--log-level=warning"]
        )
        for n, item in enumerate(todo):
            _minified[item] = (Path(tmp) / "out" / f"{n}.{item[1]}").read_text(encoding="utf-8").strip()


def minify(text: str, loader: str) -> str:
    """One inline script (loader "js") or style ("css"), minified."""
    minify_all([(text, loader)])
    return _minified[(text, loader)]


@cache
def without_comments(text: str) -> str:
    """A script as esbuild prints it unminified: no comments, one statement a line (for checks)."""
    return run([*esbuild_command(), "--loader=js", "--log-level=warning", "--charset=utf8"], text)


_MARKED = re.compile(r"<(style|script) data-compact>(.*?)</\1>", re.DOTALL)
_LOADERS = {"style": "css", "script": "js"}


def inline_texts(html: str) -> set[tuple[str, str]]:
    """Our own inline styles and scripts (marked data-compact in overrides/), for minify_all."""
    return {(m.group(2), _LOADERS[m.group(1)]) for m in _MARKED.finditer(html)}


def compact_inline(html: str) -> str:
    """Our own inline styles and scripts, marked data-compact in overrides/, minified."""
    return _MARKED.sub(lambda m: f"<{m.group(1)}>{minify(m.group(2), _LOADERS[m.group(1)])}</{m.group(1)}>", html)
