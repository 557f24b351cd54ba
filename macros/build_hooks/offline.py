"""The offline worker, written last (macros/offline_hook.py): sw.js at the site's root, holding
the release's version, a hash of its files (names and bytes) and the list of every file, read
from the built site folder itself, so any file another step adds or renames is in the list.

With offline switched off (data/organization.yml `offline: false`), sw.js is instead the worker
that removes this copy's caches and unregisters itself, so earlier installs clean up.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from mkdocs.exceptions import PluginError

SOURCE = "components/offline"  # sw.js and sw-off.js, in overrides/ (the build removes the copies in site/)
OVERRIDES = Path(__file__).resolve().parents[2] / "overrides"
WORKER = "sw.js"
# Not worth a phone's storage: source maps and the gzipped sitemap; and files for servers, not readers.
LEFT_OUT_SUFFIXES = (".map", ".gz")
LEFT_OUT_NAMES = {WORKER, "_headers"}
# Search's stemmers for other languages (900 KB): loaded only when search.lang names one, which
# this English guide does not. A translated copy searches with them online.
LEFT_OUT_FOLDERS = ("assets/javascripts/lunr/",)
PLACEHOLDER = 'const RELEASE = { version: "", hash: "", files: [] }; // RELEASE: filled in by the build'


def release_files(site: Path) -> list[str]:
    """Every file a reader may ask for, relative to the root; a page by its address (privacy/)."""
    files = []
    for path in sorted(site.rglob("*")):
        name = path.relative_to(site).as_posix()
        if (
            path.is_dir()
            or name in LEFT_OUT_NAMES
            or name.endswith(LEFT_OUT_SUFFIXES)
            or name.startswith(LEFT_OUT_FOLDERS)
        ):
            continue
        if name == "index.html":
            name = "./"
        elif name.endswith("/index.html"):
            name = name[: -len("index.html")]
        files.append(name)
    return files


def files_hash(site: Path, files: list[str]) -> str:
    digest = hashlib.sha256()
    for name in files:
        path = site / (name + "index.html" if name.endswith("/") else name)
        digest.update(name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def write_worker(site: Path, version: str, offline: bool) -> None:
    sources = {name: OVERRIDES / SOURCE / name for name in ("sw.js", "sw-off.js")}
    if not all(path.exists() for path in sources.values()):
        raise PluginError(f"overrides/{SOURCE}/sw.js and sw-off.js are missing")
    worker = sources["sw.js" if offline else "sw-off.js"].read_text(encoding="utf-8")
    for name in sources:  # only sw.js at the root runs; copies elsewhere would be cached for nothing
        (site / SOURCE / name).unlink(missing_ok=True)
    if offline:
        if PLACEHOLDER not in worker:
            raise PluginError(f"overrides/{SOURCE}/sw.js no longer holds {PLACEHOLDER!r}: update {__name__}")
        files = release_files(site)
        release = {"version": version, "hash": files_hash(site, files), "files": files}
        worker = worker.replace(PLACEHOLDER, f"const RELEASE = {json.dumps(release, separators=(',', ':'))};")
    (site / WORKER).write_text(worker, encoding="utf-8")
