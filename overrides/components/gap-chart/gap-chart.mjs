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
// The chart's own units: 360 wide, drawn at about 300 px on a 360 px phone, so text of 16 units
// stays above 12 px there. The scale's words sit on the first line, the points under them.
const WIDTH = 360, LEFT = 44, RIGHT = 316, TOP = 46, ROW = 54, LABEL_CHARS = 36;
// Marks of equal ratings sit side by side, this far apart (each is 18 units wide with its outline).
const SPREAD = 22;
// Each mark: its own shape, filled or hollow, always outlined, so it reads without color.
const MARKS = {
  first: (cx, cy) => svgNode("path", { class: "atn-gaps__mark atn-gaps__first", d: `M${cx} ${cy - 8}L${cx + 8} ${cy + 7}L${cx - 8} ${cy + 7}Z` }),
  today: (cx, cy) => svgNode("circle", { class: "atn-gaps__mark atn-gaps__today", cx, cy, r: 7 }),
  needed: (cx, cy) => svgNode("rect", { class: "atn-gaps__mark atn-gaps__needed", x: cx - 7, y: cy - 7, width: 14, height: 14 }),
  others: (cx, cy) => svgNode("path", { class: "atn-gaps__mark atn-gaps__others", d: `M${cx} ${cy - 8}L${cx + 8} ${cy}L${cx} ${cy + 8}L${cx - 8} ${cy}Z` }),
};
const KINDS = ["first", "today", "needed", "others"];
const LEGEND = {
  first: () => t("gaps.legend-first"),
  today: () => t("gaps.legend-today"),
  needed: () => t("gaps.legend-needed"),
  others: () => t("gaps.legend-others"),
};

/** Start one chart root (startRoots calls this once per root). */
export function init(root) {
  const config = JSON.parse(root.dataset.config);
  const form = root.closest("[data-module='form']");
  const compared = new Set([config.name, config.today, config.needed, config.others, config.first]);
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
  const fields = [config.name, config.today, config.needed, config.others, config.first].filter(Boolean);
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
  drawLegend(root.querySelector("[data-gaps-legend]"), config);
  drawChart(root.querySelector("[data-gaps-chart]"), config, gaps);
  fillTable(root.querySelector("[data-gaps-rows]"), config, gaps);
}

/** The legend, above the chart: each mark drawn as in the chart, with its words. */
function drawLegend(list, config) {
  const kinds = KINDS.filter((kind) => kind === "today" || kind === "needed" || config[kind]);
  list.replaceChildren(...kinds.map((kind) => {
    const mark = document.createElementNS(SVG, "svg");
    for (const [name, value] of Object.entries({ class: "atn-gaps__key", viewBox: "-10 -10 20 20", width: 16, height: 16, "aria-hidden": "true" })) {
      mark.setAttribute(name, value);
    }
    mark.append(MARKS[kind](0, 0));
    const item = document.createElement("li");
    item.append(mark, document.createTextNode(LEGEND[kind]()));
    return item;
  }));
}

function drawChart(svg, config, gaps) {
  const height = TOP + gaps.length * ROW + 6;
  svg.setAttribute("viewBox", `0 0 ${WIDTH} ${height}`);
  svg.setAttribute("aria-label", t("gaps.chart-name", { title: config.title, count: gaps.length }));
  const parts = [
    svgNode("text", { class: "atn-gaps__end", x: 6, y: 16 }, t("gaps.scale-low")),
    svgNode("text", { class: "atn-gaps__end", x: WIDTH - 6, y: 16, "text-anchor": "end" }, t("gaps.scale-high")),
  ];
  for (let point = 1; point <= 5; point += 1) {
    parts.push(svgNode("line", { class: "atn-gaps__grid", x1: x(point), x2: x(point), y1: TOP - 6, y2: height - 4 }));
    parts.push(svgNode("text", { class: "atn-gaps__tick", x: x(point), y: TOP - 12, "text-anchor": "middle" }, String(point)));
  }
  gaps.forEach((gap, index) => parts.push(...skillLine(gap, TOP + index * ROW)));
  svg.replaceChildren(...parts);
}

/** Where each rated mark goes: marks of the same rating side by side around its point. */
export function markPlaces(gap) {
  const rated = KINDS.filter((kind) => gap[kind] !== null && gap[kind] !== undefined);
  const places = {};
  for (const kind of rated) {
    const same = rated.filter((other) => gap[other] === gap[kind]);
    places[kind] = x(gap[kind]) + (same.indexOf(kind) - (same.length - 1) / 2) * SPREAD;
  }
  return places;
}

/** One skill: its name, then a line from today to what is needed, with a mark for each rating. */
function skillLine(gap, top) {
  const y = top + 36;
  const name = gap.name.length > LABEL_CHARS ? `${gap.name.slice(0, LABEL_CHARS - 1)}…` : gap.name;
  const parts = [svgNode("text", { class: "atn-gaps__name", x: 6, y: top + 16 }, name)];
  const places = markPlaces(gap);
  if (gap.today !== null && gap.needed !== null) {
    parts.push(svgNode("line", { class: "atn-gaps__line", x1: places.today, x2: places.needed, y1: y, y2: y }));
  }
  for (const kind of KINDS) if (kind in places) parts.push(MARKS[kind](places[kind], y));
  return parts;
}

function fillTable(body, config, gaps) {
  const number = (value) => (value === null ? "—" : String(value));
  body.replaceChildren(...gaps.map((gap) => {
    const row = document.createElement("tr");
    const name = document.createElement("th");
    name.scope = "row";
    name.textContent = gap.name;
    const cells = [...(config.first ? [gap.first] : []), gap.today, gap.needed, gap.gap,
      ...(config.others ? [gap.others] : [])].map((value) => {
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
