// Every word a script shows a reader comes from here: data/strings/<language>.yml, which the
// page carries as JSON in a data attribute (macros/strings.py). An organization rewords or translates
// a message in that file; no script holds a sentence of its own (tests/test_strings.py).

let cache = { block: null, language: "en", messages: {} };

function messages() {
  const block = document.querySelector("[data-atn-strings]");
  if (block && block !== cache.block) {
    try {
      const data = JSON.parse(block.dataset.atnStrings);
      cache = { block, language: data.language, messages: data.messages };
    } catch {
      cache = { block, language: "en", messages: {} };
    }
  }
  return cache;
}

/**
 * The message `key` with its `{placeholders}` filled from `values`. A message with plural forms
 * picks one by `values.count`. A key the page lacks comes back as the key itself, never blank.
 */
export function t(key, values = {}) {
  const { language, messages: all } = messages();
  let message = all[key];
  if (message === undefined) {
    console.error("[after-the-no] no message for", key);
    return key;
  }
  if (typeof message === "object") {
    const form = new Intl.PluralRules(language).select(Number(values.count ?? 0));
    message = message[form] ?? message.other;
  }
  return message.replace(/\{([a-zA-Z0-9]+)\}/g, (whole, name) => (Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole));
}

/** The language of the words, for formatting dates and lists the same way. */
export function language() {
  return messages().language;
}
