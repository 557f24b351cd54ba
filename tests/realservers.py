"""nginx, Apache and Caddy, as Debian packages them, run with the configurations `make dist` writes.

`make test-servers` installs them (Debian's nginx-light, apache2, caddy) and serves the site with
each; CI runs it after `make test`. Outside it, a server's syntax check runs only where the server
is installed (tests/conftest.py deselects the rest). Each server runs in the foreground from a
folder of its own, on the port of the address the site was built for.
"""

from __future__ import annotations

import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

BINARIES = {"nginx": "/usr/sbin/nginx", "apache": "/usr/sbin/apache2", "caddy": "/usr/bin/caddy"}
APACHE_MODULES = ["mpm_event", "authz_core", "mime", "dir", "alias", "headers", "filter", "deflate"]


def installed(server: str) -> bool:
    return Path(BINARIES[server]).exists()


def nginx_main(conf: Path, work: Path, port: int | None = None) -> Path:
    main = work / "nginx-main.conf"
    main.write_text(
        f"""daemon off;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log;
user root;
events {{}}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    include {conf};
}}
""",
        encoding="utf-8",
    )
    return main


def apache_main(conf: Path, work: Path, port: int) -> Path:
    main = work / "apache-main.conf"
    modules = "\n".join(f"LoadModule {m}_module /usr/lib/apache2/modules/mod_{m}.so" for m in APACHE_MODULES)
    (work / "empty").mkdir(exist_ok=True)
    main.write_text(
        f"""ServerRoot /etc/apache2
ServerName 127.0.0.1
PidFile {work}/apache.pid
Mutex file:{work}
Listen 127.0.0.1:{port}
{modules}
User www-data
Group www-data
TypesConfig /etc/mime.types
ErrorLog {work}/apache-error.log
LogLevel warn
DocumentRoot {work}/empty
Include {conf}
""",
        encoding="utf-8",
    )
    return main


def check(server: str, conf: Path, work: Path) -> subprocess.CompletedProcess:
    """The server's own syntax check of a generated configuration."""
    if server == "nginx":
        command = [BINARIES["nginx"], "-t", "-c", str(nginx_main(conf, work))]
    elif server == "apache":
        command = [BINARIES["apache"], "-t", "-f", str(apache_main(conf, work, 8))]
    else:
        command = [BINARIES["caddy"], "validate", "--adapter", "caddyfile", "--config", str(conf)]
    return subprocess.run(
        command, check=False, capture_output=True, text=True, env={"PATH": "/usr/sbin:/usr/bin:/bin", "HOME": str(work)}
    )


class Running:
    def __init__(self, process: subprocess.Popen, log: Path) -> None:
        self.process, self.log = process, log

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start(server: str, conf: Path, work: Path, url: str, port: int) -> Running:
    """Runs the server in the foreground and waits until it answers at `url`."""
    env = {"PATH": "/usr/sbin:/usr/bin:/bin", "HOME": str(work)}
    log = work / f"{server}.out"
    if server == "nginx":
        command = [BINARIES["nginx"], "-c", str(nginx_main(conf, work))]
    elif server == "apache":
        command = [BINARIES["apache"], "-DFOREGROUND", "-f", str(apache_main(conf, work, port))]
    else:
        command = [BINARIES["caddy"], "run", "--adapter", "caddyfile", "--config", str(conf)]
    with log.open("w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
    running = Running(process, log)
    for _ in range(100):
        if process.poll() is not None:
            raise RuntimeError(f"{server} stopped: {log.read_text()}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return running
        except urllib.error.HTTPError as error:  # it answers, wrongly: let the tests say how
            error.close()
            return running
        except OSError:
            time.sleep(0.2)
    running.stop()
    raise RuntimeError(f"{server} did not answer at {url}: {log.read_text()}")


def readable_copy(site: Path, root: Path, path: str) -> Path:
    """The site at root/<path>, readable by the servers' unprivileged workers."""
    target = root / path.strip("/")
    shutil.copytree(site, target)
    for folder in [root.parent, root, *root.rglob("*")]:
        folder.chmod(0o755 if folder.is_dir() else 0o644)
    return target
