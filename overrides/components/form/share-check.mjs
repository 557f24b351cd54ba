// Check before you share (GOV.UK's check-your-answers pattern): before the copy to share prints
// or is copied, the reader sees exactly what their manager will get, built by the same function
// that prints it (print.mjs buildRecord), and can make any single answer private from there.
// A shared text answer that mentions leaving (the word list in the strings file) is flagged, with
// the same one-click "make private". Loaded on first use, from actions.mjs.

import { element } from "../shared/dom.mjs";
import { t } from "../shared/strings.mjs";
import { answerTick, mentionsLeaving } from "./audience.mjs";
import { buildRecord } from "./print.mjs";
import { questionOf } from "./fields.mjs";

/** Open the check for `form`; `finish` prints or copies once the reader is happy. */
export function checkBeforeSharing(form, mode, finish) {
  const dialog = dialogOf(form.root);
  dialog.atnFinish = finish;
  const go = dialog.querySelector("[data-share-go]");
  go.textContent = mode === "copy" ? t("share.copy") : t("share.print");
  fill(dialog, form);
  dialog.showModal();
  dialog.querySelector("h2").focus();
}

/** The dialog of a form, made once per root. */
function dialogOf(root) {
  let dialog = root.querySelector(":scope > dialog[data-share-check]");
  if (dialog) return dialog;
  const id = `${root.id || "form"}-share-check`;
  const heading = element("h2", { id, tabIndex: -1, textContent: t("share.check-title") });
  const go = element("button", { type: "button", className: "md-button md-button--primary" });
  go.dataset.shareGo = "";
  const back = element("button", { type: "button", className: "md-button", textContent: t("share.back") });
  const status = element("p", { className: "atn-status" });
  status.setAttribute("role", "status");
  dialog = element("dialog", { className: "atn-share-check" }, [
    heading,
    element("p", { textContent: t("share.check-intro") }),
    element("div", { className: "atn-share-check__copy" }),
    status,
    element("div", { className: "atn-share-check__buttons" }, [go, back]),
  ]);
  dialog.dataset.shareCheck = "";
  dialog.setAttribute("aria-labelledby", id);
  back.addEventListener("click", () => dialog.close());
  go.addEventListener("click", () => {
    dialog.close();
    dialog.atnFinish();
  });
  root.append(dialog);
  return dialog;
}

/** Show the copy to share as it will print, with "make private" on every answer. */
function fill(dialog, form) {
  const copy = dialog.querySelector(".atn-share-check__copy");
  const record = buildRecord(form.root);
  if (!record) {
    copy.replaceChildren(element("p", { textContent: t("share.check-empty") }));
    return;
  }
  delete record.dataset.printRecord; // the printed one is built afresh; this one stays in the dialog
  record.dataset.sharePreview = "";
  for (const item of record.querySelectorAll(".atn-record__item")) {
    const field = item.atnSource;
    if (field && answerTick(field)) item.append(controls(dialog, form, field));
  }
  copy.replaceChildren(record);
}

/** Under an answer: the flag when it mentions leaving, and the button that makes it private. */
function controls(dialog, form, field) {
  const question = questionOf(field);
  const button = element("button", { type: "button", className: "md-button", textContent: t("share.make-private", { question }) });
  button.addEventListener("click", () => makePrivate(dialog, form, field, question));
  const parts = [button];
  const control = field.querySelector(":scope > [data-field]");
  if (control && control.type !== "date" && mentionsLeaving(control.value)) {
    parts.unshift(element("p", { className: "atn-share-check__flag", textContent: t("share.leaving-flag") }));
  }
  const box = element("dd", { className: "atn-share-check__controls" }, parts);
  box.dataset.previewControl = "";
  return box;
}

/** Tick the answer's own "keep off the copy to share" (saved like any answer), then show the copy again. */
function makePrivate(dialog, form, field, question) {
  const buttons = [...dialog.querySelectorAll(".atn-share-check__controls button")];
  const index = buttons.findIndex((button) => button.textContent === t("share.make-private", { question }));
  const tick = answerTick(field);
  tick.checked = true;
  tick.dispatchEvent(new Event("change", { bubbles: true }));
  fill(dialog, form);
  dialog.querySelector("[role=status]").textContent = t("share.made-private", { question });
  // Focus stays in the list: the next answer's button, else the heading.
  const next = dialog.querySelectorAll(".atn-share-check__controls button")[index];
  (next ?? dialog.querySelector("h2")).focus();
}
