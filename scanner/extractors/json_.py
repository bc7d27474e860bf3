"""JSON, JSONC, JSON Lines: string values with exact spans and their key.

A linear tokenizer rather than ``json.loads``: the stdlib parser gives no positions,
recurses (a file nested 100,000 deep would overflow it) and rejects the comments and
trailing commas of JSONC. Keys come from the innermost object; array members inherit
the key of their array.
"""

from __future__ import annotations

import re

from ..model import Occurrence
from . import Extraction, register
from .text import comment_occurrences, scan_plain_text

_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|//[^\n]*|/\*.*?\*/|[{}\[\]:]', re.DOTALL)
_SPACE = re.compile(r"\s*")
MAX_DEPTH = 10_000


def _unescape(raw: str) -> str:
    if "\\" not in raw:
        return raw
    import json

    try:
        return str(json.loads('"' + raw + '"'))
    except ValueError:
        return raw


@register("json")
def extract(text: str, *, path: str, context: str) -> Extraction:
    if "schema.management.azure.com" in text[:4096]:  # an ARM template or parameter file
        from .arm import extract_arm

        return extract_arm(text, path=path, context=context)
    result = Extraction()
    ctx = "config" if context == "code" else context
    out = result.occurrences
    # Each frame: [is_object, current key]; the key of an array is its parent's.
    stack: list[list[object]] = [[False, None]]
    for m in _TOKEN.finditer(text):
        tok = m.group()
        first = tok[0]
        if first == '"':
            after = _SPACE.match(text, m.end()).end()  # type: ignore[union-attr]
            body_start, body_end = m.start() + 1, m.end() - 1
            raw = text[body_start:body_end]
            frame = stack[-1]
            if after < len(text) and text[after] == ":" and frame[0]:
                frame[1] = _unescape(raw)
                continue
            value = _unescape(raw)
            key = frame[1] if isinstance(frame[1], str) else None
            out.append(Occurrence(body_start, body_end, raw, ctx, "json", key=key,
                                  value=None if value == raw else value))
        elif first == "{" or first == "[":
            if len(stack) > MAX_DEPTH:
                result.errors.append(f"JSON nested deeper than {MAX_DEPTH:,} levels; "
                                     "scanned as plain text instead")
                result.occurrences = scan_plain_text(text, context=ctx, language="json")
                return result
            parent_key = stack[-1][1]
            stack.append([first == "{", parent_key])
        elif first == "}" or first == "]":
            if len(stack) > 1:
                stack.pop()
        elif first == "/":
            body = 2
            end = m.end() - (2 if tok.startswith("/*") else 0)
            out.extend(comment_occurrences(text, m.start() + body, end, "json"))
    return result
