// "Your plan at a glance": the chosen direction, the goals with their next check-in and the
// latest wins, read from this browser's saved answers. Nothing is sent anywhere. Answers are
// read through the forms' own checked path (store.readForm: migrate, then validate), so a
// value a worksheet would refuse never reaches this page.

import { NAMESPACE, adoptLegacyKeys, readForm, readRaw, writeRaw } from "../form/store.mjs";
import { element as el, longDate } from "../shared/dom.mjs";
import { startRoots } from "../../assets/loader.mjs";

/** Which copy the glance shows and prints: "share" leaves private answers out of the page. */
const COPY_KEY = `${NAMESPACE}glance-copy`;

/** Start one glance root (startRoots calls this once per root). */
export function init(root) {
  const config = JSON.parse(root.dataset.config);
  const definitions = JSON.parse(root.dataset.definitions);
  const share = readRaw(COPY_KEY).raw === "share";
  for (const radio of root.querySelectorAll("[data-glance-copy]")) {
    radio.checked = radio.value === (share ? "share" : "everything");
    radio.addEventListener("change", () => {
      writeRaw(COPY_KEY, radio.value);
      render(root, config, definitions);
    });
  }
  root.querySelector("[data-glance-print]")?.addEventListener("click", () => window.print());
  render(root, config, definitions);
  root.dataset.enhanced = "true";
}

function shareChosen(root) {
  return root.querySelector("[data-glance-copy]:checked")?.value === "share";
}

/** True when `entry`'s answer stays off the copy to share: its section is private (the reader's
    tick, else the data file's default), or the question or the option chosen is. */
function isPrivate(entry, answers) {
  const tick = answers[`private--${entry.section}`];
  if (typeof tick === "boolean" ? tick : entry.section_private) return true;
  return entry.field_private || (entry.private_options ?? []).includes(answers[entry.field]);
}

function render(root, config, definitions) {
  adoptLegacyKeys();
  const saved = {};
  for (const [formId, definition] of Object.entries(definitions)) {
    const read = readForm(definition);
    if (!read.ok) return blocked(root, config);
    saved[formId] = read.record?.answers ?? {};
  }
  const answers = (entry) => saved[entry.form] ?? {};
  const share = shareChosen(root);
  const kept = (entry, part) => (share && isPrivate(entry, answers(entry)) ? null : part());
  const parts = [kept(config.direction, () => direction(config, answers(config.direction))),
    kept(config.goal, () => goals(config, answers(config.goal))),
    kept(config.win, () => wins(config, answers(config.win)))];
  const leftOut = parts.filter((part) => part === null).length;
  if (share) {
    const line = `${leftOut} private ${leftOut === 1 ? "section" : "sections"} left out.`;
    parts.push({ node: el("p", { className: "atn-glance__left-out", textContent: line }), empty: true });
  }
  parts.splice(0, parts.length, ...parts.filter(Boolean));
  const body = root.querySelector("[data-glance-body]");
  if (parts.every((part) => part.empty)) {
    body.replaceChildren(el("p", { textContent: "Nothing is saved in this browser yet. As you fill in the worksheets, "
      + "your direction, goals and wins will gather here." }), startLinks(config));
    return;
  }
  body.replaceChildren(...parts.map((part) => part.node));
}

function blocked(root, config) {
  root.querySelector("[data-glance-body]").replaceChildren(
    el("p", { textContent: "This browser is not letting the site read its storage (blocked site data or some private "
      + "modes do this), so your saved answers cannot be shown here. The worksheets still work, but their answers "
      + "will not be kept." }),
    startLinks(config));
}

function direction(config, answers) {
  const { options, url, title } = config.direction;
  const chosen = options[answers[config.direction.field]];
  const content = chosen
    ? [el("p", {}, [el("strong", { textContent: chosen })]), link(url, `Review it in ${title}`)]
    : [el("p", { textContent: "You have not chosen a direction yet." }), link(url, `Choose one in ${title}`)];
  return section("glance-direction", "Your direction", content, !chosen);
}

function goals(config, answers) {
  const rows = (answers[config.goal.group] ?? []).filter((row) => (row[config.goal.field] ?? "").trim());
  const items = rows
    .map((row) => ({ row, checkIn: row[config.check_in.field] || "9999" }))
    .sort((a, b) => a.checkIn.localeCompare(b.checkIn))
    .map(({ row }) => el("li", {}, [el("strong", { textContent: row[config.goal.field].trim() }),
      document.createTextNode(goalDetails(config, row))]));
  const content = [];
  const cycle = answers[config.next_cycle.field];
  if (cycle) content.push(el("p", { textContent: `Next review or promotion round: ${longDate(cycle)}` }));
  content.push(items.length ? el("ul", {}, items) : el("p", { textContent: "No goals written down yet." }));
  content.push(link(config.goal.url, `Open your ${config.goal.title.toLowerCase()}`));
  return section("glance-goals", "Your goals", content, !items.length && !cycle);
}

function goalDetails(config, row) {
  const details = [];
  const status = config.status.options[row[config.status.field]];
  if (status) details.push(status);
  if (row[config.check_in.field]) details.push(`next check-in ${longDate(row[config.check_in.field])}`);
  if (row[config.by_date.field]) details.push(`target ${longDate(row[config.by_date.field])}`);
  return details.length ? ` (${details.join("; ")})` : "";
}

function wins(config, answers) {
  const rows = (answers[config.win.group] ?? []).filter((row) => (row[config.win.field] ?? "").trim());
  const latest = rows
    .sort((a, b) => (b[config.win_date.field] ?? "").localeCompare(a[config.win_date.field] ?? ""))
    .slice(0, 3)
    .map((row) => el("li", {
      textContent: `${row[config.win_date.field] ? `${longDate(row[config.win_date.field])}: ` : ""}${row[config.win.field].trim()}`,
    }));
  const content = [latest.length ? el("ul", {}, latest) : el("p", { textContent: "No wins logged yet." }),
    link(config.win.url, `Open your ${config.win.title.toLowerCase()}`)];
  return section("glance-wins", "Latest achievements", content, !latest.length);
}

function startLinks(config) {
  return el("ul", {}, [config.direction, config.goal, config.win].map((entry) => el("li", {}, [link(entry.url, entry.title)])));
}

function section(id, title, content, empty) {
  const node = el("section", {}, [el("h2", { id, textContent: title }), ...content]);
  node.setAttribute("aria-labelledby", id);
  return { node, empty };
}

function link(href, text) {
  return el("p", {}, [el("a", { href, textContent: text })]);
}

// The root itself loads this module (see loader.mjs): start now, before Material's bundle runs.
startRoots("glance", init);
