"""Comments and indentation out of the site's own scripts and styles before they ship.

Maintainers read the comments; readers on a phone download every byte of them. The build keeps
the sources as they are and serves them without comments, indentation or trailing spaces, and
nothing else changes: no renaming, no bundling, and every line break stays, so a line number in
a browser's error message is the line in overrides/.

The JavaScript scanner knows strings, template literals (with nested `${…}`), regular expression
literals and comments. Whether a `/` starts a regular expression is decided the usual way, from
the token before it.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[A-Za-z0-9_$]+")
# After one of these, a `/` starts a regular expression; after anything else it divides.
_REGEX_AFTER_CHARS = set("(,=:[!&|?{};+-*%<>~^")
_REGEX_AFTER_WORDS = {
    "return",
    "typeof",
    "instanceof",
    "in",
    "of",
    "new",
    "delete",
    "void",
    "throw",
    "case",
    "do",
    "else",
    "yield",
    "await",
}


class CompactError(ValueError):
    """The source ended inside a string, comment, template or regular expression."""


def compact_js(source: str) -> str:
    return _JsScanner(source).run()


def compact_css(source: str) -> str:
    out: list[str] = []
    i, n = 0, len(source)
    while i < n:
        char = source[i]
        if source.startswith("/*", i):
            end = _find(source, "*/", i + 2, "comment")
            out.append("\n" * source.count("\n", i, end))
            i = end + 2
        elif char in "\"'":
            end = _string_end(source, i)
            out.append(source[i:end])
            i = end
        else:
            out.append(char)
            i += 1
    return _trim_lines("".join(out))


def _trim_lines(text: str) -> str:
    return "\n".join(line.strip() for line in text.split("\n"))


def _find(source: str, token: str, start: int, what: str) -> int:
    end = source.find(token, start)
    if end < 0:
        raise CompactError(f"unterminated {what} starting at offset {start}")
    return end


def _string_end(source: str, start: int) -> int:
    """The offset just after the string literal opening at `start`."""
    quote, i = source[start], start + 1
    while i < len(source):
        if source[i] == "\\":
            i += 2
        elif source[i] == quote:
            return i + 1
        elif source[i] == "\n":
            break
        else:
            i += 1
    raise CompactError(f"unterminated string starting at offset {start}")


class _JsScanner:
    def __init__(self, source: str) -> None:
        self.source, self.i, self.out = source, 0, []
        self.previous = ""  # the last token of code: decides whether `/` starts a regex
        self.depth = 0  # open braces in code
        self.templates = []  # brace depth at each open `${`

    def run(self) -> str:
        self.skip_indentation()
        while self.i < len(self.source):
            self.step()
        if self.templates:
            raise CompactError("unterminated template literal")
        self.drop_trailing_spaces()
        return "".join(self.out)

    def step(self) -> None:
        source, i = self.source, self.i
        char = source[i]
        if char == "\n":
            self.drop_trailing_spaces()
            self.emit("\n", i + 1)
            self.skip_indentation()
        elif source.startswith("//", i):
            end = source.find("\n", i)
            self.i = end if end >= 0 else len(source)
        elif source.startswith("/*", i):
            end = _find(source, "*/", i + 2, "comment")
            self.emit("\n" * source.count("\n", i, end), end + 2)
        elif char in "\"'":
            self.token(source[i : _string_end(source, i)], char)
        elif char == "`":
            self.template(i + 1)
        elif char == "/" and self.regex_allowed():
            self.token(source[i : self.regex_end(i)], "/re/")
        elif _WORD.match(source, i):
            word = _WORD.match(source, i).group()
            self.token(word, word)
        else:
            self.punctuation(char)

    def skip_indentation(self) -> None:
        while self.i < len(self.source) and self.source[self.i] in " \t":
            self.i += 1

    def drop_trailing_spaces(self) -> None:
        while self.out and self.out[-1] in (" ", "\t"):  # spaces of code, never inside a literal
            self.out.pop()

    def emit(self, text: str, next_i: int) -> None:
        self.out.append(text)
        self.i = next_i

    def token(self, text: str, kind: str) -> None:
        self.emit(text, self.i + len(text))
        self.previous = kind

    def punctuation(self, char: str) -> None:
        if char == "{":
            self.depth += 1
        elif char == "}":
            self.depth -= 1
            if self.templates and self.templates[-1] == self.depth:  # the end of a `${…}`
                self.templates.pop()
                self.emit("}", self.i + 1)
                return self.template(self.i)
        self.emit(char, self.i + 1)
        if not char.isspace():
            self.previous = char

    def template(self, start: int) -> None:
        """Copy template text from `start` up to its closing backtick or its next `${`."""
        source, i = self.source, start
        while i < len(source):
            if source[i] == "\\":
                i += 2
            elif source[i] == "`":
                self.out.append(source[self.i : i + 1])
                self.i, self.previous = i + 1, "`"
                return
            elif source.startswith("${", i):
                self.out.append(source[self.i : i + 2])
                self.i, self.previous = i + 2, "{"
                self.templates.append(self.depth)
                self.depth += 1
                return
            else:
                i += 1
        raise CompactError(f"unterminated template literal starting at offset {start - 1}")

    def regex_allowed(self) -> bool:
        return self.previous == "" or self.previous in _REGEX_AFTER_CHARS or self.previous in _REGEX_AFTER_WORDS

    def regex_end(self, start: int) -> int:
        source, i, in_class = self.source, start + 1, False
        while i < len(source) and source[i] != "\n":
            char = source[i]
            if char == "\\":
                i += 2
                continue
            if char == "[":
                in_class = True
            elif char == "]":
                in_class = False
            elif char == "/" and not in_class:
                flags = _WORD.match(source, i + 1)
                return flags.end() if flags else i + 1
            i += 1
        raise CompactError(f"unterminated regular expression starting at offset {start}")
