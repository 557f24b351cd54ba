// The answers as plain text for an e-mail or a meeting agenda: headings, questions and
// answers in page order, nothing that was left empty. Read from the page, so it needs no setup.

import { longDate } from "../shared/dom.mjs";
import { questionOf, sectionTitleOf } from "./fields.mjs";

export function plainText(root, title) {
  const blocks = [underline(title, "=")];
  for (const section of root.querySelectorAll(".atn-section")) {
    const answered = answersIn(section);
    if (answered.length) blocks.push(underline(sectionTitleOf(section), "-"), ...answered);
  }
  return `${blocks.join("\n\n")}\n`;
}

function answersIn(scope) {
  const out = [];
  for (const field of scope.querySelectorAll("[data-field-root], [data-row-name]")) {
    if (field.matches("[data-row-name]")) {
      if (hasAnswer(field.closest("[data-row]"))) out.push(field.textContent.trim());
      continue;
    }
    if (field.closest("[hidden]")) continue; // a follow-up for an option not chosen
    const answer = answerOf(field);
    if (answer) out.push(`${questionOf(field)}\n${answer}`);
  }
  return out;
}

function hasAnswer(row) {
  return [...row.querySelectorAll("[data-field-root]")].some((field) => answerOf(field));
}

function answerOf(field) {
  const checked = field.querySelector(":scope > .atn-options input:checked, :scope > .atn-scale input:checked");
  if (checked) return field.querySelector(`label[for="${CSS.escape(checked.id)}"]`).textContent.trim().replace(/\s+/g, " ");
  const control = field.querySelector(":scope > input[type=text], :scope > input[type=date], :scope > textarea");
  if (!control || !control.value.trim()) return "";
  return control.type === "date" ? longDate(control.value) : control.value.trim();
}

function underline(text, mark) {
  return `${text}\n${mark.repeat(Math.min(text.length, 60))}`;
}

/** Put text on the clipboard; the reader's click makes this allowed. */
export async function copy(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
