// Which steps and which worksheet a reading order picks from a form's answers. Pure: the start
// page, the guide pages' "Next in your order" and the glance use it. The rules come from data/
// (reading_order), checked at build.

/** What a rule matches for a question left blank (macros/models.py UNANSWERED). */
const UNANSWERED = "unanswered";

/** A rule holds when every question it names is answered with one of its choices. */
export function holds(when, answers) {
  return Object.entries(when).every(([question, choices]) => choices.includes(answers?.[question] || UNANSWERED));
}

/** {pages: indices of the steps to take, in order (at most rules.max), next: index of the form to fill} */
export function route(rules, answers) {
  const pages = [];
  rules.pages.forEach((page, index) => { if (holds(page.when, answers)) pages.push(index); });
  return { pages: pages.slice(0, rules.max), next: rules.next.findIndex((next) => holds(next.when, answers)) };
}

/** The whole order as one list: the steps, then the form to fill unless it is a step already,
    each as {list: "pages" or "next", index, rule}. */
export function ordered(rules, answers) {
  const picked = route(rules, answers);
  const steps = picked.pages.map((index) => ({ list: "pages", index, rule: rules.pages[index] }));
  const next = rules.next[picked.next];
  if (next && !steps.some((step) => step.rule.path === next.path)) steps.push({ list: "next", index: picked.next, rule: next });
  return steps;
}

/** The order split as the start page's card shows it: {today, week, later}, each a list. */
export function card(rules, steps) {
  const { today, this_week: week } = rules.card;
  return { today: steps.slice(0, today), week: steps.slice(today, today + week), later: steps.slice(today + week) };
}
