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
    return strings


def used_keys(scripts_dir: Path) -> set[str]:
    """Every key a script under `scripts_dir` (modules, and templates' inline scripts) passes to t()."""
    paths = [*scripts_dir.rglob("*.mjs"), *scripts_dir.rglob("*.html")]
    return {key for path in paths for key in _USED_KEY.findall(path.read_text(encoding="utf-8"))}


def strings_script(strings: Strings, page) -> Markup:
    """The messages as JSON in a hidden element's data attribute, once per page (after the first
    component on it). An attribute, not a JSON <script>: instant navigation re-inserts the
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
