"""Run Lighthouse (node_modules/.bin/lighthouse) in Debian's Chromium and boil a report down."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from config import (
    CHROMIUM,
    CHROMIUM_FLAGS,
    LIGHTHOUSE,
    LIGHTHOUSE_CATEGORIES,
    LIGHTHOUSE_CONFIG,
    LIGHTHOUSE_EXTRA_FLAGS,
    LIGHTHOUSE_TIMEOUT_S,
)

# Lighthouse's resource types, grouped for the "where the bytes go" table.
KINDS = {"Document": "HTML", "Stylesheet": "CSS", "Script": "JS", "XHR": "Fetch/XHR", "Fetch": "Fetch/XHR"}
# Cached responses in a kept profile would make every run after the first a warm load; so would
# the offline worker a run installs, which then serves every page of ours from its cache.
PROFILE_CACHES = ["Default/Cache", "Default/Code Cache", "Default/GPUCache", "Default/Service Worker"]
LOCAL_HOST = "127.0.0.1"


@dataclass
class Run:
    """One Lighthouse run, reduced to what the tables and budgets need."""

    scores: dict[str, int]
    fcp: float
    lcp: float
    tbt: float
    cls: float
    tti: float
    bytes: int
    requests: int
    foreign: list[str]
    shown: dict  # what the page showed after load: {"values": {id: value}, "text": str}
    by_type: dict[str, int]  # bytes transferred per kind of resource
    lost: dict[str, list[str]]  # per category, the scored audits that lost points
    report: Path


def version() -> str:
    return subprocess.run([str(LIGHTHOUSE), "--version"], capture_output=True, text=True, check=True).stdout.strip()


def command(url: str, out: Path, profile: Path | None) -> list[str]:
    flags = CHROMIUM_FLAGS + LIGHTHOUSE_EXTRA_FLAGS
    cmd = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={out}",
        "--quiet",
        f"--config-path={LIGHTHOUSE_CONFIG}",
        f"--only-categories={','.join(LIGHTHOUSE_CATEGORIES + ['bench-answers'])}",
        "--chrome-ignore-default-flags",
        "--disable-full-page-screenshot",
        "--no-enable-error-reporting",
    ]
    if profile is not None:
        # Saved answers live in the profile's localStorage: keep it, and do not reset storage.
        flags = flags + [f"--user-data-dir={profile}"]
        cmd.append("--disable-storage-reset")
    quoted = [
        f'--host-resolver-rules="{f.split("=", 1)[1]}"' if f.startswith("--host-resolver-rules") else f for f in flags
    ]
    return cmd + [f"--chrome-flags={' '.join(quoted)}"]


def run(url: str, out: Path, profile: Path | None = None) -> Run:
    """One cold-cache Lighthouse run (mobile, simulated throttling: Lighthouse's defaults)."""
    if profile is not None:
        clear_http_cache(profile)
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    result = subprocess.run(
        command(url, out, profile), env=env, capture_output=True, text=True, check=False, timeout=LIGHTHOUSE_TIMEOUT_S
    )
    if result.returncode != 0 or not out.exists():
        raise RuntimeError(f"lighthouse failed on {url}:\n{result.stdout}\n{result.stderr}")
    if profile is not None and not (profile / "Default" / "Cache").exists():
        raise RuntimeError(f"Lighthouse's Chromium did not use the profile {profile}")
    return summarize(json.loads(out.read_text()), out)


def clear_http_cache(profile: Path) -> None:
    for name in PROFILE_CACHES:
        shutil.rmtree(profile / name, ignore_errors=True)


def summarize(lhr: dict, report: Path) -> Run:
    if lhr.get("runtimeError"):
        raise RuntimeError(f"lighthouse runtime error: {lhr['runtimeError']}")
    audits = lhr["audits"]
    value = lambda name: audits[name]["numericValue"]
    requests = audits["network-requests"]["details"]["items"]
    network = [r for r in requests if urlparse(r["url"]).scheme in ("http", "https", "ws", "wss")]
    return Run(
        scores={c: round(lhr["categories"][c]["score"] * 100) for c in LIGHTHOUSE_CATEGORIES},
        fcp=value("first-contentful-paint"),
        lcp=value("largest-contentful-paint"),
        tbt=value("total-blocking-time"),
        cls=value("cumulative-layout-shift"),
        tti=value("interactive"),
        bytes=int(value("total-byte-weight")),
        requests=len(network),
        foreign=[r["url"] for r in network if urlparse(r["url"]).hostname != LOCAL_HOST],
        shown=shown_answers(audits),
        by_type=bytes_by_kind(network),
        lost={c: lost_points(lhr, c) for c in LIGHTHOUSE_CATEGORIES},
        report=report,
    )


def lost_points(lhr: dict, category: str) -> list[str]:
    """Scored audits of a category that did not get full marks, e.g. 'total-blocking-time 0.92'."""
    lost = []
    for ref in lhr["categories"][category]["auditRefs"]:
        score = lhr["audits"][ref["id"]]["score"]
        if ref["weight"] > 0 and score is not None and score < 1:
            lost.append(f"{ref['id']} {score:g}")
    return lost


def bytes_by_kind(network: list[dict]) -> dict[str, int]:
    totals = dict.fromkeys([*dict.fromkeys(KINDS.values()), "Other"], 0)
    for request in network:
        totals[KINDS.get(request.get("resourceType"), "Other")] += request.get("transferSize") or 0
    return totals


def shown_answers(audits: dict) -> dict:
    details = audits["shown-answers"].get("details") or {}
    return {"values": details.get("values") or {}, "text": details.get("text") or ""}


def median_run(runs: list[Run]) -> Run:
    """Lighthouse's own choice (core/lib/median-run.js): closest to the median FCP and TTI."""
    fcp = statistics.median(r.fcp for r in runs)
    tti = statistics.median(r.tti for r in runs)
    return min(runs, key=lambda r: ((fcp - r.fcp) ** 2 + (tti - r.tti) ** 2, r.tti))
