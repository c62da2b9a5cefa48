"""How deep a data file's tables and arrays nest, found before any TOML parser sees it.

tomllib parses nested arrays and inline tables by recursion, and everything after it
(validation, the cache, the encoder) walks what it read the same way: a file nested a
few hundred deep freezes Stepdown for minutes or crashes every start with
RecursionError. A journal nests 3 deep, so files nested more than LIMIT deep are
refused, with the line where they pass it.

The depth of a value counts each table and array holding it: a `[a.b]` header's
segments, a `c.d = ...` key's segments but the last, and each `[` or `{` open around
it. Strings and comments are stepped over, so their brackets and dots never count.

Most files are checked without a walk token by token, which would cost a third of
tomllib's own time: in the file's bytes, escapes and then every byte but `[]{}"'#.=`
and line ends are dropped (in C), strings and comments are replaced in what is left
(a sixth of the file), and an upper bound of the depth (the deepest header, all the
dots of dotted keys, the deepest brackets) is read from that. Only a file whose bound
passes LIMIT is walked token by token (`_Walk`), which finds the line or proves the
bound was only a bound.
"""

from __future__ import annotations

import re

LIMIT = 32
"""The deepest a value may sit in tables and arrays (DESIGN.md: the data file's limits)."""

_STRUCTURE = b"[]{}\"'#.=\n"
_NOT_STRUCTURE = bytes(byte for byte in range(256) if byte not in _STRUCTURE)
_NOT_BRACKET = bytes(byte for byte in range(256) if byte not in b"[]{}")
_SKELETON_STRINGS = re.compile(
    rb'"""(?:[^"]|"(?!""))*"""(?:""?)?'
    rb"|'''[\s\S]*?'''(?:''?)?"
    rb'|"[^"\n]*"'
    rb"|'[^'\n]*'"
    rb"|#[^\n]*"
)
"""A string of any of TOML's four kinds, or a comment, in the skeleton (escapes gone):
tried at each place in turn, so the first to open wins, as in TOML."""
_KEY_DOTS = re.compile(rb"[.0]+=")
"""The dots of a dotted key and its `=`, in the skeleton: a string is `0` there, and a
dot in a value (1.5) is followed by a line end or a bracket (or, in an inline table, by
the next key's `=` once its comma is dropped: counted too, which a bound may)."""
_HEADER = re.compile(rb"^\[\[?([.0]*)", re.MULTILINE)
_INNERMOST = re.compile(rb"[\[{][\]}]")
"""A bracket opened and closed at once: the innermost level of nesting."""

_TOKEN = re.compile(
    r'(?P<string>"""(?:[^"\\]|\\[\s\S]|"(?!""))*"""(?:""?)?'
    r"|'''[\s\S]*?'''(?:''?)?"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'[^'\n]*')"
    r"|#[^\n]*"
    r"|(?P<mark>[\n.=,\[\]{}])"
)
_BARE = r"[A-Za-z0-9_-]+"
_SEGMENT = rf'(?:{_BARE}|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\')'
_TABLE_HEADER = re.compile(rf"\[\[?[ \t]*({_SEGMENT}(?:[ \t]*\.[ \t]*{_SEGMENT})*)[ \t]*\]\]?")
_SEGMENTS = re.compile(_SEGMENT)


def too_deep(data: bytes, text: str) -> int | None:
    """The 1-based line where the file nests more than LIMIT deep, or None.

    `data` is the file's bytes and `text` the same decoded: the quick bound reads bytes,
    the walk reads text.
    """
    if _bound(data) <= LIMIT:
        return None
    return _Walk(text).first_too_deep()


def _bound(data: bytes) -> int:
    """At least the depth of every value in the file `data`, and quick to find.

    A value's depth comes from its section's header, the dotted keys it is written
    under, and the brackets open around it. Dotted keys are counted over the whole
    file: they can add up across lines, in an array of inline tables.
    """
    # Escaped backslashes first, then escaped quotes: what is left of a backslash
    # escapes a letter or a line end, and goes with the other bytes that do not count.
    data = data.replace(b"\\\\", b"").replace(b'\\"', b"")
    skeleton = _SKELETON_STRINGS.sub(b"0", data.translate(None, _NOT_STRUCTURE))
    headers: int = max((header.count(b".") + 1 for header in _HEADER.findall(skeleton)), default=0)
    key_dots: int = sum(key.count(b".") for key in _KEY_DOTS.findall(skeleton))
    return headers + key_dots + _bracket_depth(skeleton.translate(None, _NOT_BRACKET))


def _bracket_depth(brackets: bytes) -> int:
    """How deep `brackets` (only `[]{}`) nest; past LIMIT, or unbalanced, LIMIT + 1."""
    depth = 0
    while brackets and depth <= LIMIT:
        # Each pass takes away the pairs that are innermost before it: one level.
        inner = _INNERMOST.sub(b"", brackets)
        if inner == brackets:
            return LIMIT + 1
        brackets, depth = inner, depth + 1
    return depth if not brackets else LIMIT + 1


class _Walk:
    """The text read token by token, as TOML reads it, keeping the depth at each place.

    Reading goes on where the text is not valid TOML: tomllib will say what is wrong
    with it, and nothing read here ever raises.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.line = 1
        self.header = 0
        """The depth of the section's header: its segments."""
        self.opened: list[tuple[str, int]] = []
        """Each bracket open around this place, and the depth it added."""
        self.depth = 0
        """The depth of the brackets open, with the dotted keys they were written under."""
        self.in_key = True
        """Whether the next word is a key: at the start of a line outside any bracket,
        and after `{` or `,` in an inline table."""
        self.key_dots = 0
        self.pending = 0
        """The dots of the key whose value comes next."""

    def first_too_deep(self) -> int | None:
        """The 1-based line where the depth first passes LIMIT, or None."""
        text, position = self.text, 0
        while (token := _TOKEN.search(text, position)) is not None:
            position = token.end()
            if (string := token["string"]) is not None:
                self.line += string.count("\n")
                continue
            mark = token["mark"]
            if mark is None:
                continue  # a comment
            if mark == "[" and self.in_key and not self.opened:
                header = _TABLE_HEADER.match(text, token.start())
                if header is not None:
                    position = header.end()
                    self.header = len(_SEGMENTS.findall(header[1]))
                    self.in_key = False
                    if self.header > LIMIT:
                        return self.line
                    continue
            if self._step(mark):
                return self.line
        return None

    def _step(self, mark: str) -> bool:
        """Take one structural character; True when the depth passes LIMIT there."""
        if mark == "\n":
            self.line += 1
            if not self.opened:
                self.in_key, self.key_dots, self.pending = True, 0, 0
        elif mark == ".":
            if self.in_key:
                self.key_dots += 1
        elif mark == "=":
            if self.in_key:
                self.pending, self.key_dots, self.in_key = self.key_dots, 0, False
                return self.header + self.depth + self.pending > LIMIT
        elif mark in "[{":
            added = 1 + self.pending
            self.opened.append((mark, added))
            self.depth += added
            self.pending = 0
            self.in_key = mark == "{"
            return self.header + self.depth > LIMIT
        elif mark in "]}":
            if self.opened:
                self.depth -= self.opened.pop()[1]
            self.in_key = False
        elif mark == "," and self.opened and self.opened[-1][0] == "{":
            self.in_key, self.key_dots = True, 0
        return False
