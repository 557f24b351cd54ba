// One tab's writes to one form's record: the merge protocol of README.md ("Who writes what, and
// when") in one place. A tab writes only what its reader changed, as edits merged into what is
// stored now; an edit storage refused stays pending and goes again with the next one; an edit
// another tab's late copy dropped is written again.

import * as store from "./store.mjs";

/** How long a tab keeps its own edits to write again: far longer than tabs take to see a write. */
const RECENT_MS = 10_000;

export class FormWriter {
  constructor(definition) {
    this.definition = definition;
    this.record = store.emptyRecord(definition); // what this tab last read or wrote
    this.pending = new Map(); // edits storage refused: sent again with the next save
    this.recent = new Map(); // edits written in the last seconds, {edit, at}
    this.originalSafe = false; // true once the reader downloaded a damaged original
  }

  /**
   * Write `edits` and every pending edit, merged into what is stored now. `withRows(edits)` adds
   * the edits that keep the page's rows in place. {ok: true, record} or {ok: false, reason}.
   */
  save(edits, withRows = (all) => all) {
    for (const edit of edits) this.pending.set(editKey(edit), edit);
    const changes = withRows([...this.pending.values()]);
    const at = store.stamp();
    const result = this.update((record) => store.applyEdits(record, changes, at));
    if (!result.ok) return result;
    this.pending.clear();
    for (const edit of changes) this.recent.set(editKey(edit), { edit, at });
    return result;
  }

  /** Write through the model (store.updateForm), keeping what was written as this tab's copy. */
  update(change) {
    const result = store.updateForm(this.definition, change, { originalSafe: this.originalSafe });
    if (result.ok) this.record = result.record;
    return result;
  }

  /**
   * Another tab wrote `record` (null: nothing is stored). Tabs see each other's writes a moment
   * late, so that write may lack an edit of this tab's last seconds: those edits (unless a later
   * clear, removal or Delete all overrides them) are written again. Returns the save's result,
   * or null when nothing was dropped.
   */
  follow(record, withRows) {
    this.record = record ?? store.emptyRecord(this.definition);
    const now = Date.now();
    const deletedAll = store.deletedAllAt();
    const dropped = [];
    for (const [key, { edit, at }] of this.recent) {
      if (now - at > RECENT_MS || store.reflects(this.record, edit, at, deletedAll)) this.recent.delete(key);
      else dropped.push(edit);
    }
    return dropped.length ? this.save(dropped, withRows) : null;
  }

  /** True while storage has refused `edit` (the page keeps it as typed). */
  holds(edit) {
    return this.pending.has(editKey(edit));
  }

  /** A bulk change (Clear, Import, Undo) replaced everything: no earlier edit may come back. */
  forget() {
    this.pending.clear();
    this.recent.clear();
  }
}

/** Two edits with one key change the same answer: the later one replaces the earlier. */
function editKey(edit) {
  if (!edit.group) return edit.field;
  return edit.add || edit.remove ? `${edit.group}/${edit.row}` : `${edit.group}/${edit.row}/${edit.field}`;
}
