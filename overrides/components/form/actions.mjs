// The toolbar's actions, loaded the first time a reader uses one: they are not needed to show
// and save answers, so a worksheet page does not download them up front.

import { SITE } from "../storage/answers.mjs";
import { applyPlan, planImport, putBack, replacePlan } from "../storage/changes.mjs";
import * as store from "../storage/store.mjs";
import { download, pickFile, readJsonFile } from "../storage/files.mjs";
import { localDay, localTimeOf } from "../shared/dom.mjs";
import { printForms } from "./print.mjs";
import { shareCopyChosen } from "./audience.mjs";
import { questionOf } from "./fields.mjs";
import { t } from "../shared/strings.mjs";

export function run(action, form, button) {
  ACTIONS[action]?.(form, button);
}

const ACTIONS = {
  // The copy to share prints or copies only after Check before you share (share-check.mjs).
  print: (form) => shareFirst(form, "print", () => printForms("filled")),
  "print-blank": () => printForms("blank"),
  export: (form) => {
    download(`after-the-no-${form.definition.id}-${localDay()}.json`, JSON.stringify(exportData(form), null, 2));
    form.messages.status(t("form.exported"));
  },
  import: (form) => importFile(form),
  clear: (form) => {
    if (!window.confirm(t("form.clear-question", { title: form.title }))) return;
    replaceAll(form, replacePlan(form.definition), t("form.cleared"));
  },
  undo: (form) => undo(form),
  "undo-anyway": (form) => undo(form, { anyway: true }),
  "copy-text": (form) => shareFirst(form, "copy", () => copyText(form)),
  calendar: async (form) => {
    const { eventsFrom, icsText } = await import("./calendar.mjs");
    const events = eventsFrom(form.definition, form.answers, labels(form));
    if (!events.length) return form.messages.problem(t("form.no-dates"));
    download(`after-the-no-${form.definition.id}-${localDay()}.ics`, icsText(events), "text/calendar;charset=utf-8");
    form.messages.status(t("form.calendar-downloaded", { count: events.length }));
  },
  "export-original": (form) => {
    if (form.original === null) return;
    form.writer.originalSafe = true; // the reader has it now, so saving over it loses nothing
    download(`after-the-no-${form.definition.id}-original-${localDay()}.json`, form.original);
  },
};

/** Run `done` at once for the reader's own copy; for the copy to share, after the check. */
async function shareFirst(form, mode, done) {
  if (!shareCopyChosen(form.root)) return done();
  const { checkBeforeSharing } = await import("./share-check.mjs");
  checkBeforeSharing(form, mode, done);
}

async function copyText(form) {
  const { plainText, copy } = await import("./plain-text.mjs");
  const copied = await copy(plainText(form.root, form.title));
  if (copied) form.messages.status(t("form.copied"));
  else form.messages.problem(t("form.copy-refused"));
}

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
  const checked = read.error ? read : planImport(read.data, file.name, [form.definition], { only: form.definition });
  if (checked.error) return form.messages.problem(t("import.nothing-changed", { problem: checked.error }));
  const question = checked.exportedAt
    ? t("form.import-question-dated", { title: form.title, file: file.name, date: checked.exportedAt })
    : t("form.import-question", { title: form.title, file: file.name });
  if (!window.confirm(question)) return;
  const unplaced = Object.keys(checked.plan.replace[0].stale).map((id) => `“${id}”`);
  const names = `${unplaced.slice(0, 3).join(", ")}${unplaced.length > 3 ? "…" : ""}`;
  const done = unplaced.length ? t("form.imported-unplaced", { file: file.name, count: unplaced.length, names })
    : t("form.imported", { file: file.name });
  replaceAll(form, checked.plan, done);
}

/**
 * Replace every answer (Clear, Import) with `plan` (storage/changes.mjs), kept for Undo.
 * Nothing changes on the page unless storage took the change.
 */
function replaceAll(form, plan, done) {
  const change = applyPlan(plan, store.stamp(), { originalSafe: form.writer.originalSafe });
  if (change.failed) return form.messages.storageFailed(change.failed, change.detail);
  form.undo = change.undo;
  form.reread();
  form.messages.undoable(done);
}

/**
 * Undo the last Clear or Import: what it removed comes back, newer edits stay. When another tab
 * replaced the answers since, nothing changes until that is undone there, or the reader chooses
 * Undo anyway (what is here now is kept aside).
 */
function undo(form, { anyway = false } = {}) {
  if (!form.undo) return;
  const back = putBack(form.undo, { originalSafe: form.writer.originalSafe, anyway });
  if (back.superseded) {
    const time = localTimeOf(back.superseded[0].at);
    return form.messages.choice(t("form.replaced-since", { time }), [["undo", t("messages.undo")], ["undo-anyway", t("messages.undo-anyway")]]);
  }
  if (back.failed) {
    form.messages.storageFailed(back.failed, back.detail);
    return form.messages.status(t("form.not-undone"));
  }
  form.undo = null;
  if (back.nothingBack) return form.messages.show("info", t("form.deleted-since"), []);
  form.reread();
  form.messages.dismiss();
  form.messages.status(anyway ? t("form.answers-back-kept-aside") : t("form.answers-back"));
}

/** {field id: its question}, for text made from the answers (calendar descriptions). */
function labels(form) {
  const labels = {};
  for (const field of form.root.querySelectorAll("[data-field-root]")) {
    labels[field.dataset.fieldRoot] ??= questionOf(field);
  }
  return labels;
}
