// A backup the reader can hold: My answers says when the answers were last saved to a file, and
// when answers written more than a week ago are in no backup file saved since, a calm notice on
// the worksheets, the plan at a glance and My answers offers the Export all file. Browsers may
// delete a site's storage (Safari does after 7 days without a visit); a file stays.
// Both dates live in this copy's namespace, so Delete all removes them with the answers.

import { hasContent, isPlainObject } from "../storage/answers.mjs";
import * as store from "../storage/store.mjs";
import { downloadAllAnswers } from "../saved-answers/export-all.mjs";
import { element, localDateOf } from "../shared/dom.mjs";
import { t } from "../shared/strings.mjs";

/** When the reader last saved the Export all file (ms): a setting. */
const BACKUP = "backup-saved";
/** When the reader asked to be reminded later (ms): a setting. */
const LATER = "backup-later";
const WEEK_MS = 7 * 24 * 3600 * 1000;
/** The parts of a page the notice goes above: worksheets, the plan at a glance, My answers. */
const PLACES = "[data-worksheet], [data-plan-glance], [data-saved-answers]";

const timeIn = (setting) => {
  const at = Number(store.readSetting(setting));
  return Number.isFinite(at) && at > 0 ? at : 0;
};

/** "Last backup: never" or "Last backup: June 1, 2027". */
export function lastBackupWords() {
  const at = timeIn(BACKUP);
  return at ? t("backup.last", { date: localDateOf(new Date(at).toISOString()) }) : t("backup.never");
}

/** The Export all file was just saved: every notice goes, and My answers shows the new date. */
export function markBackedUp() {
  store.writeSetting(BACKUP, String(Date.now()));
  for (const line of document.querySelectorAll("[data-last-backup]")) line.textContent = lastBackupWords();
}

/** True when an answer written more than a week ago is in no backup since, and no "later" is running. */
export function backupDue(now = Date.now()) {
  const later = timeIn(LATER);
  if (later && now - later < WEEK_MS) return false;
  const oldest = oldestAnswerSince(timeIn(BACKUP));
  return oldest > 0 && now - oldest > WEEK_MS;
}

/** When the oldest answer written after `since` was written (ms), or 0 when there is none. */
function oldestAnswerSince(since) {
  let oldest = 0;
  for (const { data: record } of store.storedRecords()) {
    if (!isPlainObject(record) || !hasContent(record.answers)) continue;
    const times = isPlainObject(record.stamps) ? Object.values(record.stamps).filter(Number.isFinite) : [];
    if (!times.length) times.push(Date.parse(record.savedAt));
    for (const at of times) if (at > since && (!oldest || at < oldest)) oldest = at;
  }
  return oldest;
}

/** Show the notice above the page's first worksheet, glance or My answers, when one is due. */
export function showBackupReminder() {
  const place = document.querySelector(PLACES);
  if (!place || document.querySelector("[data-backup-reminder]") || !backupDue()) return;
  const save = element("button", { type: "button", className: "md-button md-button--primary", textContent: t("backup.save") });
  const later = element("button", { type: "button", className: "md-button", textContent: t("backup.later") });
  const notice = element("div", { className: "atn-backup", tabIndex: -1 }, [
    element("p", { textContent: t("backup.why") }),
    element("p", { className: "atn-backup__actions" }, [save, document.createTextNode(" "), later]),
  ]);
  notice.dataset.backupReminder = "";
  notice.dataset.searchExclude = "";
  save.addEventListener("click", () => {
    if (!downloadAllAnswers(knownForms())) return;
    markBackedUp();
    settle(notice, t("backup.saved"));
  });
  later.addEventListener("click", () => {
    store.writeSetting(LATER, String(Date.now()));
    settle(notice, t("backup.later-done"));
  });
  place.before(notice);
}

/** The reminder's work is done: a short line says what happened, and focus stays on it. */
function settle(notice, words) {
  delete notice.dataset.backupReminder;
  notice.setAttribute("role", "status");
  notice.replaceChildren(element("p", { textContent: words }));
  notice.focus();
}

/** {form id: definition} of the forms this page carries, so the file names each known form. */
function knownForms() {
  const byId = new Map();
  for (const root of document.querySelectorAll("[data-saved-answers]")) {
    for (const form of parsed(root.dataset.catalogue) ?? []) byId.set(form.id, form);
  }
  for (const root of document.querySelectorAll("[data-plan-glance]")) {
    for (const [id, form] of Object.entries(parsed(root.dataset.definitions) ?? {})) byId.set(id, form);
  }
  for (const root of document.querySelectorAll("[data-definition]")) {
    const form = parsed(root.dataset.definition);
    if (form?.id) byId.set(form.id, form);
  }
  return byId;
}

function parsed(json) {
  try {
    return JSON.parse(json);
  } catch {
    return null;
  }
}
