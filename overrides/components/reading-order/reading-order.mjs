// The start page's reading order: every step and worksheet is in the page (each with the answers
// it suits, for readers without JavaScript); this shows the ones the form's answers pick on a card
// (today, this week, later), numbered in order, and follows the answers as they change (input, and
// the form's "atn:answers" event). When the answers say a manager is reading, the questions are
// put in their words (reading_order.reword).

import { card, holds, ordered } from "./route.mjs";
import { startRoots } from "../shared/start.mjs";

/** Start one reading order root (startRoots calls this once per root). */
export function init(root) {
  const rules = JSON.parse(root.dataset.config);
  const form = document.querySelector(`[data-module="form"][data-worksheet="${CSS.escape(rules.form)}"]`);
  const reword = rewording(form, rules.reword, root);
  const draw = () => {
    const answers = answersOnPage(form, rules);
    reword(answers);
    show(root, rules, answers);
  };
  for (const type of ["change", "atn:answers"]) form.addEventListener(type, draw);
  draw();
  root.dataset.enhanced = "true";
}

/** {question: chosen value} for every question a rule names, as the page shows them now. */
function answersOnPage(form, rules) {
  const whens = [...rules.pages, ...rules.next, rules.reword ?? { when: {} }].map((rule) => rule.when);
  const questions = new Set(whens.flatMap((when) => Object.keys(when)));
  return Object.fromEntries([...questions].map((id) =>
    [id, form.querySelector(`input[data-field="${CSS.escape(id)}"]:checked`)?.value]));
}

function show(root, rules, answers) {
  const items = {
    pages: root.querySelectorAll("[data-route-pages] > [data-route-step]"),
    next: root.querySelectorAll("[data-route-next] > [data-route-step]"),
  };
  const steps = ordered(rules, answers).map(({ list, index }) => items[list][index]);
  let number = 1;
  for (const [slot, items] of Object.entries(card(rules, steps))) {
    const box = root.querySelector(`[data-route-slot="${slot}"]`);
    const list = box.querySelector("[data-route-slot-list]");
    list.replaceChildren(...items.map((item) => item.cloneNode(true)));
    list.start = number;
    number += items.length;
    box.hidden = !items.length;
  }
}

/** A function that puts the questions, and the steps' reasons (data-reworded), in the words
    `reword` gives while its rule holds, and back in the page's own words otherwise. Labels are
    text: set through textContent. */
function rewording(form, reword, root) {
  if (!reword) return () => {};
  const places = [];
  for (const [question, words] of Object.entries(reword.fields)) {
    const root = form.querySelector(`[data-field-root="${CSS.escape(question)}"]`);
    if (words.label) places.push([root.querySelector(":scope > legend"), words.label]);
    for (const [value, label] of Object.entries(words.options ?? {})) {
      const input = root.querySelector(`input[value="${CSS.escape(value)}"]`);
      places.push([form.querySelector(`label[for="${CSS.escape(input.id)}"]`), label]);
    }
  }
  for (const why of root.querySelectorAll("[data-route-why][data-reworded]")) places.push([why, why.dataset.reworded]);
  const own = places.map(([node]) => node.textContent);
  return (answers) => {
    const other = holds(reword.when, answers);
    places.forEach(([node, words], index) => { node.textContent = other ? words : own[index]; });
  };
}

// The page loads this module (macros/render.py): start now, before Material's bundle runs.
startRoots("reading-order", init);
