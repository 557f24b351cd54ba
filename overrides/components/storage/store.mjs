// The storage model (see README.md beside this file): namespaced keys, the stamped record, and
// the only functions that change a record. Everything a form, My answers or the glance reads or
// writes goes through here. localStorage access is wrapped: it can throw (blocked site data,
// private modes, a full quota) and the reader must be told rather than silently lose answers.

import { LIMITS, SITE, copyOf, hasContent, hasOwn, isPlainObject, limitProblem, migrate, put, sortAnswers, summarise } from "./answers.mjs";
import { t } from "../shared/strings.mjs";

/** This copy's base path ("/" or "/staging/"): the site root is two folders above this module. */
const BASE_PATH = new URL("../../", import.meta.url).pathname;
/** Every key this copy writes starts with this; other copies on the host have their own. */
export const NAMESPACE = `${SITE}:${BASE_PATH}:`;
const FORM_PREFIX = `${NAMESPACE}form:`;
const ASIDE_PREFIX = `${NAMESPACE}aside:`;
/** When My answers last deleted everything (ms): open forms refuse to undo anything older. */
export const DELETED_ALL_KEY = `${NAMESPACE}deleted-all`;
/** Which copy Print, Ctrl+P and Copy as text give, for the whole guide: "share" or "own". */
export const PRINT_COPY_KEY = `${NAMESPACE}print-copy`;
/** Keys written before keys were namespaced; adopted by the first copy that runs. */
const LEGACY_FORM_PREFIX = `${SITE}:form:`;
const LEGACY_ASIDE_PREFIX = `${SITE}:aside:`;
/** True once this page looked for old keys: they are looked for once per page, not on every render. */
let adopted = false;

/** Version of the record envelope (the form's own schema version is `version`). */
const RECORD_FORMAT = 2;
const ROW_ID = /^[A-Za-z0-9_-]{1,40}$/;
const TOMBSTONE_DAYS = 60;
/** At most this many removed-row tombstones are kept (the newest): they protect open tabs, never answers. */
const MAX_TOMBSTONES = 2000;

export const formKey = (formId) => FORM_PREFIX + formId;
export const isFormKey = (key) => typeof key === "string" && key.startsWith(FORM_PREFIX);
export const formIdOf = (key) => key.slice(FORM_PREFIX.length);

// Raw storage ---------------------------------------------------------------------------------

/**
 * True when this browser has what saving needs beyond the module syntax itself (see README:
 * supported browsers). Object.hasOwn, structuredClone and Array.prototype.at are not needed.
 */
export function canSave() {
  return typeof globalThis.crypto?.getRandomValues === "function" && typeof globalThis.CSS?.escape === "function"
    && typeof String.prototype.replaceAll === "function" && typeof Array.prototype.flatMap === "function"
    && typeof Element.prototype.replaceChildren === "function";
}

function storage() {
  // Merely reading window.localStorage throws where site data is blocked.
  try {
    return window.localStorage ?? null;
  } catch {
    return null;
  }
}

/** {ok: true, raw} with raw null when nothing is saved; {ok: false, reason} when unreadable. */
export function readRaw(key) {
  const area = storage();
  if (!area) return { ok: false, reason: "blocked" };
  try {
    return { ok: true, raw: area.getItem(key) };
  } catch {
    return { ok: false, reason: "blocked" };
  }
}

/** {ok: true} or {ok: false, reason: "quota" | "blocked"}. */
export function writeRaw(key, value) {
  const area = storage();
  if (!area) return { ok: false, reason: "blocked" };
  try {
    area.setItem(key, value);
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: isQuotaError(error) ? "quota" : "blocked" };
  }
}

export function remove(key) {
  const area = storage();
  if (!area) return { ok: false, reason: "blocked" };
  try {
    area.removeItem(key);
    return { ok: true };
  } catch {
    return { ok: false, reason: "blocked" };
  }
}

function isQuotaError(error) {
  return error?.name === "QuotaExceededError" || error?.name === "NS_ERROR_DOM_QUOTA_REACHED"
    || error?.code === 22 || error?.code === 1014;
}

/** {ok: true, keys} of this copy (or of `prefix`), sorted; {ok: false, reason} when blocked. */
export function listKeys(prefix = NAMESPACE) {
  const area = storage();
  if (!area) return { ok: false, reason: "blocked", keys: [] };
  try {
    return { ok: true, keys: Object.keys(area).filter((key) => key.startsWith(prefix)).sort() };
  } catch {
    return { ok: false, reason: "blocked", keys: [] };
  }
}

/**
 * Move keys saved before namespacing ("after-the-no:form:<id>", "after-the-no:aside:<id>:<time>")
 * into this copy's namespace, once: the first copy that runs adopts them. When this copy already
 * has a record for that form, the old one is kept aside instead, so nothing is lost.
 */
export function adoptLegacyKeys() {
  // Once per page load, not on every render; storage too full to move a key: look again next time.
  if (adopted) return;
  let complete = true;
  for (const key of listKeys(`${SITE}:`).keys) {
    const legacyForm = key.startsWith(LEGACY_FORM_PREFIX);
    if (!legacyForm && !key.startsWith(LEGACY_ASIDE_PREFIX)) continue;
    const { raw } = readRaw(key);
    if (raw === null || raw === undefined) continue;
    const target = legacyForm ? formKey(key.slice(LEGACY_FORM_PREFIX.length))
      : ASIDE_PREFIX + key.slice(LEGACY_ASIDE_PREFIX.length);
    const existing = readRaw(target);
    if (!existing.ok) return;
    const moved = existing.raw === null ? writeRaw(target, raw).ok
      : keepAside(legacyForm ? key.slice(LEGACY_FORM_PREFIX.length) : describeAside(target).formId, raw) !== null;
    if (moved) remove(key);
    else complete = false; // storage full: look again next time
  }
  adopted = complete;
}

/**
 * Records that copies of this guide under other base paths of this host saved ("a guide that
 * moved"): [{path, formId, aside, keptAt, raw}], looked for only when the reader asks (My answers).
 */
export function otherCopies() {
  const found = [];
  for (const key of listKeys(`${SITE}:/`).keys) {
    const match = /^after-the-no:(\/[^:]*):(form|aside):([^:]+)(?::(.+))?$/.exec(key);
    if (!match || `${match[1]}` === BASE_PATH) continue;
    const [, path, kind, formId, keptAt = ""] = match;
    if ((kind === "form") !== !keptAt) continue;
    const { raw } = readRaw(key);
    if (typeof raw === "string") found.push({ path, formId, aside: kind === "aside", keptAt: keptAt.replace(/~\d+$/, ""), raw });
  }
  return found;
}

// Settings: small values the guide keeps beside the records ---------------------------------------

/** A setting's key: everything the guide saves lives under NAMESPACE, so Delete all finds it. */
export const settingKey = (name) => NAMESPACE + name;

/** The saved text of setting `name` ("paper-name", "glance-copy"...), or null. */
export function readSetting(name) {
  return readRaw(settingKey(name)).raw ?? null;
}

/** Save setting `name` (null removes it): {ok: true} or {ok: false, reason}, for the page to say. */
export function writeSetting(name, value) {
  return value === null ? remove(settingKey(name)) : writeRaw(settingKey(name), value);
}

// Stamps -----------------------------------------------------------------------------------------

let lastStamp = 0;

/** Milliseconds since 1970, strictly increasing within this tab. */
export function stamp() {
  lastStamp = Math.max(Date.now(), lastStamp + 1);
  return lastStamp;
}

export function deletedAllAt() {
  const { raw } = readRaw(DELETED_ALL_KEY);
  const at = Number(raw);
  return Number.isFinite(at) ? at : 0;
}

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

/** True when a record holds anything worth keeping: an answer, or an earlier answer kept. */
export function holdsAnswers(record) {
  return hasContent(record.answers) || Object.keys(record.stale).length > 0;
}

/**
 * Tombstones older than a few weeks protect nothing (no tab stays open that long unsynced), and
 * only the newest MAX_TOMBSTONES are kept: a tombstone names a removed row, it holds no answer.
 */
function prune(record, now) {
  const cutoff = now - TOMBSTONE_DAYS * 24 * 3600 * 1000;
  const kept = Object.entries(record.removed).filter(([, at]) => at >= cutoff)
    .sort((a, b) => b[1] - a[1]).slice(0, MAX_TOMBSTONES);
  record.removed = {};
  for (const [key, at] of kept) put(record.removed, key, at);
}

// Reading and writing a form ------------------------------------------------------------------

/**
 * {ok: false, reason} when storage is unreadable; {ok: true, record: null} when nothing is saved;
 * otherwise {ok: true, raw, record, notice} through checkRecord.
 */
export function readForm(definition, read = readRaw(formKey(definition.id))) {
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

// Originals kept aside ----------------------------------------------------------------------------

/**
 * Keep an original that could not be read fully, under its own key, never overwritten; `keptAt`
 * (an ISO time) when it comes back from a file. Returns the key, or null if storage refused (the caller tells the reader).
 */
export function keepAside(formId, raw, keptAt = "") {
  const existing = listKeys(`${ASIDE_PREFIX}${formId}:`).keys.find((key) => readRaw(key).raw === raw);
  if (existing) return existing;
  const when = /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(keptAt) ? keptAt : new Date().toISOString();
  // Several originals kept in one millisecond get "~2", "~3"...: a key is never reused.
  let key = `${ASIDE_PREFIX}${formId}:${when}`;
  for (let n = 2; readRaw(key).raw !== null && readRaw(key).raw !== undefined; n += 1) key = `${ASIDE_PREFIX}${formId}:${when}~${n}`;
  return writeRaw(key, raw).ok ? key : null;
}

export const isAsideKey = (key) => typeof key === "string" && key.startsWith(ASIDE_PREFIX);

/** "<namespace>aside:take-stock:2026-…" -> {formId, keptAt} (keptAt an ISO time, UTC). */
export function describeAside(key) {
  const rest = key.slice(ASIDE_PREFIX.length);
  const cut = rest.indexOf(":");
  return { formId: rest.slice(0, cut), keptAt: rest.slice(cut + 1).replace(/~\d+$/, "") };
}
