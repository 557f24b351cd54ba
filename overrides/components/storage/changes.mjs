// Changing answers in bulk, and taking it back: a worksheet's Clear and Import, My answers'
// Import all and Delete all. One planner turns a file into a plan, one writer applies a plan
// through the store, and one Undo puts back what a change wrote, for a worksheet and for My
// answers alike (README.md beside this file: "Undo").

import { SITE, copyOf, hasOwn, importable, isPlainObject, limitProblem, put } from "./answers.mjs";
import * as store from "./store.mjs";
import { localDateOf } from "../shared/dom.mjs";
import { t } from "../shared/strings.mjs";

const FORM_ID = /^[a-z0-9][a-z0-9-]{0,80}$/;

/**
 * What an answers file would change: {plan, exportedAt} or {error} (a sentence naming the file).
 * A plan is {replace: [{form, answers, stale}], keep: [{formId, raw, title, why}], unknown:
 * [{formId, raw}], asides: [{formId, original, keptAt}], refused: [id as given]}: an entry whose
 * id could never be a form's is refused and named, never written under a made-up key. `catalogue` holds the definitions of
 * the site's forms. With `only` (a worksheet's own Import) the file must hold that form alone;
 * otherwise (Import all) one bad record never stops the rest: it is kept aside, and named.
 */
export function planImport(data, name, catalogue, { only = null } = {}) {
  if (!isPlainObject(data) || data.site !== SITE) return { error: t("import.not-ours", { file: name }) };
  const exportedAt = typeof data.exportedAt === "string" ? localDateOf(data.exportedAt) : "";
  const checked = only ? planOne(data, name, only) : planAll(data, name, new Map(catalogue.map((form) => [form.id, form])));
  return checked.error ? checked : { plan: checked.plan, exportedAt };
}

/** A plan that replaces every answer of `form` with `answers` (Clear passes none). */
export function replacePlan(form, answers = {}, stale = {}) {
  return { replace: [{ form, answers, stale }], keep: [], unknown: [], asides: [], refused: [] };
}

function planOne(data, name, form) {
  if (Array.isArray(data.forms)) return { error: t("import.several-forms", { file: name }) };
  if (data.form !== form.id) {
    return { error: typeof data.title === "string" ? t("import.another-form", { file: name, other: data.title, title: form.title })
      : t("import.another-form-unnamed", { file: name, title: form.title }) };
  }
  const checked = importable(data, form);
  if (checked.problem) return { error: t("import.file-problem", { file: name, problem: checked.problem }) };
  return { plan: replacePlan(form, checked.answers, checked.stale) };
}

function planAll(data, name, byId) {
  const entries = Array.isArray(data.forms) ? data.forms : data.form !== undefined ? [data] : [];
  const fileAsides = Array.isArray(data.asides) ? data.asides : [];
  const tooBig = limitProblem(entries) || limitProblem(fileAsides);
  if (tooBig) return { error: t("import.file-problem", { file: name, problem: tooBig }) };
  const plan = { replace: [], keep: [], unknown: [], asides: [], refused: [] };
  for (const entry of entries) planEntry(entry, byId, plan);
  for (const aside of fileAsides) {
    if (isPlainObject(aside) && typeof aside.original === "string") {
      plan.asides.push({ formId: safeId(aside.formId), original: aside.original, keptAt: String(aside.keptAt ?? "") });
    }
  }
  if (!plan.replace.length && !plan.keep.length && !plan.unknown.length && !plan.asides.length && !plan.refused.length) {
    return { error: t("import.empty-file", { file: name }) };
  }
  return { plan };
}

function planEntry(entry, byId, plan) {
  if (isPlainObject(entry) && !FORM_ID.test(String(entry.form))) {
    plan.refused.push(String(entry.form ?? "").slice(0, 80));
    return;
  }
  const formId = safeId(entry?.form);
  const form = byId.get(entry?.form);
  if (!isPlainObject(entry) || typeof entry.unreadable === "string" || !isPlainObject(entry.answers)) {
    const raw = typeof entry?.unreadable === "string" ? entry.unreadable : JSON.stringify(entry);
    plan.keep.push({ formId, raw, title: form?.title ?? formId, why: t("import.could-not-read") });
    return;
  }
  if (!form) {
    plan.unknown.push({ formId, raw: JSON.stringify(entry) });
    return;
  }
  const checked = importable(entry, form);
  if (checked.problem) plan.keep.push({ formId, raw: JSON.stringify(entry), title: form.title, why: checked.problem });
  else plan.replace.push({ form, answers: checked.answers, stale: checked.stale });
}

function safeId(value) {
  return typeof value === "string" && FORM_ID.test(value) ? value : "unknown";
}

// Records replaced and undone (pure) ---------------------------------------------------------------

/**
 * Every answer replaced at once (Clear, Import): `next` is {answers, stale}. Old rows leave
 * tombstones, new rows get new ids, and every answer is stamped `at`, which is what lets
 * undoReplace tell the replacement's answers from edits made after it.
 */
export function replaceAnswers(record, next, at) {
  const out = {
    ...store.emptyRecord({ id: record.form, version: record.version }),
    removed: { ...record.removed },
    clearedAt: at,
    changedAt: at, // the bulk change this record now reflects: Undo checks it is still its own
  };
  for (const [group, ids] of Object.entries(record.rows)) for (const id of ids) put(out.removed, `${group}/${id}`, at);
  out.stale = { ...next.stale };
  for (const [field, value] of Object.entries(next.answers)) {
    if (!Array.isArray(value)) {
      put(out.answers, field, value);
      put(out.stamps, field, at);
      continue;
    }
    for (const row of value) {
      const id = store.newRowId();
      const index = store.ensureRow(out, field, id, at);
      for (const [cell, answer] of Object.entries(row)) {
        put(out.answers[field][index], cell, answer);
        put(out.stamps, `${field}/${id}/${cell}`, at);
      }
    }
  }
  return out;
}

/**
 * Undo a replacement made at `since`: what it wrote goes, and `snapshot` (the record before it)
 * comes back, except where an answer was changed after the replacement: a newer edit, in this
 * tab or another, always wins.
 */
export function undoReplace(record, snapshot, since, at) {
  const out = copyOf(record);
  const newer = (key) => (out.stamps[key] ?? 0) > since;
  for (const field of Object.keys(out.answers)) {
    if (Array.isArray(out.answers[field])) continue;
    if (!newer(field)) {
      delete out.answers[field];
      delete out.stamps[field];
    }
  }
  for (const [group, ids] of Object.entries(out.rows)) {
    for (const id of [...ids]) {
      const edited = Object.keys(out.stamps).some((key) => key.startsWith(`${group}/${id}/`) && newer(key));
      if (!edited && !newer(`${group}/${id}`)) store.removeRow(out, group, id, at);
    }
  }
  for (const [field, value] of Object.entries(snapshot.answers)) {
    if (Array.isArray(value)) restoreRows(out, snapshot, field, newer, at);
    else if (!newer(field)) {
      put(out.answers, field, value);
      restoreStamp(out, snapshot, field);
    }
  }
  out.stale = { ...snapshot.stale, ...out.stale };
  return reflectingChangeOf(out, snapshot);
}

/**
 * An answer put back keeps the stamp it had, not the time of the Undo: to an older Undo (in any
 * tab) it is then what it is, an answer from before that change, never a newer edit that wins.
 */
function restoreStamp(out, snapshot, key) {
  if (hasOwn(snapshot.stamps, key)) put(out.stamps, key, snapshot.stamps[key]);
  else delete out.stamps[key];
}

/** `record` reflects the change `snapshot` did again, so that change's Undo (in any tab) lines up. */
function reflectingChangeOf(record, snapshot) {
  if (snapshot.changedAt) record.changedAt = snapshot.changedAt;
  else delete record.changedAt;
  return record;
}

function restoreRows(out, snapshot, group, newer, at) {
  const later = (out.rows[group] ?? []).map((id, i) => [id, out.answers[group][i]]);
  out.rows[group] = [];
  out.answers[group] = [];
  snapshot.rows[group].forEach((id, i) => {
    delete out.removed[`${group}/${id}`];
    const index = store.ensureRow(out, group, id, at);
    restoreStamp(out, snapshot, `${group}/${id}`);
    for (const [cell, value] of Object.entries(snapshot.answers[group][i])) {
      if (newer(`${group}/${id}/${cell}`)) continue;
      put(out.answers[group][index], cell, value);
      restoreStamp(out, snapshot, `${group}/${id}/${cell}`);
    }
  });
  for (const [id, row] of later) {
    if (out.rows[group].includes(id)) Object.assign(out.answers[group][out.rows[group].indexOf(id)], row);
    else {
      out.rows[group].push(id);
      out.answers[group].push(row);
    }
  }
}

// Applying a change, and Undo ------------------------------------------------------------------

/**
 * Write `plan` through the store at time `at`: {undo} once every part is written, or {failed: reason}
 * after putting back what was written. `options.originalSafe`: the reader downloaded a damaged
 * original, so writing over it loses nothing (store.updateForm).
 */
export function applyPlan(plan, at, options = {}) {
  const undo = undoPoint([
    ...plan.replace.map(({ form }) => [store.formKey(form.id), form]),
    ...plan.unknown.map(({ formId }) => [store.formKey(formId), null]),
  ], at, at);
  const failed = writePlan(plan, at, undo.written, options);
  if (!failed) return { undo };
  putBack(undo, options);
  return { failed: failed.reason ?? failed, detail: failed.detail ?? "" };
}

function writePlan(plan, at, written, options) {
  for (const { form, answers, stale } of plan.replace) {
    const result = store.updateForm(form, (record) => replaceAnswers(record, { answers, stale }, at), options);
    if (!result.ok) return result;
    written.add(store.formKey(form.id));
  }
  for (const { formId, raw } of plan.unknown) {
    // A record of a form the site no longer has is never replaced unseen: it is kept aside first.
    const here = store.readRaw(store.formKey(formId));
    if (!here.ok) return here.reason;
    if (here.raw !== null && here.raw !== raw) {
      const key = store.keepAside(formId, here.raw);
      if (key === null) return "quota";
      written.add(key);
    }
    const result = store.writeRaw(store.formKey(formId), raw);
    if (!result.ok) return result.reason;
    written.add(store.formKey(formId));
  }
  for (const { formId, raw, original, keptAt } of [...plan.keep, ...plan.asides]) {
    const key = store.keepAside(formId, raw ?? original, keptAt);
    if (key === null) return "quota";
    written.add(key);
  }
  return "";
}

/**
 * Delete every record and original of this copy (My answers' Delete all): {undo} or {failed}.
 * The deleted-all mark goes first, so an open worksheet sees it before the removals: nothing it
 * wrote before now may be written again, and its older Undo brings nothing back.
 */
export function deleteAll(keys, catalogue) {
  const byId = new Map(catalogue.map((form) => [form.id, form]));
  const at = store.stamp();
  const undo = undoPoint(keys.map((key) => [key, store.isFormKey(key) ? byId.get(store.formIdOf(key)) ?? null : null]), at, 0);
  undo.mark = store.readRaw(store.DELETED_ALL_KEY).raw ?? null;
  const marked = store.writeRaw(store.DELETED_ALL_KEY, String(at));
  if (!marked.ok && marked.reason !== "quota") return { failed: marked.reason };
  for (const key of keys) if (key !== store.DELETED_ALL_KEY) store.remove(key);
  // Storage was full: the removals made room for the mark, which open worksheets then see.
  if (!marked.ok) store.writeRaw(store.DELETED_ALL_KEY, String(at));
  return { undo };
}

/**
 * What `keys` hold now ([key, definition or null]), kept so putBack can bring it back. `leaves`:
 * the change a record reflects right after this one (its own stamp; 0 for Delete all, which
 * leaves none), to tell later bulk changes from edits.
 */
function undoPoint(keys, at, leaves) {
  return {
    at,
    leaves,
    before: new Map(keys.map(([key]) => [key, store.readRaw(key).raw ?? null])),
    forms: new Map(keys.filter(([, form]) => form).map(([key, form]) => [key, form])),
    existing: new Set(store.listKeys().keys),
    written: new Set(),
  };
}

/**
 * Put back what a change wrote or removed: {} when done, {failed: reason} when storage refused a
 * part (Undo can be tried again), {nothingBack: true} when Delete all came after the change, and
 * {superseded: [{formId, at}]} when a later Clear, Import or Undo (in any tab) replaced a form this
 * change wrote: nothing is written, since merging two replacements would mix two files. That
 * later change is undone first (then this Undo lines up again), or `anyway` keeps what is there
 * now aside and puts back exactly what this change replaced. A record no one replaced since is
 * merged with store.undoReplace: an answer written after the change wins.
 */
export function putBack(undo, options = {}) {
  if (!("mark" in undo) && store.deletedAllAt() > undo.at) return { nothingBack: true };
  const later = replacedSince(undo);
  if (later.length && !options.anyway) return { superseded: later.map(({ formId, at }) => ({ formId, at })) };
  for (const { formId, raw } of later) {
    if (store.keepAside(formId, raw) === null) return { failed: "quota" };
  }
  for (const key of undo.written) {
    if (!undo.forms.has(key) && !undo.existing.has(key)) store.remove(key); // an original or an unknown form's record the change added
  }
  let failed = null;
  const exactly = new Set(later.map(({ key }) => key));
  for (const [key, raw] of undo.before) {
    const result = exactly.has(key) ? restoreExactly(undo.forms.get(key), raw, options) : putBackOne(undo, key, raw, options);
    if (!result.ok && !(raw === null && result.reason === "unkept")) failed ??= result;
  }
  if (failed) return { failed: failed.reason, detail: failed.detail ?? "" };
  if ("mark" in undo) {
    if (undo.mark === null) store.remove(store.DELETED_ALL_KEY);
    else store.writeRaw(store.DELETED_ALL_KEY, undo.mark);
  }
  return {};
}

/**
 * The forms of `undo` that another bulk change replaced since: [{key, formId, at, raw}]. A record
 * says which change it reflects last (changedAt); edits typed since do not change that.
 */
function replacedSince(undo) {
  const later = [];
  for (const [key, form] of undo.forms) {
    const now = store.readForm(form);
    const at = now.ok && now.record ? now.record.changedAt ?? 0 : 0;
    if (at && at !== undo.leaves) later.push({ key, formId: form.id, at, raw: now.raw });
  }
  return later;
}

/**
 * The answers `raw` held, and only those: what is there now was kept aside first. Written as a
 * replacement at this moment, so an edit a tab made before it is not sent again over it.
 */
function restoreExactly(form, raw, options) {
  const snapshot = raw === null ? store.emptyRecord(form) : store.checkRecord(raw, form).record;
  const at = store.stamp();
  // A change of its own (changedAt: at): an older Undo, in any tab, no longer lines up with it.
  return store.updateForm(form, (record) => replaceAnswers(record, snapshot, at), { ...options, originalSafe: true });
}

function putBackOne(undo, key, raw, options) {
  const form = undo.forms.get(key);
  if (raw === null) {
    if (!form) return { ok: true };
    return store.updateForm(form, (record) => undoReplace(record, store.emptyRecord(form), undo.at, store.stamp()), options);
  }
  const now = store.readRaw(key);
  if (!now.ok) return now;
  if (now.raw === null || !form) return store.writeRaw(key, raw);
  const snapshot = store.checkRecord(raw, form).record;
  return store.updateForm(form, (record) => undoReplace(record, snapshot, undo.at, store.stamp()), options);
}
