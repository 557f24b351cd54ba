// Helpers every component shares: one way to make an element, one way to show a date.
// User text goes in through props such as textContent, never as markup.

/** A new element with `props` assigned (textContent, className, href...) and `children` appended. */
export function element(tag, props = {}, children = []) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

/** "2027-06-01" -> "June 1, 2027" in the reader's own language; the text as it is when not a date. */
export function longDate(isoDate) {
  const date = new Date(`${isoDate}T12:00:00`); // noon local time: the same day in every time zone
  // An impossible date ("2027-02-31") would roll over to another day: shown as it is instead.
  const rolled = date.getFullYear() !== Number(isoDate.slice(0, 4)) || date.getMonth() + 1 !== Number(isoDate.slice(5, 7))
    || date.getDate() !== Number(isoDate.slice(8, 10));
  return Number.isNaN(date.getTime()) || rolled ? isoDate
    : date.toLocaleDateString(undefined, { day: "numeric", month: "long", year: "numeric" });
}

/** The reader's local calendar date of a moment, as YYYY-MM-DD (for file names); "" when invalid. */
export function localDay(moment = new Date()) {
  const date = moment instanceof Date ? moment : new Date(moment);
  if (Number.isNaN(date.getTime())) return "";
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A stored moment (an ISO time, UTC) as the reader's local date, in words; "" when invalid. */
export function localDateOf(isoTime) {
  const day = localDay(isoTime);
  return day ? longDate(day) : "";
}

let timeFormat = null;

/**
 * A moment (a Date, or milliseconds since 1970) as the reader's local time of day, e.g. "10:32 PM".
 * One formatter for the page: building one loads locale data (~20 ms on a slow phone), and the
 * status line says the time on every save.
 */
export function localTimeOf(moment) {
  timeFormat ??= new Intl.DateTimeFormat([], { hour: "2-digit", minute: "2-digit" });
  return timeFormat.format(moment);
}
