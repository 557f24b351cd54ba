"""The components' pure modules (answers, store, calendar, shared dates), run in the same Chromium
without building the site: overrides/ is served as it is, and each test imports a module."""

from __future__ import annotations

import json
import re
import sys

import pytest

from kit import ROOT, StaticServer

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from macros.strings import load_strings, strings_script

pytestmark = pytest.mark.fast  # no site build: part of `make test-fast`

OVERRIDES = ROOT / "overrides"
# The page carries the scripts' words, as every built page with a component does (macros/strings.py).
HARNESS = "<!doctype html><html lang=en><meta charset=utf-8><title>modules</title>" + strings_script(
    load_strings(ROOT / "data", "en", OVERRIDES), None
)

GOAL_PLAN = {
    "id": "goal-plan",
    "kind": "worksheet",
    "title": "Goal-setting plan",
    "version": 2,
    "migrations": [{"to_version": 2, "renamed": {"old-goal": "goal"}}],
    "fields": {
        "aim": {"type": "text"},
        "next-cycle": {"type": "date"},
        "goals": {
            "type": "group",
            "min": 2,
            "max": 4,
            "fields": {"goal": {"type": "text"}, "check-in": {"type": "date"}},
        },
    },
    "calendar": None,
}


@pytest.fixture(scope="module")
def modules(browser):
    """A tab on a blank page of the server that serves overrides/ (so components/ is at /components/)."""
    with StaticServer(OVERRIDES) as server:
        context = browser.new_context(base_url=server.url)
        tab = context.new_page()
        errors = []
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.route("**/harness.html", lambda route: route.fulfill(body=HARNESS, content_type="text/html; charset=utf-8"))
        # The same modules under another path: a second copy of the site on the same host.
        tab.route(
            "**/copy/components/**",
            lambda route: route.fulfill(
                path=OVERRIDES / route.request.url.split("/copy/", 1)[1], content_type="text/javascript"
            ),
        )
        tab.goto("harness.html")
        yield tab
        assert not errors, errors
        context.close()


def run(tab, module: str, body: str, arg=None):
    """Import components/<module> as `m` and run `body` (an async function body using m and arg)."""
    return tab.evaluate(
        f"async ([path, arg]) => {{ const m = await import(path); {body} }}", [f"/components/{module}", arg]
    )


# answers.mjs ------------------------------------------------------------------------------------


def test_answers_without_a_place_are_kept_as_stale_and_wrong_types_are_named(modules):
    result = run(
        modules,
        "storage/answers.mjs",
        "return m.sortAnswers(arg.answers, arg.fields);",
        {"answers": {"aim": "Lead", "next-cycle": 20270101, "gone": "kept"}, "fields": GOAL_PLAN["fields"]},
    )
    assert result["answers"] == {"aim": "Lead"}
    assert result["stale"] == {"next-cycle": 20270101, "gone": "kept"}
    assert result["problems"] == ["“next-cycle” should be a date"]


def test_proto_and_constructor_keys_are_ordinary_unknown_answers(modules):
    result = run(
        modules,
        "storage/answers.mjs",
        """
        const sorted = m.sortAnswers(JSON.parse(arg), {aim: {type: "text"}});
        return {keys: Object.keys(sorted.stale), problems: sorted.problems,
                plainProto: Object.getPrototypeOf(sorted.stale) === Object.prototype,
                json: JSON.stringify(sorted.stale)};""",
        '{"__proto__": {"x": 1}, "constructor": "c", "aim": "A"}',
    )
    assert sorted(result["keys"]) == ["__proto__", "constructor"]
    assert result["problems"] == [], "not refused as an 'unknown type'"
    assert result["plainProto"], "the prototype of the result was not changed"
    assert json.loads(result["json"]) == {"__proto__": {"x": 1}, "constructor": "c"}


@pytest.mark.parametrize(
    "value, ok", [("2027-03-15", True), ("", True), ("20271-03-15", False), ("+002027-03-15", False)]
)
def test_a_date_must_have_a_four_digit_year(modules, value, ok):
    problem = run(modules, "storage/answers.mjs", "return m.valueProblem(arg, {type: 'date'});", value)
    assert (problem == "") is ok


@pytest.mark.parametrize(
    "value, real",
    [
        ("2027-02-28", True),
        ("2028-02-29", True),
        ("2000-02-29", True),
        ("0001-01-01", True),
        ("9999-12-31", True),
        ("2027-02-29", False),
        ("1900-02-29", False),
        ("2027-02-31", False),
        ("2027-04-31", False),
        ("0000-01-01", False),
        ("2027-13-01", False),
        ("2027-00-10", False),
        ("2027-01-00", False),
        ("2027-1-01", False),
        ("", False),
    ],
)
def test_a_date_answer_must_be_a_real_calendar_date(modules, value, real):
    result = run(
        modules, "storage/answers.mjs", "return [m.isRealDate(arg), m.valueProblem(arg, {type: 'date'})];", value
    )
    assert result[0] is real
    if value:
        assert (result[1] == "") is real
        assert real or value in result[1], "the message names the value"


def test_limits_name_the_limit_that_was_broken(modules):
    messages = run(
        modules,
        "storage/answers.mjs",
        """
        const many = {}; for (let i = 0; i < 200000; i++) many["k" + i] = "";
        let deep = "x"; for (let i = 0; i < 9; i++) deep = [deep];
        return [m.limitProblem({answers: many}), m.limitProblem(deep), m.limitProblem({a: "x".repeat(m.LIMITS.textLength + 1)}),
                m.limitProblem({answers: {a: "fine", rows: [{b: "fine"}]}})];""",
    )
    assert "200,000" in messages[0] and "at most 500" in messages[0]
    assert "levels deep" in messages[1]
    assert "characters" in messages[2] and "at most" in messages[2]
    assert messages[3] == ""


def test_migrations_rename_fields_inside_rows_too(modules):
    result = run(
        modules,
        "storage/answers.mjs",
        "return m.migrate(arg.answers, 1, arg.definition);",
        {"answers": {"goals": [{"old-goal": "Lead"}]}, "definition": GOAL_PLAN},
    )
    assert result == {"goals": [{"goal": "Lead"}]}


# store.mjs: the record model -------------------------------------------------------------------------


def test_keys_are_namespaced_by_the_copy_of_the_site(modules):
    here = run(modules, "storage/store.mjs", "return [m.NAMESPACE, m.formKey('goal-plan')];")
    assert here == ["after-the-no:/:", "after-the-no:/:form:goal-plan"]
    copy = modules.evaluate("async () => (await import('/copy/components/storage/store.mjs')).NAMESPACE")
    assert copy == "after-the-no:/copy/:"


def test_a_record_from_before_row_ids_gets_the_same_ids_in_every_tab(modules):
    record = run(
        modules,
        "storage/store.mjs",
        "return m.checkRecord(arg.raw, arg.definition);",
        {
            "raw": json.dumps(
                {
                    "site": "after-the-no",
                    "format": 1,
                    "form": "goal-plan",
                    "version": 2,
                    "answers": {"goals": [{"goal": "A"}, {"goal": "B"}, {"goal": "C"}]},
                }
            ),
            "definition": GOAL_PLAN,
        },
    )
    assert record["notice"] == ""
    assert record["record"]["rows"]["goals"] == ["r1", "r2", "r3"]


def test_removing_a_row_and_editing_another_merge_per_answer(modules):
    """Tab A removes goal 1 while tab B edits goal 3: both land, in either order."""
    result = run(
        modules,
        "storage/store.mjs",
        """
        const base = m.applyEdits(m.emptyRecord(arg), ["r1", "r2", "r3"].map((row, i) =>
            ({group: "goals", row, field: "goal", value: "Goal " + (i + 1)})), 1);
        const removeFirst = [{group: "goals", row: "r1", remove: true}];
        const editThird = [{group: "goals", row: "r3", field: "goal", value: "Goal 3, edited"}];
        const ab = m.applyEdits(m.applyEdits(base, removeFirst, 2), editThird, 3);
        const ba = m.applyEdits(m.applyEdits(base, editThird, 2), removeFirst, 3);
        return [ab.answers.goals, ab.rows.goals, ba.answers.goals, ba.rows.goals];""",
        GOAL_PLAN,
    )
    expected = [{"goal": "Goal 2"}, {"goal": "Goal 3, edited"}]
    assert result == [expected, ["r2", "r3"], expected, ["r2", "r3"]]


def test_an_edit_to_a_removed_row_never_brings_it_back(modules):
    result = run(
        modules,
        "storage/store.mjs",
        """
        let record = m.applyEdits(m.emptyRecord(arg), [{group: "goals", row: "r1", field: "goal", value: "A"}], 1);
        record = m.applyEdits(record, [{group: "goals", row: "r1", remove: true}], 2);
        record = m.applyEdits(record, [{group: "goals", row: "r1", field: "goal", value: "late keystroke"}], 3);
        return [record.rows.goals, record.answers.goals, Object.keys(record.removed), m.pageRowIds(record, arg).goals];""",
        GOAL_PLAN,
    )
    assert result[0] == [] and result[1] == []
    assert result[2] == ["goals/r1"]
    assert result[3] == ["r2", "r3"], "the empty rows shown skip the removed id"


def test_undo_brings_back_what_a_clear_removed_but_never_over_a_newer_edit(modules):
    result = run(
        modules,
        "storage/store.mjs",
        """
        const c = await import("/components/storage/changes.mjs");  // changes in bulk live there
        const before = m.applyEdits(m.emptyRecord(arg), [
            {field: "aim", value: "Lead the team"}, {field: "next-cycle", value: "2027-06-01"},
            {group: "goals", row: "r1", field: "goal", value: "Old goal"}], 1);
        const cleared = c.replaceAnswers(before, {answers: {}, stale: {}}, 10);
        const editedElsewhere = m.applyEdits(cleared, [{field: "aim", value: "Typed after the clear"}], 11);
        const undone = c.undoReplace(editedElsewhere, before, 10, 12);
        return [undone.answers, undone.rows.goals];""",
        GOAL_PLAN,
    )
    answers, rows = result
    assert answers["aim"] == "Typed after the clear"
    assert answers["next-cycle"] == "2027-06-01"
    assert answers["goals"] == [{"goal": "Old goal"}] and rows == ["r1"]


def test_undo_of_an_import_removes_the_imported_answers_and_keeps_later_edits(modules):
    result = run(
        modules,
        "storage/store.mjs",
        """
        const c = await import("/components/storage/changes.mjs");  // changes in bulk live there
        const before = m.applyEdits(m.emptyRecord(arg), [{field: "aim", value: "Mine"}], 1);
        const imported = c.replaceAnswers(before, {answers: {"next-cycle": "2027-01-01",
            goals: [{goal: "Imported goal"}]}, stale: {}}, 10);
        const later = m.applyEdits(imported, [{group: "goals", row: imported.rows.goals[0], field: "goal", value: "Edited after"}], 11);
        return c.undoReplace(later, before, 10, 12).answers;""",
        GOAL_PLAN,
    )
    assert result["aim"] == "Mine"
    assert "next-cycle" not in result
    assert result["goals"] == [{"goal": "Edited after"}], "an edit made after the import stays"


def test_two_replacements_undone_last_first_give_back_the_original_exactly(modules):
    """Tab A imports (10), tab B imports (20); B undoes, then A: the original is back, unmixed,
    and each record says which change it reflects, so each Undo lines up with its own."""
    result = run(
        modules,
        "storage/store.mjs",
        """
        const c = await import("/components/storage/changes.mjs");
        const original = m.applyEdits(m.emptyRecord(arg), [{field: "aim", value: "Original"},
            {group: "goals", row: "r1", field: "goal", value: "Original goal"}], 1);
        const fileA = c.replaceAnswers(original, {answers: {aim: "A", goals: [{goal: "Goal A"}]}, stale: {}}, 10);
        const fileB = c.replaceAnswers(fileA, {answers: {"next-cycle": "2027-01-01"}, stale: {}}, 20);
        const undoneB = c.undoReplace(fileB, fileA, 20, 30);
        const undoneA = c.undoReplace(undoneB, original, 10, 40);
        return [fileB.changedAt, undoneB.changedAt, undoneB.answers, undoneA.changedAt ?? null, undoneA.answers];""",
        GOAL_PLAN,
    )
    assert result[0:2] == [20, 10]
    assert result[2] == {"aim": "A", "goals": [{"goal": "Goal A"}]}
    assert result[3] is None
    assert result[4] == {"aim": "Original", "goals": [{"goal": "Original goal"}]}


def test_an_edit_dropped_by_a_late_copy_is_written_again(modules):
    """Tab B applies its edit to a copy without tab A's: A sees its edit missing and must write it
    again, unless a later clear, removal or Delete all overrides it."""
    result = run(
        modules,
        "storage/store.mjs",
        """
        const c = await import("/components/storage/changes.mjs");  // changes in bulk live there
        const base = m.emptyRecord(arg);
        const editA = {field: "aim", value: "From tab A"};
        const withA = m.applyEdits(base, [editA], 10);
        const lateB = m.applyEdits(base, [{field: "next-cycle", value: "2027-01-01"}], 11);  // B never saw A's edit
        const cleared = c.replaceAnswers(withA, {answers: {}, stale: {}}, 12);
        const removeRow = {group: "goals", row: "r1", remove: true};
        return [m.reflects(withA, editA, 10, 0), m.reflects(lateB, editA, 10, 0), m.reflects(cleared, editA, 10, 0),
                m.reflects(lateB, editA, 10, 20), m.reflects(m.applyEdits(base, [removeRow], 5), removeRow, 5, 0),
                m.reflects(m.applyEdits(base, [{group: "goals", row: "r1", add: true}], 6), removeRow, 5, 0)];""",
        GOAL_PLAN,
    )
    assert result == [True, False, True, True, True, False]


def test_legacy_keys_are_adopted_once_and_nothing_is_lost(modules):
    result = run(
        modules,
        "storage/store.mjs",
        """
        localStorage.clear();
        localStorage.setItem("after-the-no:form:goal-plan", "legacy record");
        localStorage.setItem("after-the-no:aside:take-stock:2026-01-01T00:00:00.000Z", "legacy original");
        localStorage.setItem("after-the-no:form:achievements", "older record");
        localStorage.setItem("after-the-no:/:form:achievements", "newer record");
        m.adoptLegacyKeys();
        const all = Object.fromEntries(Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)]));
        localStorage.clear();
        return all;""",
    )
    assert result["after-the-no:/:form:goal-plan"] == "legacy record"
    assert result["after-the-no:/:aside:take-stock:2026-01-01T00:00:00.000Z"] == "legacy original"
    assert result["after-the-no:/:form:achievements"] == "newer record"
    assert "older record" in [v for k, v in result.items() if k.startswith("after-the-no:/:aside:achievements:")]
    assert not [k for k in result if k.startswith(("after-the-no:form:", "after-the-no:aside:"))]


def test_a_damaged_record_is_never_overwritten_unless_kept_aside(modules):
    result = run(
        modules,
        "storage/store.mjs",
        """
        localStorage.clear();
        localStorage.setItem(m.formKey("goal-plan"), "{damaged");
        const realSet = Storage.prototype.setItem;
        Storage.prototype.setItem = function (key, value) {
            if (key.includes(":aside:")) throw new DOMException("full", "QuotaExceededError");
            return realSet.call(this, key, value);
        };
        const refused = m.updateForm(arg, (r) => m.applyEdits(r, [{field: "aim", value: "x"}], m.stamp()));
        const stored = localStorage.getItem(m.formKey("goal-plan"));
        Storage.prototype.setItem = realSet;
        const accepted = m.updateForm(arg, (r) => m.applyEdits(r, [{field: "aim", value: "x"}], m.stamp()));
        const asides = Object.keys(localStorage).filter((k) => k.includes(":aside:")).map((k) => localStorage.getItem(k));
        localStorage.clear();
        return [refused, stored, accepted.ok, asides];""",
        GOAL_PLAN,
    )
    assert result[0] == {"ok": False, "reason": "unkept"}
    assert result[1] == "{damaged"
    assert result[2] is True and result[3] == ["{damaged"]


# calendar.mjs and shared/dom.mjs -----------------------------------------------------------------------


def test_calendar_lines_fold_at_75_octets_without_splitting_a_character(modules):
    lines = run(modules, "form/calendar.mjs", "return m.fold(arg).split('\\r\\n');", "SUMMARY:" + "é🚀" * 40)
    encoded = [line.encode("utf-8") for line in lines]
    assert all(len(line) <= 75 for line in encoded)
    assert all(line.startswith(b" ") for line in encoded[1:])
    assert "".join([lines[0]] + [line[1:] for line in lines[1:]]) == "SUMMARY:" + "é🚀" * 40


def test_calendar_text_is_escaped_and_events_come_from_rows(modules):
    result = run(
        modules,
        "form/calendar.mjs",
        """
        const definition = {id: "goal-plan", title: "Goal-setting plan", fields: arg.fields,
            calendar: {events: [{date: "check-in", title: "Check-in", title_field: "goal", details: []}]}};
        const events = m.eventsFrom(definition, {goals: [{goal: "B; c, d", "check-in": "2027-02-01"},
            {goal: "A", "check-in": "2027-01-01"}, {goal: "No date", "check-in": ""}]}, {});
        return [events.map((e) => [e.date, e.summary]), m.escapeText("a\\\\b;c,d\\ne"), m.icsText(events).includes("\\r\\nEND:VCALENDAR\\r\\n")];""",
        GOAL_PLAN,
    )
    assert result[0] == [["2027-01-01", "Check-in: A"], ["2027-02-01", "Check-in: B; c, d"]]
    assert result[1] == "a\\\\b\\;c\\,d\\ne"
    assert result[2] is True


def test_calendar_events_for_the_first_and_last_real_days_are_valid(modules):
    import icalendar

    text = run(
        modules,
        "form/calendar.mjs",
        """
        const events = [{uid: "a@x", date: "9999-12-31", summary: "Last", description: ""},
                        {uid: "b@x", date: "0001-01-01", summary: "First", description: ""}];
        return m.icsText(events);""",
    )
    events = icalendar.Calendar.from_ical(text).walk("VEVENT")
    assert [e["DTSTART"].dt.isoformat() for e in events] == ["9999-12-31", "0001-01-01"]
    assert all(e["DURATION"].dt.days == 1 and "DTEND" not in e for e in events)
    assert "+0" not in text


def test_records_set_aside_in_one_millisecond_get_keys_of_their_own(modules):
    result = run(
        modules,
        "storage/store.mjs",
        """
        localStorage.clear();
        const at = "2026-12-06T10:00:00.000Z";
        const keys = [m.keepAside("goal-plan", "first", at), m.keepAside("goal-plan", "second", at), m.keepAside("goal-plan", "third", at)];
        const now = [1, 2, 3].map((n) => m.keepAside("take-stock", `same moment ${n}`));
        const kept = Object.keys(localStorage).filter((k) => k.includes(":aside:")).map((k) => localStorage.getItem(k)).sort();
        const described = keys.map((k) => m.describeAside(k));
        localStorage.clear();
        return {keys, now, kept, described};""",
    )
    assert len(set(result["keys"])) == 3 and len(set(result["now"])) == 3
    assert result["kept"] == sorted(["first", "second", "third", "same moment 1", "same moment 2", "same moment 3"])
    assert all(d == {"formId": "goal-plan", "keptAt": "2026-12-06T10:00:00.000Z"} for d in result["described"])


def test_dates_shown_to_the_reader_are_local(browser):
    """An export made at 23:30 UTC is dated the next day for a reader fourteen hours ahead."""
    with StaticServer(OVERRIDES) as server:
        context = browser.new_context(base_url=server.url, timezone_id="Pacific/Kiritimati", locale="en-US")
        tab = context.new_page()
        tab.route("**/harness.html", lambda route: route.fulfill(body=HARNESS, content_type="text/html; charset=utf-8"))
        tab.goto("harness.html")
        result = run(
            tab,
            "shared/dom.mjs",
            "return [m.localDay(new Date(arg)), m.localDateOf(arg), m.longDate('2027-06-01')];",
            "2026-11-24T23:30:00Z",
        )
        context.close()
    assert result == ["2026-11-25", "November 25, 2026", "June 1, 2027"]


def test_only_the_storage_modules_touch_storage():
    """One store API (issue 28): components read and write through storage/store.mjs, which reports
    every failure. The inline first-paint script is the one exception: it runs before any module
    can load, and only reads."""
    exceptions = {"form/first-paint.js": "reads the saved record before the first paint"}
    touching = []
    for path in sorted((ROOT / "overrides" / "components").rglob("*.*js")):
        name = path.relative_to(ROOT / "overrides" / "components").as_posix()
        if name.startswith("storage/") or name in exceptions:
            continue
        if re.search(r"\blocalStorage\b|\b(readRaw|writeRaw|adoptLegacyKeys)\b", path.read_text(encoding="utf-8")):
            touching.append(name)
    assert not touching, f"these go around the store: {touching}"


def test_a_history_keeps_one_entry_a_day_no_repeat_and_the_newest_entries(modules):
    entries = [
        {"date": "2026-10-01", "value": "a"},
        {"date": "2026-10-03", "value": "b"},
        {"date": "2026-10-03", "value": "c"},  # a second answer that day replaces the first
        {"date": "2026-10-02", "value": "a"},  # out of order, and the same as the entry before
        {"date": "2026-10-04", "value": "c"},
        {"date": "2026-10-05", "value": "d"},
        {"date": "2026-10-06", "value": "b"},
        {"date": "2026-10-06", "value": "d"},  # back to the answer before, the same day: no change
    ]
    texts = run(modules, "storage/answers.mjs", "return [m.historyText(arg, 50), m.historyText(arg, 2)];", entries)
    assert texts == ["2026-10-01 a\n2026-10-03 c\n2026-10-05 d", "2026-10-03 c\n2026-10-05 d"]
