// One small engine for every worksheet and checklist: restore, save on every change, rows.
// The toolbar's actions (print, export, import, clear...) live in actions.mjs, loaded on first
// use. Definitions come from the JSON the macro embeds in each form.

import { hasContent, migrate, sortAnswers, summarise } from "./answers.mjs";
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
  replaceAll(answers, stale) {
    this.undo = { answers: this.answers, stale: this.stale };
    this.stale = stale;
    this.show(answers);
    if (hasContent(answers) || Object.keys(stale).length) this.persist();
    else if (store.remove(this.key)) this.messages.status("Answers cleared from this browser");
  }

  // Actions --------------------------------------------------------------------------------------

  onClick(event) {
    const button = event.target.closest("button[data-action]");
    if (!button || !this.root.contains(button)) return;
    const action = button.dataset.action;
    if (ROW_ACTIONS[action]) ROW_ACTIONS[action](this, button);
    else import("./actions.mjs").then((actions) => actions.run(action, this, button));
  }
}

// Rows change on every visit, so they stay here; every other action loads on first use.
const ROW_ACTIONS = {
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
};

/**
 * Material turns letter keys into page shortcuts ("p" and "n" change page) unless a text box
 * has focus. On a radio, checkbox or button in a form, a key belongs to the form.
 */
function keepKeysInForm(event) {
  if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) event.stopPropagation();
}

