// Who an answer is for: the one filter that both print and "Copy as text" apply, so the copy to
// share leaves out the same answers on paper and in an e-mail. A section is private when its
// "off the copy to share" box is ticked (ticked by default where the data file says private);
// inside a shared section a question, or a chosen option, can be private on its own
// (data-audience="private", from the data file). Export is the full backup and never filters.

import { t } from "../shared/strings.mjs";

/** True when the reader chose "A copy to share" for this form. */
export function shareCopyChosen(root) {
  return root.querySelector('[data-field="copy--print"]:checked')?.value === "share";
}

/** True when the whole section stays off the copy to share. */
export function sectionIsPrivate(section) {
  return section.querySelector(':scope > .atn-audience input[type="checkbox"]')?.checked === true;
}

/** True when this answer stays off the copy to share: the question, the option chosen, or the
    question whose option revealed it is private. */
export function answerIsPrivate(fieldRoot) {
  for (let field = fieldRoot; field; field = field.parentElement?.closest("[data-field-root]")) {
    if (field.dataset.audience === "private") return true;
    if (field.querySelector(':scope > .atn-options input:checked')?.dataset.audience === "private") return true;
  }
  return false;
}

/** "2 private sections left out" (the last line of a copy to share). */
export function leftOutLine(count) {
  return t("print.left-out", { count });
}
