"""Published the way an organization publishes it: under a path of its intranet, not at a root.

The site is built for http://127.0.0.1:PORT/guides/after-the-no/ and served only there, by a
server that knows nothing outside that path (a missing page gets the site's 404 page, as nginx's
`error_page` does). Everything a reader does must work there. Also here: searched words never
reach the server, and a copy opened from a file says plainly why it cannot save.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
import tarfile
import tempfile
import urllib.request
from pathlib import Path
from typing import ClassVar
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import expect

from conftest import ROOT, Site, assert_accessible, build_site, free_port
from formkit import open_form, reload_form
from kit import StaticHandler, StaticServer

if str(ROOT) not in sys.path:  # `pytest` (not `python -m pytest`) leaves the project root off the path
    sys.path.insert(0, str(ROOT))
import realservers
from macros.build_hooks.release import current_version
from publish import (
    dist,
    servers,
)
from publish.dist import Address, default_policy, make_dist, page_policies, write_configs
from publish.servers import SERVED_FROM

PREFIX = "/guides/after-the-no/"


class UnderPrefix(StaticHandler):
    """The built site at PREFIX and nothing anywhere else, like an intranet's location block,
    with the Content-Security-Policy header that the README's nginx block sends."""

    prefix = PREFIX
    policies: ClassVar[dict[str, str]] = {}
    policy = ""

    def send_file(self, path: Path, status: int, head: bool) -> None:
        uri = self.prefix + path.relative_to(self.root).as_posix()
        self.policy = self.policies.get(uri, default_policy())
        super().send_file(path, status, head)

    def end_headers(self) -> None:
        if self.policy:
            self.send_header("Content-Security-Policy", self.policy)
        super().end_headers()

    def resolve(self, url_path: str) -> Path | None:
        if url_path == self.prefix.rstrip("/"):
            return self.root  # a directory: answered with a redirect to PREFIX
        if not url_path.startswith(self.prefix):
            return None
        return super().resolve("/" + url_path[len(self.prefix) :])


# The Python stand-in always; nginx, Apache and Caddy too with PUBLISH_SERVERS=all (`make
# test-servers`, which installs Debian's packages first). `make test` serves with the stand-in
# only, to keep within its time; the generated files' syntax is checked wherever a server is installed.
SERVERS = ["python", "nginx", "apache", "caddy"]
REAL_SERVERS = os.environ.get("PUBLISH_SERVERS") == "all"


@pytest.fixture(scope="module")
def built():
    """The site built for http://127.0.0.1:PORT/guides/after-the-no/, in a folder the servers'
    unprivileged workers can read."""
    port = free_port()
    url = f"http://127.0.0.1:{port}{PREFIX}"
    work = Path(tempfile.mkdtemp(prefix="atn-published-"))
    work.chmod(0o755)
    result = build_site(ROOT, work / "site", url)
    assert result.returncode == 0, f"strict build failed:\n{result.stdout}\n{result.stderr}"
    yield url, port, work / "site"
    shutil.rmtree(work, ignore_errors=True)


@pytest.fixture(scope="module", params=SERVERS)
def site(request, built):
    """Replaces conftest's site for this module: built for, and served under, PREFIX, by the
    Python stand-in (the README's headers) and then by each real server with the configuration
    `make dist` writes for it. PUBLISHED_URL=http://host:port/guides/after-the-no/ and
    PUBLISHED_DIR=<its files> run these tests against a server of your own instead."""
    if os.environ.get("PUBLISHED_URL"):
        if request.param != "python":
            pytest.skip("PUBLISHED_URL names the one server under test")
        assert urlsplit(os.environ["PUBLISHED_URL"]).path == PREFIX, f"publish it under {PREFIX}"
        yield Site(url=os.environ["PUBLISHED_URL"], dir=Path(os.environ["PUBLISHED_DIR"]))
        return
    url, port, out = built
    if request.param == "python":
        handler = type("Handler", (UnderPrefix,), {"policies": page_policies(out, Address(url))})
        server = StaticServer(out, port, handler=handler).start()
        yield Site(url=url, dir=out)
        server.shutdown()
        return
    if not REAL_SERVERS:
        pytest.skip("published-site tests against real servers: make test-servers")
    if not realservers.installed(request.param):
        pytest.skip(f"{request.param} is not installed (optional: apt-get install nginx-light apache2 caddy)")
    work = Path(tempfile.mkdtemp(prefix=f"atn-{request.param}-"))
    try:
        running = realservers.start(request.param, server_config(request.param, url, out, work), work, url, port)
        site = Site(url=url, dir=out)
        site.server = request.param
        yield site
        running.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def server_config(server: str, url: str, out: Path, work: Path) -> Path:
    """The configuration `make dist` writes, serving from a copy of the site under `work`."""
    folder = work / "archive"
    (folder / "site").parent.mkdir(parents=True)
    shutil.copytree(out, folder / "site")
    write_configs(folder, Address(url))
    root = work / "www"
    realservers.readable_copy(out, root, PREFIX)
    name = {"nginx": "nginx/after-the-no.conf", "apache": "apache/after-the-no.conf", "caddy": "caddy/Caddyfile"}
    config = (folder / name[server]).read_text(encoding="utf-8").replace(SERVED_FROM, str(root))
    path = work / Path(name[server]).name
    path.write_text(config, encoding="utf-8")
    return path


def under_prefix(page, path: str = "") -> bool:
    return urlsplit(page.url).path == PREFIX + path


def test_a_worksheet_saves_and_restores_under_the_path(page):
    root = open_form(page, "worksheets/goal-plan/")
    assert under_prefix(page, "worksheets/goal-plan/")
    root.locator("[data-field=aim]").fill("Lead the data team")
    root = reload_form(page)
    expect(root.locator("[data-field=aim]")).to_have_value("Lead the data team")


def test_my_answers_links_lead_to_the_worksheet_under_the_path(page):
    open_form(page, "worksheets/take-stock/").locator("[data-field=review-date]").fill("2027-02-01")
    page.goto("my-answers/")
    listing = page.locator("[data-saved-list]")
    listing.get_by_role("link", name="Take stock").click()
    page.wait_for_url(f"**{PREFIX}worksheets/take-stock/")
    expect(page.locator("[data-worksheet][data-enhanced] [data-field=review-date]")).to_have_value("2027-02-01")


def test_the_plan_at_a_glance_links_lead_to_the_worksheets_under_the_path(page):
    open_form(page, "worksheets/goal-plan/").locator("[data-field=next-cycle]").fill("2027-06-01")
    page.goto("plan-at-a-glance/")
    page.get_by_role("link", name="Open your goal-setting plan").click()
    page.wait_for_url(f"**{PREFIX}worksheets/goal-plan/")
    expect(page.locator("[data-worksheet][data-enhanced] [data-field=next-cycle]")).to_have_value("2027-06-01")


def test_search_finds_a_page_and_opens_it_under_the_path(page):
    page.goto("")
    page.locator(".md-search__input").click()
    page.keyboard.type("worksheet")
    result = page.locator(".md-search-result__link").first
    result.wait_for()
    result.click()
    page.wait_for_url(lambda url: urlsplit(url).path.startswith(PREFIX) and urlsplit(url).path != PREFIX)
    assert not under_prefix(page), "the result opened a page of the guide, not the home page"
    expect(page.locator(".md-content h1")).to_be_visible()


def test_links_change_page_without_reloading_it(page):
    """Instant navigation reads the sitemap, which names pages by the address the site was built for."""
    page.goto("")
    page.evaluate("window.stillTheSameDocument = true")
    page.locator(".md-sidebar--primary").get_by_role("link", name="Privacy").click()
    page.wait_for_url(f"**{PREFIX}privacy/")
    expect(page.locator("h1")).to_contain_text("Privacy")
    assert page.evaluate("window.stillTheSameDocument === true"), "the click reloaded the whole page"


def test_a_missing_page_gets_the_styled_404_page(page, watch):
    watch.expect("404")  # the browser logs the missing page itself
    response = page.goto("no/such/page/")
    assert response.status == 404
    expect(page.locator("h1")).to_contain_text("404")
    stylesheets = page.evaluate("""() => [...document.querySelectorAll('link[rel=stylesheet]')]
        .map(link => [link.href, Boolean(link.sheet && link.sheet.cssRules.length)])""")
    assert stylesheets and all(loaded for _, loaded in stylesheets), stylesheets
    assert all(urlsplit(href).path.startswith(PREFIX) for href, _ in stylesheets), stylesheets
    header = page.locator(".md-header")
    assert header.evaluate("el => getComputedStyle(el).position") == "sticky", "Material's styles did not apply"
    assert_accessible(page, "404 page under the path")


def test_the_policy_header_matches_each_pages_own_policy_and_stops_framing(page):
    """Browsers enforce the header and the <meta> together: any difference would block a script."""
    response = page.goto("worksheets/goal-plan/")
    meta = page.locator("meta[http-equiv=Content-Security-Policy]").get_attribute("content")
    assert response.headers["content-security-policy"] == f"{meta}; frame-ancestors 'self'"
    expect(page.locator("[data-worksheet][data-enhanced]")).to_be_attached()


def test_every_server_sends_the_readme_headers(site):
    """Referrer policy, nosniff, a JavaScript type for modules, and caching that never mixes two
    versions: pages and our files checked every time, Material's hashed bundles kept a year."""

    def headers(path: str) -> dict[str, str]:
        with urllib.request.urlopen(site.url + path) as response:
            return {name.lower(): value for name, value in response.headers.items()}

    page = headers("privacy/")
    assert page["x-content-type-options"] == "nosniff"
    assert headers("assets/loader.mjs")["content-type"].startswith("text/javascript")
    if site.server == "python":
        return  # the stand-in's caching is the bench's, not the README's
    assert page["referrer-policy"] == "no-referrer"
    assert "no-cache" in page["cache-control"], page
    assert "no-cache" in headers("assets/loader.mjs")["cache-control"]
    bundle = next((site.dir / "assets" / "javascripts").glob("bundle.*.min.js")).name
    assert "max-age=31536000" in headers(f"assets/javascripts/{bundle}")["cache-control"]


@pytest.mark.service_workers
def test_every_server_sends_the_offline_worker_no_cache_and_it_reads_offline(site, page):
    """sw.js is checked on every visit (a new release is found at once); under the path, a page
    never opened reads with the network off."""
    with urllib.request.urlopen(site.url + "sw.js") as response:
        assert "no-cache" in response.headers["Cache-Control"], dict(response.headers)
        assert response.headers["Content-Type"].split(";")[0] in ("text/javascript", "application/javascript")
    page.goto("")
    scope = page.evaluate("navigator.serviceWorker.ready.then((registration) => registration.scope)")
    assert scope == site.url
    page.evaluate("""() => navigator.serviceWorker.ready.then(({ active }) => active.state === "activated"
        || new Promise((done) => active.addEventListener("statechange", () => active.state === "activated" && done())))""")
    page.context.set_offline(True)
    try:
        page.goto("talk-with-your-manager/")
        expect(page.locator(".md-content h1")).to_be_visible()
    finally:
        page.context.set_offline(False)


def test_make_dist_writes_one_archive_for_the_address_it_was_built_for(tmp_path):
    version = current_version()
    archive = make_dist("https://intranet.example/guides/after-the-no", tmp_path)
    folder = f"after-the-no-{version}-intranet.example-guides-after-the-no"
    assert archive.name == f"{folder}.tar.gz"
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        read = lambda name: tar.extractfile(f"{folder}/{name}").read().decode()
        built_for, nginx, home, links = (
            read("BUILT-FOR.txt"),
            read("nginx/after-the-no.conf"),
            read("site/index.html"),
            read("LINKS.txt"),
        )
        apache, caddy = read("apache/after-the-no.conf"), read("caddy/Caddyfile")
        headers = read("cdn/_headers")
    assert f"{folder}/site/404.html" in names and f"{folder}/site/sitemap.xml" in names
    assert f"After the no {version}, built for https://intranet.example/guides/after-the-no/" in built_for
    assert re.search(r"Built on \d{4}-\d\d-\d\d \d\d:\d\d UTC", built_for), built_for
    organization = ROOT / "data" / "organization.yml"
    assert ("data/organization.yml used (SHA-256" in built_for) == organization.exists(), built_for
    assert 'href="https://intranet.example/guides/after-the-no/"' in home, "the canonical address"
    pages = [name for name in names if name.endswith(".html")]
    assert nginx.count(r"~^/guides/after\-the\-no/") == len(pages), "one policy per page"
    assert "server_name intranet.example;" in nginx and "location /guides/after-the-no/ {" in nginx
    assert "listen 443;" in nginx and '# "After the no" at https://intranet.example/guides/after-the-no/' in nginx
    assert (
        apache.count("expr=%{REQUEST_URI} == ") == len(pages)
        and "ErrorDocument 404 /guides/after-the-no/404.html" in apache
    )
    assert caddy.count("header @page") == len(pages) and "https://intranet.example:443 {" in caddy
    for config in (nginx, apache, caddy):  # every page on one host reads what the guide saves
        assert "host name of its own (careers-guide.intranet.example)" in config, config[:400]
    assert headers.count("Content-Security-Policy: default-src") >= len(pages)
    assert "/guides/after-the-no/*\n  X-Content-Type-Options: nosniff" in headers
    assert (
        "Take stock worksheet › Fill in\n    https://intranet.example/guides/after-the-no/worksheets/take-stock/#fill-in"
        in links
    )
    public = [
        line
        for line in (ROOT / "tests" / "public_links.txt").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    assert links.count("https://intranet.example/guides/after-the-no/") == len(public) + 1, "one per link"


def test_the_organization_file_is_named_with_its_hash_when_used(tmp_path, monkeypatch):
    settings = tmp_path / "organization.yml"
    settings.write_text("name: Example Co\n", encoding="utf-8")
    monkeypatch.setattr(dist, "ORGANIZATION", settings)
    digest = hashlib.sha256(settings.read_bytes()).hexdigest()
    assert dist.organization_line() == f"Organization settings: data/organization.yml used (SHA-256 {digest})."
    monkeypatch.setattr(dist, "ORGANIZATION", tmp_path / "absent.yml")
    assert "not used" in dist.organization_line()


@pytest.mark.parametrize(
    "address, listen, comment",
    [
        (
            "http://intranet.example:8080/guides/after-the-no/",
            "listen 8080;",
            "http://intranet.example:8080/guides/after-the-no/",
        ),
        ("https://intranet.example:8443/guides/x/", "listen 8443;", "https://intranet.example:8443/guides/x/"),
        ("http://intranet.example/guides/after-the-no/", "listen 80;", "http://intranet.example/guides/after-the-no/"),
    ],
)
def test_the_nginx_block_listens_on_the_port_of_the_address(address, listen, comment):
    block = dist.server_block(Address(address))
    assert f"    {listen}" in block, block
    assert block.startswith(f'# "After the no" at {comment}\n'), block


@pytest.mark.parametrize("server", ["nginx", "apache", "caddy"])
@pytest.mark.parametrize(
    "address", ["https://intranet.example/guides/after-the-no/", "http://intranet.example:8080/guides/after-the-no/"]
)
def test_each_servers_own_syntax_check_accepts_its_configuration(server, address, built, tmp_path):
    """Optional: skipped where the server is not installed (make test does not install them)."""
    if not realservers.installed(server):
        pytest.skip(f"{server} is not installed (optional: apt-get install nginx-light apache2 caddy)")
    folder = tmp_path / "archive"
    shutil.copytree(built[2], folder / "site")
    write_configs(folder, Address(address))
    name = {"nginx": "nginx/after-the-no.conf", "apache": "apache/after-the-no.conf", "caddy": "caddy/Caddyfile"}
    result = realservers.check(server, folder / name[server], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_nginx_block_sends_what_servers_py_lists_for_apache_and_caddy():
    """One list of headers: the nginx block is written by hand, the others are made from it."""
    block = (ROOT / "publish" / "nginx.conf").read_text(encoding="utf-8")
    for name, value in servers.COMMON_HEADERS.items():
        assert f"add_header {name} {value} always;" in block, name
    assert "expires epoch;" in block and "expires 1y;" in block  # no-cache; max-age=31536000
    assert f'location ~ "^/guides/after-the-no/{servers.HASHED_ASSET}"' in block
    assert f"default_type {servers.MODULE_TYPE};" in block and "error_page 404" in block
    assert f"location = /guides/after-the-no/{servers.WORKER} {{\n            expires epoch;" in block


def test_the_readme_shows_the_server_block_that_make_dist_writes():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = (ROOT / "publish" / "nginx.conf").read_text(encoding="utf-8")
    assert f"```nginx\n{block}```" in readme, "README.md's nginx block differs from publish/nginx.conf"


# Searches stay in the browser -----------------------------------------------------------------

CANDIDATES = ["evidence", "gossip", "honest", "disappointed"]


@pytest.fixture(scope="module")
def word(site) -> str:
    """A word of the guide's text that is in no page's address or anchor: a request that
    carries it can only have got it from the search box."""
    index = json.loads((site.dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = " ".join(doc["text"] for doc in index["docs"]).lower()
    addresses = " ".join(doc["location"] for doc in index["docs"]).lower()
    found = [w for w in CANDIDATES if w in text and w not in addresses]
    assert found, f"none of {CANDIDATES} is in the text and in no address: pick another word"
    return found[0]


def search(page, word: str):
    page.goto("")
    page.locator(".md-search__input").click()
    page.keyboard.type(word)
    links = page.locator(".md-search-result__link")
    # Results come as the reader types, and those of the first letters already mark whole words
    # ("evi" marks "evidence"): wait for results that will highlight the whole word on the page.
    expect(links.first).to_have_attribute("data-search-terms", re.compile(f"^{word}$", re.IGNORECASE))
    return links


@pytest.mark.parametrize(
    "choose",
    [
        pytest.param(lambda page: page.locator(".md-search-result__link").first.click(), id="click"),
        pytest.param(lambda page: page.keyboard.press("Enter"), id="enter"),
    ],
)
def test_choosing_a_result_highlights_the_words_without_sending_them(page, word, choose):
    requests = []
    page.on("request", lambda request: requests.append(request))
    search(page, word)
    choose(page)
    highlighted = page.locator(".md-content mark")
    highlighted.first.wait_for()
    assert {mark.lower() for mark in highlighted.all_inner_texts()} == {word}
    assert any(r.url.endswith("search_index.json") for r in requests), "the log saw the search"
    # What an access log records: the address asked for, and the page it was asked from.
    sent = [f"{r.url} (from {r.header_value('referer')})" for r in requests]
    assert not [line for line in sent if word in unquote(line).lower()], sent
    assert word not in unquote(page.url).lower(), "a reload would send the words"


def test_a_result_link_does_not_carry_the_words(page, word):
    """Opening a result in a new tab, or copying its address, keeps the words private too."""
    hrefs = search(page, word).evaluate_all("links => links.map(link => link.href)")
    assert hrefs and not [href for href in hrefs if word in unquote(href).lower()], hrefs


# Opened from a file --------------------------------------------------------------------------


def test_a_copy_opened_from_a_file_reads_and_says_saving_needs_the_web_address(browser, site):
    tab = browser.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto((site.dir / "worksheets" / "goal-plan" / "index.html").as_uri())
    expect(tab.locator(".md-content h1")).to_be_visible()
    assert tab.locator(".md-header").evaluate("el => getComputedStyle(el).position") == "sticky"
    note = tab.locator("[data-worksheet] > [data-nojs]")
    expect(note).to_contain_text("Saving needs this guide's web address")
    expect(tab.locator("[data-module=gap-list] [data-nojs]")).not_to_contain_text("Saving")
    expect(note).not_to_contain_text("JavaScript")
    link = note.get_by_role("link")
    expect(link).to_have_attribute("href", f"{site.url}worksheets/goal-plan/")
    tab.goto((site.dir / "my-answers" / "index.html").as_uri())
    expect(tab.locator("[data-saved-answers] [data-nojs]")).to_contain_text("needs the guide's web address")
    tab.close()
    assert not errors, errors
