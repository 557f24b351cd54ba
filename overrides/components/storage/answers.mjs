// What a set of answers may look like, checked against the form's definition (the JSON the
// macro embeds). Used for saved state, imported files, My answers and the glance alike.
// Pure: no storage, and no DOM but the page's words (shared/strings.mjs), so
// tests/test_pure_modules.py runs it on its own.

import { language, t } from "../shared/strings.mjs";

export const SITE = "after-the-no";

/** Bounds on what a file or a saved record may hold, so a hostile file cannot slow every keystroke. */
export const LIMITS = Object.freeze({ keys: 500, depth: 6, textLength: 1_100_000, bookkeeping: 20_000 });

/** A complete date with a four-digit year: what a date answer must look like to round-trip. */
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar date from 0001-01-01 to 9999-12-31 ("2027-02-31" and "0000-01-01" are not). */
export function isRealDate(value) {
  if (typeof value !== "string" || !DATE_PATTERN.test(value)) return false;
  const [year, month, day] = value.split("-").map(Number);
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** Object.hasOwn, which Safari before 15.4 lacks: saving must work there too. */
export const hasOwn = (obj, key) => Object.prototype.hasOwnProperty.call(obj, key);

/** A deep copy of a record (plain JSON data), without structuredClone, which Safari before 15.4 lacks. */
export const copyOf = (data) => JSON.parse(JSON.stringify(data));

/**
 * Set `obj[key]` as a plain own property. Assignment would run the `__proto__` setter for an
 * answer keyed "__proto__"; defining the property never does.
 */
export function put(obj, key, value) {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  return obj;
}

/** The field kind for `id`, never a property inherited from Object ("constructor", "toString"). */
function kindOf(fields, id) {
  return hasOwn(fields, id) ? fields[id] : undefined;
}

/** Apply the definition's renames, then its copies, step by step, from the version the answers
    were saved with. */
export function migrate(answers, fromVersion, definition) {
  let current = answers;
  for (const step of definition.migrations) {
    if (step.to_version <= fromVersion) continue;
    current = copyKeys(renameKeys(current, step.renamed), step.copied ?? {});
    current = intoHistories(current, step.histories ?? {}, definition.fields, current);
  }
  return current;
}

/** A history as entries [{date, value}], oldest first; [] when empty or unreadable. */
export function historyEntries(text) {
  if (typeof text !== "string") return [];
  return text.split("\n").filter(Boolean).map((line) => {
    const [date, value] = line.split(" ");
    return { date, value };
  });
}

/** Entries as a history answer: in date order, one a day (the day's last), no repeat of the
    entry before, the newest `keep`. */
export function historyText(entries, keep = 50) {
  const byDay = [];
  for (const entry of [...entries].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))) {
    if (byDay.length && byDay[byDay.length - 1].date === entry.date) byDay.pop();
    if (!byDay.length || byDay[byDay.length - 1].value !== entry.value) byDay.push(entry);
  }
  return byDay.slice(-keep).map(({ date, value }) => `${date} ${value}`).join("\n");
}

/** A migration's `histories`: each history starts with entries made from the dates saved before,
    in every row. A date whose field this version no longer has moves into the history; one still
    asked stays too. `top`: the top-level answers, for a date kept there. */
function intoHistories(answers, histories, fields, top) {
  if (!isPlainObject(answers) || !Object.keys(histories).length) return answers;
  const out = {};
  for (const [id, value] of Object.entries(answers)) {
    put(out, id, Array.isArray(value) ? value.map((row) => intoHistories(row, histories, fields, top)) : value);
  }
  const known = (id) => hasOwn(fields, id) || Object.values(fields).some((kind) => kind.fields && hasOwn(kind.fields, id));
  for (const [history, rules] of Object.entries(histories)) {
    const entries = historyEntries(out[history]);
    const made = [];
    for (const rule of rules) {
      const here = hasOwn(out, rule.date);
      const date = here ? out[rule.date] : isPlainObject(top) && top !== answers ? top[rule.date] : undefined;
      const value = rule.value ?? out[rule.value_of];
      if (!isRealDate(date) || typeof value !== "string" || !value) continue;
      if (!rule.value && rule.values?.length && !rule.values.includes(value)) continue;
      entries.push({ date, value });
      if (here) made.push(rule.date);
    }
    // Only where the history belongs (a row holding its question, or the top level).
    const placed = hasOwn(out, history) || made.length || entries.length;
    if (!placed) continue;
    put(out, history, historyText(entries));
    for (const id of made) if (!known(id)) delete out[id];
  }
  return out;
}

/** The answer to each old id also becomes the answer to its new id, in every row; an answer
    already there stays. */
function copyKeys(answers, copied) {
  if (!isPlainObject(answers)) return answers;
  const out = {};
  for (const [id, value] of Object.entries(answers)) {
    put(out, id, Array.isArray(value) ? value.map((row) => copyKeys(row, copied)) : value);
  }
  for (const [from, to] of Object.entries(copied)) {
    if (hasOwn(out, from) && !hasOwn(out, to) && !Array.isArray(out[from])) put(out, to, out[from]);
  }
  return out;
}

function renameKeys(answers, renamed) {
  if (!isPlainObject(answers)) return answers;
  const out = {};
  for (const [id, value] of Object.entries(answers)) {
    const rows = Array.isArray(value) ? value.map((row) => renameKeys(row, renamed)) : value;
    put(out, hasOwn(renamed, id) ? renamed[id] : id, rows);
  }
  return out;
}

/**
 * Split answers into what this form can show and what it cannot.
 * Returns {answers, stale, problems}: `stale` keeps every answer without a place (a removed
 * field, a wrong type, rows beyond the maximum) so nothing is dropped; `problems` says why.
 */
export function sortAnswers(answers, fields) {
  const result = { answers: {}, stale: {}, problems: [] };
  if (!isPlainObject(answers)) {
    result.problems.push(t("answers.not-a-mapping"));
    put(result.stale, "(unreadable)", answers);
    return result;
  }
  for (const [id, value] of Object.entries(answers)) {
    const kind = kindOf(fields, id);
    if (!kind) {
      put(result.stale, id, value);
      continue;
    }
    if (kind.type === "group") {
      sortRows(id, value, kind, result);
      continue;
    }
    const problem = kind.type === "history" ? historyProblem(value, kindOf(fields, kind.of)) : valueProblem(value, kind);
    if (problem) {
      result.problems.push(t("answers.field-problem", { field: id, problem }));
      put(result.stale, id, value);
    } else {
      put(result.answers, id, kind.type === "rating" ? String(value) : value);
    }
  }
  return result;
}

function sortRows(id, rows, kind, result) {
  if (!Array.isArray(rows)) {
    result.problems.push(t("answers.not-rows", { field: id }));
    put(result.stale, id, rows);
    return;
  }
  if (rows.length > kind.max) {
    result.problems.push(t("answers.too-many-rows", { field: id, rows: rows.length, max: kind.max }));
    put(result.stale, `${id}[${kind.max}…]`, rows.slice(kind.max));
  }
  put(result.answers, id, rows.slice(0, kind.max).map((row, index) => {
    const inner = sortAnswers(row, kind.fields);
    for (const problem of inner.problems) result.problems.push(t("answers.row-problem", { row: index + 1, problem }));
    for (const [key, value] of Object.entries(inner.stale)) put(result.stale, `${id}[${index}].${key}`, value);
    return inner.answers;
  }));
}

/** Why `value` cannot be a history of answers to `source` (one "YYYY-MM-DD answer" a line), or "". */
function historyProblem(value, source) {
  if (typeof value !== "string") return t("answers.not-text");
  for (const line of value.split("\n").filter(Boolean)) {
    const [date, answer, more] = line.split(" ");
    if (more !== undefined || !isRealDate(date) || !answer || !source || valueProblem(answer, source)) {
      return t("answers.not-a-history", { value: line.slice(0, 40) });
    }
  }
  return "";
}

/** Why `value` cannot be an answer of this kind, or "" when it can. */
export function valueProblem(value, kind) {
  switch (kind.type) {
    case "text":
    case "textarea":
      return typeof value === "string" ? "" : t("answers.not-text");
    case "date":
      if (value === "" || isRealDate(value)) return "";
      return typeof value === "string" ? t("answers.not-a-real-date", { value: value.slice(0, 40) }) : t("answers.not-a-date");
    case "rating":
      return ["", "1", "2", "3", "4", "5"].includes(String(value)) ? "" : t("answers.not-a-rating");
    case "choice":
      return value === "" || kind.options.includes(value) ? "" : t("answers.not-a-choice");
    case "check":
      return typeof value === "boolean" ? "" : t("answers.not-a-check");
    default:
      return t("answers.unknown-type");
  }
}

/**
 * The first limit `data` breaks, in words finishing "“file.json” …", or "" when it is within
 * bounds. Checked before anything else walks the data, so the walk itself stays cheap.
 */
export function limitProblem(data, depth = 0) {
  if (depth > LIMITS.depth) return t("answers.too-deep", { depth: LIMITS.depth });
  if (typeof data === "string") {
    return data.length > LIMITS.textLength
      ? t("answers.too-long", { length: data.length.toLocaleString(language()), max: LIMITS.textLength.toLocaleString(language()) })
      : "";
  }
  if (typeof data !== "object" || data === null) return "";
  const entries = Array.isArray(data) ? data : Object.values(data);
  if (entries.length > LIMITS.keys) {
    const values = { count: entries.length.toLocaleString(language()), max: LIMITS.keys };
    return Array.isArray(data) ? t("answers.too-many-entries", values) : t("answers.too-many-answers", values);
  }
  for (const entry of entries) {
    const problem = limitProblem(entry, depth + 1);
    if (problem) return problem;
  }
  return "";
}

/**
 * One exported form's answers, checked for this definition: {answers, stale}, or {problem}
 * finishing the sentence "“file.json” …". Shared by a form's Import and My answers' Import all.
 */
export function importable(entry, definition) {
  const tooBig = limitProblem(entry);
  if (tooBig) return { problem: tooBig };
  const version = Number.isInteger(entry.version) ? entry.version : 1;
  if (version > definition.version) return { problem: t("answers.newer-version") };
  const sorted = sortAnswers(migrate(entry.answers, version, definition), definition.fields);
  if (sorted.problems.length) {
    return { problem: t("answers.unusable", { title: definition.title, problems: summarise(sorted.problems) }) };
  }
  return { answers: sorted.answers, stale: { ...(isPlainObject(entry.stale) ? entry.stale : {}), ...sorted.stale } };
}

/** True when the answers hold anything the reader typed, picked or ticked. */
export function hasContent(value) {
  if (Array.isArray(value)) return value.some(hasContent);
  if (isPlainObject(value)) return Object.values(value).some(hasContent);
  return value !== "" && value !== false && value !== null && value !== undefined;
}

export function isPlainObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The first few problems in one line, for a message. */
export function summarise(problems) {
  const shown = problems.slice(0, 3).join("; ");
  return problems.length > 3 ? t("answers.and-more", { shown, count: problems.length - 3 }) : shown;
}
