// The storage model (see README.md beside this file): the one read and the one write of a form,
// with everything they stand on re-exported, so every component imports this module alone:
// keys.mjs (where things are kept), record.mjs (the checked record), edits.mjs (a tab's edits).

import { checkRecord, emptyRecord, holdsAnswers, prune, recordProblem, rowsProblem } from "./record.mjs";
import * as keys from "./keys.mjs";
import { formKey, keepAside, readRaw, remove, writeRaw } from "./keys.mjs";
import { migrateOnce } from "./migrate.mjs";

export * from "./keys.mjs";
export * from "./record.mjs";
export * from "./edits.mjs";

// Reading: what older releases saved is carried over first (once a page, migrate.mjs), so no
// component reads before it. These two shadow keys.mjs's own, re-exported above.

/** The saved text of setting `name`, or null (keys.mjs), after the carry-over. */
export function readSetting(name) {
  migrateOnce();
  return keys.readSetting(name);
}

/** Every form record and original kept aside of this copy (keys.mjs), after the carry-over. */
export function savedEntries() {
  migrateOnce();
  return keys.savedEntries();
}

// Reading and writing a form ------------------------------------------------------------------

/**
 * {ok: false, reason} when storage is unreadable; {ok: true, record: null} when nothing is saved;
 * otherwise {ok: true, raw, record, notice} through checkRecord.
 */
export function readForm(definition, read = null) {
  migrateOnce();
  read ??= readRaw(formKey(definition.id));
  if (!read.ok) return read;
  if (read.raw === null) return { ok: true, record: null };
  return { ok: true, raw: read.raw, ...checkRecord(read.raw, definition) };
}

/**
 * The one way to write a form: read what is stored now, let `change` make the next record from
 * it, write the result (or remove the key when nothing is left). A stored record that needed
 * fixing is only ever replaced once its original is kept aside (or `originalSafe` says the
 * reader downloaded it); otherwise {ok: false, reason: "unkept"} and nothing is written.
 * Returns {ok: true, record, before} or {ok: false, reason}.
 */
export function updateForm(definition, change, { originalSafe = false, known = null, check = null } = {}) {
  const key = formKey(definition.id);
  let read;
  if (known?.raw) {
    // The tab's own copy, when storage still holds exactly what it last read or wrote: no parse.
    const now = readRaw(key);
    if (!now.ok) return now;
    read = now.raw === known.raw ? { ok: true, raw: now.raw, record: known.record } : readForm(definition, now);
  } else read = readForm(definition);
  if (!read.ok) return read;
  if (read.notice && !originalSafe && keepAside(definition.id, read.raw) === null) return { ok: false, reason: "unkept" };
  const before = read.record ?? emptyRecord(definition);
  const next = change(before);
  const now = Date.now();
  prune(next, now);
  next.savedAt = new Date(now).toISOString();
  // Never write a record the next read would refuse: the reader is told which limit, nothing is lost.
  const tooBig = check ? check(next) : recordProblem(next) || rowsProblem(next, definition);
  if (tooBig) return { ok: false, reason: "limit", detail: tooBig };
  const keep = holdsAnswers(next) || Object.keys(next.removed).length;
  const raw = keep ? JSON.stringify(next) : null;
  const written = keep ? writeRaw(key, raw) : remove(key);
  return written.ok ? { ok: true, record: next, raw, before } : written;
}
