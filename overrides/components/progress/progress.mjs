// Progress over time, declared in the worksheet's data file: `keep_first` keeps the first answer
// to a field in another one of the same row (the first rating, while "today" is re-rated), and
// `date_stamps` writes today's date beside an answer when the reader gives it (when a goal got
// under way, when the ratings were last changed). Values go in through the page's own controls,
// followed by the events typing would fire, so the form saves them like any answer; a date the
// reader typed is only replaced where the data says `replace`. A `history` field records each
// answer to the question it follows with the day it was given (one entry a day, the newest
// `keep`), and shows its entries as text beside that question.

import { historyEntries, historyText } from "../storage/answers.mjs";
import { element, localDay } from "../shared/dom.mjs";
import { historyLines } from "../form/fields.mjs";
import { startRoots } from "../shared/start.mjs";
import { t } from "../shared/strings.mjs";

/** Start one root (startRoots calls this once per root). */
export function init(root) {
  const config = JSON.parse(root.dataset.config);
  const form = root.closest("[data-module='form']");
  form.addEventListener("change", (event) => answered(form, config, event.target));
  // A history's list follows its answer: restored, typed here, or changed in another tab.
  const draw = () => { for (const history of form.querySelectorAll("[data-history-of]")) drawHistory(history); };
  form.addEventListener("atn:answers", draw);
  form.addEventListener("input", (event) => {
    const history = event.target.closest?.("[data-history-of]");
    if (history) drawHistory(history);
  });
  draw();
  root.dataset.enhanced = "true";
}

function drawHistory(history) {
  const lines = historyLines(history);
  const list = lines.length
    ? element("ol", {}, lines.map((line) => element("li", { textContent: line })))
    : element("p", { className: "atn-history__empty", textContent: t("form.history-empty") });
  history.querySelector("[data-history-list]").replaceChildren(list);
}

/** The answer just given to `id`, with today's date, at the end of each history that follows it. */
function recordHistory(scope, id, value) {
  for (const history of scope.querySelectorAll(`[data-history-of="${CSS.escape(id)}"]`)) {
    if (history.parentElement !== controlsOf(scope, id)[0]?.closest("[data-field-root]")?.parentElement) continue;
    const control = history.querySelector(":scope > [data-field]");
    const entries = [...historyEntries(control.value), { date: localDay(), value }];
    const text = historyText(entries, Number(history.dataset.historyKeep));
    if (text === control.value) continue;
    control.value = text;
    control.dispatchEvent(new Event("input", { bubbles: true }));
  }
}

function answered(form, config, control) {
  const id = control.dataset?.field;
  if (!id) return;
  const scope = control.closest("[data-row]") ?? form;
  const value = valueOf(scope, id);
  if (!value) return;
  recordHistory(scope, id, value);
  const first = config.keep_first[id];
  if (first && !valueOf(scope, first)) setValue(scope, first, value);
  for (const stamp of config.date_stamps) {
    if (stamp.when !== id || (stamp.values.length && !stamp.values.includes(value))) continue;
    const where = scope.querySelector(`[data-field="${CSS.escape(stamp.date)}"]`) ? scope : form;
    if (stamp.replace || !valueOf(where, stamp.date)) setValue(where, stamp.date, localDay());
  }
}

function controlsOf(scope, id) {
  return [...scope.querySelectorAll(`[data-field="${CSS.escape(id)}"]`)];
}

function valueOf(scope, id) {
  const controls = controlsOf(scope, id);
  const control = controls.length > 1 ? controls.find((c) => c.checked) : controls[0];
  return control ? control.value : "";
}

function setValue(scope, id, value) {
  const controls = controlsOf(scope, id);
  const control = controls.length > 1 ? controls.find((c) => c.value === value) : controls[0];
  if (!control || (controls.length === 1 && control.value === value)) return;
  if (controls.length > 1) control.checked = true;
  else control.value = value;
  for (const type of ["input", "change"]) control.dispatchEvent(new Event(type, { bubbles: true }));
}

// The page loads this module (macros/render.py): start now, before Material's bundle runs.
startRoots("progress", init);
