// One tab's writes to one form's record: the merge protocol of README.md ("Who writes what, and
// when") in one place. The tab keeps the record in memory; the reader's edits queue up and are
// written together, at most once every WRITE_EVERY_MS, merged into what is stored now, and at
// once when the page is hidden or closed (flush). An edit storage refused stays queued and goes
// with the next write; an edit another tab's late copy dropped is written again.

import * as store from "./store.mjs";

/** How long a tab keeps its own edits to write again: far longer than tabs take to see a write. */
const RECENT_MS = 10_000;
/** Writes are coalesced: at most one per this many ms (the first edit after a pause goes at once). */
export const WRITE_EVERY_MS = 100;

export class FormWriter {
  /** `onWritten(result)` hears how each write went (a queued write reports when it happens). */
  constructor(definition, onWritten = () => {}) {
    this.definition = definition;
    this.onWritten = onWritten;
    this.record = store.emptyRecord(definition); // what this tab last read or wrote, its edits included
    this.raw = null; // the text of `record` as stored, so an unchanged record is never parsed again
    this.queued = new Map(); // edits not written yet (or refused by storage), by answer
    this.recent = new Map(); // edits written in the last seconds, {edit, at}
    this.originalSafe = false; // true once the reader downloaded a damaged original
    this.withRows = (all) => all;
    this.lastWrite = -Infinity;
    this.timer = null;
  }

  /**
   * Queue `edits` and write them now if nothing was written in the last WRITE_EVERY_MS, else on
   * the trailing edge. Returns the write's result when it ran now, else null.
   */
  queue(edits) {
    for (const edit of edits) this.queued.set(editKey(edit), edit);
    const wait = this.lastWrite + WRITE_EVERY_MS - performance.now();
    if (wait <= 0 && this.timer === null) return this.flush();
    this.timer ??= setTimeout(() => this.flush(), Math.max(wait, 0));
    return null;
  }

  /** Write every queued edit now (also on pagehide, hidden and blur). Null when none was queued. */
  flush() {
    clearTimeout(this.timer);
    this.timer = null;
    if (!this.queued.size) return null;
    this.lastWrite = performance.now();
    const changes = this.withRows([...this.queued.values()]);
    const at = store.stamp();
    const result = this.update((record) => store.applyEdits(record, changes, at, { inPlace: true }), {
      check: (record) => store.editsProblem(record, changes, this.definition),
    });
    if (result.ok) {
      this.queued.clear();
      for (const edit of changes) this.recent.set(editKey(edit), { edit, at });
    }
    this.onWritten(result);
    return result;
  }

  /** Write through the model (store.updateForm), keeping what was written as this tab's copy. */
  update(change, options = {}) {
    const result = store.updateForm(this.definition, change, { originalSafe: this.originalSafe, known: this, ...options });
    if (result.ok) {
      this.record = result.record;
      this.raw = result.raw;
    } else this.raw = null; // an edit may be half in memory: read storage again next time
    return result;
  }

  /**
   * Another tab wrote `record` (null: nothing is stored) as `raw`. Tabs see each other's writes
   * a moment late, so that write may lack an edit of this tab's last seconds: each such edit is
   * written again, unless something later overrides it (a newer write of that answer from any
   * tab, a removal, a Clear, Delete all). An edit stays listed for RECENT_MS even once storage
   * holds it: a still later copy may drop it again. Queued edits go too. Returns the write's result, or null.
   */
  follow(record, raw) {
    this.record = record ?? store.emptyRecord(this.definition);
    this.raw = raw ?? null;
    const now = Date.now();
    const deletedAll = store.deletedAllAt();
    for (const [key, { edit, at }] of this.recent) {
      const state = store.editState(this.record, edit, at, deletedAll);
      if (now - at > RECENT_MS || state === "overridden") this.recent.delete(key);
      else if (state === "dropped" && !this.queued.has(key)) this.queued.set(key, edit);
    }
    return this.flush();
  }

  /** True while `edit`'s answer has a change storage has not taken yet (the page keeps it as typed). */
  holds(edit) {
    return this.queued.has(editKey(edit));
  }

  /**
   * Rows for the page: the record's (store.pageRowIds), then rows this tab added that storage
   * has not taken yet (refused at a limit, or queued), so a row and its text never vanish.
   */
  pageRows() {
    const ids = store.pageRowIds(this.record, this.definition);
    for (const edit of this.queued.values()) {
      const rows = edit.group && !edit.remove ? ids[edit.group] : null;
      if (rows && !rows.includes(edit.row) && !(`${edit.group}/${edit.row}` in this.record.removed)) rows.push(edit.row);
    }
    return ids;
  }

  /** A bulk change (Clear, Import, Undo) replaced everything: no earlier edit may come back. */
  forget() {
    clearTimeout(this.timer);
    this.timer = null;
    this.queued.clear();
    this.recent.clear();
  }
}

/** Two edits with one key change the same answer: the later one replaces the earlier. */
function editKey(edit) {
  if (!edit.group) return edit.field;
  return edit.add || edit.remove ? `${edit.group}/${edit.row}` : `${edit.group}/${edit.row}/${edit.field}`;
}
