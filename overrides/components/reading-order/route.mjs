// Which pages and which worksheet a reading order picks from a form's answers. Pure: the start
// page and the glance both use it. The rules come from data/ (reading_order), checked at build.

/** A rule holds when every question it names is answered with one of its choices. */
export function holds(when, answers) {
  return Object.entries(when).every(([question, choices]) => choices.includes(answers?.[question]));
}

/** {pages: indices of the pages to read, in order (at most rules.max), next: index of the form to fill} */
export function route(rules, answers) {
  const pages = [];
  rules.pages.forEach((page, index) => { if (holds(page.when, answers)) pages.push(index); });
  return { pages: pages.slice(0, rules.max), next: rules.next.findIndex((next) => holds(next.when, answers)) };
}
