"""Apply span edits to a text: pure, checked, back to front."""

from __future__ import annotations

from typing import Sequence

from .values import Edit


class EditConflict(ValueError):
    """An edit does not match the text it is applied to, or overlaps another."""


def check_edits(text: str, edits: Sequence[Edit]) -> list[Edit]:
    """The edits sorted by position, after checking each against ``text``."""
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    previous_end = -1
    for edit in ordered:
        if not 0 <= edit.start <= edit.end <= len(text):
            raise EditConflict(f"{edit.path}: edit {edit.start}:{edit.end} is outside the file")
        if edit.start < previous_end:
            raise EditConflict(f"{edit.path}: edits overlap at offset {edit.start}")
        found = text[edit.start:edit.end]
        if found != edit.old:
            raise EditConflict(f"{edit.path}:{edit.line}: expected {edit.old!r} at offset "
                               f"{edit.start}, found {found!r}")
        previous_end = edit.end
    return ordered


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with every edit applied; raises :class:`EditConflict` first if any edit
    does not match. Back to front, so earlier offsets stay valid while applying."""
    out = text
    for edit in reversed(check_edits(text, edits)):
        out = out[:edit.start] + edit.new + out[edit.end:]
    return out


def new_spans(edits: Sequence[Edit]) -> list[tuple[Edit, int, int]]:
    """Where each edit's ``new`` text sits in the edited text."""
    shift = 0
    out = []
    for edit in sorted(edits, key=lambda e: e.start):
        start = edit.start + shift
        out.append((edit, start, start + len(edit.new)))
        shift += len(edit.new) - (edit.end - edit.start)
    return out
