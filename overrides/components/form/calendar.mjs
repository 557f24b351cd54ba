// An iCalendar (RFC 5545) file of a worksheet's dates, made in the browser from the answers.
// Which dates become events is declared in the worksheet's data file (`calendar:`).

import { isRealDate } from "../storage/answers.mjs";
import { t } from "../shared/strings.mjs";

const CRLF = "\r\n";
const encoder = new TextEncoder();

/** The events the answers give: [{uid, date: "YYYY-MM-DD", summary, description}]. */
export function eventsFrom(definition, answers, labels) {
  const events = [];
  definition.calendar.events.forEach((spec, index) => {
    for (const { scope, where } of scopesOf(definition, answers, spec.date)) {
      const date = scope[spec.date];
      if (!isRealDate(date)) continue;
      const name = spec.title_field ? (scope[spec.title_field] ?? "").trim() : "";
      const details = spec.details.filter((id) => (scope[id] ?? "").trim())
        .map((id) => `${labels[id] ?? id}: ${scope[id].trim()}`);
      events.push({
        uid: `${definition.id}.${index}.${where}@after-the-no`,
        date,
        summary: name ? `${spec.title}: ${name}` : spec.title,
        description: [...details, t("form.calendar-description", { title: definition.title.toLowerCase() })].join("\n"),
      });
    }
  });
  return events.sort((a, b) => a.date.localeCompare(b.date));
}

/** A date field's answers: once at the top level, or once per row of the group holding it. */
function scopesOf(definition, answers, fieldId) {
  if (definition.fields[fieldId]) return [{ scope: answers, where: fieldId }];
  for (const [groupId, kind] of Object.entries(definition.fields)) {
    if (kind.type === "group" && kind.fields[fieldId]) {
      return (answers[groupId] ?? []).map((row, i) => ({ scope: row, where: `${groupId}.${i}.${fieldId}` }));
    }
  }
  return [];
}

export function icsText(events, now = new Date()) {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
  const lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//After the no//Worksheets//EN",
    "CALSCALE:GREGORIAN", "METHOD:PUBLISH"];
  for (const event of events) {
    lines.push(
      "BEGIN:VEVENT",
      `UID:${event.uid}`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${compact(event.date)}`,
      // One whole day: DURATION, not DTEND, which would be the day after 9999-12-31.
      "DURATION:P1D",
      `SUMMARY:${escapeText(event.summary)}`,
      `DESCRIPTION:${escapeText(event.description)}`,
      "TRANSP:TRANSPARENT",
      "END:VEVENT",
    );
  }
  lines.push("END:VCALENDAR");
  return lines.map(fold).join(CRLF) + CRLF;
}

/**
 * TEXT escaping: backslash first, then ; and , and every kind of line break; other control
 * characters (NUL, escape, DEL...) are removed, as RFC 5545 forbids them in TEXT.
 */
export function escapeText(text) {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, "").replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r\n|\r|\n/g, "\\n");
}

/** Fold at 75 octets of UTF-8, never inside a character; continuation lines start with a space. */
export function fold(line) {
  const parts = [];
  let current = "";
  let bytes = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    const limit = parts.length ? 74 : 75; // a continuation's leading space takes one octet
    if (bytes + size > limit) {
      parts.push(current);
      current = "";
      bytes = 0;
    }
    current += char;
    bytes += size;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

const compact = (isoDate) => isoDate.replaceAll("-", "");
