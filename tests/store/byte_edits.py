"""Random byte edits of a file (flip, insert, delete, truncate), drawn by hypothesis.

What a failing disk, a stray keystroke or a program that misread the format might do
to the journal: the parser fuzz and the outside-edit tests apply them to a valid file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from hypothesis import strategies as st

# Bytes that mean something to TOML, so that inserts reach past the UTF-8 check.
_TOML_BYTES = [b'"', b"'", b"[", b"]", b"=", b"#", b"\n", b",", b".", b"-", b":", b"\\", b" "]


@dataclass(frozen=True)
class ByteEdit:
    """One edit at byte `at`, taken modulo the file's length so it always lands in it."""

    kind: Literal["flip", "insert", "delete", "truncate"]
    at: int
    mask: int = 0
    """flip: the bits changed in the byte (1..255, so the byte always changes)."""
    inserted: bytes = b""
    count: int = 0
    """delete: how many bytes go."""

    def apply(self, data: bytes) -> bytes:
        """`data` with this edit made."""
        if self.kind == "insert":
            at = self.at % (len(data) + 1)
            return data[:at] + self.inserted + data[at:]
        if self.kind == "truncate":
            return data[: self.at % (len(data) + 1)]
        if not data:
            return data
        at = self.at % len(data)
        if self.kind == "flip":
            return data[:at] + bytes([data[at] ^ self.mask]) + data[at + 1 :]
        return data[:at] + data[at + self.count :]


def apply_all(edits: Sequence[ByteEdit], data: bytes) -> bytes:
    """`data` with each of `edits` made in turn."""
    for edit in edits:
        data = edit.apply(data)
    return data


_positions = st.integers(0, 2**20)

byte_edit = st.one_of(
    st.builds(ByteEdit, st.just("flip"), _positions, mask=st.integers(1, 255)),
    st.builds(
        ByteEdit,
        st.just("insert"),
        _positions,
        inserted=st.lists(st.sampled_from(_TOML_BYTES), min_size=1, max_size=3).map(b"".join)
        | st.binary(min_size=1, max_size=4),
    ),
    st.builds(ByteEdit, st.just("delete"), _positions, count=st.integers(1, 16)),
    st.builds(ByteEdit, st.just("truncate"), _positions),
)

byte_edits = st.lists(byte_edit, min_size=1, max_size=4)
"""One to four edits, made in order."""
