// Offline reading is switched off (data/organization.yml `offline: false`): the build writes
// this as sw.js, so a reader who installed the offline worker before gets this one, which
// removes this copy's caches, unregisters itself and reloads the guide's open pages once, so no
// page stays under it (answers are saved as they are typed: the reload loses nothing). Nothing
// is kept; pages come from the server.

const PREFIX = `after-the-no:${new URL("./", self.location.href).pathname}:`;

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((name) => name.startsWith(PREFIX)).map((name) => caches.delete(name))))
    .then(() => self.registration.unregister())
    .then(() => self.clients.matchAll({ type: "window" }))
    .then((pages) => Promise.all(pages.map((page) => page.navigate(page.url)))));
});
