// "Your plan at a glance": the chosen direction, the goals with their next check-in and the
// latest wins, read from this browser's saved answers. Nothing is sent anywhere. Answers are
// read through the forms' own checked path (store.readForm: migrate, then validate), so a
// value a worksheet would refuse never reaches this page.

import { readForm } from "../storage/store.mjs";
import { historyEntries } from "../storage/answers.mjs";
import { paperMeta, shareChosen, startCopyChoice } from "../form/copy-choice.mjs";
import { biggestGaps } from "../gap-chart/gaps.mjs";
import { route } from "../reading-order/route.mjs";
import { element as el, longDate } from "../shared/dom.mjs";
import { keptInStep, startRoots } from "../shared/start.mjs";
import { t } from "../shared/strings.mjs";

/** Start one glance root (startRoots calls this once per root). */
export function init(root) {
  const config = JSON.parse(root.dataset.config);
  const definitions = JSON.parse(root.dataset.definitions);
  root.querySelector("[data-glance-print]")?.addEventListener("click", () => window.print());
  shown.add(root);
  // The guide's one choice of copy: the glance is drawn for it, and again when it changes.
  startCopyChoice(root, () => render(root, config, definitions));
  root.dataset.enhanced = "true";
}

// Back from the back-forward cache: answers may have changed meanwhile, so read them again. And
// when another tab saves: its last write can reach this page just after it is back.
const shown = keptInStep(
  (root) => render(root, JSON.parse(root.dataset.config), JSON.parse(root.dataset.definitions)),
  { storage: true },
);

/** True when `entry`'s answer stays off the copy to share: its section is private (the reader's
    tick, else the data file's default), or its question (or its whole worksheet) is. */
function isPrivate(entry, answers) {
  const tick = answers[`private--${entry.section}`];
  if (typeof tick === "boolean" ? tick : entry.section_private) return true;
  return entry.field_private;
}

/** The answers without those the reader kept off the copy to share one by one
    (`private-answer--<field>`, in the row for a row's answer). */
function shareable(answers, fields) {
  const out = {};
  for (const [key, value] of Object.entries(answers)) {
    if (key.startsWith("private-answer--") || answers[`private-answer--${key}`] === true) continue;
    // A history (a goal's status, a skill's ratings) is private with the answer it follows.
    const of = fields?.[key]?.type === "history" ? fields[key].of : null;
    if (of && answers[`private-answer--${of}`] === true) continue;
    const inner = fields?.[key]?.fields;
    out[key] = Array.isArray(value) ? value.map((row) => (row && typeof row === "object" ? shareable(row, inner) : row)) : value;
  }
  return out;
}

function render(root, config, definitions) {
  const share = shareChosen();
  const saved = {};
  const unreadable = new Set();
  for (const [formId, definition] of Object.entries(definitions)) {
    const read = readForm(definition);
    if (!read.ok) return blocked(root, config);
    const answers = read.record?.answers ?? {};
    saved[formId] = share ? shareable(answers, definition.fields) : answers;
    if (read.unreadable) unreadable.add(formId);
  }
  const answers = (entry) => saved[entry.form] ?? {};
  // On the copy to share a private part is not drawn at all, and nothing counts or mentions it.
  const kept = (entry, part) => (share && isPrivate(entry, answers(entry)) ? null : part());
  const parts = [kept(config.direction, () => direction(config, answers(config.direction))),
    kept(config.goal, () => goals(config, answers(config.goal))),
    kept(config.win, () => wins(config, answers(config.win)))];
  parts.splice(2, 0, kept(config.action, () => actions(config, answers(config.action))));
  parts.splice(1, 0, kept(config.rating_history, () => moved(config, answers(config.rating_history))));
  if (config.gaps) parts.splice(1, 0, kept(config.gaps, () => gaps(config.gaps, answers(config.gaps), unreadable.has(config.gaps.form))));
  // What to read next comes from the guided start's answers (is the reader leaving?): the
  // starting point is private as a whole, so this is never on the copy to share.
  if (config.start && !share) parts.push(nextStep(config.start, answers(config.start)));
  const drawn = parts.filter(Boolean);
  root.querySelector("[data-glance-paper]").replaceChildren(
    el("p", { className: "atn-glance__paper-title", textContent: t("glance.title") }),
    el("p", { className: "atn-glance__paper-meta", textContent: paperMeta(share) }));
  const body = root.querySelector("[data-glance-body]");
  if (drawn.every((part) => part.empty)) {
    body.replaceChildren(el("p", { textContent: share ? t("glance.share-empty") : t("glance.nothing-yet") }), startLinks(config));
    return;
  }
  body.replaceChildren(...drawn.map((part) => part.node));
}

function blocked(root, config) {
  root.querySelector("[data-glance-body]").replaceChildren(
    el("p", { textContent: t("glance.blocked") }),
    startLinks(config));
}

function direction(config, answers) {
  const { options, url, title } = config.direction;
  const chosen = options[answers[config.direction.field]];
  const content = chosen
    ? [el("p", {}, [el("strong", { textContent: chosen })]), link(url, t("glance.review-direction", { title }))]
    : [el("p", { textContent: t("glance.no-direction") }), link(url, t("glance.choose-direction", { title }))];
  return section("glance-direction", t("glance.direction"), content, !chosen);
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
  if (cycle) content.push(el("p", { textContent: t("glance.next-round", { date: longDate(cycle) }) }));
  content.push(items.length ? el("ul", {}, items) : el("p", { textContent: t("glance.no-goals") }));
  content.push(link(config.goal.url, t("glance.open", { title: config.goal.title.toLowerCase() })));
  return section("glance-goals", t("glance.goals"), content, !items.length && !cycle);
}

function goalDetails(config, row) {
  const details = [];
  const status = datedStatus(config, row);
  if (status) details.push(status);
  if (row[config.check_in.field]) details.push(t("glance.next-check-in", { date: longDate(row[config.check_in.field]) }));
  if (row[config.by_date.field]) details.push(t("glance.target", { date: longDate(row[config.by_date.field]) }));
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
  const content = [latest.length ? el("ul", {}, latest) : el("p", { textContent: t("glance.no-wins") }),
    link(config.win.url, t("glance.open", { title: config.win.title.toLowerCase() }))];
  return section("glance-wins", t("glance.wins"), content, !latest.length);
}

/** The actions agreed in one-to-ones, soonest first, each with who and by when. */
function actions(config, answers) {
  const field = (name) => config[name].field;
  const rows = (answers[config.action.group] ?? []).filter((row) => (row[field("action")] ?? "").trim())
    .sort((a, b) => (a[field("action_by")] || "9999").localeCompare(b[field("action_by")] || "9999"));
  const items = rows.map((row) => {
    const details = [row[field("action_who")]?.trim(), config.action_status.options[row[field("action_status")]],
      row[field("action_by")] ? t("glance.action-by", { date: longDate(row[field("action_by")]) }) : ""].filter(Boolean);
    return el("li", {}, [el("strong", { textContent: row[field("action")].trim() }),
      document.createTextNode(details.length ? ` (${details.join("; ")})` : "")]);
  });
  const content = [items.length ? el("ul", {}, items) : el("p", { textContent: t("glance.no-actions") }),
    link(config.action.url, t("glance.open", { title: config.action.title.toLowerCase() }))];
  return section("glance-actions", t("glance.actions"), content, !items.length);
}

/** What moved at the latest check-in: each skill rated that day whose rating differs from the
    check-in before (its history). The chart and table on the self-assessment keep the first
    rating beside the latest. (Each goal's status carries its own date in "Your goals".) */
function moved(config, answers) {
  const items = skillMoves(config, answers);
  const content = items.length ? [el("ul", {}, items)] : [el("p", { textContent: t("glance.nothing-moved") })];
  return section("glance-moved", t("glance.moved"), content, !items.length);
}

function skillMoves(config, answers) {
  const chart = config.gaps?.chart;
  const field = config.rating_history.field;
  const rated = (answers[config.rating_history.group] ?? [])
    .filter((row) => (row[chart?.name] ?? "").trim())
    .map((row) => ({ name: row[chart.name].trim(), entries: historyEntries(row[field]) }))
    .filter(({ entries }) => entries.length > 1);
  // The latest check-in: the newest day a skill was rated again (a first rating moves nothing).
  const latest = rated.map(({ entries }) => entries[entries.length - 1].date).sort().pop();
  // A history never holds the same rating twice in a row, but an imported file may: not a move.
  return rated
    .map(({ name, entries }) => ({ name, before: entries[entries.length - 2], now: entries[entries.length - 1] }))
    .filter(({ before, now }) => now.date === latest && now.value !== before.value)
    .map(({ name, before, now }) => el("li", {}, [el("strong", { textContent: name }), document.createTextNode(t("glance.rating-moved", {
      before: before.value, then: longDate(before.date), now: now.value, date: longDate(now.date),
    }))]));
}

/** A goal's status with the date it got there (its history's latest entry for that status):
    "Done since …", "Under way since …". */
function datedStatus(config, row) {
  const value = row[config.status.field];
  const status = config.status.options[value];
  if (!status) return "";
  const since = historyEntries(row[config.status_history.field]).filter((entry) => entry.value === value).pop();
  return since ? t("glance.status-since", { status, date: longDate(since.date) }) : status;
}

/** The top gaps of the self-assessment's gap chart; an unreadable record is said, not shown. */
function gaps(entry, answers, unreadable) {
  const top = biggestGaps(answers[entry.chart.group], entry.chart);
  const items = top.map((gap) => el("li", {}, [el("strong", { textContent: gap.name }),
    document.createTextNode(t("gaps.details", { today: gap.today, needed: gap.needed }))]));
  const title = entry.title.toLowerCase();
  const words = unreadable ? t("glance.gaps-unreadable", { title }) : t("glance.no-gaps");
  const content = [items.length ? el("ul", {}, items) : el("p", { textContent: words }),
    link(entry.url, t("glance.open", { title }))];
  return section("glance-gaps", t("glance.gaps"), content, !items.length && !unreadable);
}

/** The worksheet to fill next, as the guided start's answers pick it. */
function nextStep(entry, answers) {
  const answered = Object.values(answers).some(Boolean);
  const next = entry.next[route(entry, answers).next];
  const content = answered && next
    ? [el("p", {}, [el("a", { href: next.href, textContent: next.title }), document.createTextNode(t("glance.next-why", { why: next.why }))]),
      link(entry.url, t("glance.see-reading-order", { title: entry.title }))]
    : [el("p", { textContent: t("glance.no-start") }), link(entry.url, t("glance.open-start", { title: entry.title.toLowerCase() }))];
  return section("glance-next", t("glance.next"), content, !answered);
}

function startLinks(config) {
  return el("ul", { className: "atn-glance__link" }, [config.direction, config.goal, config.win].map((entry) => el("li", {}, [link(entry.url, entry.title)])));
}

function section(id, title, content, empty) {
  // An empty section (nothing written yet) stays on screen as a pointer, but not on paper.
  const node = el("section", { className: empty ? "atn-glance__empty" : "" }, [el("h2", { id, textContent: title }), ...content]);
  node.setAttribute("aria-labelledby", id);
  return { node, empty };
}

/** A link to a worksheet: on screen only, never on paper. */
function link(href, text) {
  return el("p", { className: "atn-glance__link" }, [el("a", { href, textContent: text })]);
}

// The root itself loads this module (macros/render.py): start now, before Material's bundle runs.
startRoots("glance", init);
