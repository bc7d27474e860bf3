"""Parsing only the top-level statements of a large JavaScript/TypeScript file that hold a hit.

tree-sitter parses in C, but on model-heavy trees (SDK declaration files of 400 KB) the parse
is half of a scan. A top-level statement begins at a line that starts, at column 0, with a
name, a keyword, a decorator, a comment or a quote; the statements around the hits are
handed to the parser as ``included_ranges``, so that the tree keeps the file's own byte
offsets and rows. On the bench's npm corpus those statements are 28% of the bytes.

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


def included_ranges(spec: LangSpec, data: bytes, hits: list[int]) -> list[Any] | None:
    """tree-sitter Ranges of the top-level statements holding the byte offsets ``hits``
    (sorted), or None when the file should be parsed whole."""
    if spec.language not in LANGUAGES or len(data) < PARTIAL_MIN_BYTES or not hits:
        return None
    starts = [0]
    starts.extend(m.end() for m in _TOP_LEVEL.finditer(data))
    chunks = sorted({bisect.bisect_right(starts, hit) - 1 for hit in hits})
    spans: list[list[int]] = []
    for c in chunks:
        lo = starts[c]
        hi = starts[c + 1] if c + 1 < len(starts) else len(data)
        if spans and spans[-1][1] == lo:
            spans[-1][1] = hi
        else:
            spans.append([lo, hi])
    if sum(hi - lo for lo, hi in spans) > PARTIAL_MAX_SHARE * len(data):
        return None
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


def hits_in_text(spec: LangSpec, root: Any, hits: list[int], parent: Parents) -> bool:
    """Whether every hit lies in a string or a comment of the tree (see the module doc)."""
    for b in hits:
        node = root.descendant_for_byte_range(b, b + 1)
        while node is not None and node.type not in spec.strings and node.type not in spec.comments:
            node = parent(node)
        if node is None:
            return False
    return True
