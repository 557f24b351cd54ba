// After load: every form field's value by element id (checked boxes and radios as "checked"),
// and the text of the page's components (My answers and the glance show answers as text).
import { Gatherer } from "lighthouse";

/* Runs in the page (an isolated world: it sees the DOM, not the page's scripts). */
function shownAnswers() {
  const values = {};
  for (const el of document.querySelectorAll("[data-module] input[id], [data-module] textarea[id]")) {
    if (el.type === "radio" || el.type === "checkbox") { if (el.checked) values[el.id] = "checked"; }
    else if (el.value) values[el.id] = el.value;
  }
  const text = [...document.querySelectorAll("[data-module]")].map((root) => root.innerText).join("\n");
  return { values, text };
}

export default class ShownAnswers extends Gatherer {
  meta = { supportedModes: ["navigation"] };

  async getArtifact(context) {
    return context.driver.executionContext.evaluate(shownAnswers, { args: [], useIsolation: true });
  }
}
