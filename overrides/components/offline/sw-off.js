// Offline reading is switched off (data/organization.yml `offline: false`): the build writes
// this as sw.js, so a reader who installed the offline worker before gets this one. It takes
// over the open pages at once (it has no fetch handler, so from then on they get everything from
// the server, never from the old copy), removes this copy's caches and unregisters itself, then
// tells those pages. It never reloads them: a reader may be mid-answer, or holding an undo that
// lasts until they leave the page. A told page makes its next link a full page load
// (offline.mjs), and a page loaded from now on has no worker at all. Nothing is kept.

const PREFIX = `after-the-no:${new URL("./", self.location.href).pathname}:`;

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((name) => name.startsWith(PREFIX)).map((name) => caches.delete(name))))
    .then(() => self.registration.unregister())
    .then(() => self.clients.matchAll({ type: "window" }))
    .then((pages) => pages.forEach((page) => page.postMessage("offline-off"))));
});
