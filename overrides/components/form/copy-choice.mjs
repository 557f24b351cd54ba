// Which copy Print, Ctrl+P and Copy as text give: one saved choice for the whole guide (every
// worksheet, the glance and the starting point), "share" until the reader chooses their own copy.
// A reader who prints for themselves loses nothing by choosing once; one who prints for a manager
// and never saw the choice never hands over a private answer. Kept under the guide's namespace
// (store.PRINT_COPY_KEY), so Delete all removes it with everything else.

import { NAMESPACE, PRINT_COPY_KEY, formKey, listKeys, readRaw, writeRaw } from "../storage/store.mjs";
import { localDay, longDate } from "../shared/dom.mjs";
import { t } from "../shared/strings.mjs";

const CHOICES = ["share", "own"];
/** Where the choice lived before it was one for the guide: per worksheet, and the glance's own. */
const LEGACY_FIELD = "copy--print";
const LEGACY_GLANCE_KEY = `${NAMESPACE}glance-copy`;

/** "share" or "own". An older release's choice is carried over once (migrate), nothing lost. */
export function printCopy() {
  const saved = readRaw(PRINT_COPY_KEY).raw;
  if (CHOICES.includes(saved)) return saved;
  const legacy = legacyChoice();
  if (legacy) writeRaw(PRINT_COPY_KEY, legacy);
  return legacy ?? "share";
}

export function shareChosen() {
  return printCopy() === "share";
}

/** The reader's latest choice in an older release: the newest `copy--print` of any worksheet
    (each answer carries when it was written), else the glance's own; null when there is none. */
function legacyChoice() {
  let latest = null;
  for (const key of listKeys(formKey("")).keys) {
    try {
      const record = JSON.parse(readRaw(key).raw);
      const value = record?.answers?.[LEGACY_FIELD];
      const at = Number(record?.stamps?.[LEGACY_FIELD] ?? 0);
      if ((value === "share" || value === "everything") && (!latest || at >= latest.at)) latest = { value, at };
    } catch {
      // An unreadable record holds no choice; the worksheet itself keeps it aside when opened.
    }
  }
  const glance = readRaw(LEGACY_GLANCE_KEY).raw;
  if (!latest && (glance === "share" || glance === "everything")) latest = { value: glance };
  if (!latest) return null;
  return latest.value === "share" ? "share" : "own";
}

/** Bind a root's radios ([data-print-copy]) to the choice, and name its buttons for it. */
export function startCopyChoice(root, onChange = () => {}) {
  roots.set(root, onChange);
  for (const radio of root.querySelectorAll("[data-print-copy]")) {
    radio.addEventListener("change", () => {
      if (!radio.checked) return;
      writeRaw(PRINT_COPY_KEY, radio.value);
      showChoice();
    });
  }
  showChoice(root);
}

const roots = new Map();

/** Every root on the page shows the saved choice, and its Print buttons name the copy they print. */
function showChoice(only = null) {
  const choice = printCopy();
  for (const [root, onChange] of roots) {
    if (!root.isConnected) {
      roots.delete(root);
      continue;
    }
    if (only && root !== only) continue;
    for (const radio of root.querySelectorAll("[data-print-copy]")) radio.checked = radio.value === choice;
    for (const button of root.querySelectorAll("[data-print-name]")) button.textContent = buttonName(button.dataset.action, choice);
    onChange(choice);
  }
}

/** "Print the copy to share", "Print full blank copy"...: the button says which copy it gives. */
function buttonName(action, choice) {
  if (action === "print-blank") return choice === "share" ? t("print.blank-share-button") : t("print.blank-own-button");
  return choice === "share" ? t("print.share-button") : t("print.own-button");
}

// Chosen in another tab: this one follows. Bound once per visit.
window.addEventListener("storage", (event) => {
  if (event.key === PRINT_COPY_KEY || event.key === null) showChoice();
});

// The name on paper -------------------------------------------------------------------------------

/** The optional name and role printed at the top of filled copies: one per browser, every form. */
export const PAPER_NAME_KEY = `${NAMESPACE}paper-name`;

/** {name, role} as the reader last entered them in this browser; empty by default. */
export function readPaperName() {
  try {
    const saved = JSON.parse(readRaw(PAPER_NAME_KEY).raw ?? "{}");
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
