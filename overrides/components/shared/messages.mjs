// What a form tells its reader: a quiet status line ("Saved in this browser at 14:32") and a
// notice box for anything that needs attention, announced by screen readers (role=alert).
// A warning that answers are not being saved stays in the box, above any later message, until
// a save really succeeds.

import { element, localTimeOf } from "./dom.mjs";
import { t } from "./strings.mjs";

const FAILURES = {
  quota: () => t("messages.failure-quota"),
  blocked: () => t("messages.failure-blocked"),
  unkept: () => t("messages.failure-unkept"),
  limit: (detail) => t("messages.failure-limit", { limit: detail }),
  framed: () => t("messages.failure-framed"),
  unsupported: () => t("messages.failure-unsupported"),
};
const FAILURE_ACTIONS = {
  unkept: () => [["export-original", t("messages.download-original")]],
  framed: () => [{ href: () => window.location.href, label: t("messages.open-own-tab") }],
  unsupported: () => [["print-blank", t("messages.print-blank")]],
};

export class Messages {
  constructor(root) {
    this.statusLine = root.querySelector("[data-status]");
    this.box = root.querySelector("[data-alert]");
    this.failure = ""; // why saving fails now, or ""
    this.failureDetail = ""; // which limit, for "limit"
    this.message = null; // {tone, text, actions}: the latest other message
    // Building the time formatter loads locale data (~20 ms on a slow phone): done while the page
    // is idle, not in the first keystroke's save.
    window.requestIdleCallback?.(() => localTimeOf(Date.now()));
  }

  status(text) {
    // Said on every keystroke: a line that would not change is left alone (no DOM work).
    if (this.statusLine.textContent !== text) this.statusLine.textContent = text;
  }

  saved(when) {
    this.status(t("form.saved", { time: localTimeOf(when) }));
    if (this.failure) {
      this.failure = "";
      this.render();
    }
  }

  storageFailed(reason, detail = "") {
    // In another site's frame, storage is often denied: offer the page in its own tab.
    if (reason === "blocked" && window.self !== window.top) reason = "framed";
    this.status(t("messages.not-saved"));
    if (this.failure === reason && this.failureDetail === detail) return; // said once; repeating it on every keystroke is noise
    this.failure = reason;
    this.failureDetail = detail;
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

  /** A message with a choice, shown in place of the button just pressed: focus moves to it. */
  choice(text, actions) {
    this.show("info", text, actions);
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
    if (this.failure) {
      const text = FAILURES[this.failure](this.failureDetail);
      parts.push({ text, actions: FAILURE_ACTIONS[this.failure]?.() ?? [["export", t("messages.export")]] });
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
