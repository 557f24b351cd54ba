// "Your biggest gaps": the top three gaps of another worksheet's gap chart (the self-assessment),
// read from saved answers through the forms' own checked path (store.readForm), each with a
// button that starts a row in this form titled with that skill. The row is filled through the
// page's own controls (an empty row, or "Add another"), so the form saves it like any typing;
// nothing already typed is ever overwritten.

import { readForm } from "../storage/store.mjs";
import { biggestGaps } from "../gap-chart/gaps.mjs";
import { element as el } from "../shared/dom.mjs";
import { startRoots } from "../shared/start.mjs";
import { t } from "../shared/strings.mjs";

/** Start one list root (startRoots calls this once per root). */
export function init(root) {
  const source = JSON.parse(root.dataset.config);
  const target = JSON.parse(root.dataset.target);
  root.querySelector("[data-gap-list-body]").replaceChildren(...content(source, target, root));
  root.dataset.enhanced = "true";
}

function content(source, target, root) {
  const title = source.definition.title.toLowerCase();
  const open = el("p", {}, [el("a", { href: source.url, textContent: t("glance.open", { title }) })]);
  const read = readForm(source.definition);
  if (!read.ok) return [el("p", { textContent: t("gaps.blocked") })];
  if (read.unreadable) return [el("p", { textContent: t("gaps.unreadable", { title }) }), open];
  const gaps = biggestGaps(read.record?.answers[source.chart.group], source.chart);
  if (!gaps.length) return [el("p", { textContent: t("gaps.none", { title }) }), open];
  const items = gaps.map((gap) => {
    const button = el("button", { type: "button", className: "md-button", textContent: t("gaps.start-goal", { name: gap.name }) });
    button.addEventListener("click", () => startRow(root, target, gap.name));
    const details = t("gaps.details", { today: gap.today, needed: gap.needed });
    return el("li", {}, [el("strong", { textContent: gap.name }), document.createTextNode(details), button]);
  });
  return [el("p", { textContent: t("gaps.intro", { title }) }), el("ol", { className: "atn-gap-list__items" }, items), open];
}

/** Put `name` in the first row whose fields are all empty, or in a new row; never over an answer. */
function startRow(root, target, name) {
  const form = root.closest("[data-module='form']");
  const group = form.querySelector(`[data-group="${CSS.escape(target.group)}"]`);
  const status = root.querySelector("[data-gap-list-status]");
  const rows = () => [...group.querySelectorAll("[data-rows] > [data-row]")];
  const field = (row) => row.querySelector(`[data-field="${CSS.escape(target.field)}"]`);
  const rowName = (row) => row.querySelector("[data-row-name]").textContent.toLowerCase();
  const same = rows().find((row) => field(row).value.trim().toLowerCase() === name.toLowerCase());
  if (same) {
    field(same).focus();
    status.textContent = t("gaps.already", { name, row: rowName(same) });
    return;
  }
  let row = rows().find(isEmpty);
  if (!row) {
    const add = group.querySelector('[data-action="add-row"]');
    if (add.hidden || add.disabled) {
      status.textContent = t("gaps.full", { item: group.dataset.itemName });
      return;
    }
    add.click();
    row = rows().pop();
  }
  const input = field(row);
  input.value = name;
  input.dispatchEvent(new Event("input", { bubbles: true }));
  input.focus();
  status.textContent = t("gaps.added", { name, row: rowName(row) });
}

function isEmpty(row) {
  return [...row.querySelectorAll("[data-field]")].every((control) =>
    (control.type === "radio" || control.type === "checkbox" ? !control.checked : control.value === ""));
}

// The page loads this module (macros/render.py): start now, before Material's bundle runs.
startRoots("gap-list", init);
