"""`make dist`: the site built for its published address, in one archive for an IT team.

    python publish/dist.py https://intranet.example/guides/after-the-no/ [--out dist]

writes dist/after-the-no-intranet.example-guides-after-the-no.tar.gz, holding one folder with:
  site/                the built site: copy its contents to the folder served at the address
  nginx/after-the-no.conf
                       a ready nginx server block (publish/nginx.conf for this address), below a
                       map that gives every page its own Content-Security-Policy as a header
  BUILT-FOR.txt        the address it was built for, when, and from which commit
"""
from __future__ import annotations

import argparse
import html
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
from macros.hooks import policy_for  # the policy of a page with no inline code

TEMPLATE = ROOT / "publish" / "nginx.conf"
EXAMPLE_HOST, EXAMPLE_PATH = "intranet.example", "/guides/after-the-no/"  # as written in TEMPLATE
MAP_VARIABLE = "$after_the_no_csp"
# A <meta> policy cannot say who may show the page in a frame; the header can.
FRAME_ANCESTORS = "frame-ancestors 'self'"
_META_POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


class Address:
    """The address readers will use, checked: http(s), a host, a path ending in '/'."""

    def __init__(self, raw: str) -> None:
        parts = urlsplit(raw.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
            raise SystemExit(f"SITE_URL={raw!r} is not a web address such as "
                             "https://intranet.example/guides/after-the-no/")
        self.host = parts.hostname
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
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-d", str(out)],
                   cwd=ROOT, env=env, check=True)


def page_policies(site: Path, address: Address) -> dict[str, str]:
    """{path as the server sees it: header policy} for every page (404 page included), read from
    the page's own <meta>, so the header can never disagree with it, plus FRAME_ANCESTORS."""
    policies = {}
    for page in sorted(site.rglob("*.html")):
        found = _META_POLICY.search(page.read_text(encoding="utf-8")[:4096])
        if not found:
            raise SystemExit(f"{page.relative_to(site)} has no Content-Security-Policy <meta>")
        uri = f"{address.path}{page.relative_to(site).as_posix()}"
        policies[uri] = f"{html.unescape(found[1])}; {FRAME_ANCESTORS}"
    return policies


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
    text = TEMPLATE.read_text(encoding="utf-8")
    return text.replace(EXAMPLE_PATH, address.path).replace(EXAMPLE_HOST, address.host)


def built_for(address: Address) -> str:
    try:
        commit = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT,
                                capture_output=True, text=True, check=False).stdout.strip() or "unknown"
    except OSError:  # no git: a copy of the sources without their history
        commit = "unknown"
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (f"After the no, built for {address.url}\n"
            f"Built on {when} from commit {commit}.\n\n"
            f"Copy the contents of site/ to the folder your web server serves at {address.path}\n"
            "Pages work only at that address: links, instant navigation and the 404 page use it.\n"
            "For nginx, nginx/after-the-no.conf is a ready server block (README.md, Publish).\n")


def make_dist(raw_address: str, out_dir: Path) -> Path:
    address = Address(raw_address)
    name = f"after-the-no-{address.slug}"
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out_dir) as work:
        folder = Path(work) / name
        build(address, folder / "site")
        (folder / "nginx").mkdir()
        (folder / "nginx" / "after-the-no.conf").write_text(
            csp_map(folder / "site", address) + "\n" + server_block(address), encoding="utf-8")
        (folder / "BUILT-FOR.txt").write_text(built_for(address), encoding="utf-8")
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
