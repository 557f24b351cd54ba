"""The toolkit the tests and the bench share: the forms in data/, the strict build, a static
server that behaves like a real host, a free port, and Chromium with the flags that work here.

Standard library only at import time, so the bench can use it without pytest
(`sys.path.insert(0, "tests")`, then `import kit`). Run alone to look at a build:
`.venv/bin/python tests/kit.py DIR [PORT]`.
"""

from __future__ import annotations

import gzip
import hashlib
import http.server
import mimetypes
import os
import re
import socket
import subprocess
import sys
import threading
from email.utils import formatdate
from pathlib import Path
from typing import Self
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
CHROMIUM = Path("/usr/bin/chromium")
# Flags that work on these machines. Never --disable-features. The last one stops Chromium's
# own calls to other hosts, which a request log would never show.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]


# The forms ----------------------------------------------------------------------------------------


def form_ids(kind: str) -> list[str]:
    """Ids of the worksheets or checklists defined in data/ (the build holds id == file name)."""
    return sorted(path.stem for path in (DATA / f"{kind}s").glob("*.y*ml"))


WORKSHEETS = form_ids("worksheet")
CHECKLISTS = form_ids("checklist")


# Chromium and the build ---------------------------------------------------------------------------


def chromium_options(**extra) -> dict:
    """Keyword arguments for Playwright's chromium.launch / launch_persistent_context."""
    return {"executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS, "headless": True, **extra}


def build_site(project: Path, out: Path, site_url: str) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of `project` into `out`, for the site served at `site_url`.
    Each build adds a line to the file ATN_BUILD_LOG names (the tests count builds per run)."""
    if os.environ.get("ATN_BUILD_LOG"):
        with open(os.environ["ATN_BUILD_LOG"], "a", encoding="utf-8") as log:
            log.write(f"{project} -> {site_url}\n")
    env = {**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        # Never --quiet: it hides the warnings that --strict counts, so a broken link would pass.
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-d", str(out)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


_RESERVED: list[socket.socket] = []


def reserve_shared_port() -> int:
    """A free port that stays this process's (bound, never listening, until it exits) and that
    other processes may serve on too (SO_REUSEPORT): test workers serving one shared build."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind(("127.0.0.1", 0))
    _RESERVED.append(sock)
    return sock.getsockname()[1]


# The static server --------------------------------------------------------------------------------
# What a host such as GitHub Pages or Netlify does and Lighthouse measures, which neither
# `mkdocs serve` (live-reload script, no compression) nor `python -m http.server` does:
# gzip for text, cache headers with ETag/304, the right MIME types, /dir -> /dir/, 404.html.

MIME = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".txt": "text/plain; charset=utf-8",
    ".map": "application/json",
    ".gz": "application/gzip",
    ".woff2": "font/woff2",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".webmanifest": "application/manifest+json",
}
COMPRESSIBLE = (".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".txt", ".map")
# Material names its bundles like bundle.79ae519e.min.js: the name changes when the content does.
FINGERPRINTED = re.compile(r"\.[0-9a-f]{8,}\.min\.(js|css)$")
HTML_CACHE = "no-cache"
IMMUTABLE_CACHE = "public, max-age=31536000, immutable"
ASSET_CACHE = "public, max-age=3600"


class Entry:
    """One file's bytes, gzip form and validators, read once (again when the file changes)."""

    def __init__(self, path: Path) -> None:
        self.body = path.read_bytes()
        self.gzipped = gzip.compress(self.body, 9, mtime=0) if path.suffix in COMPRESSIBLE else None
        self.etag = '"' + hashlib.sha1(self.body).hexdigest()[:16] + '"'
        self.mtime = path.stat().st_mtime
        self.type = MIME.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        self.cache = cache_control(path)


def cache_control(path: Path) -> str:
    if path.suffix == ".html" or path.name == "sw.js":  # the offline worker: checked on every visit
        return HTML_CACHE
    return IMMUTABLE_CACHE if FINGERPRINTED.search(path.name) else ASSET_CACHE


class StaticHandler(http.server.BaseHTTPRequestHandler):
    root: Path
    entries: dict[Path, Entry]
    lock = threading.Lock()
    protocol_version = "HTTP/1.1"  # keep-alive, as every real host does

    def do_HEAD(self) -> None:
        self.do_GET(head=True)

    def do_GET(self, head: bool = False) -> None:
        url_path = unquote(urlsplit(self.path).path)
        target = self.resolve(url_path)
        if target is None:
            return self.send_file(self.root / "404.html", 404, head)
        if target.is_dir():
            return self.redirect(url_path + "/")
        self.send_file(target, 200, head)

    def resolve(self, url_path: str) -> Path | None:
        candidate = (self.root / url_path.lstrip("/")).resolve()
        if candidate != self.root and self.root not in candidate.parents:
            return None
        if candidate.is_dir() and url_path.endswith("/"):
            candidate = candidate / "index.html"
        return candidate if candidate.exists() else None

    def entry(self, path: Path) -> Entry:
        with self.lock:
            cached = self.entries.get(path)
            if cached is None or cached.mtime != path.stat().st_mtime:
                cached = self.entries[path] = Entry(path)
            return cached

    def send_file(self, path: Path, status: int, head: bool) -> None:
        if not path.exists():
            self.send_error(status)
            return
        entry = self.entry(path)
        if status == 200 and self.headers.get("If-None-Match") == entry.etag:
            self.send_response(304)
            self.send_header("ETag", entry.etag)
            self.send_header("Cache-Control", entry.cache)
            self.end_headers()
            return
        use_gzip = entry.gzipped is not None and "gzip" in self.headers.get("Accept-Encoding", "")
        body = entry.gzipped if use_gzip else entry.body
        self.send_response(status)
        self.send_header("Content-Type", entry.type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", entry.cache if status == 200 else "no-store")
        self.send_header("ETag", entry.etag)
        self.send_header("Last-Modified", formatdate(entry.mtime, usegmt=True))
        self.send_header("X-Content-Type-Options", "nosniff")
        if entry.gzipped is not None:
            self.send_header("Vary", "Accept-Encoding")
        if use_gzip:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def redirect(self, location: str) -> None:
        self.send_response(301)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()

    def log_message(self, *args) -> None:  # keep test and bench output readable
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_port = False

    def handle_error(self, request, client_address) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):  # a browser dropped a kept-alive connection
            return
        super().handle_error(request, client_address)


class StaticServer:
    """Serve `root` on 127.0.0.1:`port` in a background thread (port 0 picks a free one).
    Bound at once, so a site can be built for `url` before it is served; `with` or start().
    `handler`: a StaticHandler subclass, for a host that maps paths differently. `shared_port`:
    other processes serve the same files on this port too (the kernel spreads the connections)."""

    def __init__(
        self, root: Path, port: int = 0, handler: type[StaticHandler] = StaticHandler, shared_port: bool = False
    ) -> None:
        handler = type("Handler", (handler,), {"root": Path(root).resolve(), "entries": {}})
        server = type("Server", (_Server,), {"allow_reuse_port": True}) if shared_port else _Server
        self.httpd = server(("127.0.0.1", port), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def start(self) -> Self:
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def shutdown(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.shutdown()


def serve(directory: Path, port: int = 0) -> StaticServer:
    """Serve a built site in a background thread; call .shutdown() to stop."""
    return StaticServer(directory, port).start()


if __name__ == "__main__":
    directory = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
    with StaticServer(directory, int(sys.argv[2]) if len(sys.argv) > 2 else 8000) as server:
        print(f"Serving {directory} on {server.url} (Ctrl+C stops)")
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
