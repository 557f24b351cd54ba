"""MkDocs hook (mkdocs.yml `hooks:`): the offline worker, sw.js, written after every other step of
the build (lowest priority), so its list of the release's files is read from the finished site
folder (macros/build_hooks/offline.py)."""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.plugins import event_priority

if __name__ != "macros.offline_hook":  # loaded by MkDocs from this file: make the package importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from macros.build_hooks.offline import write_worker
from macros.build_hooks.release import current_version


@event_priority(-100)  # "last": after every plugin and hook that writes into the site folder
def on_post_build(config) -> None:
    offline = config["extra"].get("atn_offline", {}).get("on", True)
    write_worker(Path(config["site_dir"]), current_version(), offline)
