// The one-to-one agenda: what the reader would raise, built from their answers in other
// worksheets (data: agenda). It shows an answer only where the copy to share would: its section
// is shared (the data file's default, or the reader's own "off the copy to share" tick, saved as
// `private--<section>`) and its question is not private. Which fields, and whether each is
// private, comes from the data (data-config), never from names written here. Answers are read
// through the forms' own checked path (store.readForm: migrate, then validate).

import { readForm } from "../storage/store.mjs";
import { biggestGaps } from "../gap-chart/gaps.mjs";
import { element as el, longDate } from "../shared/dom.mjs";
import { keptInStep, startRoots } from "../shared/start.mjs";
import { t } from "../shared/strings.mjs";

/** Start one agenda root (startRoots calls this once per root). */
export function init(root) {
  const config = JSON.parse(root.dataset.config);
  draw(root, config);
  shown.add(root);
  root.dataset.enhanced = "true";
}

// Back from the back-forward cache, or another tab saved: the other worksheets may have changed.
const shown = keptInStep((root) => draw(root, JSON.parse(root.dataset.config)), { storage: true });

function draw(root, config) {
  const saved = {};
  for (const [formId, definition] of Object.entries(config.definitions)) {
    const read = readForm(definition);
    if (!read.ok) return show(root, [el("p", { textContent: t("agenda.blocked") })]);
    saved[formId] = read.unreadable ? null : (read.record?.answers ?? {});
  }
  const items = config.items.map((item) => agendaItem(item, saved[item.form])).filter(Boolean);
  show(root, items.length ? [el("ul", { className: "atn-agenda__items" }, items)] : [el("p", { textContent: t("agenda.empty") })]);
}

function show(root, nodes) {
  root.querySelector("[data-agenda-body]").replaceChildren(...nodes);
  root.querySelector("[data-print-copy]").hidden = false;
}

/** True when the copy to share leaves this item out: its section or its question is private,
    or the reader kept this answer off (Check before you share). */
export function isPrivate(item, answers) {
  const tick = answers[`private--${item.section}`];
  return (typeof tick === "boolean" ? tick : item.section_private) || item.private || keptOff(answers, item.field);
}

/** The reader's own "keep this answer off the copy to share" tick (audience.mjs answerTick). */
function keptOff(answers, field) {
  return answers?.[`private-answer--${field}`] === true;
}

/** One agenda line, or null when there is nothing shared to show. */
function agendaItem(item, answers) {
  if (!answers || isPrivate(item, answers)) return null;
  const content = item.gaps ? gapList(item, answers) : item.columns ? rowList(item, answers) : answerText(item, answers[item.field]);
  if (!content) return null;
  const from = el("a", { href: item.url, textContent: item.form_title });
  const heading = el("p", { className: "atn-agenda__label" }, [el("strong", { textContent: item.label }),
    document.createTextNode(t("agenda.from")), from]);
  return el("li", {}, [heading, typeof content === "string" ? el("p", { textContent: content }) : content]);
}

function answerText(item, value) {
  if (typeof value !== "string" || !value.trim()) return "";
  return item.type === "date" ? longDate(value) : value.trim();
}

function gapList(item, answers) {
  const { name, today, needed } = item.gaps.chart;
  const rows = (Array.isArray(answers[item.field]) ? answers[item.field] : [])
    .filter((row) => ![name, today, needed].some((field) => keptOff(row, field)));
  const gaps = biggestGaps(rows, item.gaps.chart, item.gaps.count);
  if (!gaps.length) return null;
  return el("ul", {}, gaps.map((gap) => el("li", {}, [el("strong", { textContent: gap.name }),
    document.createTextNode(t("gaps.details", { today: gap.today, needed: gap.needed }))])));
}

/** A group's rows: the first column names the row, the other shared columns follow it. */
function rowList(item, answers) {
  const [name, ...rest] = item.columns.filter((column) => !column.private);
  if (!name) return null;
  const rows = (Array.isArray(answers[item.field]) ? answers[item.field] : [])
    .filter((row) => typeof row[name.id] === "string" && row[name.id].trim() && !keptOff(row, name.id));
  if (!rows.length) return null;
  return el("ul", {}, rows.map((row) => {
    const details = rest.filter((column) => !keptOff(row, column.id))
      .map((column) => [column, cellText(column, row[column.id])])
      .filter(([, text]) => text)
      .map(([column, text]) => t("agenda.detail", { label: column.label, answer: text }));
    return el("li", {}, [el("strong", { textContent: row[name.id].trim() }),
      document.createTextNode(details.length ? t("agenda.details", { details: details.join("; ") }) : "")]);
  }));
}

function cellText(column, value) {
  if (typeof value !== "string" || !value.trim()) return "";
  if (column.options) return column.options[value] ?? "";
  return column.type === "date" ? longDate(value) : value.trim();
}

// The page loads this module (macros/render.py): start now, before Material's bundle runs.
startRoots("agenda", init);
