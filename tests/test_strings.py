"""Every word a script shows a reader comes from data/strings/<language>.yml.

An organization rewords or translates a message by editing that one file (CONTRIBUTING.md). So no
script may hold a sentence or a label of its own, every key a script asks for must be in the file
(the build stops otherwise, naming the key), and a message reworded in the file is what the
reader sees.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, build_site, serve
from formkit import open_form

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from macros.build_hooks.bundling import without_comments
from macros.definitions import DefinitionError
from macros.strings import load_strings, used_keys

SCRIPTS = sorted((ROOT / "overrides").rglob("*.mjs"))
STRINGS = ROOT / "data" / "strings" / "en.yml"
# A literal's text: quoted strings, and the text parts of template literals (between `${…}`).
LITERAL = re.compile(r"""(["'])((?:\\.|(?!\1)[^\\\n])*)\1|`([^`]*)`""")
# Two words of prose side by side ("not saved", "Your answers"), not class lists or selectors.
PROSE = re.compile(r"(?<![\w./:#-])[A-Za-z][a-z’']+ [a-z][a-z’']+(?![\w-])")
# One capitalized word alone is a label ("Undo", "Saved") unless it is one of these.
LABEL = re.compile(r"^[A-Z][a-z]+$")
NOT_READER_TEXT = {
    "Enter",
    "Escape",
    "Tab",  # KeyboardEvent.key names
}


def reader_text_in(path: Path) -> list[str]:
    """`file:line: "literal"` for every literal in a script that reads as words for a reader."""
    code = without_comments(path.read_text(encoding="utf-8"))  # comments out, a statement a line
    found = []
    for number, line in enumerate(code.splitlines(), 1):
        if re.search(r"console\.|new Error\(|PRODID:|\[after-the-no\]", line):
            continue  # words for maintainers (the console, errors) and the calendar format's own
        for match in LITERAL.finditer(line):
            text = match.group(2) if match.group(2) is not None else match.group(3)
            for part in re.split(r"\$\{[^}]*\}", text):
                if PROSE.search(part) or (LABEL.match(part.strip()) and part.strip() not in NOT_READER_TEXT):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {match.group(0)}")
                    break
    return found


def test_no_script_holds_words_of_its_own():
    found = [hit for path in SCRIPTS for hit in reader_text_in(path)]
    assert not found, (
        "these scripts show a reader words that are not in data/strings/en.yml; "
        "add each to the file and use t():\n" + "\n".join(found)
    )


def test_the_scanner_finds_a_sentence_and_a_label(tmp_path):
    script = tmp_path / "x.mjs"
    script.write_text(
        '// Comments are for maintainers.\nconst a = "Saved in this browser";\n'
        'const b = `${n} answers kept`;\nbutton.textContent = "Undo";\n'
        'node.className = "md-button md-button--primary";\nif (event.key === "Enter") go();\n'
    )
    hits = [hit.split(": ", 1)[1] for hit in reader_text_in_any(script)]
    assert hits == ['"Saved in this browser"', "`${n} answers kept`", '"Undo"']


def reader_text_in_any(path: Path) -> list[str]:
    global ROOT
    saved, ROOT = ROOT, path.parent
    try:
        return reader_text_in(path)
    finally:
        ROOT = saved


def test_every_message_in_the_file_is_used_by_a_script():
    messages = yaml.safe_load(STRINGS.read_text(encoding="utf-8"))["messages"]
    unused = sorted(set(messages) - used_keys(ROOT / "overrides"))
    assert not unused, f"data/strings/en.yml has messages no script shows: {unused}"


def test_the_placeholders_a_script_fills_are_the_ones_each_message_has():
    """t("key", {name: …}) must fill every {placeholder} of that message."""
    messages = yaml.safe_load(STRINGS.read_text(encoding="utf-8"))["messages"]
    wrong = []
    for path in SCRIPTS:
        for key, given in t_calls(path.read_text(encoding="utf-8")):
            if given is None:
                continue  # values passed in a variable: the browser tests show those messages
            forms = messages[key] if isinstance(messages[key], dict) else {"": messages[key]}
            wanted = {name for text in forms.values() for name in re.findall(r"\{([a-zA-Z0-9]+)\}", text)}
            if isinstance(messages[key], dict):
                wanted.add("count")
            if wanted - given:
                wrong.append(f"{path.relative_to(ROOT)}: t({key!r}) leaves {sorted(wanted - given)} unfilled")
    assert not wrong, "\n".join(wrong)


def t_calls(source: str):
    """(key, the names its object literal gives, or None for a variable) for each t("key", …) call."""
    for call in re.finditer(r"""\bt\(\s*["']([a-z][a-z0-9.-]*)["']\s*""", source):
        rest = source[call.end() :]
        if not rest.startswith(","):
            yield call[1], set()
            continue
        argument = rest[1:].lstrip()
        if not argument.startswith("{"):
            yield call[1], None
            continue
        yield call[1], top_level_names(argument)


def top_level_names(literal: str) -> set[str]:
    """The keys of the object literal `literal` starts with: `{ a, b: x(y, z) }` -> {a, b}."""
    names, part, depth = set(), "", 0
    for char in literal:
        if char in "{([":
            depth += 1
            if depth == 1:
                continue
        elif char in "})]":
            depth -= 1
            if depth == 0:
                break
        if depth == 1 and char == ",":
            names.add(part.split(":")[0].strip())
            part = ""
        else:
            part += char
    names.add(part.split(":")[0].strip())
    return names - {""}


def write_strings(tmp_path: Path, text: str) -> Path:
    data = tmp_path / "data"
    (data / "strings").mkdir(parents=True)
    (data / "strings" / "en.yml").write_text(text, encoding="utf-8")
    return data


def scripts_using(tmp_path: Path, key: str) -> Path:
    scripts = tmp_path / "overrides"
    scripts.mkdir()
    (scripts / "x.mjs").write_text(f'status(t("{key}"));\n', encoding="utf-8")
    return scripts


@pytest.mark.parametrize(
    "text, line",
    [
        (
            "language: en\nmessages: {}\n",
            "data/strings/en.yml: messages: the scripts use form.saved, which the file does not have",
        ),
        (
            "language: en\nmessages:\n  form.saved: 'Saved at {time'\n  form.other: x\n",
            "data/strings/en.yml: messages: form.saved: a brace is not closed",
        ),
        (
            "language: en\nmessages:\n  form.saved: 'Saved at {the time}'\n",
            "data/strings/en.yml: messages: form.saved: {the time} is not a placeholder name",
        ),
        (
            "language: en\nmessages:\n  form.saved: {one: One saved}\n",
            "data/strings/en.yml: messages: form.saved: a message with plural forms needs an 'other' form",
        ),
        (
            "language: de\nmessages:\n  form.saved: x\n",
            "data/strings/en.yml: language: is 'de' but the file is chosen by theme.language 'en'",
        ),
        ("language: en\nmessages:\n  Form Saved: x\n", "data/strings/en.yml: messages.Form Saved"),
        ("language: en\nlanguage: en\n", "data/strings/en.yml: line 2, column 1: YAML syntax error"),
    ],
)
def test_a_wrong_strings_file_is_one_line_naming_the_key_and_the_problem(tmp_path, text, line):
    with pytest.raises(DefinitionError) as raised:
        load_strings(write_strings(tmp_path, text), "en", scripts_using(tmp_path, "form.saved"))
    assert str(raised.value).startswith(line), str(raised.value)


def test_the_real_build_stops_when_a_message_is_missing(project_copy, tmp_path):
    project = project_copy()
    path = project / "data" / "strings" / "en.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    key = min(data["messages"])
    del data["messages"][key]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = build_site(project, tmp_path / "out", "http://127.0.0.1:8000/")
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output, output
    assert f"data/strings/en.yml: messages: the scripts use {key}" in output, output


def test_the_real_build_refuses_a_placeholder_the_script_never_gives(project_copy, tmp_path):
    """{constructor} would print JavaScript source: every object has one. One clear line, no traceback."""
    project = project_copy()
    path = project / "data" / "strings" / "en.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Saved in this browser at {time}", "Saved at {constructor}"), encoding="utf-8")
    result = build_site(project, tmp_path / "out", "http://127.0.0.1:8000/")
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output, output
    assert (
        "data/strings/en.yml: messages.form.saved: {constructor} is not a placeholder the scripts give this message"
        " (they give: time)" in output
    ), output


def test_a_message_reworded_in_the_file_is_what_the_reader_sees(project_copy, tmp_path, browser):
    """The organization's own words: reword the "saved" status, rebuild, and a worksheet shows it."""
    project = project_copy()
    path = project / "data" / "strings" / "en.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["messages"]["form.saved"] = "Kept on this device at {time}"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out"
    assert build_site(project, out, "http://127.0.0.1:8000/").returncode == 0
    server = serve(out)
    tab = browser.new_page(base_url=server.url)
    try:
        root = open_form(tab, "worksheets/goal-plan/")
        root.locator("textarea[data-field], input[type=text][data-field]").first.fill("Lead the team")
        status = root.locator("[data-status]")
        assert status.inner_text().startswith("Kept on this device at"), status.inner_text()
    finally:
        tab.close()
        server.shutdown()
