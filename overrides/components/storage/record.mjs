// The record (format 2): its shape, the one checked read (checkRecord), its limits, row ids and
// tombstones. Pure: no storage here. store.mjs re-exports all of it.

import { LIMITS, SITE, hasContent, hasOwn, isPlainObject, limitProblem, migrate, put, sortAnswers, summarise } from "./answers.mjs";
import { t } from "../shared/strings.mjs";

/** Version of the record envelope (the form's own schema version is `version`). */
const RECORD_FORMAT = 2;
const ROW_ID = /^[A-Za-z0-9_-]{1,40}$/;
const TOMBSTONE_DAYS = 60;
/** At most this many removed-row tombstones are kept (the newest): they protect open tabs, never answers. */
const MAX_TOMBSTONES = 2000;

// Records (pure) -----------------------------------------------------------------------------------

export function emptyRecord(definition) {
  return {
    site: SITE, format: RECORD_FORMAT, form: definition.id, version: definition.version,
    savedAt: "", answers: {}, rows: {}, stamps: {}, removed: {}, stale: {},
  };
}

/**
 * Saved text -> {record, notice}: the record in this definition's version with valid answers only,
 * and a notice whenever anything needed fixing (the caller keeps the original aside). This is
 * the one checked path: forms, My answers and the glance all read through it.
 */
export function checkRecord(raw, definition) {
  let data;
  try {
    data = JSON.parse(raw);
  } catch {
    return damaged(definition, t("store.not-json"));
  }
  if (!isPlainObject(data) || !isPlainObject(data.answers)) return damaged(definition, t("store.wrong-shape"));
  // Limits count answers, not bookkeeping: 500 wins carry some 3,000 stamps.
  const tooBig = recordProblem(data);
  if (tooBig) return damaged(definition, t("store.too-big", { problem: tooBig }));
  const version = Number.isInteger(data.version) ? data.version : 1;
  const migrated = migrate(data.answers, version, definition);
  const sorted = sortAnswers(migrated, definition.fields);
  const record = {
    ...emptyRecord(definition),
    savedAt: typeof data.savedAt === "string" ? data.savedAt : "",
    answers: sorted.answers,
    stamps: numbersOf(data.format === RECORD_FORMAT ? data.stamps : null),
    removed: numbersOf(data.format === RECORD_FORMAT ? data.removed : null),
    ...(Number.isFinite(data.clearedAt) && data.format === RECORD_FORMAT ? { clearedAt: data.clearedAt } : {}),
    ...(Number.isFinite(data.changedAt) && data.format === RECORD_FORMAT ? { changedAt: data.changedAt } : {}),
    stale: { ...(isPlainObject(data.stale) ? data.stale : {}), ...sorted.stale },
  };
  for (const [group, rows] of Object.entries(sorted.answers)) {
    if (Array.isArray(rows)) record.rows[group] = rowIds(data.format === RECORD_FORMAT ? data.rows?.[group] : null, rows.length);
  }
  let notice = "";
  if (version > definition.version) notice = t("store.newer-version");
  else if (sorted.problems.length) notice = t("store.some-unusable", { problems: summarise(sorted.problems) });
  // A migration that moved nothing (a goal plan saved before any status had a date) needs no
  // word and no original kept aside: the answers read the same in either version.
  else if (version < definition.version && JSON.stringify(migrated) !== JSON.stringify(data.answers)) notice = t("store.migrated");
  return { record, notice };
}

/**
 * The first limit a record's answers break, or "": its answers and the answers it keeps (stale)
 * are held to the limits of a file. Its bookkeeping is not: stamps and tombstones beyond
 * LIMITS.bookkeeping are dropped when read (numbersOf), never the answers.
 */
export function recordProblem(data) {
  return limitProblem(data.answers) || limitProblem(data.stale ?? null);
}

/**
 * The first group holding more rows than its form allows, in words, or "": a write (an Undo that
 * merges newer rows, two tabs adding the last row at once) is refused rather than move rows out
 * of view on the next read.
 */
export function rowsProblem(record, definition) {
  for (const [group, kind] of Object.entries(definition.fields ?? {})) {
    const rows = record.answers[group];
    if (kind.type === "group" && Array.isArray(rows) && rows.length > kind.max) {
      return t("answers.too-many-rows", { field: group, rows: rows.length, max: kind.max });
    }
  }
  return "";
}

function damaged(definition, why) {
  return { record: emptyRecord(definition), notice: t("store.unreadable", { why }), unreadable: true };
}

function numbersOf(map) {
  const out = {};
  if (isPlainObject(map) && Object.keys(map).length <= LIMITS.bookkeeping) for (const [key, at] of Object.entries(map)) if (Number.isFinite(at)) put(out, key, at);
  return out;
}

/** Row ids as saved when valid and unique; records from before row ids get r1, r2... (the same in every tab). */
function rowIds(saved, count) {
  const ids = Array.isArray(saved) ? saved.slice(0, count) : [];
  const valid = ids.length === count && ids.every((id) => typeof id === "string" && ROW_ID.test(id))
    && new Set(ids).size === count;
  return valid ? ids : Array.from({ length: count }, (_, i) => `r${i + 1}`);
}

/**
 * {group: [row id]} for the page: the record's rows, then ids for the empty rows a group shows
 * up to its minimum. Those ids are the same in every tab (r1, r2... not used or removed), so an
 * answer typed into "Goal 1" of an empty form in two tabs lands in one row.
 */
export function pageRowIds(record, definition) {
  const out = {};
  for (const [group, kind] of Object.entries(definition.fields)) {
    if (kind.type !== "group") continue;
    const ids = [...(record.rows[group] ?? [])];
    for (let n = 1; ids.length < kind.min; n += 1) {
      const id = `r${n}`;
      if (!ids.includes(id) && !hasOwn(record.removed, `${group}/${id}`)) ids.push(id);
    }
    out[group] = ids;
  }
  return out;
}

/** A new row id, unique enough that two tabs adding a row at once never collide. */
export function newRowId() {
  return `n${crypto.getRandomValues(new Uint32Array(2)).join("").slice(0, 14)}`;
}

/** True when a record holds anything worth keeping: an answer, or an earlier answer kept. */
export function holdsAnswers(record) {
  return hasContent(record.answers) || Object.keys(record.stale).length > 0;
}

/**
 * Tombstones older than a few weeks protect nothing (no tab stays open that long unsynced), and
 * only the newest MAX_TOMBSTONES are kept: a tombstone names a removed row, it holds no answer.
 */
export function prune(record, now) {
  const cutoff = now - TOMBSTONE_DAYS * 24 * 3600 * 1000;
  const kept = Object.entries(record.removed).filter(([, at]) => at >= cutoff)
    .sort((a, b) => b[1] - a[1]).slice(0, MAX_TOMBSTONES);
  record.removed = {};
  for (const [key, at] of kept) put(record.removed, key, at);
}
