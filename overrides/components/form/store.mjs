// localStorage, wrapped: every access can throw (blocked storage, private modes, a full quota),
// and a reader must be told rather than silently lose answers.

import { SITE, isPlainObject } from "./answers.mjs";

const PREFIX = `${SITE}:`;
const FORM_PREFIX = `${PREFIX}form:`;
const ASIDE_PREFIX = `${PREFIX}aside:`;
/** Version of the record envelope below (the form's own schema version is `version`). */
export const RECORD_FORMAT = 1;

export const formKey = (formId) => FORM_PREFIX + formId;
export const isFormKey = (key) => typeof key === "string" && key.startsWith(FORM_PREFIX);
export const formIdOf = (key) => key.slice(FORM_PREFIX.length);

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
  const store = storage();
  if (!store) return { ok: false, reason: "blocked" };
  try {
    return { ok: true, raw: store.getItem(key) };
  } catch {
    return { ok: false, reason: "blocked" };
  }
}

/** {ok: true} or {ok: false, reason: "quota" | "blocked"}. */
export function writeRaw(key, value) {
  const store = storage();
  if (!store) return { ok: false, reason: "blocked" };
  try {
    store.setItem(key, value);
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: isQuotaError(error) ? "quota" : "blocked" };
  }
}

export function remove(key) {
  try {
    storage()?.removeItem(key);
    return true;
  } catch {
    return false;
  }
}

function isQuotaError(error) {
  return error?.name === "QuotaExceededError" || error?.name === "NS_ERROR_DOM_QUOTA_REACHED"
    || error?.code === 22 || error?.code === 1014;
}

export function keys(prefix = PREFIX) {
  const store = storage();
  if (!store) return [];
  try {
    return Object.keys(store).filter((key) => key.startsWith(prefix)).sort();
  } catch {
    return [];
  }
}

export function makeRecord(definition, answers, stale) {
  const record = {
    site: SITE, format: RECORD_FORMAT, form: definition.id, version: definition.version,
    savedAt: new Date().toISOString(), answers,
  };
  if (Object.keys(stale).length) record.stale = stale;
  return record;
}

/** Parse a stored record; {record} or {error} in words a reader understands. */
export function parseRecord(raw) {
  let record;
  try {
    record = JSON.parse(raw);
  } catch {
    return { error: "they are not in a format this site can read" };
  }
  if (!isPlainObject(record) || !isPlainObject(record.answers)) {
    return { error: "they are not in the shape this site saves" };
  }
  const version = Number.isInteger(record.version) ? record.version : 1;
  return { record: { ...record, version, stale: isPlainObject(record.stale) ? record.stale : {} } };
}

/**
 * Keep an original that could not be read fully, under its own key, never overwritten.
 * Returns the key, or null if storage refused (the reader is told by the caller).
 */
export function keepAside(formId, raw) {
  const existing = keys(`${ASIDE_PREFIX}${formId}:`).find((key) => readRaw(key).raw === raw);
  if (existing) return existing;
  const key = `${ASIDE_PREFIX}${formId}:${new Date().toISOString()}`;
  return writeRaw(key, raw).ok ? key : null;
}

export function asideKeys() {
  return keys(ASIDE_PREFIX);
}

/** "after-the-no:aside:take-stock:2026-…" -> {formId, keptAt} */
export function describeAside(key) {
  const rest = key.slice(ASIDE_PREFIX.length);
  const cut = rest.indexOf(":");
  return { formId: rest.slice(0, cut), keptAt: rest.slice(cut + 1) };
}
