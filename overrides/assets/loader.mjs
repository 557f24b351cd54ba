// Loaded on every page, tiny on purpose: it fetches a component's script only when the page
// that instant navigation just showed has that component.
const COMPONENTS = [
  ["[data-worksheet], [data-checklist]", () => import("../components/form/form.mjs")],
  ["[data-saved-answers]", () => import("../components/form/saved-answers.mjs")],
  ["[data-plan-glance]", () => import("../components/glance/glance.mjs")],
];

function onPage() {
  for (const [selector, load] of COMPONENTS) {
    if (!document.querySelector(selector)) continue;
    load().then((module) => module.init(document)).catch((error) => console.error(error));
  }
}

// document$ is Material's page observable; it replays the current page to late subscribers.
if (window.document$) window.document$.subscribe(onPage);
else document.addEventListener("DOMContentLoaded", onPage);
