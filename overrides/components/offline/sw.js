// The offline worker (README.md beside this file). The build writes it to the site's root as
// sw.js with RELEASE filled in (macros/build_hooks/offline.py): the release's version, a hash of
// its files, and every file of the release, relative to the root. It keeps them all in one cache
// named after both, answers every request of this site from it, and asks the network only for
// what the release does not hold. It never touches another host.

const RELEASE = { version: "", hash: "", files: [] }; // RELEASE: filled in by the build
const SCOPE = new URL("./", self.location.href);
/** This copy of the guide's caches: two copies on one host never touch each other's. */
const PREFIX = `after-the-no:${SCOPE.pathname}:`;
const CACHE = `${PREFIX}${RELEASE.version}:${RELEASE.hash}`;
const NOT_FOUND = new URL("404.html", SCOPE).href;

self.addEventListener("install", (event) => {
  // Every file, checked with the server (never an older copy from the HTTP cache).
  const requests = RELEASE.files.map((file) => new Request(new URL(file, SCOPE), { cache: "no-cache" }));
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(requests)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((name) => name.startsWith(PREFIX) && name !== CACHE)
      .map((name) => caches.delete(name))))
    .then(() => self.clients.claim()));
});

// The page's "reload" button: the waiting release takes over now.
self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return;
  event.respondWith(answer(event.request, url));
});

async function answer(request, url) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(url.origin + url.pathname); // a search highlight's ?h= is the same page
  if (kept) return kept;
  try {
    return await fetch(request);
  } catch (error) {
    const missing = request.mode === "navigate" ? await cache.match(NOT_FOUND) : undefined;
    if (missing) return missing;
    throw error;
  }
}
