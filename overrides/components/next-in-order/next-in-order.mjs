// "Next in your order" on a page of the reading order: the step after this one in the order the
// reader's answers on the starting point pick (reading-order/route.mjs, the same rules as the
// start page's card). It takes the place of the footer's Next, which follows the menu. Without
// saved answers, or on the last step, nothing changes. Read through the forms' own checked path.

import { readForm } from "../storage/store.mjs";
import { ordered } from "../reading-order/route.mjs";
import { startRoots } from "../shared/start.mjs";

/** Start one root (startRoots calls this once per root; instant navigation brings a new one). */
export function init(root) {
  const config = JSON.parse(root.dataset.config);
  const next = nextStep(config, root.dataset.base);
  if (next) {
    const link = root.querySelector("[data-next-link]");
    link.href = root.dataset.base + next.path;
    link.textContent = next.title;
    root.hidden = false;
    // The footer is swapped with the page by instant navigation, so this mark goes with it.
    const menuNext = document.querySelector(".md-footer__link--next");
    if (menuNext) menuNext.dataset.atnReplaced = "";
  }
  root.dataset.enhanced = "true";
}

/** The step after this page in the reader's order, or null (no answers saved, not in it, last). */
function nextStep(config, base) {
  const read = readForm(config.definition);
  if (!read.ok || !read.record) return null;
  const steps = ordered(config, read.record.answers ?? {}).map((step) => step.rule);
  const here = steps.findIndex((step) => new URL(base + step.path, location.href).pathname === location.pathname);
  return here < 0 ? null : steps[here + 1] ?? null;
}

// Loaded by assets/loader.mjs for each page that holds a root; start what is there now.
startRoots("next-in-order", init);
