// How a component's root is started, once: GOV.UK Frontend's way, a root names its component
// (<div data-module="form"> is run by components/form/form.mjs's init(root)). The component's
// own module calls startRoots() as soon as it loads, which also makes it known here;
// assets/loader.mjs calls startKnown() for pages that instant navigation shows. A failure gets
// one console prefix, which the browser tests fail on.

const FAILURE_PREFIX = "[after-the-no] component failed:";
const known = new Map(); // component name -> init, for every component module loaded

/** Start every root of component `name` not started yet. `init(root)` is synchronous. */
export function startRoots(name, init) {
  known.set(name, init);
  for (const root of unstarted(name)) {
    root.dataset.moduleStarted = "";
    try {
      init(root);
    } catch (error) {
      failed(root, name, error);
    }
  }
}

/** The page bundles (assets/js/<kind>.mjs) that have run, by path: each calls entryLoaded(). */
const loadedBundles = new Set();

/** Called by each page bundle once it has run (macros/build_hooks/bundling.py writes the call). */
export function entryLoaded(url) {
  loadedBundles.add(new URL(url).pathname);
  startKnown();
}

/**
 * Start the roots of every component loaded so far. A root whose component is not known yet waits
 * for its page's bundle: Material's instant navigation emits document$ without waiting for a
 * module script that an inline script follows. Once no bundle is pending (each has run, or failed
 * to load), a root still unstarted is reported as failed. On the page the browser itself loaded,
 * every module has run before DOMContentLoaded: nothing is waited for (`waitForBundles: false`).
 */
export function startKnown({ waitForBundles = true } = {}) {
  for (const [name, init] of known) startRoots(name, init);
  if (!unstarted().length) return;
  const pending = pageBundles().filter((script) => !loadedBundles.has(new URL(script.src).pathname));
  if (waitForBundles && pending.length) {
    for (const script of pending) {
      script.addEventListener("load", reportUnstarted, { once: true });
      script.addEventListener("error", reportUnstarted, { once: true });
    }
    return;
  }
  reportUnstarted();
}

function reportUnstarted() {
  for (const [name, init] of known) startRoots(name, init);
  for (const root of unstarted()) failed(root, root.dataset.module, new Error("its script did not load or did not start it"));
}

function pageBundles() {
  return [...document.querySelectorAll('script[type="module"][src]')].filter((script) =>
    /\/assets\/js\/[^/]+\.mjs$/.test(new URL(script.src).pathname),
  );
}

/** The roots of `name` on the page that no one has started yet. */
export function unstarted(name = null) {
  return [...document.querySelectorAll("[data-module]:not([data-module-started])")]
    .filter((root) => name === null || root.dataset.module === name);
}

/** Mark a root as failed: the page stops waiting for it (see form.css), and the console says why. */
export function failed(root, name, error) {
  root.dataset.moduleStarted = "";
  root.dataset.moduleFailed = "";
  console.error(FAILURE_PREFIX, name, error);
}

/**
 * The live items of a component (its roots, or objects with a `root`), kept in step with storage:
 * `redraw(item, event)` runs for each on every return from the back-forward cache (storage may
 * have changed while the page was away), on every pageshow with `everyShow` (the form: Back
 * without the cache restores old control values after it ran), and with `storage` when another
 * tab saves. Items whose root left the page are dropped. The one back-forward-cache rule of
 * every component; returns the set to add items to.
 */
export function keptInStep(redraw, { everyShow = false, storage = false } = {}) {
  const live = new Set();
  const each = (event) => {
    for (const item of live) {
      if ((item.root ?? item).isConnected) redraw(item, event);
      else live.delete(item);
    }
  };
  window.addEventListener("pageshow", (event) => {
    if (everyShow || event.persisted) each(event);
  });
  if (storage) window.addEventListener("storage", each);
  return live;
}
