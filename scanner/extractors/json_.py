"""JSON, JSONC, JSON Lines: string values with exact spans and their key.

A linear tokenizer rather than ``json.loads``: the stdlib parser gives no positions,
recurses (a file nested 100,000 deep would overflow it) and rejects the comments and
trailing commas of JSONC. Keys come from the innermost object; array members inherit
the key of their array. An id written as a key (a model table's ``"gpt-4o": {...}``) is
reported too, as YAML, TOML and code report theirs, keyed by the key its object sits under.

Most of a big file (a price table, an API schema) holds nothing to report, and taking it
token by token in Python is what costs: an object or array written as plain JSON (see
_plain_json) is taken in one match instead, and what it holds to report is found with a
few searches in C (see _Plain), with the same results as its tokens would give.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from ..catalog import WEAK_ID
from ..identify import is_model_key, member_key
from ..model import Occurrence
from . import Extraction, register
from .text import comment_occurrences, list_flag, scan_plain_text

MAX_DEPTH = 10_000
# How deep plain JSON taken in one match may be: deeper objects are opened and their
# insides taken so. Deeper levels make a longer regex and more failing attempts; 4 was
# the fastest on the bench's price table and API schema.
_PLAIN_LEVELS = 4


def _plain_json(levels: int) -> tuple[str, str]:
    """What follows the opening bracket of a plain object and of a plain array: JSON at
    most ``levels`` deep with no comment, no escape and no "--flag" string, in which each
    string of an object is a key or the value right after its key. All the keys of its
    strings are then inside it. (``re`` cannot recurse: each level spells out the one
    below it.)"""
    string = r'"(?!--)[^"\\\n]*"'
    # A number or a word, whole: if it could end anywhere, a failing match would try
    # every way of cutting it (2^n).
    scalar = r'[^\s"{}\[\],:/\\]+(?![^\s"{}\[\],:/\\])'
    sep = r"[\s,]*"
    value = f"{string}|{scalar}"
    obj = arr = ""
    for _ in range(levels):
        obj = rf"{sep}(?:{string}\s*:\s*(?:{value}){sep})*\}}"
        arr = rf"{sep}(?:(?:{value}){sep})*\]"
        value = rf"{string}|{scalar}|\{{{obj}|\[{arr}"
    return obj, arr


# lastindex says what matched: 1 a string value, 2 a key (a string a colon follows), 3 a
# comment, 4 a plain object, 5 a plain array, None a lone bracket. Each alternative starts
# with a character of its own, so that re finds the next token with a fast scan for them.
_TOKEN = re.compile(r'"((?:[^"\\\n]|\\.)*)"(\s*:)?|/(/[^\n]*|\*.*?\*/)'
                    r"|\{(%s)?|\[(%s)?|\}|\]" % _plain_json(_PLAIN_LEVELS), re.DOTALL)
_OUTERMOST = re.compile(r"\s*([{\[])")
_KEY_END = re.compile(r"\s*:")  # after a string: it is a key
_PLAIN_WORD = re.compile(r"[A-Za-z0-9_]+\Z")
_NAME = re.compile(r"[A-Za-z_][\w.-]*\Z")
_OBJECT_KEY = re.compile(r'"([^"\\\n]*)"\s*:\s*\{')  # the key of an object, in plain JSON
# Between a key and a string or an array it keys (an object's strings have keys of their own).
_KEYED_VALUE = re.compile(r"\s*:\s*(?:(\[)|\Z)")


def _unescape(raw: str) -> str:
    if "\\" not in raw:
        return raw
    import json

    try:
        return str(json.loads('"' + raw + '"'))
    except ValueError:
        return raw


class _Plain:
    """The strings of plain JSON that the loop would report: those holding a prefilter
    hit and those under a key worth identifying. Plain JSON's quotes are all strings'
    quotes, so whether a place is in a string is told by the number of quotes before it."""

    def __init__(self, text: str, offsets: list[int]) -> None:
        from ..engine import worth_identifying

        self.text = text
        self.offsets = offsets
        self.worth = worth_identifying
        self.asked: set[str] = set()  # strings asked whether they are worth identifying
        self.worth_keys: set[str] = set()  # those that are

    def reported(self, start: int, end: int) -> list[tuple[int, int, str]] | None:
        """The strings of plain ``text[start:end]`` to report, as (body start, body end,
        key) in order; None if one is an array's item, whose key the loop must find."""
        text = self.text
        found: dict[int, str] = {}  # opening quote: key
        offsets = self.offsets
        i = bisect_left(offsets, start)
        quotes, counted = 0, start
        while i < len(offsets) and offsets[i] < end:
            hit = offsets[i]
            i += 1
            quotes += text.count('"', counted, hit)
            counted = hit
            if quotes % 2 == 0:
                if text[hit] != '"':
                    continue  # between strings
                opening = hit  # may_hold counts the opening quote in
            elif text[hit] == '"':
                continue  # a closing quote
            else:
                opening = text.rfind('"', start, hit)
            closing = text.find('"', opening + 1)
            if opening in found:
                continue
            if _KEY_END.match(text, closing + 1):
                return None  # an id written as a key: the loop finds its object's key
            before = text.rfind('"', start, opening)  # where the key of a value ends
            if before < 0 or text[before + 1:opening].strip() != ":":
                return None
            if WEAK_ID.match(text, opening + 1, closing) and text.find("{", start + 1, end) > 0 and any(
                    _model_name(m.group(1)) for m in _OBJECT_KEY.finditer(text, start, end)):
                return None  # a weak id that may sit in a model object: keyed by the loop
            found[opening] = text[text.rfind('"', start, before) + 1:before]
        # Every other piece between quotes is a string; asking each only once per file
        # keeps this to set operations in C.
        pieces = text[start:end].split('"')
        strings = set(pieces[1::2])
        fresh = strings - self.asked
        if fresh:
            self.asked |= fresh
            self.worth_keys.update(string for string in fresh if self.worth(string))
        if not strings.isdisjoint(self.worth_keys):
            opening = start + len(pieces[0])
            for string, between in zip(pieces[1::2], pieces[2::2]):
                keyed = _KEYED_VALUE.match(between) if string in self.worth_keys else None
                if keyed and keyed.group(1):
                    return None  # an array's items: the loop finds them
                next_opening = opening + len(string) + len(between) + 2
                if keyed:
                    found[next_opening] = string
                opening = next_opening
        return [(opening + 1, text.find('"', opening + 1), key)
                for opening, key in sorted(found.items())]


def _model_name(key: object) -> bool:
    """Whether ``key`` is a model key written as a name (llm, models), not an id that reads
    as one (fireworks_ai/accounts/fireworks/models/deepseek-r1 in a price table)."""
    return isinstance(key, str) and _NAME.match(key) is not None and is_model_key(key)


def _model_member(frame: list[object]) -> bool:
    """Whether ``frame`` is an object under a model key, at a member whose key is not one."""
    return (frame[0] is True and isinstance(frame[1], str) and _model_name(frame[3])
            and not is_model_key(frame[1]))


@register("json")
def extract(text: str, *, path: str, context: str) -> Extraction:
    if "schema.management.azure.com" in text[:4096]:  # an ARM template or parameter file
        from .arm import extract_arm

        return extract_arm(text, path=path, context=context)
    result = Extraction()
    ctx = "config" if context == "code" else context
    out = result.occurrences
    # Each frame: [is_object, current key, a list's pending --flag, the key it sits under
    # (an object's ids written as keys are keyed by it)]; the key of a list is
    # its parent's, except for the item right after a "--flag" item (["--model", "x"]).
    stack: list[list[object]] = [[False, None, None, None]]
    from ..engine import worth_identifying
    from ..prefilter import default_prefilter

    prefilter = default_prefilter()
    offsets = prefilter.offsets(text)
    may_hold = prefilter.may_hold
    plain = _Plain(text, offsets)
    pos = 0
    # The outermost object of a big file is seldom plain with nothing to report: trying
    # to take it in one match would read the file twice.
    outermost = _OUTERMOST.match(text) if len(text) > 65_536 else None
    if outermost:
        stack.append([outermost.group(1) == "{", None, None, None])
        pos = outermost.end()
    frame = stack[-1]
    # Price tables and cassettes hold 100,000s of tokens: the loop does as little as it can
    # per token. It starts over (at pos) inside plain JSON that it must take token by token.
    while pos >= 0:
        tokens = _TOKEN.finditer(text, pos)
        pos = -1
        for m in tokens:
            kind = m.lastindex
            if kind == 2:
                if frame[0]:
                    raw = m.group(1)
                    name = raw if "\\" not in raw else _unescape(raw)
                    frame[1] = name
                    body_start, body_end = m.span(1)
                    if may_hold(offsets, body_start, body_end):
                        # An id written as a key ("gpt-4o": {...} in a model table), as in
                        # YAML, TOML and code: keyed by the object's own key. A plain word
                        # there is a name ("command": ...), never a weak id.
                        out.append(Occurrence(body_start, body_end, raw, ctx, "json",
                                              key=None if _PLAIN_WORD.match(name) else frame[3],  # type: ignore[arg-type]
                                              value=None if name == raw else name,
                                              whole=not any(c.isspace() for c in name)))
                    continue
            elif kind != 1:
                start = m.start()
                if kind == 3:  # a comment
                    end = m.end() - (2 if text.startswith("/*", start) else 0)
                    out.extend(comment_occurrences(text, start + 2, end, "json"))
                    continue
                first = text[start]
                if kind is not None:  # a plain object or array
                    # Taken whole if none of its brackets could fail the MAX_DEPTH check
                    # and if the key it sits under (this frame's) is no model key: an
                    # array's items take that key, an object's weak ids a dotted one.
                    found = plain.reported(start, m.end()) if (
                        len(stack) + _PLAIN_LEVELS <= MAX_DEPTH
                        and (not worth_identifying(frame[1]) if kind == 5 else not _model_name(frame[1]))
                        and not (kind == 5 and _model_member(frame))
                    ) else None
                    if found is not None:
                        for body_start, body_end, its_key in found:
                            out.append(Occurrence(body_start, body_end,
                                                  text[body_start:body_end], ctx, "json",
                                                  key=its_key))
                        frame[2] = None  # as opening it would
                        continue
                    pos = start + 1  # open it here, then take its insides
                if first == "{" or first == "[":
                    if len(stack) > MAX_DEPTH:
                        result.errors.append(f"JSON nested deeper than {MAX_DEPTH:,} levels; "
                                             "scanned as plain text instead")
                        result.occurrences = scan_plain_text(text, context=ctx, language="json")
                        return result
                    frame[2] = None
                    # An object's own key; for an array in a model object's member, the
                    # dotted key its weak ids take (models.chat).
                    frame = [first == "{", frame[1], None,
                             frame[1] if first == "{" or not _model_member(frame)
                             else f"{frame[3]}.{frame[1]}"]
                    stack.append(frame)
                    if pos >= 0:
                        break
                elif len(stack) > 1:
                    stack.pop()
                    frame = stack[-1]
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
            # A weak id under a member of a model object, as in YAML: {"llm": {"name":
            # "o1"}} keys o1 as llm.name, {"models": {"chat": ["o1"]}} as models.chat (the
            # array's frame holds that dotted key).
            if frame[0]:
                owner = frame[3] if isinstance(frame[3], str) and _NAME.match(frame[3]) else None
                key = member_key(owner, key, value) or key
            elif (key is not None and isinstance(frame[3], str) and "." in frame[3]
                  and WEAK_ID.match(value) and not is_model_key(key)):
                key = frame[3]
            out.append(Occurrence(body_start, body_end, raw, ctx, "json", key=key,
                                  value=None if value == raw else value))
    return result
