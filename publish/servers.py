"""Apache and Caddy configurations with the headers of the nginx block (publish/nginx.conf).

What every server must send, written once here (tests/test_servers.py checks that the nginx block
says the same):
  - Content-Security-Policy: each page's own policy (the one in its <meta>, plus frame-ancestors);
    for files that are not pages, the policy of a page without inline code
  - X-Content-Type-Options: nosniff, and Referrer-Policy: no-referrer
  - Cache-Control: no-cache (check every time; a 304 when unchanged), except Material's bundles,
    whose names carry their content's hash: those a year. The offline worker (WORKER, sw.js) is
    always no-cache, named in every configuration: a browser finds a new release through it
  - .mjs as text/javascript (browsers run a module only with a JavaScript type)
  - the guide's own 404 page for a missing path under the address
"""

from __future__ import annotations

import re

COMMON_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
REVALIDATE = "no-cache"
KEEP_A_YEAR = "max-age=31536000"
# Under the guide's path: Material's bundles (bundle.a5f9d56c.min.js), named by their content.
HASHED_ASSET = r"assets/(javascripts|stylesheets)/.+\.[0-9a-f]{8}\.min\.(js|css)(\.map)?$"
MODULE_TYPE = "text/javascript"
WORKER = "sw.js"  # at the guide's root (macros/build_hooks/offline.py)
SERVED_FROM = "/srv/www"  # as in publish/nginx.conf: the folder holding the guide's path


def _quoted(value: str) -> str:
    if '"' in value or "\n" in value:
        raise ValueError(f"a header value cannot hold a double quote or a line break: {value!r}")
    return f'"{value}"'


def _page_uris(uri: str, path: str) -> list[str]:
    """/guides/x/privacy/index.html is also asked for as /guides/x/privacy/."""
    return [uri[: -len("index.html")], uri] if uri.endswith("/index.html") else [uri]


HOST_NOTE = (
    "# Give the guide a host name of its own (careers-guide.intranet.example): every page on the same\n"
    "# host can read and change the answers it saves in readers' browsers, and run scripts in it."
)


def apache_config(address, policies: dict[str, str], fallback: str) -> str:
    path, folder = address.path, f"{SERVED_FROM}{address.path}"
    lines = [
        f'# "After the no" at {address.url}',
        f"# Files: the archive's site/ folder copied to {folder}",
        HOST_NOTE,
        (
            "# Include this file inside the <VirtualHost> that serves "
            f"{address.host} on port {address.port}, or put it in /etc/apache2/conf-enabled/."
        ),
        "# Needs mod_headers (a2enmod headers); mod_deflate, on by default in Debian, compresses text.",
        f"Alias {path.rstrip('/')} {folder.rstrip('/')}",
        f"<Directory {folder}>",
        "    Require all granted",
        "    Options -Indexes",
        "    AllowOverride None",
        "    DirectoryIndex index.html",
        "    AddDefaultCharset utf-8",
        f"    AddType {MODULE_TYPE} .mjs",
        f"    ErrorDocument 404 {path}404.html",
        *(f"    Header always set {name} {_quoted(value)}" for name, value in COMMON_HEADERS.items()),
        f"    Header always set Cache-Control {_quoted(REVALIDATE)}",
        f'    <Files "{WORKER}">',
        "        # The offline worker: checked on every visit, so a new release is found at once.",
        f"        Header always set Cache-Control {_quoted(REVALIDATE)}",
        "    </Files>",
        "    # Each page's own policy, by the path Apache serves it from (after DirectoryIndex and",
        "    # ErrorDocument); the first line is for every other file.",
        f"    Header always set Content-Security-Policy {_quoted(fallback)}",
    ]
    for uri, policy in policies.items():
        lines.append(
            f"    Header always set Content-Security-Policy {_quoted(policy)} \"expr=%{{REQUEST_URI}} == '{uri}'\""
        )
    lines += [
        "</Directory>",
        f'<LocationMatch "^{re.escape(path)}{HASHED_ASSET}">',
        f"    Header always set Cache-Control {_quoted(KEEP_A_YEAR)}",
        "</LocationMatch>",
    ]
    return "\n".join(lines) + "\n"


def caddy_config(address, policies: dict[str, str], fallback: str) -> str:
    path = address.path
    site = f"{address.scheme}://{address.host}:{address.port}"
    common = "\n".join(f"\t\t\t{name} {_quoted(value)}" for name, value in COMMON_HEADERS.items())
    lines = [
        f'# "After the no" at {address.url}',
        f"# Files: the archive's site/ folder copied to {SERVED_FROM}{path}",
        HOST_NOTE,
        "# An https:// address gets Caddy's automatic certificate; on an intranet, add `tls internal`",
        "# or your own `tls cert.pem key.pem` inside the site block.",
        f"{site} {{",
        f"\tredir {path.rstrip('/')} {path} 308" if path != "/" else "",
        f"\thandle {path}* {{",
        f"\t\troot * {SERVED_FROM}",
        "\t\tencode gzip",
        "\t\theader {",
        common,
        "\t\t}",
        "\t\t# `?`: only where no rule below has set it (Caddy orders same-named directives itself);",
        "\t\t# one field per line, as a `?` applies to all fields of its directive together.",
        f"\t\theader ?Cache-Control {_quoted(REVALIDATE)}",
        f"\t\theader ?Content-Security-Policy {_quoted(fallback)}",
        f"\t\t@hashed path_regexp ^{re.escape(path)}{HASHED_ASSET}",
        f"\t\theader @hashed Cache-Control {_quoted(KEEP_A_YEAR)}",
        "\t\t# The offline worker: checked on every visit, so a new release is found at once.",
        f"\t\t@worker path {path}{WORKER}",
        f"\t\theader @worker Cache-Control {_quoted(REVALIDATE)}",
        "\t\t@module path *.mjs",
        f"\t\theader @module Content-Type {_quoted(MODULE_TYPE + '; charset=utf-8')}",
    ]
    not_found = policies.get(f"{path}404.html", fallback)
    for number, (uri, policy) in enumerate(policies.items()):
        lines.append(f"\t\t@page{number} path {' '.join(_page_uris(uri, path))}")
        lines.append(f"\t\theader @page{number} Content-Security-Policy {_quoted(policy)}")
    lines += [
        "\t\tfile_server",
        "\t}",
        "\thandle_errors {",
        f'\t\t@missing expression `{{err.status_code}} == 404 && {{path}}.startsWith("{path}")`',
        "\t\thandle @missing {",
        f"\t\t\troot * {SERVED_FROM}",
        f"\t\t\trewrite * {path}404.html",
        "\t\t\theader {",
        "\t" + common.replace("\n", "\n\t"),
        f"\t\t\t\tCache-Control {_quoted(REVALIDATE)}",
        f"\t\t\t\tContent-Security-Policy {_quoted(not_found)}",
        "\t\t\t}",
        "\t\t\tfile_server",
        "\t\t}",
        "\t}",
        "}",
    ]
    return "\n".join(line for line in lines if line) + "\n"


def static_host_headers(address, policies: dict[str, str], fallback: str, site) -> str:
    """A `_headers` file (Netlify, Cloudflare Pages) with the same headers. Those hosts join the
    values of every rule that matches a path, so each header is set by one rule only: the common
    headers and no-cache for the whole guide (no year-long caching here: a joined value would
    hold both), each page's own policy by its address, and the policy of other files by folder."""
    path = address.path
    lines = [
        f'# "After the no" at {address.url}: headers for hosts that read a _headers file',
        "# (Netlify, Cloudflare Pages). Put it at the root of the folder the host publishes.",
        f"{path}*",
        *(f"  {name}: {value}" for name, value in COMMON_HEADERS.items()),
        f"  Cache-Control: {REVALIDATE}",
    ]
    for uri, policy in policies.items():
        if uri.endswith("/index.html"):
            uri = uri[: -len("index.html")]
        lines += [uri, f"  Content-Security-Policy: {policy}"]
    pages = {part for uri in policies for part in [uri[len(path) :].split("/")[0]]}
    for entry in sorted(site.iterdir()):
        if entry.name in pages or entry.name.endswith(".html") or entry.name == "_headers":
            continue
        lines += [f"{path}{entry.name}{'/*' if entry.is_dir() else ''}", f"  Content-Security-Policy: {fallback}"]
    return "\n".join(lines) + "\n"
