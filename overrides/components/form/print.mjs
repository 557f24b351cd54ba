// Printing a worksheet or checklist. The filled copy is a record for a conversation, built from
// the form's current answers just before printing and removed afterwards: the title, the date,
// each answered question with its answer, and one line on what was left blank. The blank copy is
// the paper version the macro renders from the definition alone (paper.html), so it can never
// carry an answer. form.css shows one or the other in print, according to <html data-atn-print>.
// The copy to share (audience.mjs) leaves private answers out of the record itself: they are
// never in the printed page, not even hidden. User text only ever goes in through .textContent.

import { element, localDay, longDate } from "../shared/dom.mjs";
import { answerText, questionOf, sectionTitleOf } from "./fields.mjs";
import { t } from "../shared/strings.mjs";
import { answerIsPrivate, leftOutLine, sectionIsPrivate, shareCopyChosen } from "./audience.mjs";
import { readRaw, NAMESPACE, writeRaw } from "../storage/store.mjs";

/** The optional name and role printed at the top of filled copies: one per browser, every form. */
const PAPER_NAME_KEY = `${NAMESPACE}paper-name`;

/** Pages after the first repeat the title, and the reader's name on a filled copy (form.css's
    @page reads this property: page-margin boxes inherit from the root element). */
const RUNNING_HEAD = "--atn-running-head";

const READY_FORMS = "[data-worksheet][data-enhanced], [data-checklist][data-enhanced]";
const html = document.documentElement;

/** Print from a button: "filled" (the blank copy when nothing is answered yet) or "blank". */
export function printForms(mode) {
  prepare(mode);
  window.print();
}

/** Set the page up for printing, once per print: a button's choice wins over the browser's own print. */
function prepare(mode) {
  if (html.dataset.atnPrint) return;
  let printed = "blank";
  if (mode !== "blank") {
    for (const root of document.querySelectorAll(READY_FORMS)) {
      const record = buildRecord(root);
      if (!record) continue;
      root.append(record);
      printed = "filled";
    }
  }
  html.dataset.atnPrint = printed;
  html.style.setProperty(RUNNING_HEAD, cssString(runningHead(printed)));
}

function reset() {
  for (const record of document.querySelectorAll("[data-print-record]")) record.remove();
  delete html.dataset.atnPrint;
  html.style.removeProperty(RUNNING_HEAD);
}

function runningHead(printed) {
  const form = document.querySelector(READY_FORMS);
  const title = form ? JSON.parse(form.dataset.definition).title : document.title;
  return [title, printed === "filled" ? readPaperName().name : ""].filter(Boolean).join(" · ");
}

/** Any text as a CSS string: only a backslash, a quote and a line break need escaping there. */
function cssString(text) {
  return `"${text.replace(/[\\"]/g, "\\$&").replace(/[\n\r\f]+/g, " ")}"`;
}

// The browser's own print (Ctrl+P, a phone's share sheet): the filled copy when there are answers,
// else the blank one. Bound once per visit: instant navigation keeps this module loaded.
window.addEventListener("beforeprint", () => prepare("filled"));
window.addEventListener("afterprint", reset);

// Building the record ----------------------------------------------------------------------------

/** The record of one form, or null when it holds no answer (then the blank copy prints). */
function buildRecord(root) {
  const title = JSON.parse(root.dataset.definition).title;
  const isChecklist = root.dataset.checklist !== undefined;
  const share = !isChecklist && shareCopyChosen(root);
  const tally = { answered: 0, blank: 0, ticks: 0, checks: 0, share, leftOut: new Set() };
  const sections = [...root.querySelectorAll(":scope > .atn-section")]
    .map((section) => (isChecklist ? checklistSection(section, tally) : worksheetSection(section, tally)))
    .filter(Boolean);
  if (!tally.answered && !tally.ticks && !tally.leftOut.size) return null;
  const summary = [isChecklist ? ticked(tally) : leftBlank(tally)];
  if (share) summary.push(leftOutLine(tally.leftOut.size));
  const record = block("div", "atn-record", [
    block("p", "atn-record__title", title),
    block("p", "atn-record__meta", metaLine(share ? t("print.share-copy") : "")),
    // Under the date, not at the end: a line alone must never take a page of its own.
    ...summary.map((line) => block("p", "atn-record__summary", line)),
    ...sections,
  ]);
  record.dataset.printRecord = "";
  return record;
}

function leftBlank({ blank }) {
  return blank ? t("print.left-blank", { count: blank }) : t("print.all-answered");
}

function ticked({ ticks, checks }) {
  return t("print.ticked", { ticks, checks });
}

/** "Copy to share · Ana Reyes, Analyst · Printed on 6 December 2026". */
function metaLine(copy) {
  const { name, role } = readPaperName();
  const who = [name, role].filter(Boolean).join(", ");
  return [copy, who, t("print.printed-on", { date: longDate(localDay()) })].filter(Boolean).join(" · ");
}

function worksheetSection(section, tally) {
  if (tally.share && sectionIsPrivate(section)) {
    // Walked only to learn whether it holds an answer to leave out; nothing of it is kept.
    const probe = { answered: 0, blank: 0, share: false, leftOut: new Set() };
    worksheetSection(section, probe);
    if (probe.answered) tally.leftOut.add(section);
    return null;
  }
  tally.section = section;
  const items = [];
  for (const part of section.querySelectorAll(":scope > [data-field-root], :scope > [data-group]")) {
    if (part.dataset.group) items.push(...groupRows(part, tally));
    else items.push(...answerItems(part, tally));
  }
  if (!items.length) return null;
  return block("section", "", [
    block("h2", "atn-record__heading", sectionTitleOf(section)),
    ...drawnFrom(section), // the picture first (a gap table): what a reader of the copy looks for
    ...blocks(items),
  ]);
}

/** What a component drew from the answers (a gap chart and its table) prints as it shows. */
function drawnFrom(section) {
  return [...section.querySelectorAll(":scope > * > [data-print-copy]:not([hidden])")].map((drawn) => {
    const copy = drawn.cloneNode(true);
    for (const node of [copy, ...copy.querySelectorAll("[id]")]) node.removeAttribute("id");
    return copy;
  });
}

/** Consecutive question/answer items share one list; a group's rows stand on their own. */
function blocks(items) {
  const out = [];
  for (const item of items) {
    if (item.tagName !== "DIV" || !item.classList.contains("atn-record__item")) out.push(item);
    else if (out[out.length - 1]?.tagName === "DL") out[out.length - 1].append(item); // no .at(): Safari before 15.4
    else out.push(block("dl", "atn-record__list", [item]));
  }
  return out;
}

/** The answer to one question, then the answers to the follow-ups of the option chosen. */
function answerItems(fieldRoot, tally) {
  const answer = answerText(fieldRoot);
  if (tally.share && answerIsPrivate(fieldRoot)) {
    if (answer) tally.leftOut.add(tally.section);
    return [];
  }
  if (!answer) {
    tally.blank += 1;
    return [];
  }
  tally.answered += 1;
  const items = [questionItem(questionOf(fieldRoot), answer)];
  const reveal = chosenReveal(fieldRoot);
  for (const follow of reveal ? reveal.querySelectorAll(":scope > [data-field-root]") : []) {
    items.push(...answerItems(follow, tally));
  }
  return items;
}

/** Filled rows only, numbered as printed ("Goal 1", "Goal 2"); empty rows are left out. */
function groupRows(group, tally) {
  const name = group.dataset.itemName;
  const rows = [];
  for (const row of group.querySelectorAll("[data-rows] > [data-row]")) {
    const rowTally = { answered: 0, blank: 0, share: tally.share, leftOut: tally.leftOut, section: tally.section };
    const fields = row.querySelectorAll(":scope > fieldset > [data-field-root]");
    const items = [...fields].flatMap((field) => answerItems(field, rowTally));
    if (!rowTally.answered) continue;
    tally.answered += rowTally.answered;
    tally.blank += rowTally.blank;
    const title = `${name.charAt(0).toUpperCase()}${name.slice(1)} ${rows.length + 1}`;
    rows.push(block("div", "atn-record__row", [block("h3", "atn-record__row-title", title), ...blocks(items)]));
  }
  return rows;
}

function chosenReveal(fieldRoot) {
  const chosen = fieldRoot.querySelector(":scope > .atn-options input:checked");
  return chosen ? fieldRoot.querySelector(`:scope > [data-reveal-for="${CSS.escape(chosen.value)}"]`) : null;
}

function questionItem(question, { text, wide }) {
  return block("div", `atn-record__item${wide ? " atn-record__item--wide" : ""}`, [
    block("dt", "atn-record__q", question),
    block("dd", "atn-record__a", text),
  ]);
}

function checklistSection(section, tally) {
  const items = [...section.querySelectorAll(".atn-check")].map((check) => {
    const done = check.querySelector("input[type=checkbox]").checked;
    tally.checks += 1;
    if (done) tally.ticks += 1;
    // The box and its tick are drawn by CSS, so they print the same whatever fonts are installed.
    const box = block("span", `atn-record__box${done ? " atn-record__box--ticked" : ""}`, "");
    return block("li", "", [box, block("span", "", check.querySelector("label").textContent.trim())]);
  });
  return block("section", "", [
    block("h2", "atn-record__heading", sectionTitleOf(section)),
    block("ul", "atn-record__checks", items),
  ]);
}

// The name on paper ------------------------------------------------------------------------------

/** {name, role} as the reader last entered them in this browser; empty by default. */
export function readPaperName() {
  try {
    const saved = JSON.parse(readRaw(PAPER_NAME_KEY).raw ?? "{}");
    return { name: String(saved.name ?? "").trim(), role: String(saved.role ?? "").trim() };
  } catch {
    return { name: "", role: "" };
  }
}

/** Fill the form's name and role boxes and save what the reader types into them. */
export function startPaperName(root) {
  const inputs = root.querySelectorAll("[data-paper-name]");
  if (!inputs.length) return;
  const saved = readPaperName();
  for (const input of inputs) input.value = saved[input.dataset.paperName] ?? "";
  root.addEventListener("input", (event) => {
    if (!event.target.matches?.("[data-paper-name]")) return;
    const next = readPaperName();
    next[event.target.dataset.paperName] = event.target.value;
    writeRaw(PAPER_NAME_KEY, JSON.stringify(next));
  });
}

// Small helpers ----------------------------------------------------------------------------------

/** An element of the record: `content` is its text, or a list of child elements. */
function block(tag, className, content) {
  return Array.isArray(content) ? element(tag, { className }, content) : element(tag, { className, textContent: content });
}
