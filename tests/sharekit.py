"""Helpers for the copy to share: what print media renders from the page's own print path, what
Copy as text gives, and private answers varied at random (seeded, so a failure reproduces)."""

from __future__ import annotations

import re
import unicodedata

# Private answers to try: some mention leaving, some are long, some empty.
PRIVATE_TEXTS = [
    "",
    "Moving to another company is the faster way up.",
    "A recruiter called about a senior role; interview on Friday.",
    "Update my résumé and CV, then hand in my notice.",
    "No real path here after two more rounds.",
    "Talk to Sam at Northwind about an offer.\nThen decide by March.",
    "x",
]

# Every control of the page whose answer is private whatever it is: in a section kept off the
# copy to share, under a private question (or the question that revealed it), or in a worksheet
# private as a whole. The reader's own ticks are choices about what is shared: left alone.
_PRIVATE_CONTROLS = """root => {
  const isPrivate = (control) => {
    if (root.dataset.formAudience === "private") return true;
    const section = control.closest(".atn-section");
    if (section?.querySelector(':scope > .atn-audience input')?.checked) return true;
    for (let f = control.closest("[data-field-root]"); f; f = f.parentElement?.closest("[data-field-root]")) {
      if (f.dataset.audience === "private") return true;
    }
    return false;
  };
  return [...root.querySelectorAll(".atn-section [data-field]")]
    .filter((c) => !c.dataset.field.includes("--") && isPrivate(c));
}"""

# Set each private control as a reader would (events, so it saves), from the given choices.
VARY = """([root, picks]) => {
  const controls = (__PRIVATE_CONTROLS__)(root);
  const byName = new Map();
  for (const c of controls) {
    const key = c.type === "radio" ? c.name : c.id;
    if (!byName.has(key)) byName.set(key, []);
    byName.get(key).push(c);
  }
  let n = 0;
  for (const group of byName.values()) {
    const pick = picks[n++ % picks.length];
    const first = group[0];
    if (first.type === "radio") {
      const choice = pick.choice < 0 ? group.length : pick.choice % (group.length + 1);
      if (choice === group.length) { for (const r of group) r.checked = false; first.dispatchEvent(new Event("change", {bubbles: true})); }
      else { group[choice].checked = true; group[choice].dispatchEvent(new Event("change", {bubbles: true})); }
    } else if (first.type === "date") {
      first.value = pick.text ? `2027-0${1 + (pick.choice % 9)}-1${pick.choice % 9}` : "";
      first.dispatchEvent(new Event("input", {bubbles: true}));
    } else {
      first.value = pick.text;
      first.dispatchEvent(new Event("input", {bubbles: true}));
    }
  }
  return byName.size;
}""".replace("__PRIVATE_CONTROLS__", _PRIVATE_CONTROLS)


def vary_private(page, root, rng, count: int = 40) -> int:
    """Give every private question of `root` a random answer (or none); one run in three leaves
    every private question empty, so "something private exists" flips too. Returns how many."""
    empty = rng.random() < 1 / 3
    picks = [
        {"text": "" if empty else rng.choice(PRIVATE_TEXTS), "choice": -1 if empty else rng.randrange(1000)}
        for _ in range(count)
    ]
    return root.evaluate(f"(root, picks) => ({VARY})([root, picks])", picks)


def printed_text(page) -> str:
    """The page's text as print media renders it, through the page's own print path (the
    beforeprint listener, as Ctrl+P), then back to the screen."""
    page.emulate_media(media="print")
    page.evaluate("() => dispatchEvent(new Event('beforeprint'))")
    text = page.evaluate("() => document.querySelector('.md-content').innerText")
    page.evaluate("() => dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="null")  # as a reader's browser: print media only while printing
    return text


def copied_text(page) -> str:
    """Copy as text through the real buttons: Check before you share, then its Copy button."""
    actions = page.locator("details.atn-actions:not([open]) > summary:visible")
    if actions.count():
        actions.click()
    page.get_by_role("button", name="Copy as text").click()
    dialog = page.get_by_role("dialog", name="Check before you share")
    dialog.get_by_role("button", name="Copy the copy to share as text").click()
    page.get_by_text("Copied as text").wait_for()
    text = page.evaluate("navigator.clipboard.readText()")
    page.evaluate("document.querySelector('[data-status]').textContent = ''")
    return text


def bare(text: str) -> str:
    """Text to compare across DOM and PDF: no running page numbers, no whitespace at all, and
    a PDF's ligatures ("ﬀ") read as their letters."""
    return re.sub(r"\s+", "", re.sub(r"Page \d+ of \d+", "", unicodedata.normalize("NFKC", text)))
