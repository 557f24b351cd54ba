// Printing a worksheet or checklist. The filled copy is a record for a conversation, built from
// the form's current answers just before printing and removed afterwards: the title, the date,
// each answered question with its answer, and (on the reader's own copy) one line on what was
// left blank. The blank copy is the paper version the macro renders from the definition alone
// (paper.html), so it can never carry an answer. form.css shows one or the other in print,
// according to <html data-atn-print>; <html data-atn-print-copy> says which copy.
// The copy to share (audience.mjs) is a function of the shared answers only: private answers are
// never in the printed page, not even hidden, and nothing on it says that anything was left out.
// User text only ever goes in through .textContent.

import { element } from "../shared/dom.mjs";
import { answerText, chosenReveal, questionOf, rowTitle, sectionTitleOf } from "./fields.mjs";
import { t } from "../shared/strings.mjs";
import { answerIsPrivate, drawnParts, formIsPrivate, sectionIsPrivate, shareCopyChosen } from "./audience.mjs";
import { paperMeta, readPaperName, shareChosen } from "./copy-choice.mjs";

export { readPaperName };

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
  const share = shareChosen();
  for (const root of document.querySelectorAll(READY_FORMS)) {
    const record = mode === "blank" ? null : buildRecord(root);
    if (record) {
      root.append(record);
      printed = "filled";
    } else if (share && shareCopyChosen(root)) {
      markBlankShare(root);
    }
  }
  html.dataset.atnPrint = printed;
  html.dataset.atnPrintCopy = share ? "share" : "own";
  html.style.setProperty(RUNNING_HEAD, cssString(runningHead(printed)));
}

/** The blank copy to share: the sections the reader keeps off it are left out of the paper too. */
function markBlankShare(root) {
  const whole = formIsPrivate(root);
  for (const paper of root.querySelectorAll("[data-paper-section]")) {
    const section = root.querySelector(`.atn-section[aria-labelledby="${CSS.escape(paper.dataset.paperSection)}"]`);
    if (whole || (section && sectionIsPrivate(section))) paper.dataset.paperLeft = "";
  }
}

function reset() {
  for (const record of document.querySelectorAll("[data-print-record]")) record.remove();
  for (const paper of document.querySelectorAll("[data-paper-left]")) delete paper.dataset.paperLeft;
  delete html.dataset.atnPrint;
  delete html.dataset.atnPrintCopy;
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

// The browser's own print (Ctrl+P, a phone's share sheet): the chosen copy, filled when there are
// answers on it, else blank. Bound once per visit: instant navigation keeps this module loaded.
window.addEventListener("beforeprint", () => prepare("filled"));
window.addEventListener("afterprint", reset);

// Building the record ----------------------------------------------------------------------------

/** The record of one form as it prints now, or null when the copy holds no answer (then its
    blank copy prints). The copy to share counts shared answers only, so whether it is blank is a
    function of the shared answers too. */
export function buildRecord(root) {
  const title = JSON.parse(root.dataset.definition).title;
  const isChecklist = root.dataset.checklist !== undefined;
  const share = shareCopyChosen(root);
  if (share && formIsPrivate(root)) return recordOf(title, share, [block("p", "atn-record__summary", t("print.private-form"))]);
  const tally = { answered: 0, blank: 0, ticks: 0, checks: 0, share };
  const sections = [...root.querySelectorAll(":scope > .atn-section")]
    .map((section) => (isChecklist ? checklistSection(section, tally) : worksheetSection(section, tally)))
    .filter(Boolean);
  if (!tally.answered && !tally.ticks) return null;
  // What was left blank is the reader's own business: only their own copy says it.
  const summary = isChecklist ? [ticked(tally)] : share ? [] : [leftBlank(tally)];
  // Under the date, not at the end: a line alone must never take a page of its own.
  return recordOf(title, share, [...summary.map((line) => block("p", "atn-record__summary", line)), ...sections]);
}

function recordOf(title, share, parts) {
  const record = block("div", "atn-record", [
    block("p", "atn-record__title", title),
    block("p", "atn-record__meta", paperMeta(share)),
    ...parts,
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

function worksheetSection(section, tally) {
  if (tally.share && sectionIsPrivate(section)) return null;
  const items = [];
  for (const part of section.querySelectorAll(":scope > [data-field-root], :scope > [data-group]")) {
    if (part.dataset.group) items.push(...groupRows(part, tally));
    else items.push(...answerItems(part, tally));
  }
  // What a component drew (a one-to-one's agenda) prints even when no question here is answered.
  const drawn = drawnFrom(section, tally.share);
  if (!items.length && !drawn.length) return null;
  return block("section", "", [
    block("h2", "atn-record__heading", sectionTitleOf(section)),
    ...drawn, // the picture first (a gap table): what a reader of the copy looks for
    ...blocks(items),
  ]);
}

/** What a component drew from the answers (a gap chart and its table) prints as it shows; on the
    copy to share only when no answer it may be drawn from is private (audience.mjs drawnParts). */
function drawnFrom(section, share) {
  return drawnParts(section, share).map((drawn) => {
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
  if (tally.share && answerIsPrivate(fieldRoot)) return [];
  const answer = answerText(fieldRoot);
  if (!answer) {
    tally.blank += 1;
    return [];
  }
  tally.answered += 1;
  const item = questionItem(questionOf(fieldRoot), answer);
  item.atnSource = fieldRoot; // for Check before you share: the question this item answers
  const items = [item];
  const reveal = chosenReveal(fieldRoot);
  for (const follow of reveal ? reveal.querySelectorAll(":scope > [data-field-root]") : []) {
    items.push(...answerItems(follow, tally));
  }
  return items;
}

/** Filled rows only, numbered as printed ("Goal 1", "Goal 2"); empty rows are left out. */
function groupRows(group, tally) {
  const rows = [];
  for (const row of group.querySelectorAll("[data-rows] > [data-row]")) {
    const rowTally = { answered: 0, blank: 0, share: tally.share };
    const fields = row.querySelectorAll(":scope > fieldset > [data-field-root]");
    const items = [...fields].flatMap((field) => answerItems(field, rowTally));
    if (!rowTally.answered) continue;
    tally.answered += rowTally.answered;
    tally.blank += rowTally.blank;
    const title = rowTitle(group, rows.length + 1);
    rows.push(block("div", "atn-record__row", [block("h3", "atn-record__row-title", title), ...blocks(items)]));
  }
  return rows;
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

// Small helpers ----------------------------------------------------------------------------------

/** An element of the record: `content` is its text, or a list of child elements. */
function block(tag, className, content) {
  return Array.isArray(content) ? element(tag, { className }, content) : element(tag, { className, textContent: content });
}
