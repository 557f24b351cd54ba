// What a form tells its reader: a quiet status line ("Saved in this browser at 14:32") and a
// notice box for anything that needs attention, announced by screen readers (role=alert).

export class Messages {
  constructor(root) {
    this.statusLine = root.querySelector("[data-status]");
    this.box = root.querySelector("[data-alert]");
    this.failure = "";
  }

  status(text) {
    this.statusLine.textContent = text;
  }

  saved(when) {
    const time = when.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    this.status(`Saved in this browser at ${time}`);
    if (this.failure) {
      this.failure = "";
      this.dismiss();
    }
  }

  storageFailed(reason) {
    this.status("Not saved: see the message above");
    if (this.failure === reason) return; // said once; repeating it on every keystroke is noise
    this.failure = reason;
    const text = reason === "quota"
      ? "This browser's storage for this site is full, so your latest changes are not being saved. "
        + "Export your answers now to keep them. To make room, export and delete older answers on the My answers page."
      : "This browser is not letting the site save anything (some private modes and blocked site data do this). "
        + "You can keep typing, but export your answers before you close the page or they will be lost.";
    this.show("error", text, [["export", "Export answers"]]);
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

  dismiss() {
    this.box.hidden = true;
    this.box.replaceChildren();
  }

  show(tone, text, actions) {
    const message = document.createElement("p");
    message.textContent = text;
    const buttons = actions.map(([action, label]) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "md-button";
      button.dataset.action = action;
      button.textContent = label;
      return button;
    });
    this.box.className = `atn-notice atn-notice--${tone}`;
    this.box.replaceChildren(message, ...buttons);
    this.box.hidden = false;
  }
}
