"""WebKit, the engine of Safari and of every browser on an iPhone: Debian's WebKitGTK WebDriver
(`webkit2gtk-driver`) on a virtual display (Xvfb), driven by Selenium. `make test` installs both.

WebKitWebDriver has no print command (POST /session/{id}/print answers "Unknown command") and no
console log: the tests read what the print path puts in the page, and an engine that cannot run a
form's script shows as a form that never becomes ready (data-enhanced never set).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

WEBKIT_DRIVER = Path("/usr/bin/WebKitWebDriver")
XVFB = Path("/usr/bin/Xvfb")
READY_TIMEOUT = 20  # seconds: a loaded machine, never a speed claim

_MARK_OLD_ROOTS = "for (const el of document.querySelectorAll(arguments[0])) el.__testOldRoot = true;"
_NEW_ROOT_READY = """return [...document.querySelectorAll(arguments[0])].some(el =>
    !el.__testOldRoot && el.dataset.enhanced === "true");"""
FORMS = "[data-worksheet], [data-checklist]"


class Display:
    """A private X display: Xvfb picks a free number and writes it to us (-displayfd)."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [str(XVFB), "-displayfd", "1", "-screen", "0", "1280x900x24", "-nolisten", "tcp"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.name = ":" + self.process.stdout.readline().decode().strip()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def start_driver(display: Display):
    from selenium import webdriver

    service = webdriver.WebKitGTKService(
        executable_path=str(WEBKIT_DRIVER), env={**os.environ, "DISPLAY": display.name}
    )
    options = webdriver.WebKitGTKOptions()
    # A question (window.confirm) stays until the test answers it; the default dismisses it
    # when it opens during another command, such as the file pick that leads to it.
    options.unhandled_prompt_behavior = "ignore"
    driver = webdriver.WebKitGTK(options=options, service=service)
    driver.set_window_size(1280, 900)
    return driver


def after_navigation(driver, navigate, selector: str = FORMS):
    """Run `navigate()`, then wait until the engine has enhanced a root of the new page (formkit's
    rule: an old root still in the DOM does not count); returns that root."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.execute_script(_MARK_OLD_ROOTS, selector)
    navigate()
    WebDriverWait(driver, READY_TIMEOUT).until(
        lambda d: d.execute_script(_NEW_ROOT_READY, selector), f"no enhanced {selector} on {driver.current_url}"
    )
    return driver.find_element(By.CSS_SELECTOR, f":is({selector})[data-enhanced]")


def wait_for(driver, script: str, *args, message: str = ""):
    """Wait until `script` (a function body returning a value) returns something truthy; return it."""
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, READY_TIMEOUT).until(lambda d: d.execute_script(script, *args), message)
