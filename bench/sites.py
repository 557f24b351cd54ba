"""Build our site and the baseline (an untouched Material site) with the same pinned versions."""
from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

from config import MKDOCS, ROOT

BASELINE_CONFIG = "site_name: My Docs\ntheme:\n  name: material\n  font: false\n"


def build(project: Path, out: Path, site_url: str) -> float:
    """`mkdocs build --strict` (never -q: it hides the warnings --strict counts); wall seconds."""
    env = {**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    result = subprocess.run([str(MKDOCS), "build", "--strict", "--clean", "-d", str(out)],
                            cwd=project, env=env, capture_output=True, text=True, timeout=300)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"strict build of {project} failed:\n{result.stdout}\n{result.stderr}")
    return elapsed


def make_baseline(where: Path) -> Path:
    """`mkdocs new` content with `theme: {name: material, font: false}` and nothing else."""
    project = where / "baseline"
    subprocess.run([str(MKDOCS), "new", str(project)], check=True, capture_output=True)
    (project / "mkdocs.yml").write_text(BASELINE_CONFIG)
    return project


def build_ours(out: Path, site_url: str) -> float:
    return build(ROOT, out, site_url)
