// The gaps between two ratings in each row of a group (a skill today and what the next level
// needs), from plain answers: the chart, the goal plan's "Your biggest gaps" and the glance all
// use this. Pure: no DOM, no storage. `chart` is a worksheet's gap_chart from data/.

/**
 * Every named row with a rating, as {name, today, needed, others, first, gap}: ratings are numbers or
 * null, gap is needed minus today (null unless both are rated). Biggest gap first; rows without
 * a gap last; equal gaps keep the worksheet's order.
 */
export function gapsOf(rows, chart) {
  const out = [];
  for (const row of Array.isArray(rows) ? rows : []) {
    const name = typeof row?.[chart.name] === "string" ? row[chart.name].trim() : "";
    const today = point(row?.[chart.today]);
    const needed = point(row?.[chart.needed]);
    const others = chart.others ? point(row?.[chart.others]) : null;
    const first = chart.first ? point(row?.[chart.first]) : null;
    if (!name || (today === null && needed === null && others === null && first === null)) continue;
    out.push({ name, today, needed, others, first, gap: today !== null && needed !== null ? needed - today : null });
  }
  return out.map((gap, index) => ({ gap, index }))
    .sort((a, b) => (b.gap.gap ?? -Infinity) - (a.gap.gap ?? -Infinity) || a.index - b.index)
    .map(({ gap }) => gap);
}

/** The `count` biggest gaps above zero: what to work on first. */
export function biggestGaps(rows, chart, count = 3) {
  return gapsOf(rows, chart).filter((row) => row.gap > 0).slice(0, count);
}

function point(value) {
  const number = Number(value);
  return value !== "" && value != null && Number.isInteger(number) && number >= 1 && number <= 5 ? number : null;
}
