"""`make dist`: the site built for its published address, in one archive for an IT team.

    python publish/dist.py https://intranet.example/guides/after-the-no/ [--out dist]

writes dist/after-the-no-<version>-intranet.example-guides-after-the-no.tar.gz, holding one folder with:
  site/                the built site: copy its contents to the folder served at the address
  nginx/after-the-no.conf
                       a ready nginx server block (publish/nginx.conf for this address), below a
                       map that gives every page its own Content-Security-Policy as a header
  apache/after-the-no.conf
                       the same headers for Apache 2.4 (publish/servers.py)
  caddy/Caddyfile      the same headers for Caddy 2 (publish/servers.py)
  cdn/_headers         the same headers for static hosts and CDNs that read a _headers file
                       (Netlify, Cloudflare Pages)
  BUILT-FOR.txt        the version, the address it was built for, when, from which commit, and
                       whether data/organization.yml was used (with its SHA-256)
  LINKS.txt            every stable deep link with its title, for wiki editors
                       (tests/public_links.txt, the list the link guard checks)
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import subprocess
import sys
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from macros.build_hooks.markup import elements, text
from macros.build_hooks.release import current_version
from macros.hooks import policy_for
from publish.servers import apache_config, caddy_config, static_host_headers

TEMPLATE = ROOT / "publish" / "nginx.conf"
EXAMPLE_URL = "https://intranet.example/guides/after-the-no/"  # as written in TEMPLATE's first line
EXAMPLE_HOST, EXAMPLE_PATH = "intranet.example", "/guides/after-the-no/"  # as written in TEMPLATE
EXAMPLE_LISTEN = "listen 80;  # or 443 with your certificate, like your other intranet sites"
ORGANIZATION = ROOT / "data" / "organization.yml"
PUBLIC_LINKS = ROOT / "tests" / "public_links.txt"
MAP_VARIABLE = "$after_the_no_csp"
# A <meta> policy cannot say who may show the page in a frame; the header can.
FRAME_ANCESTORS = "frame-ancestors 'self'"


class Address:
    """The address readers will use, checked: http(s), a host, a path ending in '/'."""

    def __init__(self, raw: str) -> None:
        parts = urlsplit(raw.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
            raise SystemExit(
                f"SITE_URL={raw!r} is not a web address such as https://intranet.example/guides/after-the-no/"
            )
        self.host = parts.hostname
        self.scheme = parts.scheme
        self.port = parts.port or (443 if parts.scheme == "https" else 80)
        self.path = (parts.path or "/").rstrip("/") + "/"
        self.netloc = parts.netloc
        self.url = f"{parts.scheme}://{parts.netloc}{self.path}"

    @property
    def slug(self) -> str:
        """intranet.example:8080/guides/after-the-no/ -> intranet.example-8080-guides-after-the-no"""
        return re.sub(r"[^A-Za-z0-9.]+", "-", f"{self.netloc}{self.path}").strip("-")


def build(address: Address, out: Path) -> None:
    env = {**os.environ, "SITE_URL": address.url, "NO_MKDOCS_2_WARNING": "1"}
    # --strict, never --quiet: a quiet build would hide the warnings that strict counts.
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-d", str(out)], cwd=ROOT, env=env, check=True
    )


def page_policies(site: Path, address: Address) -> dict[str, str]:
    """{path as the server sees it: header policy} for every page (404 page included), read from
    the page's own <meta>, so the header can never disagree with it, plus FRAME_ANCESTORS."""
    policies = {}
    for page in sorted(site.rglob("*.html")):
        found = meta_policy(page.read_text(encoding="utf-8"))
        if not found:
            raise SystemExit(f"{page.relative_to(site)} has no Content-Security-Policy <meta>")
        uri = f"{address.path}{page.relative_to(site).as_posix()}"
        policies[uri] = f"{found}; {FRAME_ANCESTORS}"
    return policies


def meta_policy(page: str) -> str | None:
    """The policy in the page's <meta http-equiv>, read with the build's HTML parser (which
    unescapes the attribute as a browser does)."""
    metas = (e for e in elements(page) if e.name == "meta" and e.attrs.get("http-equiv") == "Content-Security-Policy")
    return next((e.attrs.get("content") for e in metas), None)


def default_policy() -> str:
    """For everything that is not a page (scripts, styles, the SVG icon opened on its own)."""
    return f"{policy_for('')}; {FRAME_ANCESTORS}"


def csp_map(site: Path, address: Address) -> str:
    """An nginx map from each page's path, as nginx sees it after `index` and `error_page`
    (/guides/after-the-no/privacy/index.html), to its policy."""
    lines = [f"map $uri {MAP_VARIABLE} {{", f'    default "{default_policy()}";']
    for uri, policy in page_policies(site, address).items():
        # A regular expression, not a plain key: plain keys this long overflow nginx's default
        # map_hash_bucket_size, and raising it could clash with the server's own setting.
        lines.append(f'    ~^{re.escape(uri)}$ "{policy}";')
    return "\n".join(lines + ["}"]) + "\n"


def server_block(address: Address) -> str:
    """publish/nginx.conf for this address: its host, path and port (the comment keeps the whole
    address, scheme and port included)."""
    block = TEMPLATE.read_text(encoding="utf-8")
    listen = f"listen {address.port};"
    if address.scheme == "https":
        listen += "  # add `ssl` here and your certificate lines, like your other intranet sites"
    for example, actual in (
        (EXAMPLE_URL, address.url),
        (EXAMPLE_LISTEN, listen),
        (EXAMPLE_PATH, address.path),
        (EXAMPLE_HOST, address.host),
    ):
        if example not in block:
            raise SystemExit(f"publish/nginx.conf no longer holds {example!r}: update publish/dist.py")
        block = block.replace(example, actual)
    return block


def organization_line() -> str:
    if not ORGANIZATION.exists():
        return "Organization settings: not used (no data/organization.yml; the guide reads neutrally)."
    digest = hashlib.sha256(ORGANIZATION.read_bytes()).hexdigest()
    return f"Organization settings: data/organization.yml used (SHA-256 {digest})."


def link_list(site: Path, address: Address, version: str) -> str:
    """Every stable deep link with its title: the page's title, then the section's heading."""
    lines = [
        f"After the no {version}: stable links for wiki editors, at {address.url}",
        "Each of these addresses keeps working in later versions of the guide.",
        "",
    ]
    for link in PUBLIC_LINKS.read_text(encoding="utf-8").splitlines():
        if not link or link.startswith("#"):
            continue
        path, _, anchor = link.lstrip("/").partition("#")
        page = (site / path / "index.html").read_text(encoding="utf-8")
        found = elements(page)
        title = next(e.attrs["content"] for e in found if e.attrs.get("property") == "og:title")
        if anchor:
            target = next((e for e in found if e.attrs.get("id") == anchor), None)
            words = text(page, target) if target is not None and target.name in HEADINGS else ""
            title += " › " + (words or anchor.replace("-", " ").capitalize())
        lines.append(f"{title}\n    {address.url}{path}{'#' + anchor if anchor else ''}")
    return "\n".join(lines) + "\n"


HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def built_for(address: Address, version: str) -> str:
    try:
        commit = (
            subprocess.run(
                ["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True, check=False
            ).stdout.strip()
            or "unknown"
        )
    except OSError:  # no git: a copy of the sources without their history
        commit = "unknown"
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"After the no {version}, built for {address.url}\n"
        f"Version {version} (CHANGELOG.md). Built on {when} from commit {commit}.\n"
        f"{organization_line()}\n\n"
        f"Copy the contents of site/ to the folder your web server serves at {address.path}\n"
        "Pages work only at that address: links, instant navigation and the 404 page use it.\n"
        "Ready configurations with the same headers (README.md, Publish): nginx/after-the-no.conf,\n"
        "apache/after-the-no.conf, caddy/Caddyfile. LINKS.txt lists the stable links for a wiki.\n"
    )


def write_configs(folder: Path, address: Address) -> None:
    """The nginx, Apache and Caddy configurations, each with every page's own policy."""
    site = folder / "site"
    policies, fallback = page_policies(site, address), default_policy()
    configs = {
        "nginx/after-the-no.conf": csp_map(site, address) + "\n" + server_block(address),
        "apache/after-the-no.conf": apache_config(address, policies, fallback),
        "caddy/Caddyfile": caddy_config(address, policies, fallback),
        "cdn/_headers": static_host_headers(address, policies, fallback, site),
    }
    for name, config in configs.items():
        (folder / name).parent.mkdir(exist_ok=True)
        (folder / name).write_text(config, encoding="utf-8")


def make_dist(raw_address: str, out_dir: Path) -> Path:
    address = Address(raw_address)
    version = current_version()
    name = f"after-the-no-{version}-{address.slug}"
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out_dir) as work:
        folder = Path(work) / name
        build(address, folder / "site")
        write_configs(folder, address)
        (folder / "BUILT-FOR.txt").write_text(built_for(address, version), encoding="utf-8")
        (folder / "LINKS.txt").write_text(link_list(folder / "site", address, version), encoding="utf-8")
        archive = out_dir / f"{name}.tar.gz"
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(folder, arcname=name)
    return archive


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site_url", help="the address readers will use, ending in /")
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="where the archive goes")
    args = parser.parse_args()
    print(f"Wrote {make_dist(args.site_url, args.out)}")


if __name__ == "__main__":
    main()
