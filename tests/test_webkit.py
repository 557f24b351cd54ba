"""The core journeys in WebKit, the engine of Safari and of every browser on an iPhone: a
worksheet saves, comes back after a reload, prints its copy to share without the private answers,
exports and imports; a checklist's tick stays; the start page orders its reading list from the
answers; blocked storage gets its message. Driven through the real controls with Selenium
(tests/webkitkit.py says what WebKitWebDriver cannot do: print to PDF, read the console)."""

from __future__ import annotations

import json
import shutil

import pytest
from selenium.webdriver.common.by import By

from formkit import GOAL_PLAN, GOAL_PLAN_KEY, STORAGE_BLOCKED
from kit import StaticServer
from webkitkit import after_navigation, wait_for

PRIVATE = "plan-b-signs"  # in Plan B, which stays off the copy to share unless the reader moves it


def open_form(driver, path: str):
    origin = "/".join(driver.current_url.split("/", 3)[:3])
    return after_navigation(driver, lambda: driver.get(f"{origin}/{path}"))


def reload_form(driver):
    return after_navigation(driver, driver.refresh)


def field(root, name: str):
    return root.find_element(By.CSS_SELECTOR, f"[data-field={name}]")


VISIBLE_BUTTON = """return [...document.querySelectorAll('button')].find(b => b.textContent.trim() === arguments[0]
    && b.offsetParent !== null) || null;"""
OPEN_DIALOG = "return document.querySelector('dialog[data-share-check][open]');"


def press(driver, name: str) -> None:
    """Click the visible button whose text is `name`, as a reader would (scrolled into view)."""
    button = driver.execute_script(VISIBLE_BUTTON, name)
    assert button is not None, f"no visible button {name!r}"
    click(driver, button)


def click(driver, element) -> None:
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
    element.click()


def type_and_wait_saved(driver, root, name: str, text: str) -> None:
    field(root, name).send_keys(text)
    saved = "return (localStorage.getItem(arguments[0]) || '').includes(arguments[1]);"
    wait_for(driver, saved, GOAL_PLAN_KEY, text, message=f"{name}: the answer was never saved")


def accept_confirm(driver) -> None:
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        WebDriverWait(driver, 10).until(expected_conditions.alert_is_present()).accept()
    except TimeoutException:
        pytest.fail(f"no question was asked; the page says: {driver.execute_script(ALERTS)}")


ALERTS = "return [...document.querySelectorAll('[data-alert]')].map(e => e.textContent).join(' ').trim() || null;"


def alert_text(driver) -> str:
    return wait_for(driver, ALERTS, message="no message shown")


def test_a_worksheet_saves_comes_back_after_reload_and_prints_a_copy_to_share_without_private_answers(webkit):
    root = open_form(webkit, GOAL_PLAN)
    type_and_wait_saved(webkit, root, "aim", "Lead the planning review tagshared")
    type_and_wait_saved(webkit, root, PRIVATE, "Two more rounds with no change tagprivate")

    root = reload_form(webkit)
    assert field(root, "aim").get_property("value") == "Lead the planning review tagshared"
    assert field(root, PRIVATE).get_property("value") == "Two more rounds with no change tagprivate"

    # One choice for the whole guide, "A copy to share" until the reader picks their own copy:
    # pick their own, then the copy to share again, as a reader would, and the button follows.
    click(webkit, root.find_element(By.CSS_SELECTOR, "[data-print-copy][value=own]"))
    wait_for(webkit, VISIBLE_BUTTON, "Print your own copy", message="the Print button does not name the own copy")
    click(webkit, root.find_element(By.CSS_SELECTOR, "[data-print-copy][value=share]"))
    webkit.execute_script("window.__printCalls = 0; window.print = () => { window.__printCalls += 1; };")
    press(webkit, "Print the copy to share")
    # Check before you share: the copy as it will print, then its own Print button.
    dialog = wait_for(webkit, OPEN_DIALOG, message="Check before you share did not open")
    assert dialog.find_element(By.CSS_SELECTOR, "h2").text == "Check before you share"
    preview = dialog.get_property("textContent")
    assert "tagshared" in preview and "tagprivate" not in preview, preview
    assert webkit.execute_script("return window.__printCalls;") == 0, "printed before the reader checked"
    click(webkit, dialog.find_element(By.CSS_SELECTOR, "[data-share-go]"))
    wait_for(webkit, "return document.documentElement.dataset.atnPrint;", message="the print path did not start")
    assert webkit.execute_script("return window.__printCalls;") == 1
    assert webkit.execute_script("return document.documentElement.dataset.atnPrintCopy;") == "share"
    printed = webkit.execute_script("return document.querySelector('[data-print-record]').textContent;")
    assert "tagshared" in printed, printed
    assert "tagprivate" not in printed and "Plan B" not in printed, "a private answer is on the copy to share"


def test_a_worksheet_exports_clears_and_imports_its_answers(webkit, tmp_path):
    root = open_form(webkit, GOAL_PLAN)
    type_and_wait_saved(webkit, root, "aim", "Exported from WebKit")
    # The export is a download WebKitWebDriver cannot hand over: keep the file's blob as it is made.
    webkit.execute_script("""window.__files = []; const make = URL.createObjectURL;
        URL.createObjectURL = (blob) => { window.__files.push(blob); return make.call(URL, blob); };""")
    press(webkit, "Export answers")
    wait_for(webkit, "return window.__files.length;", message="Export answers made no file")
    exported = webkit.execute_async_script("window.__files[0].text().then(arguments[0]);")
    assert json.loads(exported)["answers"]["aim"] == "Exported from WebKit"
    saved = tmp_path / "goal-plan.json"
    saved.write_text(exported, encoding="utf-8")

    press(webkit, "Clear answers")
    accept_confirm(webkit)
    wait_for(webkit, "return document.querySelector('[data-field=aim]').value === '';")

    # WebKitWebDriver has no file chooser: the native one it opens is cancelled at once. Keep it
    # from opening, as Playwright's file chooser does, and pick the file through the input.
    chooser = root.find_element(By.CSS_SELECTOR, "[data-import-file]")
    webkit.execute_script("arguments[0].click = () => { window.__chooser = true; };", chooser)
    press(webkit, "Import answers")
    wait_for(webkit, "return window.__chooser;", message="Import answers opened no file chooser")
    chooser.send_keys(str(saved))  # the file the reader picks
    accept_confirm(webkit)
    assert "imported" in alert_text(webkit)
    assert field(reload_form(webkit), "aim").get_property("value") == "Exported from WebKit"


def test_a_checklist_tick_stays_ticked_after_reload(webkit):
    root = open_form(webkit, "checklists/first-48-hours/")
    box = root.find_element(By.CSS_SELECTOR, "input[type=checkbox]")
    click(webkit, box)
    assert box.is_selected()
    saved = "return Object.keys(localStorage).some(k => k.endsWith('form:first-48-hours'));"
    wait_for(webkit, saved, message="the tick was never saved")
    root = reload_form(webkit)
    assert root.find_element(By.CSS_SELECTOR, "input[type=checkbox]").is_selected()


SLOTS = ["today", "week", "later"]
CARD_READY = "return document.querySelector('[data-module=reading-order][data-enhanced]');"


def reading_order(driver) -> list[str]:
    """The start page's card as the reader sees it: the titles under Today, This week, Later."""
    return driver.execute_script(
        "return arguments[0].flatMap(slot => [...document.querySelectorAll(`[data-route-slot=${slot}] li > a`)])"
        ".filter(a => a.offsetParent !== null).map(a => a.textContent.trim());",
        SLOTS,
    )


def answer_start(driver, root, last: bool) -> None:
    for question in ["reading-for", "when-news", "feedback", "still-want", "leaving"]:
        options = root.find_elements(By.CSS_SELECTOR, f"[data-field-root={question}] > .atn-options input")
        choice = options[-1 if last else 0]
        click(driver, choice)


def test_the_start_page_orders_its_reading_list_from_the_answers(webkit):
    root = open_form(webkit, "start/")
    wait_for(webkit, CARD_READY, message="the reading order never showed its card")
    answer_start(webkit, root, last=False)
    first = reading_order(webkit)
    answer_start(webkit, root, last=True)
    last = reading_order(webkit)
    assert first and last and first != last, (first, last)
    assert "The first days" in first and "For managers and HR" in last, (first, last)
    assert first[-1] == "Feedback meeting preparation", "the worksheet to fill comes last"
    saved = (
        "return Object.keys(localStorage).some(k => k.endsWith('form:start') && localStorage[k].includes('leave-yes'));"
    )
    wait_for(webkit, saved, message="the answers were never saved")
    reload_form(webkit)
    wait_for(webkit, CARD_READY, message="the reading order never showed its card after reload")
    assert reading_order(webkit) == last


def test_blocked_storage_tells_the_reader_and_typing_still_works(webkit, site, tmp_path):
    """Storage blocked as a browser setting does it (reading localStorage throws): the page loads
    a same-site script first that makes it so (the policy allows 'self' scripts)."""
    copy = tmp_path / "site"
    shutil.copytree(site.dir, copy)
    (copy / "block-storage.js").write_text(STORAGE_BLOCKED, encoding="utf-8")
    page = copy / GOAL_PLAN / "index.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace("<head>", '<head><script src="/block-storage.js"></script>', 1), encoding="utf-8")
    with StaticServer(copy) as server:
        root = after_navigation(webkit, lambda: webkit.get(server.url + GOAL_PLAN))
        assert "not letting the site save" in alert_text(webkit)
        field(root, "timeframe").send_keys("Typed with storage blocked")
        assert field(root, "timeframe").get_property("value") == "Typed with storage blocked"


@pytest.fixture(autouse=True)
def _fresh_storage(webkit):
    """Each WebKit session starts from the site's home page with nothing saved."""
    webkit.execute_script("localStorage.clear();")
