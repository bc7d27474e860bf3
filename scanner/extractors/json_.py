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
from .text import comment_occurrences, list_flag, scan_plain_text

# A string (and whether a colon follows: then it is a key), a comment, or a bracket.
_TOKEN = re.compile(r'"((?:[^"\\\n]|\\.)*)"(\s*:)?|(//[^\n]*|/\*.*?\*/|[{}\[\]])', re.DOTALL)
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
    # Each frame: [is_object, current key, a list's pending --flag]; the key of a list is
    # its parent's, except for the item right after a "--flag" item (["--model", "x"]).
    stack: list[list[object]] = [[False, None, None]]
    from ..engine import worth_identifying
    from ..prefilter import default_prefilter

    prefilter = default_prefilter()
    offsets = prefilter.offsets(text)
    may_hold = prefilter.may_hold
    frame = stack[-1]
    # Price tables and cassettes hold 100,000s of tokens: the loop does as little as it can
    # per token (lastindex says which alternative matched: 1 a value, 2 a key, 3 the rest).
    for m in _TOKEN.finditer(text):
        kind = m.lastindex
        if kind == 2:
            if frame[0]:
                raw = m.group(1)
                frame[1] = raw if "\\" not in raw else _unescape(raw)
                continue
        elif kind == 3:
            first = m.group(3)[0]
            if first == "{" or first == "[":
                if len(stack) > MAX_DEPTH:
                    result.errors.append(f"JSON nested deeper than {MAX_DEPTH:,} levels; "
                                         "scanned as plain text instead")
                    result.occurrences = scan_plain_text(text, context=ctx, language="json")
                    return result
                frame[2] = None
                frame = [first == "{", frame[1], None]
                stack.append(frame)
            elif first == "}" or first == "]":
                if len(stack) > 1:
                    stack.pop()
                    frame = stack[-1]
            else:  # a comment
                start = m.start(3)
                end = m.end() - (2 if text.startswith("/*", start) else 0)
                out.extend(comment_occurrences(text, start + 2, end, "json"))
            continue
        body_start, body_end = m.span(1)
        key = frame[1] if isinstance(frame[1], str) else None
        if not frame[0]:  # a list item
            item = m.group(1)
            if frame[2] is not None and not item.startswith("-"):
                key = frame[2]  # type: ignore[assignment]
            frame[2] = list_flag(item)
        if not may_hold(offsets, body_start, body_end) and not (
                "\\" in m.group(1) or worth_identifying(key)):
            continue
        raw = m.group(1)
        value = _unescape(raw)
        out.append(Occurrence(body_start, body_end, raw, ctx, "json", key=key,
                              value=None if value == raw else value))
    return result
