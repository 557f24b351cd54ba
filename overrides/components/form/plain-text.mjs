// The answers as plain text for an e-mail or a meeting agenda: headings, questions and
// answers in page order, nothing that was left empty. Read from the page, like print: what the
// reader sees is what is copied, even an answer storage refused to keep.
// The copy to share leaves out what print leaves out, and says nothing about what it left out:
// one filter for both (audience.mjs).

import { answerText, chosenReveal, questionOf, rowTitle, sectionTitleOf } from "./fields.mjs";
import { answerIsPrivate, drawnParts, formIsPrivate, sectionIsPrivate, shareCopyChosen } from "./audience.mjs";
import { t } from "../shared/strings.mjs";

export function plainText(root, title) {
  const blocks = [underline(title, "=")];
  const share = shareCopyChosen(root);
  if (share && formIsPrivate(root)) blocks.push(t("print.private-form"));
  else {
    for (const section of root.querySelectorAll(".atn-section")) {
      const answered = share && sectionIsPrivate(section) ? [] : answersIn(section, share);
      if (answered.length) blocks.push(underline(sectionTitleOf(section), "-"), ...answered);
    }
  }
  return `${blocks.join("\n\n")}\n`;
}

/** The answered questions of a section in page order; `share`: without the private ones. Rows
    are numbered as they are copied, so a row left out leaves no gap in the numbers. */
function answersIn(section, share) {
  // What a component drew (the one-to-one's agenda) comes first, as print puts it.
  const out = drawnParts(section, share).map(drawnText).filter(Boolean);
  for (const part of section.querySelectorAll(":scope > [data-field-root], :scope > [data-group]")) {
    if (!part.dataset.group) {
      out.push(...fieldAnswers(part, share));
      continue;
    }
    let number = 0;
    for (const row of part.querySelectorAll("[data-rows] > [data-row]")) {
      const answers = [...row.querySelectorAll(":scope > fieldset > [data-field-root]")].flatMap((field) => fieldAnswers(field, share));
      if (answers.length) out.push(rowTitle(part, ++number), ...answers);
    }
  }
  return out;
}

/** A question and its answer, then the follow-ups of the option chosen. */
function fieldAnswers(field, share) {
  if (share && answerIsPrivate(field)) return [];
  const answer = answerText(field);
  if (!answer) return [];
  const follow = [...(chosenReveal(field)?.querySelectorAll(":scope > [data-field-root]") ?? [])];
  return [`${questionOf(field)}\n${answer.text}`, ...follow.flatMap((next) => fieldAnswers(next, share))];
}

/** A drawn part as plain text: headings and paragraphs as lines, list items as "- " lines
    (indented under their item), a table's rows as cells joined by commas. */
function drawnText(node) {
  const lines = [];
  const words = (el) => el.textContent.replace(/\s+/g, " ").trim();
  const walk = (el, indent) => {
    for (const child of el.children) {
      if (child.hidden) continue;
      if (child.matches("ul, ol")) {
        for (const item of child.children) {
          const inline = [...item.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE || !n.matches("p, ul, ol, div"));
          const head = inline.map((n) => n.textContent).join("").replace(/\s+/g, " ").trim();
          if (head) lines.push(`${indent}- ${head}`);
          const before = lines.length;
          walk(item, `${indent}  `);
          if (!head && lines.length > before) lines[before] = `${indent}- ${lines[before].trim()}`;
        }
      } else if (child.matches("table")) {
        for (const row of child.querySelectorAll("tr")) lines.push(indent + [...row.cells].map(words).join(", "));
      } else if (child.matches("h1, h2, h3, h4, p, dt, dd, caption")) {
        if (words(child)) lines.push(indent + words(child));
      } else {
        walk(child, indent);
      }
    }
  };
  walk(node, "");
  return lines.join("\n");
}

function underline(text, mark) {
  return `${text}\n${mark.repeat(Math.min(text.length, 60))}`;
}

/** Put text on the clipboard; the reader's click makes this allowed. */
export async function copy(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
