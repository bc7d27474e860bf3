"""TOML: ``key = value`` lines, with the key carried into multi-line arrays.

``tomllib`` gives no positions, so this reads lines like the plain-text extractor and
remembers which key an open array belongs to.
"""

from __future__ import annotations

import re

from ..model import Occurrence
from . import Extraction, register
from .text import scan_plain_text

_KEY_OPEN = re.compile(r"^\s*(?P<key>[A-Za-z0-9_.\"'-]+)\s*=\s*\[")
_TABLE = re.compile(r"^[ \t]*\[\[?(?P<name>[^\]\n]+)\]\]?[ \t]*(?:#.*)?$", re.MULTILINE)


def _open_array_keys(text: str) -> dict[int, str]:
    """Line start offset -> key of the array that line continues."""
    keys: dict[int, str] = {}
    current: str | None = None
    depth = 0
    offset = 0
    for line in text.splitlines(keepends=True):
        if current is not None and depth > 0:
            keys[offset] = current
        m = _KEY_OPEN.match(line)
        if m and depth == 0:
            current = m.group("key").strip("\"'")
            depth = 0
        code = line.split("#", 1)[0]
        depth += code.count("[") - code.count("]") if current is not None else 0
        if depth <= 0:
            current, depth = None, 0
        offset += len(line)
    return keys


@register("toml")
def extract(text: str, *, path: str, context: str) -> Extraction:
    ctx = "config" if context == "code" else context
    occurrences = scan_plain_text(text, context=ctx, language="toml")
    if "[" in text:
        carried = _open_array_keys(text)
        tables = [(m.start(), m.group("name").strip().replace('"', "")) for m in _TABLE.finditer(text)]
        fixed: list[Occurrence] = []
        for occ in occurrences:
            if not occ.prose:
                key = occ.key
                if key is None:
                    key = carried.get(text.rfind("\n", 0, occ.start) + 1)
                # Keys are dotted paths ("models.openai.reasoning"): the table says what
                # a short key like "reasoning" or "primary" holds.
                table = next((name for at, name in reversed(tables) if at < occ.start), None)
                if key and table:
                    key = f"{table}.{key}"
                if key != occ.key:
                    occ = Occurrence(occ.start, occ.end, occ.text, occ.context, occ.language,
                                     key=key, value=occ.value)
            fixed.append(occ)
        occurrences = fixed
    return Extraction(occurrences=occurrences)
