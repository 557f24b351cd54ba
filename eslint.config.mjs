// eslint (pinned in package.json), run by `make lint`: its recommended rules on our own scripts.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["site/", "dist/", "bench/.work/", "node_modules/"] },
  js.configs.recommended,
  {
    // The site's ES modules, run in the reader's browser.
    files: ["overrides/**/*.mjs"],
    languageOptions: { ecmaVersion: "latest", sourceType: "module", globals: globals.browser },
  },
  {
    // Inline classic scripts, written into pages by the build (a form's first-paint.js).
    files: ["overrides/components/form/*.js"],
    languageOptions: { ecmaVersion: 2020, sourceType: "script", globals: globals.browser },
  },
  {
    // The offline workers (components/offline/): classic scripts run in a service worker.
    files: ["overrides/components/offline/*.js"],
    languageOptions: { ecmaVersion: "latest", sourceType: "script", globals: globals.serviceworker },
  },
  {
    // The bench's Lighthouse plugin: loaded by Lighthouse in Node; the gatherer's function runs in the page.
    files: ["bench/lh-answers/*.mjs"],
    languageOptions: { ecmaVersion: "latest", sourceType: "module", globals: { ...globals.node, ...globals.browser } },
  },
  {
    files: ["eslint.config.mjs"],
    languageOptions: { sourceType: "module" },
  },
];
