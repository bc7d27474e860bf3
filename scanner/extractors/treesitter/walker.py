"""The shared tree-sitter walker: from prefilter hits to occurrences.

Bottom-up rather than a full walk: tree-sitter parses in C, but visiting every node of a
large file from Python costs more than the parse. Each prefilter hit is located in the
tree (``descendant_for_byte_range``) and climbed from: to its string literal or comment,
then to the binding, call or default that names it. Constants are indexed only when a
string is part of a concatenation or template, or is itself a constant that another
expression composes (``const BASE = "gpt-4o"; `${BASE}-2024-08-06```).
"""

from __future__ import annotations

import re
from typing import Any, Callable

from ...model import Occurrence
from .. import Extraction
from ..text import comment_occurrences, scan_plain_text
from . import nodes as N
from .compose import VARIABLE, Composer
from .languages import LangSpec
from .offsets import Offsets

# Spring ``${llm.model:gpt-4o}``, shell/azd ``${MODEL:-gpt-4o}`` / ``${MODEL=gpt-4o}``.
_PLACEHOLDER = re.compile(r"\$\{(?P<key>[A-Za-z_][\w.-]*)(?::-?|=)(?P<value>[^}\s\"'$]+)\}")


class Walk(Composer):
    def __init__(self, spec: LangSpec, text: str, data: bytes, tree: Any, context: str,
                 parse_whole: Callable[[], Any] | None = None, offsets: Offsets | None = None,
                 parents: N.Parents | None = None) -> None:
        self.spec, self.text, self.data, self.context = spec, text, data, context
        self.tree, self.root = tree, tree.root_node
        # For a tree of part of the file: how to get the whole file's, when needed.
        self._parse_whole = parse_whole
        self._whole_root: Any = None
        self.off = offsets or Offsets(text, data)
        self.out: list[Occurrence] = []
        self.done: set[tuple[int, int]] = set()
        self.composed_spans: list[tuple[int, int]] = []
        # constant name -> the name nodes of its declarations (to skip them as uses)
        self.decls: dict[str, list[Any]] = {}
        self._constants: dict[str, Any] | None = None
        self._env: dict[str, str] = {}
        self._env_hint: bool | None = None
        self.error_lines: set[int] = set()
        self.parent = parents or N.Parents(self.root)

    def full_root(self) -> Any:
        if self._parse_whole is None:
            return self.root
        if self._whole_root is None:
            self._whole_root = self._parse_whole().root_node
        return self._whole_root

    # -- entry ----------------------------------------------------------------------
    def run(self, hits: list[tuple[int, int]]) -> list[Occurrence]:
        """``hits``: the (character, byte) offset of each prefilter hit."""
        parent = self.parent
        strings: dict[tuple[int, int], Any] = {}
        comments: dict[tuple[int, int], Any] = {}
        for c, b in hits:
            node = self.root.descendant_for_byte_range(b, b + 1)
            while node is not None:
                t = node.type
                if t in self.spec.strings:
                    # the outermost literal: a Ruby heredoc or PHP string may nest parts
                    while (up := parent(node)) is not None and up.type in self.spec.strings:
                        node = up
                    strings[(node.start_byte, node.end_byte)] = node
                    break
                if t in self.spec.comments:
                    comments[(node.start_byte, node.end_byte)] = node
                    break
                if t == "ERROR" or node.is_missing:
                    self.error_lines.add(self.text.rfind("\n", 0, c) + 1)
                    break
                node = parent(node)
        for node in comments.values():
            self.out.extend(comment_occurrences(self.text, self.off.char(node.start_byte),
                                                self.off.char(node.end_byte), self.spec.language))
        for node in sorted(strings.values(), key=lambda n: n.start_byte):
            self.string(node)
        self.compose_uses()
        return self.out

    # -- strings ----------------------------------------------------------------------
    def string(self, node: Any) -> None:
        spec = self.spec
        top = node
        while (up := self.parent(top)) is not None and (
                (up.type in spec.concats and N.operator(up) in spec.concats[up.type])
                or up.type in spec.parenthesized):
            top = up
        kinds = N.parts(node, spec)
        interpolated = any(kind == "expr" for kind, _ in kinds) or (
            spec.dollar_names and "$" in N.text_of(node))
        if top is not node or interpolated:
            if self.composed(top):
                return
        self.literal(node, kinds)

    def literal(self, node: Any, kinds: list[tuple[str, Any]]) -> None:
        """``kinds``: ``N.parts(node)``."""
        spec = self.spec
        decl: list[tuple[Any, Any]] = []
        key = N.key_for(node, spec, self.data, self.parent, lambda n, v: decl.append((n, v)))
        key = self.env_alias(key, decl[0][0] if decl else None)
        if any(kind == "expr" for kind, _ in kinds):
            # Not resolvable: each literal run of the template on its own.
            run: list[Any] = []
            for kind, part in [*kinds, ("expr", None)]:
                if kind == "expr":
                    if run:
                        self.emit(run[0].start_byte, run[-1].end_byte, key, escaped=any(
                            p.type in spec.escapes for p in run))
                    run = []
                else:
                    run.append(part)
            return
        start, end = N.content_range(node, spec)
        escaped = any(kind == "escape" for kind, _ in kinds)
        cs, ce = self.off.char(start), self.off.char(end)  # non-ASCII: 0.5 us each, so once
        placeholders = list(_PLACEHOLDER.finditer(self.text, cs, ce))
        for m in placeholders:
            # Spring/shell defaults: the default is the value, its setting the key; the
            # whole "${llm.model:gpt-4o}" is not one id.
            self.add(Occurrence(m.start("value"), m.end("value"), m.group("value"), self.context,
                                spec.language, key=m.group("key")))
        if placeholders and not self._hits_outside(cs, ce, placeholders):
            return
        occ = self.emit_chars(cs, ce, key, escaped=escaped)
        if occ is not None and decl and key and decl[0][1] is not None \
                and (up := self.parent(decl[0][0])) is not None and VARIABLE.search(up.type):
            value = decl[0][1]
            if N.same(value, node) or (value.named_child_count == 1 and N.same(value.named_children[0], node)):
                name = N.name_of(decl[0][0], spec, self.data)
                if name:
                    self.decls.setdefault(name, []).append(decl[0][0])

    def _hits_outside(self, start: int, end: int, spans: list[re.Match[str]]) -> bool:
        from ...prefilter import default_prefilter

        rest = "".join(" " if any(m.start() <= i < m.end() for m in spans) else ch
                       for i, ch in enumerate(self.text[start:end], start))
        return default_prefilter().hit(rest)

    def emit(self, start_b: int, end_b: int, key: str | None, *, escaped: bool) -> Occurrence | None:
        return self.emit_chars(self.off.char(start_b), self.off.char(end_b), key, escaped=escaped)

    def emit_chars(self, start: int, end: int, key: str | None, *, escaped: bool) -> Occurrence | None:
        if end <= start:
            return None
        raw = self.text[start:end]
        value = N.unescape(raw) if escaped else None
        occ = Occurrence(start, end, raw, self.context, self.spec.language, key=key,
                         value=None if value == raw else value)
        return self.add(occ)

    def add(self, occ: Occurrence) -> Occurrence | None:
        if (occ.start, occ.end) in self.done:
            return None
        self.done.add((occ.start, occ.end))
        self.out.append(occ)
        return occ

    # -- composition ------------------------------------------------------------------
def extract_with(spec: LangSpec, text: str, *, path: str, context: str) -> Extraction:
    from ...prefilter import default_prefilter
    from .grammar import parser_for

    result = Extraction()
    try:
        parser = parser_for(spec)
        data = text.encode("utf-8", "surrogatepass")
    except Exception as exc:  # noqa: BLE001 - a broken grammar wheel must not end the scan
        result.errors.append(f"{spec.label} grammar (tree-sitter, {spec.module}) failed to load: "
                             f"{type(exc).__name__}: {exc}; scanned as plain text instead")
        result.occurrences = scan_plain_text(text, context=context, language=spec.language,
                                             comment=spec.comment_prefix)
        return result
    offsets = Offsets(text, data)
    hits = []
    for pos in default_prefilter().offsets(text):  # the engine's, remembered
        # A position is the stem's first character, or the separator before it.
        first = text[pos] if pos < len(text) else ""
        c = pos if first.isalnum() or first == "_" else pos + 1
        hits.append((c, offsets.byte(c)))  # converted once: 0.5 us each in non-ASCII text
    walk = _partial_walk(parser, spec, text, data, hits, context, offsets)
    if walk is None:
        walk = Walk(spec, text, data, parser.parse(data), context, offsets=offsets)
        result.occurrences = walk.run(hits)
    else:
        result.occurrences = walk.out
    if walk.error_lines:
        # Lines tree-sitter could not parse: read them the conservative plain-text way.
        result.occurrences.extend(
            occ for occ in scan_plain_text(text, context=context, language=spec.language)
            if text.rfind("\n", 0, occ.start) + 1 in walk.error_lines)
    return result


def _parse_ranges(parser: Any, data: bytes, ranges: list[Any]) -> Any:
    parser.included_ranges = ranges
    try:
        return parser.parse(data)
    finally:
        parser.included_ranges = []  # the whole text, for the next file


def _partial_walk(parser: Any, spec: LangSpec, text: str, data: bytes, hits: list[tuple[int, int]],
                  context: str, offsets: Offsets) -> Walk | None:
    """The walk of a tree of only the statements around the hits (see partial.py), or None
    when the whole file must be parsed: a cut that does not parse cleanly, or a hit outside
    any string or comment. Constants and their uses are looked up in the whole file's
    tree, parsed then (most files compose nothing)."""
    from . import partial

    byte_hits = sorted({b for c, b in hits if c < len(text)})
    ranges = partial.included_ranges(spec, data, byte_hits)
    if ranges is None:
        return None
    tree = _parse_ranges(parser, data, ranges)
    if tree.root_node.has_error:
        # A cut to members the parser could not follow: whole top-level statements may
        # parse (unless nothing was cut to members: they are the same ranges).
        statements = partial.included_ranges(spec, data, byte_hits, members=False)
        if statements is None or statements == ranges:
            return None
        tree = _parse_ranges(parser, data, statements)
        if tree.root_node.has_error:
            return None
    parents = N.Parents(tree.root_node)
    if not partial.hits_in_text(spec, tree.root_node, byte_hits, parents):
        return None  # a hit in code (a regex, a name) or a cut inside a string: parse whole
    walk = Walk(spec, text, data, tree, context, parse_whole=lambda: parser.parse(data),
                offsets=offsets, parents=parents)
    walk.run(hits)
    return walk
