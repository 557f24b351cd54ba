// The start page's reading order: every page and worksheet is in the page (each with the answers
// it suits, for readers without JavaScript); this keeps the ones the form's answers pick, numbered
// in order, and follows the answers as they change (input, and the form's "atn:answers" event).

import { route } from "./route.mjs";
import { startRoots } from "../shared/start.mjs";

/** Start one reading order root (startRoots calls this once per root). */
export function init(root) {
  const rules = JSON.parse(root.dataset.config);
  const form = document.querySelector(`[data-module="form"][data-worksheet="${CSS.escape(rules.form)}"]`);
  const draw = () => show(root, rules, answersOnPage(form, rules));
  for (const type of ["change", "atn:answers"]) form.addEventListener(type, draw);
  draw();
  root.dataset.enhanced = "true";
}

/** {question: chosen value} for every question a rule names, as the page shows them now. */
function answersOnPage(form, rules) {
  const questions = new Set([...rules.pages, ...rules.next].flatMap((rule) => Object.keys(rule.when)));
  return Object.fromEntries([...questions].map((id) =>
    [id, form.querySelector(`input[data-field="${CSS.escape(id)}"]:checked`)?.value]));
}

function show(root, rules, answers) {
  const picked = route(rules, answers);
  const pages = [...root.querySelectorAll("[data-route-pages] > [data-route-step]")];
  pages.forEach((item, index) => { item.hidden = !picked.pages.includes(index); });
  const next = root.querySelector("[data-route-next]");
  [...next.children].forEach((item, index) => { item.hidden = index !== picked.next; });
  next.start = picked.pages.length + 1;
}

// The page loads this module (macros/render.py): start now, before Material's bundle runs.
startRoots("reading-order", init);
