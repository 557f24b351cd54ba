// Loaded on every page, tiny on purpose. A page with components loads its own bundle (one deferred
// module per page kind, built by esbuild: macros/build_hooks/bundling.py), which starts them as it
// loads; a form's saved answers are already on the first paint (components/form/first-paint.js).
// On a page that instant navigation shows, Material runs that page's bundle again (it waits for it
// before it emits document$), but a module runs once per visit: this loader then starts the new
// roots of every component loaded so far (components/shared/start.mjs). Nothing imports this
// module, so there is no import cycle.

import { startKnown } from "../components/shared/start.mjs";
// Offline reading, the "new version" notice, keeping answers, the backup reminder: after load.
import { keepForLater } from "../components/offline/offline.mjs";

// document$ is Material's page observable: it emits each page instant navigation shows. Its
// bundle runs after the component scripts, and before DOMContentLoaded.
document.addEventListener("DOMContentLoaded", () => {
  let navigated = false; // the first emission is the page the browser loaded: its modules have run
  const start = () => {
    startKnown({ waitForBundles: navigated });
    navigated = true;
  };
  if (window.document$) window.document$.subscribe(start);
  else start();
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
