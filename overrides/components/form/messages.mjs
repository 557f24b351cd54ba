// What a form tells its reader: a quiet status line ("Saved in this browser at 14:32") and a
// notice box for anything that needs attention, announced by screen readers (role=alert).
// A warning that answers are not being saved stays in the box, above any later message, until
// a save really succeeds.

import { element } from "../shared/dom.mjs";

const FAILURES = {
  quota: "This browser's storage for this site is full, so your latest changes are not being saved. "
    + "Export your answers now to keep them. To make room, export and delete older answers on the My answers page.",
  blocked: "This browser is not letting the site save anything (some private modes and blocked site data do this). "
    + "You can keep typing, but export your answers before you close the page or they will be lost.",
  unkept: "Your changes are not being saved: the saved answers that need fixing could not be kept aside "
    + "(storage is full), and saving now would overwrite them. Download the original first; saving starts again after that.",
  limit: "Your latest change is not saved: with it, your answers would go beyond what this site can keep ({limit}). "
    + "Shorten or remove something, or export your answers to keep them.",
  framed: "This page is shown inside another site's page, and your browser does not let it save anything here. "
    + "Open it in its own tab to save your answers.",
  unsupported: "This browser can't save answers: it lacks features the site needs to save. "
    + "You can still read and print this page, or open the guide in a newer browser to fill it in.",
};
const FAILURE_ACTIONS = {
  unkept: [["export-original", "Download the original"]],
  framed: [{ href: () => window.location.href, label: "Open this page in its own tab" }],
  unsupported: [["print-blank", "Print blank copy"]],
};

export class Messages {
  constructor(root) {
    this.statusLine = root.querySelector("[data-status]");
    this.box = root.querySelector("[data-alert]");
    this.failure = ""; // why saving fails now, or ""
    this.failureDetail = ""; // which limit, for "limit"
    this.message = null; // {tone, text, actions}: the latest other message
  }

  status(text) {
    this.statusLine.textContent = text;
  }

  saved(when) {
    const time = when.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    this.status(`Saved in this browser at ${time}`);
    if (this.failure) {
      this.failure = "";
      this.render();
    }
  }

  storageFailed(reason, detail = "") {
    // In another site's frame, storage is often denied: offer the page in its own tab.
    if (reason === "blocked" && window.self !== window.top) reason = "framed";
    this.status("Not saved: see the message above");
    if (this.failure === reason && this.failureDetail === detail) return; // said once; repeating it on every keystroke is noise
    this.failure = reason;
    this.failureDetail = detail;
    this.render();
  }

  /** An answer the form refuses to save as it is (the reader is still typing: focus stays). */
  notSaved(text) {
    this.status("Not saved: see the message above");
    this.show("error", text, []);
  }

  restoredWithProblems(notice, keptAside) {
    const kept = keptAside
      ? "Nothing was thrown away: the original is kept in this browser, and you can download it as it was."
      : "The original could not be kept aside (storage is full): download it now to keep it.";
    this.show("error", `${notice} ${kept}`, [["export-original", "Download the original"]]);
  }

  staleKept(count) {
    const what = count === 1 ? "1 earlier answer no longer has" : `${count} earlier answers no longer have`;
    this.show("info", `${what} a place on this page. They are kept and included when you export your answers.`,
      [["export", "Export answers"]]);
  }

  problem(text) {
    this.show("error", text, []);
    this.box.focus();
  }

  undoable(text) {
    this.show("info", text, [["undo", "Undo"]]);
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
    if (this.failure) {
      const text = FAILURES[this.failure].replace("{limit}", this.failureDetail.replace(/^(has|keeps) /, "it would hold "));
      parts.push({ text, actions: FAILURE_ACTIONS[this.failure] ?? [["export", "Export answers"]] });
    }
    if (this.message) parts.push(this.message);
    const tone = this.failure ? "error" : this.message?.tone;
    this.box.className = tone === "error" ? "atn-notice atn-notice--error" : "atn-notice";
    const offered = new Set(); // one button per action, even when two parts offer it
    this.box.replaceChildren(...parts.flatMap(({ text, actions }) => [
      element("p", { textContent: text }),
      ...actions.filter((action) => !offered.has(keyOf(action)) && offered.add(keyOf(action))).map(control),
    ]));
    this.box.hidden = parts.length === 0;
  }
}

const keyOf = (action) => (Array.isArray(action) ? action[0] : action.label);

/** [action, label] is a button the component runs; {href, label} a link that opens in a new tab. */
function control(action) {
  if (Array.isArray(action)) return button(...action);
  const link = element("a", { href: action.href(), target: "_blank", rel: "noopener", className: "md-button", textContent: action.label });
  return element("p", {}, [link]);
}

function button(action, label) {
  const node = element("button", { type: "button", className: "md-button", textContent: label });
  node.dataset.action = action;
  return node;
}
