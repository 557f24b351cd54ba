// Between the DOM and a plain answers object: read, write, repeatable rows and reveals.
// User text only ever goes through .value and .textContent.

import { historyEntries, isRealDate } from "../storage/answers.mjs";
import { longDate } from "../shared/dom.mjs";
import { t } from "../shared/strings.mjs";

const CONTROL = "[data-field]";
let rowCounter = 0;

/** The answers in `scope` for the given field kinds ({id: kind}). */
export function readAnswers(scope, fields) {
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

/**
 * Put answers into the page. Rows follow `rowIds` ({group: [row id]}) and are matched by id, so
 * a row removed elsewhere takes its own answers with it. `keep(control)` leaves a control alone
 * (an edit not saved yet); a focused text box keeps its caret.
 */
export function writeAnswers(scope, fields, answers, rowIds = {}, keep = () => false) {
  for (const [id, kind] of Object.entries(fields)) {
    if (kind.type === "group") {
      const rows = Array.isArray(answers[id]) ? answers[id] : [];
      placeRows(groupElement(scope, id), rowIds[id] ?? [])
        .forEach((row, i) => writeAnswers(row, kind.fields, rows[i] ?? {}, {}, keep));
      continue;
    }
    writeValue(scope, id, answers[id], keep);
  }
}

function writeValue(scope, id, value, keep) {
  for (const control of controlsOf(scope, id)) {
    if (keep(control)) continue;
    // Nothing saved: a control's own default (the copy to print, a section private by default).
    if ((value === undefined || value === "") && control.defaultChecked) control.checked = true;
    else if (control.type === "radio") control.checked = value !== undefined && control.value === String(value);
    else if (control.type === "checkbox") control.checked = value === true;
    else setText(control, typeof value === "string" ? value : "");
    refresh(control);
  }
}

function setText(control, text) {
  if (control.value === text) return;
  const caret = control === document.activeElement && typeof control.selectionStart === "number"
    ? [control.selectionStart, control.selectionEnd] : null;
  control.value = text;
  if (caret) control.setSelectionRange(Math.min(caret[0], text.length), Math.min(caret[1], text.length));
}

/** Keep what depends on a control's value in step: a choice's reveals. (Print reads answers itself.) */
export function refresh(control) {
  if (control.type === "radio") showReveals(control.closest("[data-field-root]"));
  // "Keep this answer off the copy to share" shows under its question only while ticked (and
  // stays while it has focus, so unticking it never drops focus to the page).
  const own = control.closest("[data-answer-private]");
  if (own) own.hidden = !control.checked && control !== document.activeElement;
}

function showReveals(fieldset) {
  if (!fieldset) return;
  const chosen = fieldset.querySelector("input[type=radio]:checked")?.value;
  for (const reveal of fieldset.querySelectorAll(":scope > [data-reveal-for]")) {
    reveal.hidden = reveal.dataset.revealFor !== chosen;
  }
}

/**
 * Show the reveal of each choice already made (print builds its own copy: print.mjs), and turn
 * off the browser's own form restoration: after Back without the back-forward cache it would
 * put the values of the visit's end over the saved answers (the form restores them itself).
 */
export function enhance(scope) {
  for (const control of scope.querySelectorAll(CONTROL)) control.setAttribute("autocomplete", "off");
  for (const fieldset of scope.querySelectorAll("fieldset[data-field-root]")) showReveals(fieldset);
}

// Repeatable rows ---------------------------------------------------------------------------

export function groupElement(scope, id) {
  return scope.querySelector(`[data-group="${id}"]`);
}

export function rowsOf(group) {
  return [...group.querySelector("[data-rows]").children];
}

/** Make the group's rows exactly `ids`, in order: reuse rows by id, fill rows without one, add the rest. */
function placeRows(group, ids) {
  const list = group.querySelector("[data-rows]");
  const current = rowsOf(group);
  const byId = new Map(current.filter((row) => row.dataset.rowId).map((row) => [row.dataset.rowId, row]));
  const unnamed = current.filter((row) => !row.dataset.rowId); // the page's own first rows
  const placed = ids.map((id) => byId.get(id) ?? unnamed.shift() ?? newRow(group));
  placed.forEach((row, i) => { row.dataset.rowId = ids[i]; });
  for (const row of current) if (!placed.includes(row)) row.remove();
  // Move a row only when it is out of place: moving a node takes focus away from it.
  placed.forEach((row, i) => { if (list.children[i] !== row) list.insertBefore(row, list.children[i] ?? null); });
  renumber(group);
  return placed;
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

/** "Goal 2": a row's name on screen, and in print and Copy as text by its place there. */
export function rowTitle(group, number) {
  const item = group.dataset.itemName;
  return `${item.charAt(0).toUpperCase()}${item.slice(1)} ${number}`;
}

/** The reveal of the option chosen in a choice question, or null. */
export function chosenReveal(fieldRoot) {
  const chosen = fieldRoot.querySelector(":scope > .atn-options input:checked");
  return chosen ? fieldRoot.querySelector(`:scope > [data-reveal-for="${CSS.escape(chosen.value)}"]`) : null;
}

/** Row names and remove-button names follow the row's position: "Goal 2", "Remove goal 2". */
export function renumber(group) {
  const item = group.dataset.itemName;
  const rows = rowsOf(group);
  const min = Number(group.dataset.min ?? 1);
  rows.forEach((row, i) => {
    const name = row.querySelector("[data-row-name]");
    name.textContent = rowTitle(group, i + 1);
    const remove = row.querySelector('[data-action="remove-row"]');
    remove.textContent = t("form.remove-row", { item, number: i + 1 });
    remove.hidden = rows.length <= min;
  });
  // At the maximum, Add stays in view, disabled, and a line says why (data-row-limit).
  const full = rows.length >= Number(group.dataset.max ?? 50);
  const add = group.querySelector('[data-action="add-row"]');
  add.hidden = false;
  add.disabled = full;
  const why = group.querySelector("[data-row-limit]");
  if (!why) return;
  why.hidden = !full;
  if (full) add.setAttribute("aria-describedby", why.id);
  else add.removeAttribute("aria-describedby");
}

function controlsOf(scope, id) {
  // Ids are unique across a form, rows included, so a scope never picks up another field's controls.
  return [...scope.querySelectorAll(`${CONTROL}[data-field="${CSS.escape(id)}"]`)];
}

export function firstControl(scope) {
  return scope.querySelector(CONTROL);
}

/** The question a field asks, as its label shows it (print, plain text, calendar descriptions). */
export function questionOf(fieldRoot) {
  return fieldRoot.querySelector(":scope > .atn-label").textContent.trim();
}

export function sectionTitleOf(section) {
  return section.querySelector(".atn-section__title").textContent.trim();
}

/** The edit a control's current value makes: a top-level answer of `root` or one answer in a row. */
export function editOf(root, control) {
  const field = control.dataset.field;
  const row = control.closest("[data-row]");
  if (!row || !root.contains(row)) return { field, value: readValue(root, field) };
  const group = row.closest("[data-group]").dataset.group;
  return { group, row: row.dataset.rowId, field, value: readValue(row, field) };
}

/** Why a date control's value cannot be saved ("" when it can): the year must have four digits. */
export function dateProblem(control) {
  if (control.value === "" || isRealDate(control.value)) return "";
  const label = control.closest("[data-field-root]")?.querySelector(".atn-label")?.textContent.trim() ?? t("form.this-date");
  return t("form.date-too-long", { label, year: new Date().getFullYear() + 1 });
}

/** Where focus is, when it is in a row of `root`: to find the same place after rows change. */
export function focusPlace(root) {
  const active = document.activeElement;
  const row = active?.closest?.("[data-row]");
  if (!row || !root.contains(row)) return null;
  const group = row.closest("[data-group]");
  return { active, group, index: rowsOf(group).indexOf(row), field: active.dataset.field, name: row.querySelector("[data-row-name]").textContent };
}

/**
 * If the focused row went (removed in another tab), focus the same field in the nearest row, or
 * the Add button, never the page, where Material's letter shortcuts would change page. Returns
 * the removed row's name, or "".
 */
export function restoreFocus(place) {
  if (!place || place.active.isConnected) return "";
  const rows = rowsOf(place.group);
  const row = rows[Math.min(place.index, rows.length - 1)];
  const target = row ? (row.querySelector(`[data-field="${CSS.escape(place.field ?? "")}"]`) ?? firstControl(row))
    : place.group.querySelector('[data-action="add-row"]');
  target?.focus();
  return place.name;
}

/**
 * A question's answer as the page shows it, for print and Copy as text alike: {text, wide}, or
 * null when unanswered. A scale reads "3 of 5: part of the picture"; `wide` asks for a line of its own.
 */
export function answerText(fieldRoot) {
  if (fieldRoot.dataset.historyOf) {
    const lines = historyLines(fieldRoot);
    return lines.length ? { text: lines.join("\n"), wide: lines.length > 1 } : null;
  }
  const radios = [...fieldRoot.querySelectorAll(":scope > .atn-options input, :scope > .atn-scale input")];
  if (radios.length) {
    const chosen = radios.find((radio) => radio.checked);
    if (!chosen) return null;
    const text = answerWords(fieldRoot, chosen.value);
    return { text, wide: !fieldRoot.querySelector(":scope > .atn-scale") && text.length > 60 };
  }
  const control = fieldRoot.querySelector(":scope > [data-field]");
  const value = control?.value.trim();
  if (!value) return null;
  if (control.type === "date") return { text: longDate(value), wide: false };
  return { text: value, wide: control.tagName === "TEXTAREA" || value.length > 60 };
}

/** The question a history follows: beside it, in the same row or at the top level. */
export function historySource(fieldRoot) {
  return fieldRoot.parentElement.querySelector(`:scope > [data-field-root="${CSS.escape(fieldRoot.dataset.historyOf)}"]`);
}

/** A history's entries as the reader reads them, oldest first: "November 2, 2026: Under way". */
export function historyLines(fieldRoot) {
  const source = historySource(fieldRoot);
  const value = fieldRoot.querySelector(":scope > [data-field]")?.value ?? "";
  return historyEntries(value).map(({ date, value: answer }) => t("form.history-entry", { date: longDate(date), answer: answerWords(source, answer) }));
}

/** The words of one answer to a choice or rating question: its label, or for a rating "4 of 5:
    most of the time"; the value itself when no option has it (a history's retired answer). */
function answerWords(fieldRoot, value) {
  const radios = fieldRoot ? [...fieldRoot.querySelectorAll(":scope > .atn-options input, :scope > .atn-scale input")] : [];
  const radio = radios.find((r) => r.value === value);
  if (!radio) return value;
  const words = radio.labels[0].textContent.trim().replace(/\s+/g, " ");
  if (!fieldRoot.querySelector(":scope > .atn-scale")) return words;
  return t("print.scale", { value, max: radios.length, words: lowerFirst(words.replace(/^\d+\s*/, "")) });
}

function lowerFirst(word) {
  // "Part of the picture" -> "part of the picture", but "I have a guess" keeps its capital.
  return /^[A-Z][a-z]/.test(word) ? word.charAt(0).toLowerCase() + word.slice(1) : word;
}
