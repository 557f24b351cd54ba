"""The words the site's scripts show a reader, from `data/strings/<language>.yml`.

One file per language, chosen by `theme.language` in mkdocs.yml. It is validated once, at config
time, and handed to the page once (`strings_script`), so an organization can reword or translate
any message by editing that one file. A message may hold placeholders such as `{name}`; one
that depends on a number is a mapping of plural forms (`one`, `other`, ...), chosen in the
browser with `Intl.PluralRules` from its `count`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated, Literal

from markupsafe import Markup, escape
from pydantic import Field, StringConstraints, ValidationError, field_validator

from .definitions import BadFile, DefinitionError, Problem, read_mapping
from .models import Strict

KEY = r"^[a-z][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$"
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
# t("form.saved", …) in a script or a template's inline script (never Material's own lang.t()): every
# key asked for must be in the file.
_USED_KEY = re.compile(r"""(?<![.\w])t\(\s*["']([a-z][a-z0-9.-]*)["']""")
# The same call with what follows the key: an object literal (its names are the message's
# allow-list of placeholders), or anything else (a variable: the names can't be read here).
_CALL = re.compile(r"""(?<![.\w])t\(\s*["']([a-z][a-z0-9.-]*)["']\s*(\)(?!\s*\.replace)|,\s*(\{[^{}]*\})?)""")
_LITERAL_NAME = re.compile(r"[{,]\s*([A-Za-z_$][\w$]*)\s*(?=[:,}])")
# Never a placeholder: the names every JavaScript object inherits would print its source.
_INHERITED = {
    "constructor",
    "toString",
    "toLocaleString",
    "valueOf",
    "hasOwnProperty",
    "isPrototypeOf",
    "propertyIsEnumerable",
    "__proto__",
    "__defineGetter__",
    "__defineSetter__",
    "__lookupGetter__",
    "__lookupSetter__",
}
Message = Annotated[str, StringConstraints(min_length=1)]
PluralForm = Literal["zero", "one", "two", "few", "many", "other"]


class Strings(Strict):
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    messages: dict[
        Annotated[str, StringConstraints(pattern=KEY)],
        Message | Annotated[dict[PluralForm, Message], Field(min_length=1)],
    ]

    @field_validator("messages")
    @classmethod
    def _well_formed(cls, messages: dict) -> dict:
        for key, message in messages.items():
            forms = message if isinstance(message, dict) else {"": message}
            if isinstance(message, dict) and "other" not in message:
                raise ValueError(f"{key}: a message with plural forms needs an 'other' form")
            for form, text in forms.items():
                where = f"{key}.{form}" if form else key
                for name in PLACEHOLDER.findall(text):
                    if not re.fullmatch(r"[a-z][a-zA-Z0-9]*", name):
                        raise ValueError(
                            f"{where}: {{{name}}} is not a placeholder name (letters and digits, like {{name}})"
                        )
                if text.count("{") != text.count("}"):
                    raise ValueError(f"{where}: a brace is not closed")
        return messages


def load_strings(data_dir: Path, language: str, scripts_dir: Path) -> Strings:
    """The strings file for `language`; DefinitionError naming the file, the key and the problem,
    including a key that a script asks for and the file lacks."""
    path = data_dir / "strings" / f"{language}.yml"
    shown = path.relative_to(data_dir.parent).as_posix()
    if not path.exists():
        raise DefinitionError(
            f"{shown}: missing: theme.language is {language!r}, so the scripts' words must be in this file "
            "(copy data/strings/en.yml and translate it)"
        )
    try:
        strings = Strings.model_validate(read_mapping(path, shown, "must be a YAML mapping with language and messages"))
    except BadFile as bad:
        raise DefinitionError("\n".join(map(str, bad.problems))) from None
    except ValidationError as err:
        raise DefinitionError(
            "\n".join(
                str(Problem(shown, ".".join(str(p) for p in e["loc"][:2]), e["msg"].removeprefix("Value error, ")))
                for e in err.errors()
            )
        ) from None
    if strings.language != language:
        raise DefinitionError(
            f"{shown}: language: is {strings.language!r} but the file is chosen by theme.language {language!r}"
        )
    missing = sorted(used_keys(scripts_dir) - strings.messages.keys())
    if missing:
        raise DefinitionError(f"{shown}: messages: the scripts use {', '.join(missing)}, which the file does not have")
    allowed = placeholder_allow_lists(scripts_dir)
    for key, message in strings.messages.items():
        for text in message.values() if isinstance(message, dict) else [message]:
            for name in PLACEHOLDER.findall(text):
                if name in _INHERITED or (key in allowed and name not in allowed[key]):
                    given = ", ".join(sorted(allowed.get(key, ()))) or "none"
                    raise DefinitionError(
                        f"{shown}: messages.{key}: {{{name}}} is not a placeholder the scripts give this message "
                        f"(they give: {given})"
                    )
    return strings


def placeholder_allow_lists(scripts_dir: Path) -> dict[str, set[str]]:
    """{key: the placeholder names the scripts pass it}, for every key whose every t() call passes
    an object literal (or nothing) in a module; a key also called with a variable, or from a
    template, is left out (not checkable there; its names are still held to plain, own names)."""
    allowed: dict[str, set[str]] = {}
    open_keys: set[str] = set()
    for path in [*scripts_dir.rglob("*.mjs"), *scripts_dir.rglob("*.html")]:
        for key, tail, literal in _CALL.findall(path.read_text(encoding="utf-8")):
            # A template's inline script may fill a message itself (split on "{address}").
            if (tail != ")" and not literal) or path.suffix == ".html":
                open_keys.add(key)
            allowed.setdefault(key, set()).update(_LITERAL_NAME.findall(literal))
    return {key: names for key, names in allowed.items() if key not in open_keys}


def used_keys(scripts_dir: Path) -> set[str]:
    """Every key a script under `scripts_dir` (modules, and templates' inline scripts) passes to t()."""
    return used_keys_in([*scripts_dir.rglob("*.mjs"), *scripts_dir.rglob("*.html")])


def used_keys_in(paths) -> set[str]:
    """Every key the files `paths` pass to t(): the build keeps only these on a page whose scripts
    are made of those files (build_hooks/bundling.py)."""
    return {key for path in paths for key in _USED_KEY.findall(Path(path).read_text(encoding="utf-8"))}


def strings_script(strings: Strings, page) -> Markup:
    """The messages as JSON in a hidden element's data attribute, once per page (after the first
    component on it). The build then keeps only those the page's scripts can show. An attribute, not a JSON <script>: instant navigation re-inserts the
    scripts of the content it swaps in, and the page's Content-Security-Policy would block that."""
    if getattr(page, "_atn_strings_given", False):
        return Markup("")
    if page is not None:
        page._atn_strings_given = True
    data = json.dumps(
        {"language": strings.language, "messages": strings.messages}, ensure_ascii=False, separators=(",", ":")
    )
    return Markup('<div hidden data-atn-strings="{}"></div>').format(data)


def strings_subset(strings: Strings, prefix: str) -> Markup:
    """The messages whose keys start with `prefix`, as JSON escaped for an attribute: the words a
    page without a component still needs (overrides/main.html)."""
    chosen = {key: message for key, message in strings.messages.items() if key.startswith(prefix)}
    return escape(
        json.dumps({"language": strings.language, "messages": chosen}, ensure_ascii=False, separators=(",", ":"))
    )
