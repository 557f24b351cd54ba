// The My answers view: lists each form with answers saved in this browser, and exports,
// imports or deletes them all at once. It reads and writes through the forms' own storage
// model (../storage/store.mjs, described in ../storage/README.md), never around it.

import { applyPlan, deleteAll, planImport, putBack } from "../storage/changes.mjs";
import { download, pickFile, readJsonFile } from "../storage/files.mjs";
import { downloadAllAnswers, worthListing } from "./export-all.mjs";
import { lastBackupWords, markBackedUp } from "../backup/backup.mjs";
import { Messages } from "../shared/messages.mjs";
import * as store from "../storage/store.mjs";
import { element, localDateOf, localDay, localTimeOf } from "../shared/dom.mjs";
import { keptInStep, startRoots } from "../shared/start.mjs";
import { t } from "../shared/strings.mjs";

// Back from the back-forward cache: answers may have changed meanwhile, so list them again.
const shown = keptInStep((view) => view.render());

/** Start one My answers root (startRoots calls this once per root). */
export function init(root) {
  const view = new SavedAnswers(root);
  shown.add(view);
  root.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-action]");
    if (button && ACTIONS[button.dataset.action]) ACTIONS[button.dataset.action](view, button);
  });
  view.render();
  root.dataset.enhanced = "true";
}

class SavedAnswers {
  constructor(root) {
    this.root = root;
    this.catalogue = JSON.parse(root.dataset.catalogue);
    this.byId = new Map(this.catalogue.map((form) => [form.id, form]));
    this.messages = new Messages(root);
    this.undo = null; // what the last Import all or Delete all changed (storage/changes.mjs)
  }

  render() {
    this.root.querySelector("[data-last-backup]").textContent = lastBackupWords();
    const list = this.root.querySelector("[data-saved-list]");
    const { ok, entries } = store.savedEntries(); // every record and original kept aside
    if (!ok) {
      list.replaceChildren(paragraph(t("saved.blocked")));
      return;
    }
    const saved = entries.filter((entry) => store.isFormKey(entry.key) && this.worthListing(entry));
    const asides = entries.filter((entry) => store.isAsideKey(entry.key));
    if (!saved.length && !asides.length && !this.paperNameItem().length) {
      list.replaceChildren(paragraph(t("saved.nothing-yet")));
      return;
    }
    const children = [element("ul", {}, [...saved.map((entry) => this.item(entry)), ...this.paperNameItem()])];
    if (asides.length) children.push(this.asideList(asides));
    list.replaceChildren(...children);
  }

  worthListing({ key, raw }) {
    return worthListing(raw, this.byId.get(store.formIdOf(key)));
  }

  item({ key, raw }) {
    const id = store.formIdOf(key);
    const form = this.byId.get(id);
    const savedAt = savedAtOf(raw);
    const when = savedAt ? new Date(savedAt) : null;
    const saved = when && !Number.isNaN(when.getTime())
      ? t("saved.last-saved", { when: when.toLocaleString([], { dateStyle: "medium", timeStyle: "short" }) }) : t("saved.saved");
    const title = form ? element("a", { href: form.url, textContent: form.title })
      : element("span", { textContent: t("saved.gone-form", { form: id }) });
    return element("li", {}, [title, document.createTextNode(` — ${saved}`)]);
  }

  /** The name and role printed on filled copies, when saved: listed so Delete all's reach is seen. */
  paperNameItem() {
    let saved;
    try {
      saved = JSON.parse(store.readSetting(store.PAPER_NAME) ?? "null");
    } catch {
      saved = null;
    }
    const words = [saved?.name, saved?.role].filter((part) => typeof part === "string" && part.trim()).join(", ");
    return words ? [element("li", { textContent: t("saved.paper-name", { words }) })] : [];
  }

  asideList(entries) {
    const items = entries.map(({ key }) => {
      const { formId, keptAt } = store.describeAside(key);
      const title = this.byId.get(formId)?.title ?? formId;
      const button = element("button", {
        type: "button", className: "md-button", textContent: t("saved.download-original", { title }),
      });
      button.dataset.action = "download-aside";
      button.dataset.key = key;
      const kept = localDateOf(keptAt);
      return element("li", {}, [document.createTextNode(`${kept ? t("saved.kept-on", { title, date: kept }) : title} `), button]);
    });
    return element("div", {}, [
      element("h2", { id: "kept-aside", textContent: t("saved.originals") }),
      paragraph(t("saved.originals-why")),
      element("ul", {}, items),
    ]);
  }


  async importAll() {
    const file = await pickFile(this.root.querySelector("[data-import-file]"));
    if (!file) return;
    const read = await readJsonFile(file);
    const checked = read.error ? read : planImport(read.data, file.name, this.catalogue);
    if (checked.error) return this.messages.problem(t("import.nothing-changed", { problem: checked.error }));
    const { plan } = checked;
    if (!window.confirm(importQuestion(plan, file.name, checked.exportedAt))) return;
    const change = applyPlan(plan, store.stamp());
    this.render();
    if (change.failed) return this.messages.problem(t("saved.import-stopped", { why: storageWords(change.failed) }));
    this.undo = change.undo;
    this.messages.undoable(importDone(plan));
  }

  deleteAll() {
    if (!window.confirm(t("saved.delete-question"))) return;
    // Everything the guide saved in this browser: records, originals, the name and role for
    // paper, copy choices, settings, and any key a later release adds under the namespace.
    const { ok, keys } = store.listKeys();
    const change = ok ? deleteAll(keys, this.catalogue) : { failed: "blocked" };
    if (change.failed) return this.messages.problem(t("saved.nothing-deleted", { why: storageWords(change.failed) }));
    this.undo = change.undo;
    this.render();
    this.messages.undoable(t("saved.deleted"));
  }

  /** Show what copies of this guide under other addresses on this host saved; copies nothing yet. */
  findMoved() {
    const place = this.root.querySelector("[data-moved-list]");
    const byPath = new Map();
    for (const found of store.otherCopies()) byPath.set(found.path, [...(byPath.get(found.path) ?? []), found]);
    if (!byPath.size) {
      place.replaceChildren(paragraph(t("moved.none")));
      return;
    }
    place.replaceChildren(...[...byPath].map(([path, records]) => {
      const names = records.filter((found) => !found.aside).map((found) => this.byId.get(found.formId)?.title ?? found.formId);
      const asides = records.length - names.length;
      const what = [names.length ? titles(names) : "", asides ? t("moved.asides", { count: asides }) : ""].filter(Boolean).join("; ");
      const button = element("button", { type: "button", className: "md-button", textContent: t("moved.copy-button", { path }) });
      button.dataset.action = "copy-moved";
      button.dataset.path = path;
      return element("div", {}, [paragraph(t("moved.found", { address: `${window.location.origin}${path}`, what })), button]);
    }));
  }

  /** Copy what another address saved into this copy; the originals stay. A form with answers here keeps them and gets the copy kept aside. */
  copyMoved(path) {
    const copied = [];
    const keptAside = [];
    let failed = "";
    for (const found of store.otherCopies().filter((record) => record.path === path)) {
      const title = this.byId.get(found.formId)?.title ?? found.formId;
      const result = store.placeRecord(found.formId, found.raw, found);
      if (!result.ok) failed ||= result.reason;
      else if (result.placed === "copied") copied.push(title);
      else if (result.placed === "kept-aside" && !found.aside) keptAside.push(title);
    }
    this.render();
    this.root.querySelector("[data-moved-list]").replaceChildren();
    const parts = [];
    if (copied.length) parts.push(t("moved.copied", { names: titles(copied) }));
    if (keptAside.length) parts.push(t("moved.kept-aside", { names: titles(keptAside) }));
    parts.push(t("moved.originals", { path }));
    if (failed) return this.messages.problem(t("moved.not-all-copied", { why: storageWords(failed), done: parts.join(" ") }));
    this.messages.show("info", parts.join(" "), []);
  }

  /** Undo the last Import all or Delete all; a worksheet replaced since waits, as on a worksheet. */
  undoLast({ anyway = false } = {}) {
    if (!this.undo) return;
    const back = putBack(this.undo, { anyway });
    this.render();
    if (back.superseded) {
      const names = titles(back.superseded.map(({ formId }) => this.byId.get(formId)?.title ?? formId));
      const time = localTimeOf(Math.max(...back.superseded.map(({ at }) => at)));
      return this.messages.choice(t("saved.replaced-since", { titles: names, time }), [["undo", t("messages.undo")], ["undo-anyway", t("messages.undo-anyway")]]);
    }
    if (back.failed) return this.messages.problem(t("saved.not-put-back", { why: storageWords(back.failed) }));
    this.undo = null;
    this.messages.dismiss();
    this.messages.status(back.nothingBack ? t("form.deleted-since") : (anyway ? t("saved.answers-back-kept-aside") : t("saved.answers-back")));
  }
}

function savedAtOf(raw) {
  try {
    const record = JSON.parse(raw);
    return typeof record?.savedAt === "string" ? record.savedAt : "";
  } catch {
    return "";
  }
}

function importQuestion(plan, fileName, exportedAt) {
  const file = exportedAt ? t("saved.file-dated", { file: fileName, date: exportedAt }) : t("saved.file-named", { file: fileName });
  const parts = [];
  if (plan.replace.length) parts.push(t("saved.replace-question", { titles: titles(plan.replace.map(({ form }) => form.title)), file }));
  else parts.push(t("saved.import-question", { file }));
  if (plan.unknown.length) parts.push(t("saved.unknown-kept-question", { forms: titles(plan.unknown.map(({ formId }) => formId)) }));
  if (plan.refused.length) parts.push(t("saved.refused-ids", { ids: titles(plan.refused) }));
  const aside = plan.keep.length + plan.asides.length;
  if (aside) parts.push(t("saved.aside-question", { count: aside }));
  parts.push(t("saved.undo-until-you-leave"));
  return parts.join(" ");
}

function importDone(plan) {
  const parts = [];
  if (plan.replace.length) parts.push(t("saved.imported", { titles: titles(plan.replace.map(({ form }) => form.title)) }));
  if (plan.unknown.length) parts.push(t("saved.unknown-kept", { forms: titles(plan.unknown.map(({ formId }) => formId)) }));
  if (plan.refused.length) parts.push(t("saved.refused-ids", { ids: titles(plan.refused) }));
  for (const { title, why } of plan.keep) parts.push(t("saved.kept-aside-because", { title, why }));
  if (plan.asides.length) parts.push(t("saved.file-originals-kept", { count: plan.asides.length }));
  return parts.join(" ");
}

function titles(names) {
  return names.map((title) => t("saved.title-quoted", { title })).join(", ");
}

const ACTIONS = {
  "export-all": (view) => {
    if (!downloadAllAnswers(view.byId)) return view.messages.status(t("saved.nothing-to-export"));
    markBackedUp();
    view.render();
    view.messages.status(t("saved.exported"));
  },
  "import-all": (view) => view.importAll(),
  "find-moved": (view) => view.findMoved(),
  "copy-moved": (view, button) => view.copyMoved(button.dataset.path),
  "delete-all": (view) => view.deleteAll(),
  undo: (view) => view.undoLast(),
  "undo-anyway": (view) => view.undoLast({ anyway: true }),
  "download-aside": (view, button) => {
    const raw = store.readAside(button.dataset.key);
    const { formId } = store.describeAside(button.dataset.key);
    if (raw) download(`after-the-no-${formId}-original-${localDay()}.json`, raw);
  },
};

function storageWords(reason) {
  if (reason === "quota") return t("saved.storage-full");
  if (reason === "unkept") return t("saved.storage-unkept");
  if (reason === "limit") return t("saved.storage-limit");
  return t("saved.storage-blocked");
}

function paragraph(text) {
  return element("p", { textContent: text });
}

// The root itself loads this module (macros/render.py): start now, before Material's bundle runs.
startRoots("saved-answers", init);
