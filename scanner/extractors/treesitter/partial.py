"""Parsing only the top-level statements of a large JavaScript/TypeScript file that hold a hit.

tree-sitter parses in C, but on model-heavy trees (SDK declaration files of 400 KB) the parse
is half of a scan. A top-level statement begins at a line that starts, at column 0, with a
name, a keyword, a decorator, a comment or a quote; the statements around the hits are
handed to the parser as ``included_ranges``, so that the tree keeps the file's own byte
offsets and rows. On the bench's npm corpus those statements are 28% of the bytes. A large
statement that is one braced body (an interface or namespace of hundreds of documented
members, an object of settings) is cut further, to its opening line, the members that
hold a hit and its closing lines: 1.07 MB handed to the parser instead of 2.07 MB. When
such a cut does not parse, the whole statements are tried before the whole file.

A cut can be wrong: a line of a template literal or a block comment can sit at column 0. So
the partial tree is only kept when it parses without an error and every hit lands in a
string or a comment of it (a prompt's line such as ``claude-3-opus`` also parses as code,
and would be missed). Otherwise the caller parses the whole file, as before. Constants and
their uses can sit outside the cut: the walker looks them up in a whole-file tree, parsed
only when a file composes ids.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from .languages import LangSpec
from .nodes import Parents

# Below this size a file is parsed whole; above it only around its hits, unless the
# statements around them are nearly all of it.
PARTIAL_MIN_BYTES = 4_096
PARTIAL_MAX_SHARE = 0.7
LANGUAGES = frozenset({"javascript", "typescript", "tsx"})
# A line that can begin a top-level statement (its newline is matched: sre then skips from
# newline to newline).
_TOP_LEVEL = re.compile(rb"\n(?=[A-Za-z_$@#/'\"])")


def included_ranges(spec: LangSpec, data: bytes, hits: list[int], *,
                    members: bool = True) -> list[Any] | None:
    """tree-sitter Ranges of the top-level statements holding the byte offsets ``hits``
    (sorted), large braced ones cut down to their members that do (``members``), or None
    when the file should be parsed whole."""
    if spec.language not in LANGUAGES or len(data) < PARTIAL_MIN_BYTES or not hits:
        return None
    starts = [0]
    starts.extend(m.end() for m in _TOP_LEVEL.finditer(data))
    chunks = sorted({bisect.bisect_right(starts, hit) - 1 for hit in hits})
    bounds = [(starts[c], starts[c + 1] if c + 1 < len(starts) else len(data)) for c in chunks]
    if not members and sum(hi - lo for lo, hi in bounds) > PARTIAL_MAX_SHARE * len(data):
        return None
    spans: list[list[int]] = []
    for lo, hi in bounds:
        for part_lo, part_hi in (_members(data, lo, hi, hits) if members else [[lo, hi]]):
            if spans and spans[-1][1] == part_lo:
                spans[-1][1] = part_hi
            else:
                spans.append([part_lo, part_hi])
    if sum(hi - lo for lo, hi in spans) > PARTIAL_MAX_SHARE * len(data):
        return None  # nearly all of it: the whole file, in one parse
    import tree_sitter

    ranges = []
    row = 0
    last = 0
    for lo, hi in spans:
        row += data.count(b"\n", last, lo)
        end_row = row + data.count(b"\n", lo, hi)
        end_column = hi - (data.rfind(b"\n", 0, hi) + 1)  # 0 but at an unterminated last line
        ranges.append(tree_sitter.Range((row, 0), (end_row, end_column), lo, hi))
        row, last = end_row, hi
    return ranges


# A top-level statement this large is cut to its members holding a hit when it is one
# braced body: SDK declaration files hold interfaces of hundreds of documented members.
MEMBERS_MIN_BYTES = 2_048
# Its first line opens the body (`export interface X {`, `const MODELS = [`); its last
# closes it at column 0 (`}`, `};`, `] as const;`).
_OPENS = re.compile(rb"[^\n]*[{\[][ \t]*\r?\n")
_CLOSES = re.compile(rb"\n[}\]][^\n]*\n?[ \t\r\n]*\Z")
# Comments, where a backtick is markdown, not a template literal.
_COMMENTS = re.compile(rb"/\*.*?\*/|//[^\n]*", re.DOTALL)
_FIRST_MEMBER = re.compile(rb"(?:[ \t]*\r?\n)*(?P<indent>[ \t]+)(?=[^ \t\r\n])")


def _members(data: bytes, lo: int, hi: int, hits: list[int]) -> list[list[int]]:
    """``data[lo:hi]`` as the spans to parse: all of it, or, for one large braced body,
    its opening line, its members that hold a hit and its closing lines. A member begins
    at a line at the body's indentation that does not continue the one before (a union's
    ``|``, a closing bracket, a JSDoc line's ``*``); a JSDoc comment is a member of its own.
    A template literal could hold such a line: a body with a backtick is kept whole."""
    whole = [[lo, hi]]
    if hi - lo < MEMBERS_MIN_BYTES or (
            data.find(b"`", lo, hi) >= 0 and b"`" in _COMMENTS.sub(b"", data[lo:hi])):
        return whole
    head = _OPENS.match(data, lo, hi)
    tail = _CLOSES.search(data, lo, hi)
    if head is None or tail is None:
        return whole
    first = _FIRST_MEMBER.match(data, head.end(), hi)
    body, close = (first.start("indent"), tail.start() + 1) if first else (hi, hi)
    if first is None or body >= close:
        return whole
    indent = first.group("indent")
    starts = [body]
    starts.extend(m.start() + 1 for m in _member_at(indent).finditer(data, body, close))
    bounds = starts[1:] + [close]
    kept = [[lo, body]]
    i = bisect.bisect_left(hits, body)
    for start, end in zip(starts, bounds):
        if i < len(hits) and hits[i] < end:
            if kept[-1][1] == start:
                kept[-1][1] = end
            else:
                kept.append([start, end])
            while i < len(hits) and hits[i] < end:
                i += 1
    if kept[-1][1] == close:
        kept[-1][1] = hi
    else:
        kept.append([close, hi])
    return kept if sum(b - a for a, b in kept) < PARTIAL_MAX_SHARE * (hi - lo) else whole


_MEMBER_LINES: dict[bytes, Any] = {}


def _member_at(indent: bytes) -> Any:
    pattern = _MEMBER_LINES.get(indent)
    if pattern is None:
        pattern = _MEMBER_LINES[indent] = re.compile(
            rb"\n" + re.escape(indent) + rb"(?![ \t\r\n}\])|&*.?:,])")
    return pattern


def hits_in_text(spec: LangSpec, root: Any, hits: list[int], parent: Parents) -> bool:
    """Whether every hit lies in a string or a comment of the tree (see the module doc)."""
    for b in hits:
        node = root.descendant_for_byte_range(b, b + 1)
        while node is not None and node.type not in spec.strings and node.type not in spec.comments:
            node = parent(node)
        if node is None:
            return False
    return True
