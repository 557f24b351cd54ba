// The answers as plain text for an e-mail or a meeting agenda: headings, questions and
// answers in page order, nothing that was left empty. Read from the page, like print: what the
// reader sees is what is copied, even an answer storage refused to keep.
// The copy to share leaves out what print leaves out: one filter for both (audience.mjs).

import { answerText, questionOf, sectionTitleOf } from "./fields.mjs";
import { answerIsPrivate, leftOutLine, sectionIsPrivate, shareCopyChosen } from "./audience.mjs";

export function plainText(root, title) {
  const blocks = [underline(title, "=")];
  const share = shareCopyChosen(root);
  let leftOut = 0;
  for (const section of root.querySelectorAll(".atn-section")) {
    const all = answersIn(section, false);
    const answered = share && sectionIsPrivate(section) ? [] : answersIn(section, share);
    if (answered.length < all.length) leftOut += 1;
    if (answered.length) blocks.push(underline(sectionTitleOf(section), "-"), ...answered);
  }
  if (share) blocks.push(leftOutLine(leftOut));
  return `${blocks.join("\n\n")}\n`;
}

/** The answered questions in `scope`; `share`: without the private ones. */
function answersIn(scope, share) {
  const out = [];
  for (const field of scope.querySelectorAll("[data-field-root], [data-row-name]")) {
    if (field.matches("[data-row-name]")) {
      if (hasAnswer(field.closest("[data-row]"), share)) out.push(field.textContent.trim());
      continue;
    }
    if (field.closest("[hidden]")) continue; // a follow-up for an option not chosen
    if (share && answerIsPrivate(field)) continue;
    const answer = answerText(field);
    if (answer) out.push(`${questionOf(field)}\n${answer.text}`);
  }
  return out;
}

function hasAnswer(row, share) {
  return [...row.querySelectorAll("[data-field-root]")].some((field) => answerText(field) && !(share && answerIsPrivate(field)));
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
