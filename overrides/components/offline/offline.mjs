// Kept for months and readable offline (README.md beside this file). On every page, after the
// page has loaded (so nothing here competes with the first paint): the offline worker sw.js is
// registered, a new release waiting to take over is offered with a quiet "reload" notice, the
// browser is asked to keep the answers once one is saved, and the backup reminder is shown where
// it belongs. assets/loader.mjs imports this module; its other parts load only when needed.

import { t } from "../shared/strings.mjs";

/** The page's manifest link names the site's root (the worker's scope) and whether offline is on. */
const manifest = () => document.querySelector('link[rel="manifest"]');
let reloading = false;

/** Called once per visit by the loader. */
export function keepForLater() {
  // Listened for from the start: the worker that uninstalls itself may speak before load.
  navigator.serviceWorker?.addEventListener("message", (event) => {
    if (event.data === "offline-off") leaveWorker();
  });
  if (document.readyState === "complete") afterLoad();
  else window.addEventListener("load", afterLoad, { once: true });
}

function afterLoad() {
  // Installing the worker downloads and stores the whole release: it waits until the page is idle
  // after its load, so on a 2-core phone it never competes with the page's own first work.
  if (window.requestIdleCallback) window.requestIdleCallback(startWorker, { timeout: 3000 });
  else setTimeout(startWorker, 1000);
  askToKeepAnswers();
  document.addEventListener("input", askToKeepAnswers);
  document.addEventListener("change", askToKeepAnswers);
  // document$ replays the current page, then emits each page instant navigation shows.
  if (window.document$) window.document$.subscribe(remindToBackUp);
  else remindToBackUp();
}

function startWorker() {
  const link = manifest();
  if (!link || !("serviceWorker" in navigator)) return;
  const root = new URL("./", link.href);
  if (link.dataset.offline === "off") return removeEarlierInstall(root);
  navigator.serviceWorker.register(new URL("sw.js", root), { scope: root.pathname })
    .then(offerUpdates, () => {}); // no worker (a file:// copy, an old browser): the guide still reads online
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (reloading) window.location.reload();
  });
}

/**
 * Offline switched off (data/organization.yml): an earlier install fetches sw.js now, which is
 * the worker that unregisters itself and tells its pages (sw-off.js); the copies go at once.
 */
function removeEarlierInstall(root) {
  const prefix = `after-the-no:${root.pathname}:`;
  navigator.serviceWorker.getRegistration(root.href).then((registration) => registration?.update())
    .catch(() => {});
  window.caches?.keys().then((names) => names.filter((name) => name.startsWith(prefix)).forEach((name) => caches.delete(name)))
    .catch(() => {});
}

let left = false;

/**
 * Offline was switched off while this page was open (sw-off.js): the worker that now controls
 * it has no fetch handler and has uninstalled itself. The page is not reloaded (nothing the
 * reader typed, or can still undo, is lost); its next link to a page of this site is a full page
 * load instead of instant navigation, so that page is under no worker. Back and Forward within
 * instant navigation still fetch through the uninstalled worker, which passes them to the server.
 */
function leaveWorker() {
  if (left) return;
  left = true;
  window.addEventListener("click", (event) => {
    const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
    // Before Material's listener on the body sees it: the browser follows the link itself.
    if (link && !link.target && new URL(link.href).origin === window.location.origin) event.stopPropagation();
  }, true);
}

/** A new release installed while this page runs an older one: offer it, never force it. */
function offerUpdates(registration) {
  if (!registration) return; // a browser (or a test) that blocks workers registers none
  const track = (worker) => {
    if (!worker) return;
    const check = () => {
      if (worker.state === "installed" && navigator.serviceWorker.controller) offerReload(worker);
    };
    worker.addEventListener("statechange", check);
    check();
  };
  track(registration.waiting);
  track(registration.installing);
  registration.addEventListener("updatefound", () => track(registration.installing));
}

function offerReload(worker) {
  if (document.querySelector("[data-update-ready]")) return;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "md-button";
  button.textContent = t("offline.reload");
  // Answers are saved as they are typed, so reloading loses nothing.
  button.addEventListener("click", () => {
    reloading = true;
    worker.postMessage("skip-waiting");
  });
  const words = document.createElement("p");
  words.append(`${t("offline.update-ready")} `, button);
  const notice = document.createElement("div");
  notice.className = "atn-update md-typeset";
  notice.setAttribute("role", "status");
  notice.dataset.updateReady = "";
  notice.append(words);
  document.body.append(notice);
}

let asked = false;

/** Once an answer is saved, ask the browser to keep this site's storage (it may say no, silently). */
function askToKeepAnswers() {
  if (asked || typeof navigator.storage?.persist !== "function") return;
  import("../storage/store.mjs").then((store) => {
    if (asked || !store.listKeys().keys.some(store.isFormKey)) return;
    asked = true;
    navigator.storage.persist().catch(() => {});
  });
}

function remindToBackUp() {
  if (!document.querySelector("[data-worksheet], [data-plan-glance], [data-saved-answers]")) return;
  import("../backup/backup.mjs").then((backup) => backup.showBackupReminder());
}
