"""Where a key path (`doses[3].amount`) is written in TOML text: tomllib gives no positions.

The text is scanned line by line: `[table]` and `[[array]]` headers set the table
that `key = value` lines belong to, and `[[doses]]` headers are counted to know an
entry's index. Strings and multi-line arrays are stepped over so that their content
is never taken for a header or a key. This is used only to point at errors, so it
settles for "not found" on text it does not follow, and never raises.
"""

from __future__ import annotations

import re

_BARE = r"[A-Za-z0-9_-]+"
_BASIC = r'"(?:[^"\\]|\\.)*"'
_LITERAL = r"'[^']*'"
_SEGMENT = rf"(?:{_BARE}|{_BASIC}|{_LITERAL})"
_DOTTED = rf"{_SEGMENT}(?:[ \t]*\.[ \t]*{_SEGMENT})*"
_ARRAY_HEADER = re.compile(rf"\[\[[ \t]*({_DOTTED})[ \t]*\]\]")
_TABLE_HEADER = re.compile(rf"\[[ \t]*({_DOTTED})[ \t]*\]")
_KEY = re.compile(rf"({_DOTTED})[ \t]*=")
_SEGMENTS = re.compile(_SEGMENT)
_LAST_PART = re.compile(r"(?:\.[^.\[\]]+|\[\d+\])$")


def key_lines(text: str) -> dict[str, int]:
    """The 1-based line of each table header and key in `text`, by key path.

    Paths are as the domain names them: `doses[3]` is the 4th `[[doses]]` table,
    `plan.steps[0].times` a key in the first `[[plan.steps]]`.
    """
    scanner = _Scanner()
    for number, line in enumerate(text.split("\n"), start=1):
        scanner.feed(line, number)
    return scanner.lines


def line_of(lines: dict[str, int], path: str) -> int | None:
    """The line of `path`, or of the nearest table or key holding it, or None."""
    while path:
        if path in lines:
            return lines[path]
        shorter = _LAST_PART.sub("", path)
        if shorter == path:
            return None
        path = shorter
    return None


def _segments(dotted: str) -> list[str]:
    return [segment.strip("\"'") for segment in _SEGMENTS.findall(dotted)]


class _Scanner:
    """The state carried from line to line: the current table, open strings and brackets."""

    def __init__(self) -> None:
        self.lines: dict[str, int] = {}
        self._table = ""
        self._counts: dict[str, int] = {}
        self._open_string: str | None = None
        self._depth = 0

    def feed(self, line: str, number: int) -> None:
        start = 0
        if self._open_string is None and self._depth == 0:
            stripped = line.lstrip(" \t")
            start = len(line) - len(stripped)
            if match := _ARRAY_HEADER.match(stripped):
                self._enter_array(_segments(match[1]), number)
                start += match.end()
            elif match := _TABLE_HEADER.match(stripped):
                self._table = self._resolve(_segments(match[1]))
                self.lines.setdefault(self._table, number)
                start += match.end()
            elif match := _KEY.match(stripped):
                self._add_key(_segments(match[1]), number)
                start += match.end()
        self._step_over(line, start)

    def _resolve(self, segments: list[str]) -> str:
        """The concrete path of a header's dotted name: arrays get their latest index."""
        path = ""
        for segment in segments:
            path = f"{path}.{segment}" if path else segment
            if path in self._counts:
                path = f"{path}[{self._counts[path] - 1}]"
        return path

    def _enter_array(self, segments: list[str], number: int) -> None:
        parent = self._resolve(segments[:-1])
        array = f"{parent}.{segments[-1]}" if parent else segments[-1]
        self._counts[array] = self._counts.get(array, 0) + 1
        self._table = f"{array}[{self._counts[array] - 1}]"
        self.lines.setdefault(array, number)
        self.lines[self._table] = number

    def _add_key(self, segments: list[str], number: int) -> None:
        path = self._table
        for segment in segments:
            path = f"{path}.{segment}" if path else segment
            self.lines.setdefault(path, number)

    def _step_over(self, line: str, i: int) -> None:
        """Move through the rest of `line`, tracking strings, brackets and comments."""
        n = len(line)
        while i < n:
            if self._open_string is not None:
                end = _close(line, i, self._open_string)
                if end < 0:
                    return
                self._open_string = None
                i = end
                continue
            char = line[i]
            if char == "#":
                return
            if line.startswith(('"""', "'''"), i):
                self._open_string = line[i : i + 3]
                i += 3
            elif char in "\"'":
                end = _close(line, i + 1, char)
                i = n if end < 0 else end
            else:
                if char in "[{":
                    self._depth += 1
                elif char in "]}":
                    self._depth = max(0, self._depth - 1)
                i += 1


def _close(line: str, i: int, quote: str) -> int:
    """The index just after `quote` closes a string in `line` from `i`, or -1."""
    escapes = quote.startswith('"')
    while i < len(line):
        if escapes and line[i] == "\\":
            i += 2
        elif line.startswith(quote, i):
            i += len(quote)
            # A multi-line string may end with up to two quotes of its own content.
            while len(quote) == 3 and i < len(line) and line[i] == quote[0]:
                i += 1
            return i
        else:
            i += 1
    return -1
