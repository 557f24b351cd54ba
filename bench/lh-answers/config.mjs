// Lighthouse's default config plus one audit, "shown-answers": what the page showed of the
// reader's saved answers once it had loaded. The bench compares it with what it saved, so a run
// counts as "with answers" only when the answers were really on the page.
export default {
  extends: "lighthouse:default",
  artifacts: [{ id: "ShownAnswers", gatherer: new URL("./shown-answers-gatherer.mjs", import.meta.url).pathname }],
  audits: [{ path: new URL("./shown-answers-audit.mjs", import.meta.url).pathname }],
  categories: {
    "bench-answers": {
      title: "Saved answers shown (bench)",
      auditRefs: [{ id: "shown-answers", weight: 0 }],
    },
  },
};
