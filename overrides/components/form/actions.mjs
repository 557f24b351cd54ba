// The toolbar's actions, loaded the first time a reader uses one: they are not needed to show
// and save answers, so a worksheet page does not download them up front.

import { SITE, importable } from "../storage/answers.mjs";
import { download, pickFile, readJsonFile } from "../storage/files.mjs";
import { localDateOf, localDay } from "../shared/dom.mjs";
import { printForms } from "./print.mjs";
import { questionOf } from "./fields.mjs";

export function run(action, form, button) {
  ACTIONS[action]?.(form, button);
}

const ACTIONS = {
  print: () => printForms("filled"),
  "print-blank": () => printForms("blank"),
  export: (form) => {
    download(`after-the-no-${form.definition.id}-${localDay()}.json`, JSON.stringify(exportData(form), null, 2));
    form.messages.status("Answers exported: check your downloads");
  },
  import: (form) => importFile(form),
  clear: (form) => {
    if (!window.confirm(`Clear all your answers on “${form.title}”? You can undo this until you leave the page.`)) return;
    form.replaceAll({ answers: {}, stale: {} }, "Your answers were cleared.");
  },
  undo: (form) => form.undoReplace(),
  "copy-text": async (form) => {
    const { plainText, copy } = await import("./plain-text.mjs");
    const copied = await copy(plainText(form.root, form.title));
    if (copied) form.messages.status("Copied as text: paste it into an e-mail or a meeting agenda");
    else form.messages.problem("Your browser did not allow copying. Use Export answers or Print instead.");
  },
  calendar: async (form) => {
    const { eventsFrom, icsText } = await import("./calendar.mjs");
    const events = eventsFrom(form.definition, form.answers, labels(form));
    if (!events.length) return form.messages.problem("There are no dates to add yet: fill in a check-in or target date first.");
    download(`after-the-no-${form.definition.id}-${localDay()}.ics`, icsText(events), "text/calendar;charset=utf-8");
    const count = events.length === 1 ? "1 date" : `${events.length} dates`;
    form.messages.status(`Calendar file with ${count} downloaded: open it to add them to your calendar`);
  },
  "export-original": (form) => {
    if (form.original === null) return;
    form.originalSafe = true; // the reader has it now, so saving over it loses nothing
    download(`after-the-no-${form.definition.id}-original-${localDay()}.json`, form.original);
  },
};


function exportData(form) {
  const { answers, stale } = form.exportable();
  const data = {
    site: SITE, form: form.definition.id, kind: form.definition.kind, title: form.title,
    version: form.definition.version, exportedAt: new Date().toISOString(), answers,
  };
  if (Object.keys(stale).length) data.stale = stale;
  return data;
}

async function importFile(form) {
  const file = await pickFile(form.root.querySelector("[data-import-file]"));
  if (!file) return;
  const read = await readJsonFile(file);
  const checked = read.error ? { error: read.error } : checkImport(form, read.data, file.name);
  if (checked.error) return form.messages.problem(`${checked.error} Nothing was changed.`);
  const question = `Replace your answers on “${form.title}” with the ones in “${file.name}”`
    + `${checked.savedAt ? ` (exported ${checked.savedAt})` : ""}? You can undo this until you leave the page.`;
  if (!window.confirm(question)) return;
  const unplaced = Object.keys(checked.stale).map((id) => `“${id}”`);
  const kept = unplaced.length ? ` ${unplaced.length === 1 ? "1 answer has" : `${unplaced.length} answers have`} no place on this page `
    + `(${unplaced.slice(0, 3).join(", ")}${unplaced.length > 3 ? "…" : ""}): kept, and included when you export.` : "";
  form.replaceAll({ answers: checked.answers, stale: checked.stale }, `Answers imported from “${file.name}”.${kept}`);
}

/** {answers, stale, savedAt} from an exported file, or {error} saying what is wrong with it. */
function checkImport(form, data, name) {
  const notOurs = `“${name}” is not an answers file exported from this site.`;
  if (!data || typeof data !== "object" || Array.isArray(data) || data.site !== SITE) return { error: notOurs };
  if (Array.isArray(data.forms)) {
    return { error: `“${name}” holds answers for several worksheets: import it on the My answers page.` };
  }
  if (data.form !== form.definition.id) {
    const other = typeof data.title === "string" ? `“${data.title}”` : "another worksheet";
    return { error: `“${name}” holds answers for ${other}, not for “${form.title}”. Open that page to import it.` };
  }
  const checked = importable(data, form.definition);
  if (checked.problem) return { error: `“${name}” ${checked.problem}.` };
  const savedAt = typeof data.exportedAt === "string" ? localDateOf(data.exportedAt) : "";
  return { ...checked, savedAt };
}

/** {field id: its question}, for text made from the answers (calendar descriptions). */
function labels(form) {
  const labels = {};
  for (const field of form.root.querySelectorAll("[data-field-root]")) {
    labels[field.dataset.fieldRoot] ??= questionOf(field);
  }
  return labels;
}
