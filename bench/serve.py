"""A static file server that behaves like a real static host, for the bench only.

Standard library only. Compared with `python -m http.server` it adds what a host such as
GitHub Pages or Netlify does and what Lighthouse measures:
- gzip for text types (compressed once per file and kept in memory, `Vary: Accept-Encoding`);
- cache headers: HTML `no-cache` (always revalidated), Material's fingerprinted bundles one year
  `immutable`, other assets one hour; ETag with 304 answers on revalidation;
- correct MIME types (`.mjs` is text/javascript), `/dir` -> `/dir/` redirects, `404.html` with 404.

Run alone: .venv/bin/python bench/serve.py DIR [PORT]
"""
from __future__ import annotations

import gzip
import hashlib
import http.server
import mimetypes
import re
import sys
import threading
from email.utils import formatdate
from pathlib import Path
from urllib.parse import unquote, urlsplit

MIME = {
    ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json", ".xml": "application/xml", ".svg": "image/svg+xml",
    ".txt": "text/plain; charset=utf-8", ".map": "application/json", ".gz": "application/gzip",
    ".woff2": "font/woff2", ".png": "image/png", ".ico": "image/x-icon", ".webmanifest":
    "application/manifest+json",
}
COMPRESSIBLE = (".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".txt", ".map")
# Material names its bundles like bundle.79ae519e.min.js: the name changes when the content does.
FINGERPRINTED = re.compile(r"\.[0-9a-f]{8,}\.min\.(js|css)$")
HTML_CACHE = "no-cache"
IMMUTABLE_CACHE = "public, max-age=31536000, immutable"
ASSET_CACHE = "public, max-age=3600"


class Entry:
    """One file's bytes, gzip form and validators, read once."""

    def __init__(self, path: Path) -> None:
        self.body = path.read_bytes()
        self.gzipped = gzip.compress(self.body, 9, mtime=0) if path.suffix in COMPRESSIBLE else None
        self.etag = '"' + hashlib.sha1(self.body).hexdigest()[:16] + '"'
        self.mtime = path.stat().st_mtime
        self.type = MIME.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        self.cache = cache_control(path)


def cache_control(path: Path) -> str:
    if path.suffix == ".html":
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

    def log_message(self, *args) -> None:  # the bench prints its own progress
        pass


class StaticServer:
    """Serve `root` on 127.0.0.1:`port` in a background thread (port 0 picks a free one)."""

    def __init__(self, root: Path, port: int = 0) -> None:
        handler = type("Handler", (StaticHandler,), {"root": root.resolve(), "entries": {}})
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def __enter__(self) -> "StaticServer":
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


if __name__ == "__main__":
    directory = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
    with StaticServer(directory, int(sys.argv[2]) if len(sys.argv) > 2 else 8000) as server:
        print(f"Serving {directory} on {server.url} (Ctrl+C stops)")
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
