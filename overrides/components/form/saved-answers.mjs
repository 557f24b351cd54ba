// The My answers view: lists each form with answers saved in this browser, and exports,
// imports or deletes them all at once. Reads the same records the forms write.

import { SITE, importable } from "./answers.mjs";
import { download, pickFile, readJsonFile, today } from "./files.mjs";
import { Messages } from "./messages.mjs";
import * as store from "./store.mjs";

export function init(doc) {
  const root = doc.querySelector("[data-saved-answers]");
  if (!root || root.dataset.enhanced) return;
  root.dataset.enhanced = "true";
  const view = new SavedAnswers(root);
  root.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-action]");
    if (button && ACTIONS[button.dataset.action]) ACTIONS[button.dataset.action](view, button);
  });
  root.querySelector("[data-nojs]").hidden = true;
  root.querySelector("[data-toolbar]").hidden = false;
  view.render();
}

class SavedAnswers {
  constructor(root) {
    this.root = root;
    this.catalogue = JSON.parse(root.dataset.catalogue);
    this.byId = new Map(this.catalogue.map((form) => [form.id, form]));
    this.messages = new Messages(root);
    this.undo = null;
  }

  /** Every stored entry of this site, as {key, raw}: forms and originals kept aside. */
  entries() {
    return [...store.keys()].map((key) => ({ key, raw: store.readRaw(key).raw })).filter((e) => e.raw !== null);
  }

  render() {
    const list = this.root.querySelector("[data-saved-list]");
    const saved = this.entries().filter((e) => store.isFormKey(e.key));
    const asides = store.asideKeys();
    if (!saved.length && !asides.length) {
      list.replaceChildren(paragraph("Nothing is saved in this browser yet. When you fill in a worksheet "
        + "or tick a checklist, it will be listed here."));
      return;
    }
    const items = saved.map((entry) => this.item(entry));
    const children = [element("ul", { className: "atn-saved__list" }, items)];
    if (asides.length) children.push(this.asideList(asides));
    list.replaceChildren(...children);
  }

  item({ key, raw }) {
    const id = store.formIdOf(key);
    const form = this.byId.get(id);
    const { record } = store.parseRecord(raw);
    const when = record?.savedAt ? new Date(record.savedAt) : null;
    const saved = when && !Number.isNaN(when.getTime())
      ? `last saved ${when.toLocaleString([], { dateStyle: "medium", timeStyle: "short" })}` : "saved";
    const title = form ? element("a", { href: form.url, textContent: form.title })
      : element("span", { textContent: `Answers for “${id}”, which is no longer on this site` });
    return element("li", {}, [title, document.createTextNode(` — ${saved}`)]);
  }

  asideList(keys) {
    const items = keys.map((key) => {
      const { formId, keptAt } = store.describeAside(key);
      const title = this.byId.get(formId)?.title ?? formId;
      const button = element("button", {
        type: "button", className: "md-button", textContent: `Download the original of “${title}”`,
      });
      button.dataset.action = "download-aside";
      button.dataset.key = key;
      return element("li", {}, [document.createTextNode(`${title}, kept ${keptAt.slice(0, 10)} `), button]);
    });
    return element("div", {}, [
      element("h2", { id: "kept-aside", textContent: "Originals kept aside" }),
      paragraph("These saved answers could not be read fully, so the originals were kept exactly as they were. "
        + "They are included when you export all answers."),
      element("ul", { className: "atn-saved__list" }, items),
    ]);
  }

  exportAll() {
    const forms = [];
    const asides = [];
    for (const { key, raw } of this.entries()) {
      if (store.isFormKey(key)) {
        const { record } = store.parseRecord(raw);
        forms.push(record ?? { form: store.formIdOf(key), unreadable: raw });
      } else {
        asides.push({ ...store.describeAside(key), original: raw });
      }
    }
    return { site: SITE, exportedAt: new Date().toISOString(), forms, asides };
  }

  /** {records, titles} ready to store from an exported file, or {error}. */
  checkImport(data, name) {
    if (!data || typeof data !== "object" || data.site !== SITE) {
      return { error: `“${name}” is not an answers file exported from this site.` };
    }
    const entries = Array.isArray(data.forms) ? data.forms : [data];
    const records = [];
    for (const entry of entries) {
      const form = this.byId.get(entry?.form);
      if (!form) return { error: `“${name}” holds answers for a worksheet this site does not have.` };
      const checked = importable(entry, form);
      if (checked.problem) return { error: `“${name}” ${checked.problem}.` };
      records.push({ form, record: store.makeRecord(form, checked.answers, checked.stale) });
    }
    return { records };
  }

  async importAll() {
    const file = await pickFile(this.root.querySelector("[data-import-file]"));
    if (!file) return;
    const read = await readJsonFile(file);
    const checked = read.error ? read : this.checkImport(read.data, file.name);
    if (checked.error) return this.messages.problem(`${checked.error} Nothing was changed.`);
    const titles = checked.records.map(({ form }) => `“${form.title}”`).join(", ");
    if (!window.confirm(`Replace your saved answers on ${titles} with the ones in “${file.name}”? `
      + "You can undo this until you leave the page.")) return;
    this.snapshot();
    for (const { form, record } of checked.records) {
      const result = store.writeRaw(store.formKey(form.id), JSON.stringify(record));
      if (!result.ok) return this.restoreSnapshot(`Import stopped: ${storageWords(result.reason)} Nothing was changed.`);
    }
    this.render();
    this.messages.undoable(`Imported answers for ${titles}.`);
  }

  deleteAll() {
    if (!window.confirm("Delete every answer this site has saved in this browser? "
      + "You can undo this until you leave the page.")) return;
    this.snapshot();
    for (const key of store.keys()) store.remove(key);
    this.render();
    this.messages.undoable("All your saved answers were deleted from this browser.");
  }

  snapshot() {
    this.undo = this.entries();
  }

  restoreSnapshot(message) {
    for (const key of store.keys()) store.remove(key);
    for (const { key, raw } of this.undo ?? []) store.writeRaw(key, raw);
    this.undo = null;
    this.render();
    if (message) this.messages.problem(message);
  }
}

const ACTIONS = {
  "export-all": (view) => {
    const data = view.exportAll();
    if (!data.forms.length && !data.asides.length) return view.messages.status("Nothing is saved yet, so there is nothing to export");
    download(`after-the-no-all-answers-${today()}.json`, JSON.stringify(data, null, 2));
    view.messages.status("All answers exported: check your downloads");
  },
  "import-all": (view) => view.importAll(),
  "delete-all": (view) => view.deleteAll(),
  undo: (view) => {
    view.restoreSnapshot("");
    view.messages.dismiss();
    view.messages.status("Your answers are back");
  },
  "download-aside": (view, button) => {
    const { raw } = store.readRaw(button.dataset.key);
    const { formId } = store.describeAside(button.dataset.key);
    if (raw) download(`after-the-no-${formId}-original-${today()}.json`, raw);
  },
};

function storageWords(reason) {
  return reason === "quota" ? "this browser's storage for the site is full." : "this browser is not letting the site save.";
}

function element(tag, props = {}, children = []) {
  const el = Object.assign(document.createElement(tag), props);
  el.append(...children);
  return el;
}

function paragraph(text) {
  return element("p", { textContent: text });
}
