// Loaded on every page, tiny on purpose. A component's root names its script, GOV.UK Frontend's
// way: <div data-module="form"> is run by components/form/form.mjs's init(root). The root itself
// loads that script (macros/render.py), which starts it at once: saved answers are on the page
// before Material's bundle runs. The loader starts components on pages instant navigation shows.
// Either way startRoots() starts a root once (guard: data-module-started) and reports a failure
// on the console with one prefix, which the browser tests fail on.

const NAME = /^[a-z][a-z-]*$/;
const FAILURE_PREFIX = "[after-the-no] component failed:";

/** Start every root of component `name` not started yet. `init(root)` is synchronous. */
export function startRoots(name, init) {
  for (const root of unstarted(name)) {
    root.dataset.moduleStarted = "";
    try {
      init(root);
    } catch (error) {
      failed(root, name, error);
    }
  }
}

function unstarted(name) {
  return [...document.querySelectorAll("[data-module]:not([data-module-started])")]
    .filter((root) => root.dataset.module === name);
}

function failed(root, name, error) {
  root.dataset.moduleStarted = "";
  root.dataset.moduleFailed = ""; // the page stops waiting for it (see form.css)
  console.error(FAILURE_PREFIX, name, error);
}

function startComponents() {
  const names = new Set([...document.querySelectorAll("[data-module]:not([data-module-started])")]
    .map((root) => root.dataset.module));
  for (const name of names) {
    const loading = NAME.test(name) ? import(`../components/${name}/${name}.mjs`)
      : Promise.reject(new Error(`"${name}" is not a component name`));
    loading.then((module) => startRoots(name, module.init))
      .catch((error) => unstarted(name).forEach((root) => failed(root, name, error)));
  }
}

// document$ is Material's page observable: it emits each page instant navigation shows. Its
// bundle runs after the component scripts that import this module, and before DOMContentLoaded.
document.addEventListener("DOMContentLoaded", () => {
  if (window.document$) window.document$.subscribe(startComponents);
  else startComponents();
});

// On paper a link cannot be followed, so the whole guide prints the address of each link to
// another site after its text (whole-guide.css). Marked as the print starts: print-site makes
// every link absolute when the page loads, so only the host tells another site's links apart.
window.addEventListener("beforeprint", () => {
  for (const link of document.querySelectorAll("#print-site-page .print-page a[href]")) {
    if (link.host !== location.host && link.protocol !== "tel:") link.dataset.atnAddress = link.getAttribute("href").replace(/^mailto:/, "");
  }
});
