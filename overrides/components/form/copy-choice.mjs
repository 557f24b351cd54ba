// Which copy Print, Ctrl+P and Copy as text give: one saved choice for the whole guide (every
// worksheet, the glance and the starting point), "share" until the reader chooses their own copy.
// A reader who prints for themselves loses nothing by choosing once; one who prints for a manager
// and never saw the choice never hands over a private answer. Kept under the guide's namespace
// (the setting "print-copy"), so Delete all removes it with everything else.

import { PAPER_NAME, PRINT_COPY, readSetting, settingKey, writeSetting } from "../storage/store.mjs";
import { localDay, longDate } from "../shared/dom.mjs";
import { keptInStep } from "../shared/start.mjs";
import { t } from "../shared/strings.mjs";

const CHOICES = ["share", "own"];

/** "share" or "own". An older release's choice is carried over once (storage/migrate.mjs). */
export function printCopy() {
  const saved = readSetting(PRINT_COPY);
  return CHOICES.includes(saved) ? saved : "share";
}

export function shareChosen() {
  return printCopy() === "share";
}

/** Bind a root's radios ([data-print-copy]) to the choice, and name its buttons for it. */
export function startCopyChoice(root, onChange = () => {}) {
  shown.add({ root, onChange });
  for (const radio of root.querySelectorAll("[data-print-copy]")) {
    radio.addEventListener("change", () => {
      if (!radio.checked) return;
      writeSetting(PRINT_COPY, radio.value);
      showChoice();
    });
  }
  draw({ root, onChange }, printCopy());
}

// Back from the back-forward cache the choice is read again: it may have changed in another tab
// meanwhile, and not every browser delivers the storage events a cached page missed.
const shown = keptInStep((item) => draw(item, printCopy()));

/** Every root on the page shows the saved choice. */
function showChoice() {
  const choice = printCopy();
  for (const item of shown) {
    if (item.root.isConnected) draw(item, choice);
    else shown.delete(item);
  }
}

/** A root's radios show `choice`, and its Print buttons name the copy they print. */
function draw({ root, onChange }, choice) {
  for (const radio of root.querySelectorAll("[data-print-copy]")) radio.checked = radio.value === choice;
  for (const button of root.querySelectorAll("[data-print-name]")) button.textContent = buttonName(button.dataset.action, choice);
  onChange(choice);
}

/** "Print the copy to share", "Print full blank copy"...: the button says which copy it gives. */
function buttonName(action, choice) {
  if (action === "print-blank") return choice === "share" ? t("print.blank-share-button") : t("print.blank-own-button");
  return choice === "share" ? t("print.share-button") : t("print.own-button");
}

// Chosen in another tab: this one follows. Bound once per visit.
window.addEventListener("storage", (event) => {
  if (event.key === settingKey(PRINT_COPY) || event.key === null) showChoice();
});

// The name on paper -------------------------------------------------------------------------------

/** {name, role} as the reader last entered them in this browser; empty by default. */
export function readPaperName() {
  try {
    // The optional name and role printed at the top of filled copies: one per browser, every form.
    const saved = JSON.parse(readSetting(PAPER_NAME) ?? "{}");
    return { name: String(saved.name ?? "").trim(), role: String(saved.role ?? "").trim() };
  } catch {
    return { name: "", role: "" };
  }
}

/** The header line under a printed title: "Copy to share · Ana Reyes, Analyst · Printed on 6 December 2026". */
export function paperMeta(share) {
  const { name, role } = readPaperName();
  const who = [name, role].filter(Boolean).join(", ");
  const printed = t("print.printed-on", { date: longDate(localDay()) });
  return [share ? t("print.share-copy") : "", who, printed].filter(Boolean).join(" · ");
}
