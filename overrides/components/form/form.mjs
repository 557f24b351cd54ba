// One small engine for every worksheet and checklist: restore, save every change, rows, and
// answers changed in other tabs. This module is the page's side; how answers move between the
// page, storage, other tabs, undo and files is the storage engine's (../storage/README.md):
// FormWriter merges this tab's edits, changes.mjs does Clear, Import and Undo. The toolbar's
// actions (print, export, import, clear, undo...) live in actions.mjs, loaded on first use.

import { sortAnswers } from "../storage/answers.mjs";
import { addRow, dateProblem, editOf, enhance, firstControl, focusPlace, groupElement, readAnswers, refresh, renumber, restoreFocus, rowsOf, writeAnswers } from "./fields.mjs";
import * as store from "../storage/store.mjs";
import { FormWriter } from "../storage/writer.mjs";
import { Messages } from "../shared/messages.mjs";
// Binds the browser's own print (Ctrl+P) once per visit: the filled or the blank copy.
import { readPaperName } from "./print.mjs";
import { startCopyChoice } from "./copy-choice.mjs";
import { keptInStep, startRoots } from "../shared/start.mjs";
import { t } from "../shared/strings.mjs";

// Every pageshow, from the back-forward cache (persisted) or not: the form, not the browser,
// decides what the page shows. Back without the cache restores old control values after the
// form ran; from the cache, storage may be newer. Show what is stored before the reader types.
// Another tab wrote: a null key is clear().
const live = keptInStep((form, event) => {
  if (event.type === "pageshow") form.sync({ quiet: !event.persisted, shown: true });
  else if (form.watches(event.key)) form.sync();
}, { everyShow: true, storage: true });

/** Start one form root (startRoots calls this once per root, see shared/start.mjs). */
export function init(root) {
  for (const form of live) if (!form.root.isConnected) live.delete(form);
  const form = new FormController(root);
  live.add(form);
  form.start();
}

// Writes are coalesced (storage/writer.mjs); whatever is queued goes before the page can close.
const flushAll = () => { for (const form of live) form.writer.flush(); };
window.addEventListener("pagehide", flushAll);
window.addEventListener("blur", flushAll);
document.addEventListener("visibilitychange", () => { if (document.visibilityState === "hidden") flushAll(); });

class FormController {
  constructor(root) {
    this.root = root;
    this.definition = JSON.parse(root.dataset.definition);
    this.key = store.formKey(this.definition.id);
    this.messages = new Messages(root);
    this.writer = new FormWriter(this.definition, (result) => this.reported(result));
    this.writer.withRows = (edits) => this.withPageRows(edits);
    this.undo = null; // what the last Clear or Import changed (storage/changes.mjs)
    this.original = null; // saved text that needed fixing, offered for download as it was
  }

  get title() {
    return this.definition.title;
  }

  /** What this tab last read or wrote. */
  get record() {
    return this.writer.record;
  }

  /** The answers as the page shows them now (what Export, the calendar and Copy use). */
  get answers() {
    return readAnswers(this.root, this.definition.fields);
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
    startCopyChoice(this.root);
    if (!store.canSave()) {
      // Said plainly rather than "saves as you type" over a page that cannot keep anything.
      this.messages.storageFailed("unsupported");
      live.delete(this); // nothing to follow from other tabs either
      this.root.dataset.enhanced = "true";
      return;
    }
    this.restore();
    this.root.addEventListener("input", (event) => this.onEdit(event));
    this.root.addEventListener("change", (event) => this.onEdit(event));
    this.root.addEventListener("click", (event) => this.onClick(event));
    this.root.addEventListener("keydown", keepKeysInForm);
    this.root.addEventListener("focusout", (event) => this.onLeave(event));
    for (const group of this.root.querySelectorAll("[data-group]")) renumber(group);
    this.startPaperName();
    // The readiness contract tests wait on: set only once the saved answers are on the page.
    this.root.dataset.enhanced = "true";
    performance.measure("form-restore", { start: started, end: performance.now(), detail: this.definition.id });
  }

  /**
   * The name and role printed on filled copies: shown as saved, and saved through the store
   * like every answer, so storage refusing them is said, never hidden.
   */
  startPaperName() {
    const inputs = this.root.querySelectorAll("[data-paper-name]");
    const saved = readPaperName();
    for (const input of inputs) input.value = saved[input.dataset.paperName] ?? "";
    this.root.addEventListener("input", (event) => {
      if (!event.target.matches?.("[data-paper-name]")) return;
      const next = { ...readPaperName(), [event.target.dataset.paperName]: event.target.value };
      const written = store.writeSetting(store.PAPER_NAME, JSON.stringify(next));
      if (written.ok) this.messages.saved(new Date());
      else this.messages.storageFailed(written.reason);
    });
  }

  // Restoring and syncing -----------------------------------------------------------------------

  restore() {
    const read = store.readForm(this.definition);
    if (!read.ok) this.messages.storageFailed(read.reason);
    if (!read.ok || !read.record) return this.show(this.record);
    this.writer.record = read.record;
    this.writer.raw = read.notice ? null : read.raw;
    this.show(read.record);
    if (read.notice) {
      this.original = read.raw;
      const keptAside = store.keepAside(this.definition.id, read.raw) !== null;
      this.messages.restoredWithProblems(read.notice, keptAside);
      // Save the readable part in the current version, but never over an original not kept.
      if (keptAside) this.reported(this.writer.update((record) => record));
      else this.messages.storageFailed("unkept");
    } else if (Object.keys(read.record.stale).length) {
      this.messages.staleKept(Object.keys(read.record.stale).length);
    }
  }

  show(record, keep = () => false) {
    writeAnswers(this.root, this.definition.fields, record.answers, this.writer.pageRows(), keep);
    answersChanged(this.root);
  }

  /**
   * Another tab wrote (or the page was shown again): show what is stored now, merged with this
   * tab's own edits (FormWriter.follow). The control under the caret is never changed while it
   * has focus, nor one holding an edit not written yet; the stored answer reaches it on blur
   * (onLeave). A row removed there goes here too, and focus moves to the nearest row.
   * `shown`: the page was just shown (pageshow): the focused control is not being typed in.
   */
  sync({ quiet = false, shown = false } = {}) {
    const read = store.readForm(this.definition);
    if (!read.ok) return;
    const focus = focusPlace(this.root);
    this.writer.follow(read.record, read.notice ? null : read.raw);
    // A page shown again has no reader typing yet: only edits not written yet stay as they are.
    this.show(this.record, (control) => (shown ? this.writer.holds(this.editFor(control)) : this.keeps(control)));
    const removed = restoreFocus(focus);
    if (!quiet || removed) this.messages.status(removed ? t("form.row-removed-elsewhere", { row: removed }) : t("form.synced"));
  }

  /** True when a control keeps what it shows: it has focus, or holds an edit not written yet. */
  keeps(control) {
    return control === document.activeElement || this.writer.holds(this.editFor(control));
  }

  /** Leaving a field: write what is queued, then show the answer now stored (another tab's newer one). */
  onLeave(event) {
    const control = event.target.closest?.("[data-field]");
    if (!control || !this.root.contains(control)) return;
    this.writer.flush();
    if (control.type === "date" && dateProblem(control)) return;
    const scope = control.closest("[data-row]") ?? this.root;
    const edit = this.editFor(control);
    const stored = edit.group ? this.record.answers[edit.group]?.[this.record.rows[edit.group]?.indexOf(edit.row)] : this.record.answers;
    if (!stored || this.writer.holds(edit)) return;
    writeAnswers(scope, { [edit.field]: { type: "answer" } }, stored, {}, (other) => other !== control);
  }

  // Editing and saving -------------------------------------------------------------------------

  onEdit(event) {
    const control = event.target.closest("[data-field]");
    if (!control || !this.root.contains(control)) return;
    // A text box's "change" on blur repeats what "input" saved; sent again it would put this
    // tab's older text over another tab's newer answer, which the blur is about to show.
    if (event.type === "change" && control.type !== "radio" && control.type !== "checkbox") return;
    refresh(control);
    if (control.type === "date" && !this.dateAccepted(control)) return;
    this.save([this.editFor(control)]);
  }

  /** A date the record can hold is saved; anything else is refused here, with a message. */
  dateAccepted(control) {
    const problem = dateProblem(control);
    if (problem) {
      this.writer.flush(); // the last good answer goes now, before the reader is told this one can't
      control.setAttribute("aria-invalid", "true");
      this.messages.notSaved(problem);
      return false;
    }
    if (control.getAttribute("aria-invalid")) {
      control.removeAttribute("aria-invalid");
      this.messages.dismiss();
    }
    return true;
  }

  editFor(control) {
    return editOf(this.root, control);
  }

  /** Queue this tab's changes, and only them, to be merged into what is stored (FormWriter). */
  save(edits) {
    return this.writer.queue(edits);
  }

  /** Tell the reader how a write went (null: nothing was written); true when it was saved. */
  reported(result) {
    if (!result) return false;
    if (result.ok) this.messages.saved(new Date());
    else this.messages.storageFailed(result.reason, result.detail);
    return result.ok;
  }

  /**
   * Before an edit in a group, every row the page shows in that group, in page order: the empty
   * rows a group starts with are saved too, so the order on the page is the order saved.
   * (A row already saved is left alone; one removed elsewhere stays removed.)
   */
  withPageRows(edits) {
    const groups = new Set(edits.filter((edit) => edit.group).map((edit) => edit.group));
    // Only rows the record lacks: a row already saved needs no edit (500 rows cost nothing per key).
    const rows = [...groups].flatMap((group) => {
      const saved = new Set(this.record.rows[group] ?? []);
      return rowsOf(groupElement(this.root, group)).filter((row) => !saved.has(row.dataset.rowId))
        .map((row) => ({ group, row: row.dataset.rowId, add: true }));
    });
    return [...rows, ...edits];
  }

  /** After a change in bulk: show what is stored now; no earlier edit may be written again. */
  reread() {
    const read = store.readForm(this.definition);
    this.writer.forget();
    this.writer.record = (read.ok && read.record) || store.emptyRecord(this.definition);
    this.writer.raw = read.ok && !read.notice ? read.raw ?? null : null;
    this.show(this.record);
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

/** Parts drawn from the answers (a gap chart, a reading order) redraw on "atn:answers": the
 * answers on the page changed other than by the reader's input (restore, another tab, Clear,
 * Import, Undo, a removed row). Dispatched in the same task, so a redraw never lags a restore. */
function answersChanged(root) {
  root.dispatchEvent(new Event("atn:answers"));
}

// Rows change on every visit, so they stay here; every other action loads on first use.
const ROW_ACTIONS = {
  "add-row": (form, button) => {
    const group = button.closest("[data-group]");
    if (button.disabled) return;
    const row = addRow(group);
    row.dataset.rowId = store.newRowId();
    form.save([{ group: group.dataset.group, row: row.dataset.rowId, add: true }]);
    firstControl(row)?.focus();
    form.messages.status(t("form.row-added", { row: row.querySelector("[data-row-name]").textContent }));
  },
  "remove-row": (form, button) => {
    const group = button.closest("[data-group]");
    const row = button.closest("[data-row]");
    const name = row.querySelector("[data-row-name]").textContent;
    const index = rowsOf(group).indexOf(row);
    row.remove();
    renumber(group);
    answersChanged(form.root);
    form.save([{ group: group.dataset.group, row: row.dataset.rowId, remove: true }]);
    const next = rowsOf(group)[Math.min(index, rowsOf(group).length - 1)];
    (next ? firstControl(next) : group.querySelector('[data-action="add-row"]'))?.focus();
    form.messages.status(t("form.row-removed", { row: name }));
  },
};

/**
 * Material turns letter keys into page shortcuts ("p" and "n" change page) unless a text box
 * has focus. On a radio, checkbox or button in a form, a key belongs to the form.
 */
function keepKeysInForm(event) {
  if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) event.stopPropagation();
}

// The page's <head> loads this module (macros/render.py): start now, before Material's bundle runs.
startRoots("form", init);
