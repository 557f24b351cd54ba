// Loaded on every page, tiny on purpose. The page loads each component's script itself (a form's
// in <head>, render-blocking; see macros/render.py), which starts it at once: saved answers are on
// the page before Material's bundle runs. This loader starts the components of pages that instant
// navigation shows, by importing components/<name>/<name>.mjs for each unstarted root. Nothing
// imports this module, so there is no import cycle: the start-up rules live in
// components/shared/start.mjs.

import { failed, startRoots, unstarted } from "../components/shared/start.mjs";
// Offline reading, the "new version" notice, keeping answers, the backup reminder: after load.
import { keepForLater } from "../components/offline/offline.mjs";

const NAME = /^[a-z][a-z-]*$/;

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
// bundle runs after the component scripts, and before DOMContentLoaded.
document.addEventListener("DOMContentLoaded", () => {
  if (window.document$) window.document$.subscribe(startComponents);
  else startComponents();
});
keepForLater();

// On paper a link cannot be followed, so the whole guide prints the address of each link to
// another site after its text (whole-guide.css). Marked as the print starts: print-site makes
// every link absolute when the page loads, so only the host tells another site's links apart.
window.addEventListener("beforeprint", () => {
  for (const link of document.querySelectorAll("#print-site-page .print-page a[href]")) {
    if (link.host !== location.host && link.protocol !== "tel:") link.dataset.atnAddress = link.getAttribute("href").replace(/^mailto:/, "");
  }
});
