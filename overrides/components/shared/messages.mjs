// What a form tells its reader: a quiet status line ("Saved in this browser at 14:32") and a
// notice box for anything that needs attention, announced by screen readers (role=alert).
// A warning that answers are not being saved stays in the box, above any later message, until
// a save really succeeds.

import { element } from "./dom.mjs";
import { t } from "./strings.mjs";

const FAILURES = {
  quota: () => t("messages.failure-quota"),
  blocked: () => t("messages.failure-blocked"),
  unkept: () => t("messages.failure-unkept"),
};
const FAILURE_ACTIONS = { unkept: () => [["export-original", t("messages.download-original")]] };

export class Messages {
  constructor(root) {
    this.statusLine = root.querySelector("[data-status]");
    this.box = root.querySelector("[data-alert]");
    this.failure = ""; // why saving fails now, or ""
    this.message = null; // {tone, text, actions}: the latest other message
  }

  status(text) {
    this.statusLine.textContent = text;
  }

  saved(when) {
    const time = when.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    this.status(t("form.saved", { time }));
    if (this.failure) {
      this.failure = "";
      this.render();
    }
  }

  storageFailed(reason) {
    this.status(t("messages.not-saved"));
    if (this.failure === reason) return; // said once; repeating it on every keystroke is noise
    this.failure = reason;
    this.render();
  }

  /** An answer the form refuses to save as it is (the reader is still typing: focus stays). */
  notSaved(text) {
    this.status(t("messages.not-saved"));
    this.show("error", text, []);
  }

  restoredWithProblems(notice, keptAside) {
    const kept = keptAside ? t("messages.original-kept") : t("messages.original-not-kept");
    this.show("error", `${notice} ${kept}`, [["export-original", t("messages.download-original")]]);
  }

  staleKept(count) {
    this.show("info", t("messages.stale-kept", { count }), [["export", t("messages.export")]]);
  }

  problem(text) {
    this.show("error", text, []);
    this.box.focus();
  }

  undoable(text) {
    this.show("info", text, [["undo", t("messages.undo")]]);
  }

  /** Remove the latest message; a saving failure stays. */
  dismiss() {
    this.message = null;
    this.render();
  }

  show(tone, text, actions) {
    this.message = { tone, text, actions };
    this.render();
  }

  render() {
    const parts = [];
    if (this.failure) parts.push({ text: FAILURES[this.failure](), actions: FAILURE_ACTIONS[this.failure]?.() ?? [["export", t("messages.export")]] });
    if (this.message) parts.push(this.message);
    const tone = this.failure ? "error" : this.message?.tone;
    this.box.className = tone === "error" ? "atn-notice atn-notice--error" : "atn-notice";
    const offered = new Set(); // one button per action, even when two parts offer it
    this.box.replaceChildren(...parts.flatMap(({ text, actions }) => [
      element("p", { textContent: text }),
      ...actions.filter(([action]) => !offered.has(action) && offered.add(action)).map(([action, label]) => button(action, label)),
    ]));
    this.box.hidden = parts.length === 0;
  }
}

function button(action, label) {
  const node = element("button", { type: "button", className: "md-button", textContent: label });
  node.dataset.action = action;
  return node;
}
