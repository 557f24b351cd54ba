// Progress over time, declared in the worksheet's data file: `keep_first` keeps the first answer
// to a field in another one of the same row (the first rating, while "today" is re-rated), and
// `date_stamps` writes today's date beside an answer when the reader gives it (when a goal got
// under way, when the ratings were last changed). Values go in through the page's own controls,
// followed by the events typing would fire, so the form saves them like any answer; a date the
// reader typed is only replaced where the data says `replace`.

import { localDay } from "../shared/dom.mjs";
import { startRoots } from "../shared/start.mjs";

/** Start one root (startRoots calls this once per root). */
export function init(root) {
  const config = JSON.parse(root.dataset.config);
  const form = root.closest("[data-module='form']");
  form.addEventListener("change", (event) => answered(form, config, event.target));
  root.dataset.enhanced = "true";
}

function answered(form, config, control) {
  const id = control.dataset?.field;
  if (!id) return;
  const scope = control.closest("[data-row]") ?? form;
  const value = valueOf(scope, id);
  if (!value) return;
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
