// One small engine for every worksheet and checklist: restore, save every change, rows, and
// answers changed in other tabs. How answers move between the page, storage, other tabs, undo
// and files is written down in README.md beside this file; store.mjs holds that model. The
// toolbar's actions (print, export, import, clear...) live in actions.mjs, loaded on first use.

import { DATE_PATTERN, sortAnswers } from "./answers.mjs";
import { addRow, enhance, firstControl, groupElement, readRows, readValue, refresh, renumber, rowsOf, writeAnswers } from "./fields.mjs";
import * as store from "./store.mjs";
import { Messages } from "./messages.mjs";
// Binds the browser's own print (Ctrl+P) once per visit: the filled or the blank copy.
import { startPaperName } from "./print.mjs";
import { startRoots } from "../../assets/loader.mjs";

const live = new Set();
/** How long a tab keeps its own edits to write again: far longer than tabs take to see a write. */
const RECENT_MS = 10_000;

/** Start one form root (startRoots calls this once per root, see assets/loader.mjs). */
export function init(root) {
  for (const form of live) if (!form.root.isConnected) live.delete(form);
  const form = new FormController(root);
  live.add(form);
  form.start();
}

// Another tab wrote: bound once for the whole visit, not once per page. A null key is clear().
window.addEventListener("storage", (event) => {
  for (const form of live) if (form.root.isConnected && form.watches(event.key)) form.sync();
});

class FormController {
  constructor(root) {
    this.root = root;
    this.definition = JSON.parse(root.dataset.definition);
    this.key = store.formKey(this.definition.id);
    this.messages = new Messages(root);
    this.record = store.emptyRecord(this.definition); // what this tab last read or wrote
    this.pending = new Map(); // edits storage refused: sent again with the next save, kept on sync
    this.recent = new Map(); // edits written in the last seconds, {edit, at}: written again if another tab's write drops them
    this.undo = null; // {snapshot, at}: the record before a Clear or an Import
    this.original = null; // saved text that needed fixing, offered for download as it was
    this.originalSafe = false; // true once the reader downloaded that original
  }

  get title() {
    return this.definition.title;
  }

  /** The answers as the page shows them now (what Export, the calendar and Copy use). */
  get answers() {
    const answers = {};
    for (const id of Object.keys(this.definition.fields)) answers[id] = this.readField(id);
    return answers;
  }

  /**
   * What Export writes: the page's answers, checked like any import. An answer the form would
   * refuse (a date still being fixed) goes with the earlier answers kept, so the file always imports.
   */
  exportable() {
    const sorted = sortAnswers(this.answers, this.definition.fields);
    return { answers: sorted.answers, stale: { ...this.record.stale, ...sorted.stale } };
  }

  watches(key) {
    return key === null || key === this.key || key === store.DELETED_ALL_KEY;
  }

  start() {
    const started = performance.now();
    enhance(this.root);
    this.restore();
    this.root.addEventListener("input", (event) => this.onEdit(event));
    this.root.addEventListener("change", (event) => this.onEdit(event));
    this.root.addEventListener("click", (event) => this.onClick(event));
    this.root.addEventListener("keydown", keepKeysInForm);
    for (const group of this.root.querySelectorAll("[data-group]")) renumber(group);
    startPaperName(this.root);
    // The readiness contract tests wait on: set only once the saved answers are on the page.
    this.root.dataset.enhanced = "true";
    performance.measure("form-restore", { start: started, end: performance.now(), detail: this.definition.id });
  }

  // Restoring and syncing -----------------------------------------------------------------------

  restore() {
    store.adoptLegacyKeys();
    const read = store.readForm(this.definition);
    if (!read.ok) {
      this.messages.storageFailed(read.reason);
      return this.show(this.record);
    }
    if (!read.record) return this.show(this.record);
    this.record = read.record;
    this.show(read.record);
    if (read.notice) {
      this.original = read.raw;
      const keptAside = store.keepAside(this.definition.id, read.raw) !== null;
      this.messages.restoredWithProblems(read.notice, keptAside);
      // Save the readable part in the current version, but never over an original not kept.
      if (keptAside) this.save([]);
      else this.messages.storageFailed("unkept");
    } else if (Object.keys(read.record.stale).length) {
      this.messages.staleKept(Object.keys(read.record.stale).length);
    }
  }

  show(record, keep = () => false) {
    writeAnswers(this.root, this.definition.fields, record.answers, store.pageRowIds(record, this.definition), keep);
  }

  /**
   * Another tab wrote: show what is stored now, the control under the caret included (its caret
   * stays put), except edits this tab could not save yet. A row removed there goes here too,
   * and focus moves to the nearest row rather than falling to the page.
   */
  sync() {
    const read = store.readForm(this.definition);
    if (!read.ok) return;
    const focus = this.focusPlace();
    this.record = read.record ?? store.emptyRecord(this.definition);
    this.writeDroppedEdits();
    this.show(this.record, (control) => this.pending.has(editKey(this.editFor(control))));
    this.keepFocus(focus);
  }

  /**
   * Tabs see each other's writes a moment late, so a tab may write over a copy that lacks this
   * tab's latest edit. Each tab keeps its edits of the last seconds and writes again any that
   * the stored record dropped (and that no later clear, removal or Delete all overrides).
   */
  writeDroppedEdits() {
    const now = Date.now();
    const deletedAll = store.deletedAllAt();
    const dropped = [];
    for (const [key, { edit, at }] of this.recent) {
      if (now - at > RECENT_MS || store.reflects(this.record, edit, at, deletedAll)) this.recent.delete(key);
      else dropped.push(edit);
    }
    if (dropped.length) this.save(dropped);
  }

  focusPlace() {
    const active = document.activeElement;
    const row = active?.closest?.("[data-row]");
    if (!row || !this.root.contains(row)) return null;
    const group = row.closest("[data-group]");
    return { active, group, index: rowsOf(group).indexOf(row), field: active.dataset.field, name: row.querySelector("[data-row-name]").textContent };
  }

  keepFocus(focus) {
    if (!focus) {
      this.messages.status("Updated with changes from another tab");
      return;
    }
    if (focus.active.isConnected) return this.messages.status("Updated with changes from another tab");
    const rows = rowsOf(focus.group);
    const row = rows[Math.min(focus.index, rows.length - 1)];
    const target = row ? (row.querySelector(`[data-field="${CSS.escape(focus.field ?? "")}"]`) ?? firstControl(row))
      : focus.group.querySelector('[data-action="add-row"]');
    target?.focus();
    this.messages.status(`${focus.name} was removed in another tab`);
  }

  // Editing and saving -------------------------------------------------------------------------

  onEdit(event) {
    const control = event.target.closest("[data-field]");
    if (!control || !this.root.contains(control)) return;
    refresh(control);
    if (control.type === "date" && !this.dateAccepted(control)) return;
    this.save([this.editFor(control)]);
  }

  /** A date the record can hold: a four-digit year. Anything else is refused here, never saved. */
  dateAccepted(control) {
    if (control.value === "" || DATE_PATTERN.test(control.value)) {
      if (control.getAttribute("aria-invalid")) {
        control.removeAttribute("aria-invalid");
        this.messages.dismiss();
      }
      return true;
    }
    control.setAttribute("aria-invalid", "true");
    const label = control.closest("[data-field-root]")?.querySelector(".atn-label")?.textContent.trim() ?? "This date";
    this.messages.notSaved(`“${label}”: the year has more than four digits. Enter a year like ${new Date().getFullYear() + 1}. `
      + "This date is not saved until it is fixed.");
    return false;
  }

  /** The edit a control's current value makes: a top-level answer or one answer in a row. */
  editFor(control) {
    const field = control.dataset.field;
    const row = control.closest("[data-row]");
    if (!row || !this.root.contains(row)) return { field, value: readValue(this.root, field) };
    const group = row.closest("[data-group]").dataset.group;
    return { group, row: row.dataset.rowId, field, value: readValue(row, field) };
  }

  readField(id) {
    const kind = this.definition.fields[id];
    return kind.type === "group" ? readRows(groupElement(this.root, id), kind) : readValue(this.root, id);
  }

  /**
   * Write this tab's changes, and only them, merged into what is stored now (store.updateForm).
   * An edit storage refuses stays pending and goes again with the next one.
   */
  save(edits) {
    for (const edit of edits) this.pending.set(editKey(edit), edit);
    const changes = this.withPageRows([...this.pending.values()]);
    const at = store.stamp();
    const result = this.update((record) => store.applyEdits(record, changes, at));
    if (!result) return false;
    this.pending.clear();
    for (const edit of changes) this.recent.set(editKey(edit), { edit, at });
    this.record = result.record;
    this.messages.saved(new Date());
    return true;
  }

  /** Write through the model (store.updateForm); {record, before}, or null once the reader is told why not. */
  update(change) {
    const result = store.updateForm(this.definition, change, { originalSafe: this.originalSafe });
    if (result.ok) return result;
    this.messages.storageFailed(result.reason);
    return null;
  }

  /**
   * Before an edit in a group, every row the page shows in that group, in page order: the empty
   * rows a group starts with are saved too, so the order on the page is the order saved.
   * (A row already saved is left alone; one removed elsewhere stays removed.)
   */
  withPageRows(edits) {
    const groups = new Set(edits.filter((edit) => edit.group).map((edit) => edit.group));
    const rows = [...groups].flatMap((group) => rowsOf(groupElement(this.root, group))
      .map((row) => ({ group, row: row.dataset.rowId, add: true })));
    return [...rows, ...edits];
  }

  /**
   * Replace every answer (Clear, Import) through the model; the record before it is kept for
   * Undo. Nothing changes on the page unless storage took the change.
   */
  replaceAll(next, done) {
    const at = store.stamp();
    const result = this.update((record) => store.replaceAnswers(record, next, at));
    if (!result) return false;
    this.pending.clear();
    this.recent.clear();
    this.undo = { snapshot: result.before, at };
    this.record = result.record;
    this.show(result.record);
    this.messages.undoable(done);
    return true;
  }

  /** Undo the last Clear or Import: what it removed comes back, newer edits stay. */
  undoReplace() {
    if (!this.undo) return;
    const { snapshot, at } = this.undo;
    if (store.deletedAllAt() > at) {
      this.undo = null;
      this.messages.show("info", "All answers were deleted on the My answers page after that, so there is nothing to bring back.", []);
      return;
    }
    const result = this.update((record) => store.undoReplace(record, snapshot, at, store.stamp()));
    if (!result) return this.messages.status("Not undone: see the message above");
    this.undo = null;
    this.record = result.record;
    this.show(result.record);
    this.messages.dismiss();
    this.messages.status("Your answers are back");
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

/** Two edits with one key change the same answer: the later one replaces the earlier. */
function editKey(edit) {
  if (!edit.group) return edit.field;
  return edit.add || edit.remove ? `${edit.group}/${edit.row}` : `${edit.group}/${edit.row}/${edit.field}`;
}

// Rows change on every visit, so they stay here; every other action loads on first use.
const ROW_ACTIONS = {
  "add-row": (form, button) => {
    const group = button.closest("[data-group]");
    const row = addRow(group);
    row.dataset.rowId = store.newRowId();
    form.save([{ group: group.dataset.group, row: row.dataset.rowId, add: true }]);
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
    form.save([{ group: group.dataset.group, row: row.dataset.rowId, remove: true }]);
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

// The root itself loads this module (see loader.mjs): start now, before Material's bundle runs.
startRoots("form", init);
