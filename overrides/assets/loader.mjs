// Loaded on every page, tiny on purpose: it fetches the worksheet engine only when the page
// that instant navigation just showed has a worksheet, a checklist or a saved-answers view.
const ROOTS = "[data-worksheet], [data-checklist], [data-saved-answers]";

let engine;

function onPage() {
  if (!document.querySelector(ROOTS)) return;
  engine ??= import("../components/form/form.mjs");
  engine.then((module) => module.initPage(document)).catch((error) => console.error(error));
}

// document$ is Material's page observable; it replays the current page to late subscribers.
if (window.document$) window.document$.subscribe(onPage);
else document.addEventListener("DOMContentLoaded", onPage);
