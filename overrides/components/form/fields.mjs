// Between the DOM and a plain answers object: read, write, repeatable rows, print mirrors and
// reveals. User text only ever goes through .value and .textContent.

const CONTROL = "[data-field]";
let rowCounter = 0;

/** The answers in `scope` for the given field kinds ({id: kind}). */
function readAnswers(scope, fields) {
  const answers = {};
  for (const [id, kind] of Object.entries(fields)) {
    answers[id] = kind.type === "group" ? readRows(groupElement(scope, id), kind) : readValue(scope, id);
  }
  return answers;
}

export function readRows(group, kind) {
  return rowsOf(group).map((row) => readAnswers(row, kind.fields));
}

export function readValue(scope, id) {
  const controls = controlsOf(scope, id);
  const first = controls[0];
  if (!first) return "";
  if (first.type === "radio") return controls.find((c) => c.checked)?.value ?? "";
  if (first.type === "checkbox") return first.checked;
  return first.value;
}

/** Put answers into the page; `keep` (the control being typed in) is left alone. */
export function writeAnswers(scope, fields, answers, keep = null) {
  for (const [id, kind] of Object.entries(fields)) {
    if (kind.type === "group") {
      const group = groupElement(scope, id);
      const rows = Array.isArray(answers[id]) ? answers[id] : [];
      setRowCount(group, Math.max(rows.length, kind.min));
      rowsOf(group).forEach((row, i) => writeAnswers(row, kind.fields, rows[i] ?? {}, keep));
      continue;
    }
    writeValue(scope, id, answers[id], keep);
  }
}

function writeValue(scope, id, value, keep) {
  for (const control of controlsOf(scope, id)) {
    if (control === keep) continue;
    if (control.type === "radio") control.checked = value !== undefined && control.value === String(value);
    else if (control.type === "checkbox") control.checked = value === true;
    else control.value = typeof value === "string" ? value : "";
    refresh(control);
  }
}

/** Keep what depends on a control's value in step: its print mirror, or its choice's reveals. */
export function refresh(control) {
  if (control.type === "radio") {
    showReveals(control.closest("[data-field-root]"));
    return;
  }
  const mirror = control.nextElementSibling;
  if (mirror?.classList.contains("atn-print-answer")) mirror.textContent = printable(control);
}

function printable(control) {
  if (control.type !== "date" || !control.value) return control.value;
  const date = new Date(`${control.value}T12:00:00`);
  return Number.isNaN(date.getTime()) ? control.value
    : date.toLocaleDateString(undefined, { day: "numeric", month: "long", year: "numeric" });
}

function showReveals(fieldset) {
  if (!fieldset) return;
  const chosen = fieldset.querySelector("input[type=radio]:checked")?.value;
  for (const reveal of fieldset.querySelectorAll(":scope > [data-reveal-for]")) {
    reveal.hidden = reveal.dataset.revealFor !== chosen;
  }
}

/** Add print mirrors (a textarea prints only its visible box) and set reveals, once per control. */
export function enhance(scope) {
  for (const control of scope.querySelectorAll("input[type=text][data-field], input[type=date][data-field], textarea[data-field]")) {
    if (control.nextElementSibling?.classList.contains("atn-print-answer")) continue;
    const mirror = document.createElement("div");
    mirror.className = "atn-print-answer";
    mirror.setAttribute("aria-hidden", "true");
    control.after(mirror);
    refresh(control);
  }
  for (const fieldset of scope.querySelectorAll("fieldset[data-field-root]")) showReveals(fieldset);
}

// Repeatable rows ---------------------------------------------------------------------------

export function groupElement(scope, id) {
  return scope.querySelector(`[data-group="${id}"]`);
}

export function rowsOf(group) {
  return [...group.querySelector("[data-rows]").children];
}

export function setRowCount(group, count) {
  const list = group.querySelector("[data-rows]");
  while (list.children.length > count) list.lastElementChild.remove();
  while (list.children.length < count) list.append(newRow(group));
  renumber(group);
}

export function addRow(group) {
  const row = newRow(group);
  group.querySelector("[data-rows]").append(row);
  renumber(group);
  return row;
}

function newRow(group) {
  const key = `n${++rowCounter}`;
  const row = group.querySelector("template[data-row-template]").content.firstElementChild.cloneNode(true);
  for (const el of [row, ...row.querySelectorAll("*")]) {
    for (const attr of ["id", "for", "name", "aria-controls", "aria-describedby"]) {
      const value = el.getAttribute(attr);
      if (value?.includes("__ROW__")) el.setAttribute(attr, value.replaceAll("__ROW__", key));
    }
  }
  enhance(row);
  return row;
}

/** Row names and remove-button names follow the row's position: "Goal 2", "Remove goal 2". */
export function renumber(group) {
  const item = group.dataset.itemName;
  const rows = rowsOf(group);
  const min = Number(group.dataset.min ?? 1);
  rows.forEach((row, i) => {
    const name = row.querySelector("[data-row-name]");
    name.textContent = `${item.charAt(0).toUpperCase()}${item.slice(1)} ${i + 1}`;
    const remove = row.querySelector('[data-action="remove-row"]');
    remove.textContent = `Remove ${item} ${i + 1}`;
    remove.hidden = rows.length <= min;
  });
  const add = group.querySelector('[data-action="add-row"]');
  add.hidden = rows.length >= Number(group.dataset.max ?? 50);
}

function controlsOf(scope, id) {
  // Ids are unique across a form, rows included, so a scope never picks up another field's controls.
  return [...scope.querySelectorAll(`${CONTROL}[data-field="${CSS.escape(id)}"]`)];
}

export function firstControl(scope) {
  return scope.querySelector(CONTROL);
}
