// Where the guide keeps things: this copy's namespace and its keys, localStorage wrapped (it can
// throw: blocked site data, private modes, a full quota, and the reader must be told rather than
// silently lose answers), settings, originals kept aside, records across the copy and other
// copies on the host. store.mjs re-exports all of it: components import the store.

import { SITE } from "./answers.mjs";

/** This copy's base path ("/" or "/staging/"): the site root is two folders above this module. */
const BASE_PATH = new URL("../../", import.meta.url).pathname;
/** Every key this copy writes starts with this; other copies on the host have their own. */
export const NAMESPACE = `${SITE}:${BASE_PATH}:`;
const FORM_PREFIX = `${NAMESPACE}form:`;
const ASIDE_PREFIX = `${NAMESPACE}aside:`;
/** When My answers last deleted everything (ms): open forms refuse to undo anything older. */
export const DELETED_ALL_KEY = `${NAMESPACE}deleted-all`;
/** Keys written before keys were namespaced; adopted by the first copy that runs (migrate.mjs). */
const LEGACY_FORM_PREFIX = `${SITE}:form:`;
const LEGACY_ASIDE_PREFIX = `${SITE}:aside:`;

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
 * into this copy's namespace: the first copy that runs adopts them. When this copy already has a
 * record for that form, the old one is kept aside instead, so nothing is lost. False when storage
 * was too full to move one (migrate.mjs then looks again on the next page load).
 */
export function adoptLegacyKeys() {
  let complete = true;
  for (const key of listKeys(`${SITE}:`).keys) {
    const legacyForm = key.startsWith(LEGACY_FORM_PREFIX);
    if (!legacyForm && !key.startsWith(LEGACY_ASIDE_PREFIX)) continue;
    const { raw } = readRaw(key);
    if (raw === null || raw === undefined) continue;
    const target = legacyForm ? formKey(key.slice(LEGACY_FORM_PREFIX.length))
      : ASIDE_PREFIX + key.slice(LEGACY_ASIDE_PREFIX.length);
    const existing = readRaw(target);
    if (!existing.ok) return false;
    const moved = existing.raw === null ? writeRaw(target, raw).ok
      : keepAside(legacyForm ? key.slice(LEGACY_FORM_PREFIX.length) : describeAside(target).formId, raw) !== null;
    if (moved) remove(key);
    else complete = false;
  }
  return complete;
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

/** Every form record of this copy as stored, parsed but not checked: [{formId, data}] (data null
    when unreadable). For looking across records (the backup reminder, migrations), not for showing. */
export function storedRecords() {
  return listKeys(FORM_PREFIX).keys.map((key) => {
    try {
      return { formId: formIdOf(key), data: JSON.parse(readRaw(key).raw) };
    } catch {
      return { formId: formIdOf(key), data: null };
    }
  });
}

/** {ok, entries: [{key, raw}]}: every form record and original kept aside of this copy (Export all). */
export function savedEntries() {
  const listed = listKeys();
  const entries = listed.keys.filter((key) => isFormKey(key) || isAsideKey(key))
    .map((key) => ({ key, raw: readRaw(key).raw ?? null })).filter((entry) => entry.raw !== null);
  return { ok: listed.ok, entries };
}

/**
 * Put a record another copy of the guide saved into this copy (a guide that moved): into an empty
 * place, else kept aside (`aside`: it was an original kept aside there too). Returns {ok: false,
 * reason}, or {ok: true, placed: "copied" | "kept-aside" | "same"}; nothing here is overwritten.
 */
export function placeRecord(formId, raw, { aside = false, keptAt = "" } = {}) {
  const here = aside ? { ok: true, raw: undefined } : readRaw(formKey(formId));
  if (!here.ok) return here;
  if (here.raw === raw) return { ok: true, placed: "same" };
  if (here.raw === null) {
    const written = writeRaw(formKey(formId), raw);
    return written.ok ? { ok: true, placed: "copied" } : written;
  }
  return keepAside(formId, raw, keptAt) === null ? { ok: false, reason: "quota" } : { ok: true, placed: "kept-aside" };
}

// Settings: small values the guide keeps beside the records ---------------------------------------

/** A setting's key: everything the guide saves lives under NAMESPACE, so Delete all finds it. */
export const settingKey = (name) => NAMESPACE + name;
/** The guide's one print/copy choice, "share" or "own" (../form/copy-choice.mjs). */
export const PRINT_COPY = "print-copy";
/** The optional {name, role} printed at the top of filled copies. */
export const PAPER_NAME = "paper-name";

/** The saved text of setting `name` ("paper-name", "glance-copy"...), or null. */
export function readSetting(name) {
  return readRaw(settingKey(name)).raw ?? null;
}

/** Save setting `name` (null removes it): {ok: true} or {ok: false, reason}, for the page to say. */
export function writeSetting(name, value) {
  return value === null ? remove(settingKey(name)) : writeRaw(settingKey(name), value);
}

/** When My answers last deleted everything (ms), or 0. */
export function deletedAllAt() {
  const { raw } = readRaw(DELETED_ALL_KEY);
  const at = Number(raw);
  return Number.isFinite(at) ? at : 0;
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

/** The original kept aside under `key`, or null (also for a key that is not an original's). */
export function readAside(key) {
  return isAsideKey(key) ? readRaw(key).raw ?? null : null;
}

/** "<namespace>aside:take-stock:2026-…" -> {formId, keptAt} (keptAt an ISO time, UTC). */
export function describeAside(key) {
  const rest = key.slice(ASIDE_PREFIX.length);
  const cut = rest.indexOf(":");
  return { formId: rest.slice(0, cut), keptAt: rest.slice(cut + 1).replace(/~\d+$/, "") };
}
