// Who an answer is for: the one filter that print, "Copy as text" and Check before you share
// apply, so the copy to share leaves out the same answers on paper and in an e-mail.
//
// The invariant: a copy to share is a function of the shared answers only. Privacy is set per
// question or section (data file), or per answer by the reader, never by the answer chosen; and
// nothing on the copy (a count, a completeness line, a heading, a layout) exists only because a
// private answer does. A section is private when its "off the copy to share" box is ticked
// (ticked by default where the data file says private); a question is private when the data file
// says so, when the reader ticked "keep this answer off", or when the question that revealed it is.
// A worksheet private as a whole (the starting point) has nothing on the copy but its title.
// Export is the full backup and never filters.

import { shareChosen } from "./copy-choice.mjs";
import { historySource } from "./fields.mjs";
import { t } from "../shared/strings.mjs";

/** True when print and Copy as text give the copy to share for this form (never a checklist's). */
export function shareCopyChosen(root) {
  return root.dataset.worksheet !== undefined && shareChosen();
}

/** True when the whole worksheet stays with the reader (data file: `audience: private`). */
export function formIsPrivate(root) {
  return root.dataset.formAudience === "private";
}

/** True when the whole section stays off the copy to share. */
export function sectionIsPrivate(section) {
  return section.querySelector(':scope > .atn-audience input[type="checkbox"]')?.checked === true;
}

/** True when this answer stays off the copy to share: the question, the reader's own tick on
    this answer, or the question whose option revealed it (or that a history follows) is private. */
export function answerIsPrivate(fieldRoot) {
  // A history (the dates of a goal's status) says what its question says: private with it.
  const source = fieldRoot.dataset.historyOf && historySource(fieldRoot);
  if (source && answerIsPrivate(source)) return true;
  for (let field = fieldRoot; field; field = field.parentElement?.closest("[data-field-root]")) {
    if (field.dataset.audience === "private") return true;
    if (answerTick(field)?.checked) return true;
  }
  return false;
}

/** The reader's own "keep this answer off the copy to share" box of a question (right after it). */
export function answerTick(fieldRoot) {
  const next = fieldRoot.nextElementSibling;
  return next?.matches("[data-answer-private]") ? next.querySelector("input") : null;
}

/** What a component drew from the answers in a section (a one-to-one's agenda, a gap chart's
    table), for print and Copy as text alike; on the copy to share only when no answer of the
    section it sits in is private. */
export function drawnParts(section, share) {
  if (share && [...section.querySelectorAll("[data-field-root]")].some(answerIsPrivate)) return [];
  return [...section.querySelectorAll(":scope > * > [data-print-copy]:not([hidden])")];
}

let leavingWords = null;

/** True when a text answer mentions leaving (the word list lives in the strings file). */
export function mentionsLeaving(text) {
  if (!leavingWords) {
    const words = t("share.leaving-words").split(",").map((word) => word.trim()).filter(Boolean)
      .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\s+/g, "\\s+"));
    // Whole words only, without lookbehind (Safari before 16.4 has none).
    leavingWords = new RegExp(`(?:^|[^\\p{L}\\p{N}])(?:${words.join("|")})(?![\\p{L}\\p{N}])`, "iu");
  }
  return leavingWords.test(text);
}
