// A tab's edits: stamped, applied to a record, and checked against what another tab wrote
// (the merge protocol in README.md). Pure: no storage here. store.mjs re-exports all of it.

import { LIMITS, copyOf, hasOwn, limitProblem, put } from "./answers.mjs";
import { t } from "../shared/strings.mjs";

// Stamps -----------------------------------------------------------------------------------------

let lastStamp = 0;

/** Milliseconds since 1970, strictly increasing within this tab. */
export function stamp() {
  lastStamp = Math.max(Date.now(), lastStamp + 1);
  return lastStamp;
}

/**
 * The record with a tab's edits applied, each stamped `at`:
 *   {field, value}             a top-level answer
 *   {group, row, field, value} an answer in a row (the row is created if it is missing)
 *   {group, row, add: true}    an empty row
 *   {group, row, remove: true} the row goes, and leaves a tombstone
 * An edit to a row removed elsewhere is dropped: a removal is never undone by a late edit.
 * `inPlace` changes `record` itself (a tab's own copy in memory: no deep copy per keystroke).
 */
export function applyEdits(record, edits, at, { inPlace = false } = {}) {
  const next = inPlace ? record : copyOf(record);
  for (const edit of edits) {
    if (!edit.group) {
      put(next.answers, edit.field, edit.value);
      put(next.stamps, edit.field, at);
      continue;
    }
    const rowKey = `${edit.group}/${edit.row}`;
    if (edit.remove) {
      removeRow(next, edit.group, edit.row, at);
      continue;
    }
    if (hasOwn(next.removed, rowKey)) continue;
    const index = ensureRow(next, edit.group, edit.row, at);
    if (edit.add) continue;
    put(next.answers[edit.group][index], edit.field, edit.value);
    put(next.stamps, `${rowKey}/${edit.field}`, at);
  }
  return next;
}

/** The index of `row` in `group`, adding it (stamped `at`) when it is missing. */
export function ensureRow(record, group, row, at) {
  record.rows[group] ??= [];
  record.answers[group] ??= [];
  let index = record.rows[group].indexOf(row);
  if (index < 0) {
    index = record.rows[group].push(row) - 1;
    record.answers[group][index] = {};
    put(record.stamps, `${group}/${row}`, at);
  }
  return index;
}

/** Remove `row` from `group`, with its stamps, and leave a tombstone at `at`. */
export function removeRow(record, group, row, at) {
  const index = (record.rows[group] ?? []).indexOf(row);
  if (index >= 0) {
    record.rows[group].splice(index, 1);
    record.answers[group].splice(index, 1);
  }
  for (const key of Object.keys(record.stamps)) if (key === `${group}/${row}` || key.startsWith(`${group}/${row}/`)) delete record.stamps[key];
  put(record.removed, `${group}/${row}`, at);
}

/**
 * What `record` says about a tab's `edit` made at `at`: "held" (the edit is there), "overridden"
 * (something later replaces it: a newer write of that answer, a removal, a replacement, Delete
 * all at `deletedAll`) or "dropped" (a tab that read a copy without the edit wrote over it: the
 * edit's tab must write it again).
 */
export function editState(record, edit, at, deletedAll) {
  if (deletedAll >= at || (record.clearedAt ?? 0) >= at) return "overridden";
  const rowKey = `${edit.group}/${edit.row}`;
  if (edit.group && hasOwn(record.removed, rowKey)) return edit.remove ? "held" : "overridden";
  if (edit.group && (edit.add || edit.remove)) {
    return (record.rows[edit.group] ?? []).includes(edit.row) === Boolean(edit.add) ? "held" : "dropped";
  }
  const written = record.stamps[edit.group ? `${rowKey}/${edit.field}` : edit.field] ?? 0;
  return written === at ? "held" : written > at ? "overridden" : "dropped";
}

/** True when `record` holds `edit` or something that overrides it (editState is not "dropped"). */
export function reflects(record, edit, at, deletedAll) {
  return editState(record, edit, at, deletedAll) !== "dropped";
}

/**
 * The first limit `edits` make `record` break, or "": only what the edits touched is checked
 * (an answer's length, a group's row count), so a keystroke costs the same with 10 or 500 rows.
 */
export function editsProblem(record, edits, definition) {
  for (const edit of edits) {
    if (typeof edit.value === "string" && edit.value.length > LIMITS.textLength) return limitProblem(edit.value);
    const rows = edit.group ? record.answers[edit.group] ?? [] : [];
    const max = Math.min(definition.fields[edit.group]?.max ?? LIMITS.keys, LIMITS.keys);
    if (rows.length > max) return t("answers.too-many-rows", { field: edit.group, rows: rows.length, max });
  }
  return "";
}
