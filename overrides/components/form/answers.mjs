// What a set of answers may look like, checked against the form's definition (the JSON the
// macro embeds). Used for saved state, imported files and the My answers page alike.

export const SITE = "after-the-no";

/** Apply the definition's renames, step by step, from the version the answers were saved with. */
export function migrate(answers, fromVersion, definition) {
  let current = answers;
  for (const step of definition.migrations) {
    if (step.to_version <= fromVersion) continue;
    current = renameKeys(current, step.renamed);
  }
  return current;
}

function renameKeys(answers, renamed) {
  const out = {};
  for (const [id, value] of Object.entries(answers)) {
    const rows = Array.isArray(value) ? value.map((row) => (isPlainObject(row) ? renameKeys(row, renamed) : row)) : value;
    out[renamed[id] ?? id] = rows;
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
    result.problems.push("the answers are not a list of fields and values");
    result.stale["(unreadable)"] = answers;
    return result;
  }
  for (const [id, value] of Object.entries(answers)) {
    const kind = fields[id];
    if (!kind) {
      result.stale[id] = value;
      continue;
    }
    if (kind.type === "group") {
      sortRows(id, value, kind, result);
      continue;
    }
    const problem = valueProblem(value, kind);
    if (problem) {
      result.problems.push(`“${id}” ${problem}`);
      result.stale[id] = value;
    } else {
      result.answers[id] = kind.type === "rating" ? String(value) : value;
    }
  }
  return result;
}

function sortRows(id, rows, kind, result) {
  if (!Array.isArray(rows)) {
    result.problems.push(`“${id}” should be a list of rows`);
    result.stale[id] = rows;
    return;
  }
  if (rows.length > kind.max) {
    result.problems.push(`“${id}” has ${rows.length} rows; this form holds at most ${kind.max}`);
    result.stale[`${id}[${kind.max}…]`] = rows.slice(kind.max);
  }
  result.answers[id] = rows.slice(0, kind.max).map((row, index) => {
    const inner = sortAnswers(row, kind.fields);
    for (const problem of inner.problems) result.problems.push(`row ${index + 1} of ${problem}`);
    for (const [key, value] of Object.entries(inner.stale)) result.stale[`${id}[${index}].${key}`] = value;
    return inner.answers;
  });
}

function valueProblem(value, kind) {
  switch (kind.type) {
    case "text":
    case "textarea":
      return typeof value === "string" ? "" : "should be text";
    case "date":
      return value === "" || (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) ? "" : "should be a date";
    case "rating":
      return ["", "1", "2", "3", "4", "5"].includes(String(value)) ? "" : "should be a rating from 1 to 5";
    case "choice":
      return value === "" || kind.options.includes(value) ? "" : "is not one of the choices";
    case "check":
      return typeof value === "boolean" ? "" : "should be ticked or not";
    default:
      return "has an unknown type";
  }
}

/**
 * One exported form's answers, checked for this definition: {answers, stale}, or {problem}
 * finishing the sentence "“file.json” …". Shared by a form's Import and My answers' Import all.
 */
export function importable(entry, definition) {
  const version = Number.isInteger(entry.version) ? entry.version : 1;
  if (version > definition.version) return { problem: "was made by a newer version of this site" };
  const sorted = sortAnswers(migrate(entry.answers, version, definition), definition.fields);
  if (sorted.problems.length) {
    return { problem: `has answers for “${definition.title}” that this site cannot use: ${summarise(sorted.problems)}` };
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
  return problems.length > 3 ? `${shown}; and ${problems.length - 3} more` : shown;
}
