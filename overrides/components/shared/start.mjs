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

/**
 * Start the roots of every component loaded so far; a root whose component never loaded (its
 * page's bundle ran before this, see assets/loader.mjs) is reported as failed.
 */
export function startKnown() {
  for (const [name, init] of known) startRoots(name, init);
  for (const root of unstarted()) failed(root, root.dataset.module, new Error("its script did not load or did not start it"));
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
