// The skill-gap picture: a chart (inline SVG) and a table of each row's ratings, biggest gap
// first, redrawn as the reader answers. Which group and fields it compares comes from the
// worksheet's gap_chart in data/ (data-config), never from names written here. It starts inside
// its form, before the form restores: the form's "atn:answers" event (restore, other tabs,
// Clear, Import, a removed row) and the reader's own input redraw it in the same task, so the
// restored picture is on the first paint and nothing moves after it.

import { gapsOf } from "./gaps.mjs";
import { startRoots } from "../shared/start.mjs";
import { t } from "../shared/strings.mjs";

const SVG = "http://www.w3.org/2000/svg";
// The chart's own units: 360 wide, so its text is about the body's size on a phone.
const WIDTH = 360, LEFT = 14, RIGHT = 346, TOP = 30, ROW = 44, LABEL_CHARS = 46;

/** Start one chart root (startRoots calls this once per root). */
export function init(root) {
  const config = JSON.parse(root.dataset.config);
  const form = root.closest("[data-module='form']");
  const compared = new Set([config.name, config.today, config.needed, config.others]);
  const draw = () => render(root, config, rowsOnPage(form, config));
  // Typing in any other field (the evidence, say) leaves the picture as it is.
  const onInput = (event) => { if (compared.has(event.target.dataset?.field)) draw(); };
  for (const type of ["input", "change"]) form.addEventListener(type, onInput);
  form.addEventListener("atn:answers", draw);
  draw();
  root.dataset.enhanced = "true";
}

/** The group's rows as plain answers, as the page shows them now. */
function rowsOnPage(form, config) {
  const group = form.querySelector(`[data-group="${CSS.escape(config.group)}"]`);
  const fields = [config.name, config.today, config.needed, config.others].filter(Boolean);
  return [...group.querySelectorAll("[data-rows] > [data-row]")].map((row) => Object.fromEntries(fields.map((id) => {
    const controls = [...row.querySelectorAll(`[data-field="${CSS.escape(id)}"]`)];
    const value = controls.length > 1 ? (controls.find((c) => c.checked)?.value ?? "") : (controls[0]?.value ?? "");
    return [id, value];
  })));
}

function render(root, config, rows) {
  const gaps = gapsOf(rows, config);
  root.querySelector("[data-gaps-empty]").hidden = gaps.length > 0;
  root.querySelector("[data-print-copy]").hidden = gaps.length === 0;
  drawChart(root.querySelector("[data-gaps-chart]"), config, gaps);
  fillTable(root.querySelector("[data-gaps-rows]"), config, gaps);
}

function drawChart(svg, config, gaps) {
  const height = TOP + gaps.length * ROW + 28;
  svg.setAttribute("viewBox", `0 0 ${WIDTH} ${height}`);
  svg.setAttribute("aria-label", t("gaps.chart-name", { title: config.title, count: gaps.length }));
  const parts = [];
  for (let point = 1; point <= 5; point += 1) {
    parts.push(svgNode("line", { class: "atn-gaps__grid", x1: x(point), x2: x(point), y1: TOP - 8, y2: height - 26 }));
    parts.push(svgNode("text", { class: "atn-gaps__tick", x: x(point), y: TOP - 14, "text-anchor": "middle" }, String(point)));
  }
  gaps.forEach((gap, index) => parts.push(...skillLine(gap, TOP + index * ROW)));
  const legend = [t("gaps.legend-today"), t("gaps.legend-needed"), config.others ? t("gaps.legend-others") : ""].filter(Boolean).join("   ");
  parts.push(svgNode("text", { class: "atn-gaps__legend", x: LEFT, y: height - 8 }, legend));
  svg.replaceChildren(...parts);
}

/** One skill: its name, then a line from today to what is needed, with a mark for each rating. */
function skillLine(gap, top) {
  const y = top + 26;
  const name = gap.name.length > LABEL_CHARS ? `${gap.name.slice(0, LABEL_CHARS - 1)}…` : gap.name;
  const parts = [svgNode("text", { class: "atn-gaps__name", x: LEFT, y: top + 12 }, name)];
  if (gap.today !== null && gap.needed !== null) {
    parts.push(svgNode("line", { class: "atn-gaps__line", x1: x(gap.today), x2: x(gap.needed), y1: y, y2: y }));
  }
  if (gap.others !== null) {
    const cx = x(gap.others);
    parts.push(svgNode("path", { class: "atn-gaps__others", d: `M${cx} ${y - 8}L${cx + 8} ${y}L${cx} ${y + 8}L${cx - 8} ${y}Z` }));
  }
  if (gap.needed !== null) parts.push(svgNode("rect", { class: "atn-gaps__needed", x: x(gap.needed) - 6, y: y - 6, width: 12, height: 12 }));
  if (gap.today !== null) parts.push(svgNode("circle", { class: "atn-gaps__today", cx: x(gap.today), cy: y, r: 6 }));
  return parts;
}

function fillTable(body, config, gaps) {
  const number = (value) => (value === null ? "—" : String(value));
  body.replaceChildren(...gaps.map((gap) => {
    const row = document.createElement("tr");
    const name = document.createElement("th");
    name.scope = "row";
    name.textContent = gap.name;
    const cells = [gap.today, gap.needed, gap.gap, ...(config.others ? [gap.others] : [])].map((value) => {
      const cell = document.createElement("td");
      cell.textContent = number(value);
      return cell;
    });
    row.append(name, ...cells);
    return row;
  }));
}

function x(point) {
  return LEFT + ((point - 1) * (RIGHT - LEFT)) / 4;
}

function svgNode(tag, attributes, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

// The page loads this module (macros/render.py): start now, before Material's bundle runs.
startRoots("gap-chart", init);
