// One small engine for every worksheet and checklist: restore, save on every change, rows,
// print, export and import. Definitions come from the JSON the macro embeds in each form.

import { SITE, hasContent, migrate, sortAnswers } from "./answers.mjs";
import { download, pickFile, readJsonFile, today } from "./files.mjs";
import {
  addRow, enhance, firstControl, groupElement, readRows, readValue, refresh, renumber, rowsOf, writeAnswers,
} from "./fields.mjs";
import * as store from "./store.mjs";
import { Messages } from "./messages.mjs";

const live = new Set();

/** Enhance every form on the page that is not enhanced yet (document$ replays pages). */
export function init(doc) {
  for (const form of live) if (!form.root.isConnected) live.delete(form);
  for (const root of doc.querySelectorAll("[data-worksheet], [data-checklist]")) {
    if (root.dataset.enhanced) continue;
    const form = new FormController(root);
    live.add(form);
    form.start();
  }
}

// Another tab saved: bound once for the whole visit, not once per page.
window.addEventListener("storage", (event) => {
  for (const form of live) if (form.root.isConnected && event.key === form.key) form.syncFromStorage();
});

export class FormController {
  constructor(root) {
    this.root = root;
    this.definition = JSON.parse(root.dataset.definition);
    this.key = store.formKey(this.definition.id);
    this.messages = new Messages(root);
    this.answers = {};
    this.stale = {};
    this.undo = null;
    this.savedOk = true;
    this.original = null; // saved text that needed fixing, offered for download as it was
  }

  get title() {
    return this.definition.title;
  }

  start() {
    const started = performance.now();
    enhance(this.root);
    this.restore();
    this.root.addEventListener("input", (event) => this.onEdit(event));
    this.root.addEventListener("change", (event) => this.onEdit(event));
    this.root.addEventListener("click", (event) => this.onClick(event));
    this.root.addEventListener("keydown", keepKeysInForm);
    this.root.querySelector("[data-nojs]").hidden = true;
    for (const el of this.root.querySelectorAll("[data-toolbar], [data-action]")) el.hidden = false;
    for (const group of this.root.querySelectorAll("[data-group]")) renumber(group);
    this.root.dataset.enhanced = "true";
    performance.measure("form-restore", { start: started, end: performance.now(), detail: this.definition.id });
  }

  // Restoring ---------------------------------------------------------------------------------

  restore() {
    const read = store.readRaw(this.key);
    if (!read.ok) {
      this.messages.storageFailed(read.reason);
      return this.show({});
    }
    if (read.raw === null) return this.show({});
    const loaded = this.load(read.raw);
    this.show(loaded.answers);
    if (loaded.notice) {
      this.original = read.raw;
      const keptAside = store.keepAside(this.definition.id, read.raw) !== null;
      this.messages.restoredWithProblems(loaded.notice, keptAside);
      // Save the readable part in the current version, but never over an original not kept.
      if (keptAside) this.persist();
    } else if (Object.keys(this.stale).length) {
      this.messages.staleKept(Object.keys(this.stale).length);
    }
  }

  /** Saved text -> {answers, notice}; notice is set whenever anything needed fixing. */
  load(raw) {
    const parsed = store.parseRecord(raw);
    if (parsed.error) {
      this.stale = {};
      return { answers: {}, notice: `Your saved answers could not be read: ${parsed.error}.` };
    }
    const { record } = parsed;
    const newer = record.version > this.definition.version;
    const older = record.version < this.definition.version;
    const sorted = sortAnswers(migrate(record.answers, record.version, this.definition), this.definition.fields);
    this.stale = { ...record.stale, ...sorted.stale };
    let notice = "";
    if (newer) notice = "Your answers were saved by a newer version of this site. What this page can show is below.";
    else if (sorted.problems.length) notice = `Some saved answers could not be shown: ${summarise(sorted.problems)}.`;
    else if (older) notice = "This worksheet has changed since you last saved it. Your answers were moved to the new version.";
    return { answers: sorted.answers, notice };
  }

  show(answers) {
    this.answers = answers;
    writeAnswers(this.root, this.definition.fields, answers);
  }

  /**
   * Another tab saved this form: take what is stored now, except the control being typed in.
   * Storage, not the event's copy, is read: events can arrive after this tab's own newer write.
   */
  syncFromStorage() {
    const read = store.readRaw(this.key);
    if (!read.ok) return;
    const { answers } = read.raw === null ? { answers: {} } : this.load(read.raw);
    const focused = this.root.contains(document.activeElement) ? document.activeElement : null;
    this.answers = answers;
    writeAnswers(this.root, this.definition.fields, answers, focused);
    this.messages.status("Updated with changes from another tab");
  }

  // Editing and saving -------------------------------------------------------------------------

  onEdit(event) {
    const control = event.target.closest("[data-field]");
    if (!control || !this.root.contains(control)) return;
    refresh(control);
    const group = control.closest("[data-group]");
    const id = group ? group.dataset.group : control.dataset.field;
    this.save({ [id]: this.readField(id) });
  }

  readField(id) {
    const kind = this.definition.fields[id];
    return kind.type === "group" ? readRows(groupElement(this.root, id), kind) : readValue(this.root, id);
  }

  /** Merge by field with what is stored now, so an edit saved by another tab is not undone. */
  save(changes) {
    // After a failed write, memory is newer than storage and must not be merged back over.
    const stored = this.savedOk ? store.readRaw(this.key) : { ok: false };
    const latest = stored.ok && stored.raw ? this.storedAnswers(stored.raw) : {};
    this.answers = { ...this.answers, ...latest, ...changes };
    this.persist();
  }

  storedAnswers(raw) {
    const parsed = store.parseRecord(raw);
    return parsed.record?.version === this.definition.version
      ? sortAnswers(parsed.record.answers, this.definition.fields).answers : {};
  }

  persist() {
    const record = store.makeRecord(this.definition, this.answers, this.stale);
    const result = store.writeRaw(this.key, JSON.stringify(record));
    this.savedOk = result.ok;
    if (result.ok) this.messages.saved(new Date());
    else this.messages.storageFailed(result.reason);
    return result.ok;
  }

  /** Replace every answer at once (clear, import, undo), keeping the previous ones for undo. */
  replaceAll(answers, stale, undoLabel) {
    this.undo = { answers: this.answers, stale: this.stale, label: undoLabel };
    this.stale = stale;
    this.show(answers);
    if (hasContent(answers) || Object.keys(stale).length) this.persist();
    else if (store.remove(this.key)) this.messages.status("Answers cleared from this browser");
  }

  // Actions --------------------------------------------------------------------------------------

  onClick(event) {
    const button = event.target.closest("button[data-action]");
    if (!button || !this.root.contains(button)) return;
    const action = ACTIONS[button.dataset.action];
    if (action) action(this, button);
  }

  exportData() {
    const data = {
      site: SITE, form: this.definition.id, kind: this.definition.kind, title: this.title,
      version: this.definition.version, exportedAt: new Date().toISOString(), answers: this.answers,
    };
    if (Object.keys(this.stale).length) data.stale = this.stale;
    return data;
  }

  async importFile() {
    const file = await pickFile(this.root.querySelector("[data-import-file]"));
    if (!file) return;
    const read = await readJsonFile(file);
    const checked = read.error ? { error: read.error } : this.checkImport(read.data, file.name);
    if (checked.error) return this.messages.problem(`${checked.error} Nothing was changed.`);
    const question = `Replace your answers on “${this.title}” with the ones in “${file.name}”`
      + `${checked.savedAt ? ` (exported ${checked.savedAt})` : ""}? You can undo this until you leave the page.`;
    if (!window.confirm(question)) return;
    this.replaceAll(checked.answers, checked.stale, "Answers imported");
    this.messages.undoable(`Answers imported from “${file.name}”.`);
  }

  /** {answers, stale, savedAt} from an exported file, or {error} saying what is wrong with it. */
  checkImport(data, name) {
    const notOurs = `“${name}” is not an answers file exported from this site.`;
    if (!data || typeof data !== "object" || Array.isArray(data) || data.site !== SITE) return { error: notOurs };
    if (Array.isArray(data.forms)) {
      return { error: `“${name}” holds answers for several worksheets: import it on the My answers page.` };
    }
    if (data.form !== this.definition.id) {
      const other = typeof data.title === "string" ? `“${data.title}”` : "another worksheet";
      return { error: `“${name}” holds answers for ${other}, not for “${this.title}”. Open that page to import it.` };
    }
    const version = Number.isInteger(data.version) ? data.version : 1;
    if (version > this.definition.version) {
      return { error: `“${name}” was made by a newer version of this site than this page.` };
    }
    const sorted = sortAnswers(migrate(data.answers, version, this.definition), this.definition.fields);
    if (sorted.problems.length) return { error: `“${name}” has answers this page cannot use: ${summarise(sorted.problems)}.` };
    const stale = { ...(data.stale && typeof data.stale === "object" ? data.stale : {}), ...sorted.stale };
    const savedAt = typeof data.exportedAt === "string" ? data.exportedAt.slice(0, 10) : "";
    return { answers: sorted.answers, stale, savedAt };
  }

  /** {field id: its question}, for text made from the answers (calendar descriptions). */
  labels() {
    const labels = {};
    for (const field of this.root.querySelectorAll("[data-field-root]")) {
      labels[field.dataset.fieldRoot] ??= field.querySelector(":scope > .atn-label").textContent.trim();
    }
    return labels;
  }

  print(mode) {
    const html = document.documentElement;
    html.dataset.atnPrint = mode;
    window.addEventListener("afterprint", () => delete html.dataset.atnPrint, { once: true });
    window.print();
  }
}

const ACTIONS = {
  print: (form) => form.print("filled"),
  "print-blank": (form) => form.print("blank"),
  export: (form) => {
    download(`after-the-no-${form.definition.id}-${today()}.json`, JSON.stringify(form.exportData(), null, 2));
    form.messages.status("Answers exported: check your downloads");
  },
  import: (form) => form.importFile(),
  clear: (form) => {
    if (!window.confirm(`Clear all your answers on “${form.title}”? You can undo this until you leave the page.`)) return;
    form.replaceAll({}, {}, "Answers cleared");
    form.messages.undoable("Your answers were cleared.");
  },
  undo: (form) => {
    if (!form.undo) return;
    const { answers, stale } = form.undo;
    form.undo = null;
    form.stale = stale;
    form.show(answers);
    form.persist();
    form.messages.dismiss();
    form.messages.status("Your answers are back");
  },
  "add-row": (form, button) => {
    const group = button.closest("[data-group]");
    const row = addRow(group);
    form.save({ [group.dataset.group]: form.readField(group.dataset.group) });
    firstControl(row)?.focus();
    form.messages.status(`${row.querySelector("[data-row-name]").textContent} added`);
  },
  "remove-row": (form, button) => {
    const group = button.closest("[data-group]");
    const row = button.closest("[data-row]");
    const name = row.querySelector("[data-row-name]").textContent;
    const index = rowsOf(group).indexOf(row);
    row.remove();
    renumber(group);
    form.save({ [group.dataset.group]: form.readField(group.dataset.group) });
    const next = rowsOf(group)[Math.min(index, rowsOf(group).length - 1)];
    (next ? firstControl(next) : group.querySelector('[data-action="add-row"]'))?.focus();
    form.messages.status(`${name} removed`);
  },
  "copy-text": async (form) => {
    const { plainText, copy } = await import("./plain-text.mjs");
    const copied = await copy(plainText(form.root, form.title));
    if (copied) form.messages.status("Copied as text: paste it into an e-mail or a meeting agenda");
    else form.messages.problem("Your browser did not allow copying. Use Export answers or Print instead.");
  },
  calendar: async (form) => {
    const { eventsFrom, icsText } = await import("./calendar.mjs");
    const events = eventsFrom(form.definition, form.answers, form.labels());
    if (!events.length) return form.messages.problem("There are no dates to add yet: fill in a check-in or target date first.");
    download(`after-the-no-${form.definition.id}-${today()}.ics`, icsText(events), "text/calendar;charset=utf-8");
    const count = events.length === 1 ? "1 date" : `${events.length} dates`;
    form.messages.status(`Calendar file with ${count} downloaded: open it to add them to your calendar`);
  },
  "export-original": (form) => {
    if (form.original !== null) download(`after-the-no-${form.definition.id}-original-${today()}.json`, form.original);
  },
};

/**
 * Material turns letter keys into page shortcuts ("p" and "n" change page) unless a text box
 * has focus. On a radio, checkbox or button in a form, a key belongs to the form.
 */
function keepKeysInForm(event) {
  if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) event.stopPropagation();
}

function summarise(problems) {
  const shown = problems.slice(0, 3).join("; ");
  return problems.length > 3 ? `${shown}; and ${problems.length - 3} more` : shown;
}
