// The My answers view: lists each form with answers saved in this browser, and exports,
// imports or deletes them all at once. It reads and writes through the forms' own storage
// model (../form/store.mjs, described in ../form/README.md), never around it.

import { SITE, importable, isPlainObject, limitProblem } from "../form/answers.mjs";
import { download, pickFile, readJsonFile } from "../form/files.mjs";
import { Messages } from "../form/messages.mjs";
import * as store from "../form/store.mjs";
import { element, localDateOf, localDay } from "../shared/dom.mjs";
import { startRoots } from "../../assets/loader.mjs";

const FORM_ID = /^[a-z0-9][a-z0-9-]{0,80}$/;
const shown = new Set();

// Back from the back-forward cache: answers may have changed meanwhile, so list them again.
window.addEventListener("pageshow", (event) => {
  if (!event.persisted) return;
  for (const view of shown) if (view.root.isConnected) view.render();
});

/** Start one My answers root (startRoots calls this once per root). */
export function init(root) {
  const view = new SavedAnswers(root);
  for (const old of shown) if (!old.root.isConnected) shown.delete(old);
  shown.add(view);
  root.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-action]");
    if (button && ACTIONS[button.dataset.action]) ACTIONS[button.dataset.action](view, button);
  });
  store.adoptLegacyKeys();
  view.render();
  root.dataset.enhanced = "true";
}

class SavedAnswers {
  constructor(root) {
    this.root = root;
    this.catalogue = JSON.parse(root.dataset.catalogue);
    this.byId = new Map(this.catalogue.map((form) => [form.id, form]));
    this.messages = new Messages(root);
    this.undo = null; // {entries, at, deletedAll}: what the last Import all or Delete all changed
  }

  /** {ok, entries: [{key, raw}]}: every form record and original kept aside of this copy. */
  entries() {
    const listed = store.listKeys();
    const entries = listed.keys.filter((key) => store.isFormKey(key) || store.isAsideKey(key))
      .map((key) => ({ key, raw: store.readRaw(key).raw ?? null })).filter((entry) => entry.raw !== null);
    return { ok: listed.ok, entries };
  }

  render() {
    const list = this.root.querySelector("[data-saved-list]");
    const { ok, entries } = this.entries();
    if (!ok) {
      list.replaceChildren(paragraph("This browser is not letting the site read its storage (blocked site data or some "
        + "private modes do this), so saved answers cannot be listed here, and nothing you type on a worksheet is kept."));
      return;
    }
    const saved = entries.filter((entry) => store.isFormKey(entry.key) && this.worthListing(entry));
    const asides = entries.filter((entry) => store.isAsideKey(entry.key));
    if (!saved.length && !asides.length) {
      list.replaceChildren(paragraph("Nothing is saved in this browser yet. When you fill in a worksheet "
        + "or tick a checklist, it will be listed here."));
      return;
    }
    const children = [element("ul", {}, saved.map((entry) => this.item(entry)))];
    if (asides.length) children.push(this.asideList(asides));
    list.replaceChildren(...children);
  }

  /** A record emptied by Clear stays for a while (its removals protect open tabs) but is not listed. */
  worthListing({ key, raw }) {
    const form = this.byId.get(store.formIdOf(key));
    if (!form) return true;
    const checked = store.checkRecord(raw, form);
    return Boolean(checked.notice) || store.holdsAnswers(checked.record);
  }

  item({ key, raw }) {
    const id = store.formIdOf(key);
    const form = this.byId.get(id);
    const savedAt = savedAtOf(raw);
    const when = savedAt ? new Date(savedAt) : null;
    const saved = when && !Number.isNaN(when.getTime())
      ? `last saved ${when.toLocaleString([], { dateStyle: "medium", timeStyle: "short" })}` : "saved";
    const title = form ? element("a", { href: form.url, textContent: form.title })
      : element("span", { textContent: `Answers for “${id}”, which is no longer on this site` });
    return element("li", {}, [title, document.createTextNode(` — ${saved}`)]);
  }

  asideList(entries) {
    const items = entries.map(({ key }) => {
      const { formId, keptAt } = store.describeAside(key);
      const title = this.byId.get(formId)?.title ?? formId;
      const button = element("button", {
        type: "button", className: "md-button", textContent: `Download the original of “${title}”`,
      });
      button.dataset.action = "download-aside";
      button.dataset.key = key;
      const kept = localDateOf(keptAt);
      return element("li", {}, [document.createTextNode(`${title}${kept ? `, kept ${kept}` : ""} `), button]);
    });
    return element("div", {}, [
      element("h2", { id: "kept-aside", textContent: "Originals kept aside" }),
      paragraph("These saved answers could not be read fully, so the originals were kept exactly as they were. "
        + "They are included when you export all answers."),
      element("ul", {}, items),
    ]);
  }

  /** Everything this copy holds, so Import all can put it all back: records as saved, originals kept aside. */
  exportAll() {
    const forms = [];
    const asides = [];
    for (const { key, raw } of this.entries().entries) {
      if (store.isAsideKey(key)) {
        asides.push({ ...store.describeAside(key), original: raw });
        continue;
      }
      if (!this.worthListing({ key, raw })) continue;
      forms.push(exportEntry(store.formIdOf(key), raw, this.byId.get(store.formIdOf(key))));
    }
    return { site: SITE, exportedAt: new Date().toISOString(), forms, asides };
  }

  /**
   * What a file would change, or {error}: {replace: [{form, answers, stale}], keep: [{formId, raw, why}],
   * unknown: [{formId, raw}], asides: [{formId, original}]}. One bad record never stops the rest:
   * it is kept aside, and named.
   */
  planImport(data, name) {
    if (!isPlainObject(data) || data.site !== SITE) return { error: `“${name}” is not an answers file exported from this site.` };
    const entries = Array.isArray(data.forms) ? data.forms : data.form !== undefined ? [data] : [];
    const fileAsides = Array.isArray(data.asides) ? data.asides : [];
    const tooBig = limitProblem(entries) || limitProblem(fileAsides);
    if (tooBig) return { error: `“${name}” ${tooBig}.` };
    const plan = { replace: [], keep: [], unknown: [], asides: [] };
    for (const entry of entries) this.planEntry(entry, plan);
    for (const aside of fileAsides) {
      if (isPlainObject(aside) && typeof aside.original === "string") {
        plan.asides.push({ formId: safeId(aside.formId), original: aside.original, keptAt: String(aside.keptAt ?? "") });
      }
    }
    if (!plan.replace.length && !plan.keep.length && !plan.unknown.length && !plan.asides.length) {
      return { error: `“${name}” has no saved answers in it, so there is nothing to import.` };
    }
    return { plan, exportedAt: typeof data.exportedAt === "string" ? localDateOf(data.exportedAt) : "" };
  }

  planEntry(entry, plan) {
    const formId = safeId(entry?.form);
    const form = this.byId.get(entry?.form);
    if (!isPlainObject(entry) || typeof entry.unreadable === "string" || !isPlainObject(entry.answers)) {
      const raw = typeof entry?.unreadable === "string" ? entry.unreadable : JSON.stringify(entry);
      plan.keep.push({ formId, raw, title: form?.title ?? formId, why: "it could not be read" });
      return;
    }
    if (!form) {
      plan.unknown.push({ formId, raw: JSON.stringify(entry) });
      return;
    }
    const checked = importable(entry, form);
    if (checked.problem) plan.keep.push({ formId, raw: JSON.stringify(entry), title: form.title, why: checked.problem });
    else plan.replace.push({ form, answers: checked.answers, stale: checked.stale });
  }

  async importAll() {
    const file = await pickFile(this.root.querySelector("[data-import-file]"));
    if (!file) return;
    const read = await readJsonFile(file);
    const checked = read.error ? read : this.planImport(read.data, file.name);
    if (checked.error) return this.messages.problem(`${checked.error} Nothing was changed.`);
    const { plan } = checked;
    if (!window.confirm(importQuestion(plan, file.name, checked.exportedAt))) return;
    const at = store.stamp();
    const before = this.entries().entries;
    const written = new Set();
    const failed = this.applyImport(plan, at, written);
    if (failed) {
      this.putBack(before, at, written);
      this.render();
      return this.messages.problem(`Import stopped: ${storageWords(failed)} Nothing was changed.`);
    }
    this.undo = { entries: before, at, written };
    this.render();
    this.messages.undoable(importDone(plan));
  }

  /** Write the plan through the model, noting each key written; the first storage failure's reason, or "". */
  applyImport(plan, at, written) {
    for (const { form, answers, stale } of plan.replace) {
      const result = store.updateForm(form, (record) => store.replaceAnswers(record, { answers, stale }, at));
      if (!result.ok) return result.reason;
      written.add(store.formKey(form.id));
    }
    for (const { formId, raw } of plan.unknown) {
      const result = store.writeRaw(store.formKey(formId), raw);
      if (!result.ok) return result.reason;
      written.add(store.formKey(formId));
    }
    for (const { formId, raw, original, keptAt } of [...plan.keep, ...plan.asides]) {
      const key = store.keepAside(formId, raw ?? original, keptAt);
      if (key === null) return "quota";
      written.add(key);
    }
    return "";
  }

  deleteAll() {
    if (!window.confirm("Delete every answer this site has saved in this browser? "
      + "You can undo this until you leave the page.")) return;
    const { ok, entries } = this.entries();
    if (!ok) return this.messages.problem(`Nothing was deleted: ${storageWords("blocked")}`);
    const at = store.stamp();
    const previousMark = store.readRaw(store.DELETED_ALL_KEY).raw ?? null;
    // The mark goes first, so an open worksheet sees it before the removals: it tells the worksheet
    // that nothing it wrote before now may be written again, and that an older Undo brings nothing back.
    store.writeRaw(store.DELETED_ALL_KEY, String(at));
    for (const { key } of entries) store.remove(key);
    this.undo = { entries, at, written: new Set(), previousMark };
    this.render();
    this.messages.undoable("All your saved answers were deleted from this browser.");
  }

  /**
   * Put back what the last Import all or Delete all changed. A record deleted and not written
   * since comes back exactly as it was; any other is merged, and the newer answers win.
   * Returns the first storage failure's reason, or "".
   */
  putBack(entries, at, written) {
    const wanted = new Map(entries.map((entry) => [entry.key, entry.raw]));
    let failed = "";
    for (const key of written) {
      const form = store.isFormKey(key) ? this.byId.get(store.formIdOf(key)) : null;
      if (!wanted.has(key) && !form) store.remove(key); // an original or a record the import added
    }
    for (const [key, raw] of wanted) {
      const form = store.isFormKey(key) ? this.byId.get(store.formIdOf(key)) : null;
      const now = store.readRaw(key);
      let result;
      if (!now.ok) result = now;
      else if (now.raw === null || !form) result = store.writeRaw(key, raw);
      else {
        const snapshot = store.checkRecord(raw, form).record;
        result = store.updateForm(form, (record) => store.undoReplace(record, snapshot, at, store.stamp()));
      }
      if (!result.ok) failed ||= result.reason;
    }
    for (const form of this.catalogue) {
      const key = store.formKey(form.id);
      if (wanted.has(key) || !written.has(key)) continue;
      const result = store.updateForm(form, (record) => store.undoReplace(record, store.emptyRecord(form), at, store.stamp()));
      if (!result.ok && result.reason !== "unkept") failed ||= result.reason;
    }
    return failed;
  }

  /** Show what copies of this guide under other addresses on this host saved; copies nothing yet. */
  findMoved() {
    const place = this.root.querySelector("[data-moved-list]");
    const byPath = new Map();
    for (const found of store.otherCopies()) byPath.set(found.path, [...(byPath.get(found.path) ?? []), found]);
    if (!byPath.size) {
      place.replaceChildren(paragraph(MOVED.none));
      return;
    }
    place.replaceChildren(...[...byPath].map(([path, records]) => {
      const names = records.filter((found) => !found.aside).map((found) => `“${this.byId.get(found.formId)?.title ?? found.formId}”`);
      const asides = records.length - names.length;
      const what = [names.length ? names.join(", ") : "", asides ? `${asides} original${asides === 1 ? "" : "s"} kept aside` : ""].filter(Boolean).join("; ");
      const button = element("button", { type: "button", className: "md-button", textContent: `Copy the answers from ${path} here` });
      button.dataset.action = "copy-moved";
      button.dataset.path = path;
      return element("div", {}, [paragraph(MOVED.found.replace("{address}", `${window.location.origin}${path}`).replace("{what}", what)), button]);
    }));
  }

  /** Copy what another address saved into this copy; the originals stay. A form with answers here keeps them and gets the copy kept aside. */
  copyMoved(path) {
    const copied = [];
    const keptAside = [];
    let failed = "";
    for (const found of store.otherCopies().filter((record) => record.path === path)) {
      const title = `“${this.byId.get(found.formId)?.title ?? found.formId}”`;
      const here = found.aside ? null : store.readRaw(store.formKey(found.formId));
      if (here && !here.ok) failed ||= here.reason;
      else if (found.aside || (here.raw !== null && here.raw !== found.raw)) {
        if (store.keepAside(found.formId, found.raw, found.keptAt) === null) failed ||= "quota";
        else if (!found.aside) keptAside.push(title);
      } else if (here.raw === null) {
        const result = store.writeRaw(store.formKey(found.formId), found.raw);
        if (result.ok) copied.push(title);
        else failed ||= result.reason;
      }
    }
    this.render();
    this.root.querySelector("[data-moved-list]").replaceChildren();
    const parts = [];
    if (copied.length) parts.push(MOVED.copied.replace("{names}", copied.join(", ")));
    if (keptAside.length) parts.push(MOVED.keptAside.replace("{names}", keptAside.join(", ")));
    parts.push(MOVED.originals.replace("{path}", path));
    if (failed) return this.messages.problem(`Not everything was copied: ${storageWords(failed)} ${parts.join(" ")}`);
    this.messages.show("info", parts.join(" "), []);
  }

  undoLast() {
    const undo = this.undo;
    if (!undo) return;
    const failed = this.putBack(undo.entries, undo.at, undo.written);
    if (failed) {
      this.render();
      return this.messages.problem(`Not everything could be put back: ${storageWords(failed)} Try Undo again after making room.`);
    }
    if ("previousMark" in undo) {
      if (undo.previousMark === null) store.remove(store.DELETED_ALL_KEY);
      else store.writeRaw(store.DELETED_ALL_KEY, undo.previousMark);
    }
    this.undo = null;
    this.render();
    this.messages.dismiss();
    this.messages.status("Your answers are back");
  }
}

/** One form's entry in an Export all file: the record as saved (minus this browser's bookkeeping). */
function exportEntry(formId, raw, form) {
  let record;
  try {
    record = JSON.parse(raw);
  } catch {
    return { form: formId, unreadable: raw };
  }
  if (!isPlainObject(record)) return { form: formId, unreadable: raw };
  const kept = { ...record, form: formId, ...(form ? { title: form.title } : {}) };
  for (const bookkeeping of ["rows", "stamps", "removed"]) delete kept[bookkeeping];
  return kept;
}

function savedAtOf(raw) {
  try {
    const record = JSON.parse(raw);
    return typeof record?.savedAt === "string" ? record.savedAt : "";
  } catch {
    return "";
  }
}

function safeId(value) {
  return typeof value === "string" && FORM_ID.test(value) ? value : "unknown";
}

function importQuestion(plan, fileName, exportedAt) {
  const from = `“${fileName}”${exportedAt ? ` (exported ${exportedAt})` : ""}`;
  const parts = [];
  if (plan.replace.length) parts.push(`Replace your saved answers on ${titles(plan.replace.map(({ form }) => form.title))} with the ones in ${from}?`);
  else parts.push(`Import from ${from}?`);
  if (plan.unknown.length) parts.push(`Answers for ${titles(plan.unknown.map(({ formId }) => formId))}, which this site no longer has, will be kept as they are.`);
  const aside = plan.keep.length + plan.asides.length;
  if (aside) parts.push(`${aside === 1 ? "1 record" : `${aside} records`} that could not be used will be kept aside, to download later.`);
  parts.push("You can undo this until you leave the page.");
  return parts.join(" ");
}

function importDone(plan) {
  const parts = [];
  if (plan.replace.length) parts.push(`Imported answers for ${titles(plan.replace.map(({ form }) => form.title))}.`);
  if (plan.unknown.length) parts.push(`Kept answers for ${titles(plan.unknown.map(({ formId }) => formId))}, which this site no longer has.`);
  for (const { title, why } of plan.keep) parts.push(`The answers for “${title}” were kept aside: ${why}.`);
  if (plan.asides.length) parts.push(`${plan.asides.length === 1 ? "1 original" : `${plan.asides.length} originals`} kept aside in the file ${plan.asides.length === 1 ? "is" : "are"} kept here too.`);
  return parts.join(" ");
}

function titles(names) {
  return names.map((name) => `“${name}”`).join(", ");
}

const ACTIONS = {
  "export-all": (view) => {
    const data = view.exportAll();
    if (!data.forms.length && !data.asides.length) return view.messages.status("Nothing is saved yet, so there is nothing to export");
    download(`after-the-no-all-answers-${localDay()}.json`, JSON.stringify(data, null, 2));
    view.messages.status("All answers exported: check your downloads");
  },
  "import-all": (view) => view.importAll(),
  "find-moved": (view) => view.findMoved(),
  "copy-moved": (view, button) => view.copyMoved(button.dataset.path),
  "delete-all": (view) => view.deleteAll(),
  undo: (view) => view.undoLast(),
  "download-aside": (view, button) => {
    const { raw } = store.readRaw(button.dataset.key);
    const { formId } = store.describeAside(button.dataset.key);
    if (raw) download(`after-the-no-${formId}-original-${localDay()}.json`, raw);
  },
};

// A guide that moved to another address on this host (reader-facing strings, for data/strings later).
const MOVED = {
  none: "No answers from this guide were found under another address on this site, in this browser. "
    + "If the guide moved to another site, open its old address, use Export all answers there, then Import all answers here.",
  found: "Saved under {address}: {what}. Copying them here leaves them where they are.",
  copied: "Copied here: {names}.",
  keptAside: "{names} already had answers here, so the copy from the old address was kept aside (listed below, to download).",
  originals: "The originals are still saved under {path}.",
};

function storageWords(reason) {
  if (reason === "quota") return "this browser's storage for the site is full.";
  if (reason === "unkept") return "storage is full, so saved answers that need fixing could not be kept aside first.";
  if (reason === "limit") return "the answers would go beyond what this site can keep in one record.";
  return "this browser is not letting the site save.";
}

function paragraph(text) {
  return element("p", { textContent: text });
}

// The root itself loads this module (see loader.mjs): start now, before Material's bundle runs.
startRoots("saved-answers", init);
