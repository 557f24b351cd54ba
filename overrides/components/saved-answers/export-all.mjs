// The Export all file: every record this copy of the guide holds, as saved (without this
// browser's row ids and stamps), unreadable ones as {form, unreadable}, and every original kept
// aside. My answers' "Export all answers" and the backup reminder's "Save a backup file" both
// write it, so a backup is always a file Import all reads back.

import { SITE, hasContent, isPlainObject } from "../storage/answers.mjs";
import { download } from "../storage/files.mjs";
import * as store from "../storage/store.mjs";
import { localDay } from "../shared/dom.mjs";

/** {form id: definition} of the forms the page knows; a record of another form is judged by its answers alone. */
export function allAnswers(byId) {
  const forms = [];
  const asides = [];
  for (const { key, raw } of store.savedEntries().entries) {
    if (store.isAsideKey(key)) {
      asides.push({ ...store.describeAside(key), original: raw });
      continue;
    }
    if (!worthListing(raw, byId.get(store.formIdOf(key)))) continue;
    forms.push(exportEntry(store.formIdOf(key), raw, byId.get(store.formIdOf(key))));
  }
  return { site: SITE, exportedAt: new Date().toISOString(), forms, asides };
}

/** Download the Export all file; false when there is nothing in it. */
export function downloadAllAnswers(byId) {
  const data = allAnswers(byId);
  if (!data.forms.length && !data.asides.length) return false;
  download(`after-the-no-all-answers-${localDay()}.json`, JSON.stringify(data, null, 2));
  return true;
}

/** A record emptied by Clear stays for a while (its removals protect open tabs) but is not listed. */
export function worthListing(raw, form) {
  if (!form) return holdsSomething(raw);
  const checked = store.checkRecord(raw, form);
  return Boolean(checked.notice) || store.holdsAnswers(checked.record);
}

/** A record of a form the page does not know: kept unless it plainly holds no answer. */
function holdsSomething(raw) {
  try {
    const record = JSON.parse(raw);
    if (!isPlainObject(record)) return true;
    return hasContent(record.answers) || (isPlainObject(record.stale) && Object.keys(record.stale).length > 0);
  } catch {
    return true; // unreadable: exported as it is
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
