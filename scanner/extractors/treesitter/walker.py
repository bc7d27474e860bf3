"""The shared tree-sitter walker: from prefilter hits to occurrences.

Bottom-up rather than a full walk: tree-sitter parses in C, but visiting every node of a
large file from Python costs more than the parse. Each prefilter hit is located in the
tree (``descendant_for_byte_range``) and climbed from: to its string literal or comment,
then to the binding, call or default that names it. Constants are indexed only when a
string is part of a concatenation or template, or is itself a constant that another
expression composes (``const BASE = "gpt-4o"; `${BASE}-2024-08-06```).
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from ...model import Occurrence
from .. import Extraction
from ..text import comment_occurrences, scan_plain_text
from . import nodes as N
from .languages import LangSpec

# Spring ``${llm.model:gpt-4o}``, shell/azd ``${MODEL:-gpt-4o}`` / ``${MODEL=gpt-4o}``.
_PLACEHOLDER = re.compile(r"\$\{(?P<key>[A-Za-z_][\w.-]*)(?::-?|=)(?P<value>[^}\s\"'$]+)\}")
_ID_LIKE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/@%+-]*\Z")
_CHUNK = 4096
# Binding node types that bind a variable (rather than a property, pair or argument).
_VARIABLE = re.compile(r"assignment|declarat|_spec\Z|_item\Z")
_ENV_HINT = re.compile(r"[Gg]etenv|LookupEnv|GetEnvironmentVariable|\bENV\b|env::var|\.env\b")


class _Offsets:
    """UTF-8 byte offsets (tree-sitter's) to character offsets (the engine's), both ways."""

    def __init__(self, text: str, data: bytes) -> None:
        self.text, self.data = text, data
        self.ascii = len(text) == len(data)
        self.byte_starts: list[int] = []
        if not self.ascii:  # fixed chunks, so a 2 MB one-line bundle is not quadratic
            pos = 0
            for i in range(0, len(text), _CHUNK):
                self.byte_starts.append(pos)
                pos += len(text[i:i + _CHUNK].encode("utf-8", "surrogatepass"))

    def char(self, b: int) -> int:
        if self.ascii:
            return b
        i = bisect.bisect_right(self.byte_starts, b) - 1
        return i * _CHUNK + len(self.data[self.byte_starts[i]:b].decode("utf-8", "ignore"))

    def byte(self, c: int) -> int:
        if self.ascii:
            return c
        i = c // _CHUNK
        return self.byte_starts[i] + len(self.text[i * _CHUNK:c].encode("utf-8", "surrogatepass"))


class Walk:
    def __init__(self, spec: LangSpec, text: str, data: bytes, tree: Any, context: str) -> None:
        self.spec, self.text, self.data, self.context = spec, text, data, context
        self.tree, self.root = tree, tree.root_node
        self.off = _Offsets(text, data)
        self.out: list[Occurrence] = []
        self.done: set[tuple[int, int]] = set()
        self.composed_spans: list[tuple[int, int]] = []
        # constant name -> the name nodes of its declarations (to skip them as uses)
        self.decls: dict[str, list[Any]] = {}
        self._constants: dict[str, Any] | None = None
        self._env: dict[str, str] = {}
        self.error_lines: set[int] = set()

    # -- entry ----------------------------------------------------------------------
    def run(self, hits: list[int]) -> list[Occurrence]:
        strings: dict[tuple[int, int], Any] = {}
        comments: dict[tuple[int, int], Any] = {}
        for c in hits:
            b = self.off.byte(c)
            node = self.root.descendant_for_byte_range(b, b + 1)
            while node is not None:
                t = node.type
                if t in self.spec.strings:
                    # the outermost literal: a Ruby heredoc or PHP string may nest parts
                    while node.parent is not None and node.parent.type in self.spec.strings:
                        node = node.parent
                    strings[(node.start_byte, node.end_byte)] = node
                    break
                if t in self.spec.comments:
                    comments[(node.start_byte, node.end_byte)] = node
                    break
                if t == "ERROR" or node.is_missing:
                    self.error_lines.add(self.text.rfind("\n", 0, c) + 1)
                    break
                node = node.parent
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
        while top.parent is not None and (
                (top.parent.type in spec.concats and N.operator(top.parent) in spec.concats[top.parent.type])
                or top.parent.type in spec.parenthesized):
            top = top.parent
        interpolated = any(kind == "expr" for kind, _ in N.parts(node, spec)) or (
            spec.dollar_names and "$" in N.text_of(node))
        if top is not node or interpolated:
            if self.composed(top):
                return
        self.literal(node)

    def literal(self, node: Any) -> None:
        spec = self.spec
        decl: list[tuple[Any, Any]] = []
        key = N.key_for(node, spec, self.data, lambda n, v: decl.append((n, v)))
        key = self.env_alias(key, decl[0][0] if decl else None)
        kinds = N.parts(node, spec)
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
        cs, ce = self.off.char(start), self.off.char(end)
        placeholders = list(_PLACEHOLDER.finditer(self.text, cs, ce))
        for m in placeholders:
            # Spring/shell defaults: the default is the value, its setting the key; the
            # whole "${llm.model:gpt-4o}" is not one id.
            self.add(Occurrence(m.start("value"), m.end("value"), m.group("value"), self.context,
                                spec.language, key=m.group("key")))
        if placeholders and not self._hits_outside(cs, ce, placeholders):
            return
        occ = self.emit(start, end, key, escaped=escaped)
        if occ is not None and decl and key and decl[0][1] is not None \
                and decl[0][0].parent is not None and _VARIABLE.search(decl[0][0].parent.type):
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
        start, end = self.off.char(start_b), self.off.char(end_b)
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
    def composed(self, top: Any) -> bool:
        """Emit ``top`` as one composed id when it resolves to one; False otherwise."""
        value = self.resolve(top, 0, set())
        if value is None or not _ID_LIKE.match(value) or len(value) > 300:
            return False
        decl: list[Any] = []
        key = N.key_for(top, self.spec, self.data, lambda n, v: decl.append(n))
        key = self.env_alias(key, decl[0] if decl else None)
        start, end = self.off.char(top.start_byte), self.off.char(top.end_byte)
        self.composed_spans.append((top.start_byte, top.end_byte))
        self.add(Occurrence(start, end, self.text[start:end], self.context, self.spec.language,
                            key=key, value=value, composed=True))
        return True

    def constants(self) -> dict[str, Any]:
        """Every name bound once to a literal-ish value in this file (scopes ignored:
        a name bound twice to different values is not a constant)."""
        if self._constants is not None:
            return self._constants
        import tree_sitter

        spec = self.spec
        found: dict[str, Any] = {}
        query = _binding_query(spec, self.tree.language)
        captures = tree_sitter.QueryCursor(query).captures(self.root).get("b", [])
        for node in captures:
            name_loc, value_loc = spec.bindings[node.type]
            if "@prev" in (name_loc, value_loc):
                continue
            name_node, value = N.locate(node, name_loc, spec), N.locate(node, value_loc, spec)
            if name_node is None or value is None:
                continue
            if value.named_child_count == 1 and value.type.endswith("list"):
                value = value.named_children[0]  # Go's expression_list of one
            name = N.name_of(name_node, spec, self.data)
            if not name:
                continue
            env = N.env_read(value, spec, self.data)
            if env is not None and _VARIABLE.search(node.type):
                self._env[name] = env
            if name in found and (found[name] is None or N.text_of(found[name]) != N.text_of(value)):
                found[name] = None
            else:
                found[name] = value
        self._constants = {k: v for k, v in found.items() if v is not None}
        return self._constants

    def env_alias(self, key: str | None, name_node: Any | None) -> str | None:
        """Go's ``v := os.Getenv("MODEL"); if v == "" { v = "gpt-4o" }``: key MODEL.
        Only for variables: an object key ``model:`` is not the variable ``model``."""
        if key is None or name_node is None or name_node.parent is None \
                or not _VARIABLE.search(name_node.parent.type) or not _ENV_HINT.search(self.text):
            return key
        self.constants()
        return self._env.get(key, key)

    def resolve(self, node: Any, depth: int, seen: set[str]) -> str | None:
        spec = self.spec
        if node is None or depth > 20:
            return None
        t = node.type
        if t in spec.strings:
            out = []
            for kind, part in N.parts(node, spec):
                if kind == "expr":
                    inner = N.named(part, spec)
                    value = self.resolve(inner[0] if len(inner) == 1 else part, depth + 1, seen)
                    if value is None:
                        return None
                    out.append(value)
                else:
                    raw = N.text_of(part)
                    out.append(N.unescape(raw) if kind == "escape" else raw)
            if not N.parts(node, spec):
                out.append(N.string_value(node, spec, self.data))
            joined = "".join(out)
            if spec.dollar_names and "$" in joined:
                return self.dollar_names(joined, depth, seen)
            return joined
        if t in spec.concats and N.operator(node) in spec.concats[t]:
            left, right = N.operands(node, spec)
            lv = self.resolve(left, depth + 1, seen)
            rv = self.resolve(right, depth + 1, seen) if lv is not None else None
            return None if rv is None else lv + rv  # type: ignore[operator]
        if t in spec.parenthesized and node.named_child_count == 1:
            return self.resolve(node.named_children[0], depth + 1, seen)
        if t in spec.calls or node.named_child_count > 3:
            return None
        name = N.name_of(node, spec, self.data)
        if not name or name in seen:
            return None
        value_node = self.constants().get(name)
        if value_node is None:
            return None
        return self.resolve(value_node, depth + 1, seen | {name})

    def dollar_names(self, value: str, depth: int, seen: set[str]) -> str | None:
        failed = False

        def sub(m: re.Match[str]) -> str:
            nonlocal failed
            node = self.constants().get(m.group(1))
            got = None if node is None or m.group(1) in seen else self.resolve(node, depth + 1, seen | {m.group(1)})
            failed = failed or got is None
            return got or ""
        out = re.sub(r"\$([A-Za-z_]\w*)", sub, value)
        return None if failed else out

    def compose_uses(self) -> None:
        """Uses of constants whose values hit, inside concatenations or templates
        (the constant itself stays a reference, as in the Python extractor)."""
        spec = self.spec
        for name, decls in self.decls.items():
            if len(decls) > 1:
                continue  # bound more than once: not a constant to compose with
            for m in re.finditer(r"(?<![\w$])\$?(" + re.escape(name) + r")(?!\w)", self.text):
                b = self.off.byte(m.start(1))
                node = self.root.named_descendant_for_byte_range(b, b + len(name.encode()))
                if node is None or any(N.contains(d, node) for d in decls):
                    continue
                if node.named_child_count or N.text_of(node).lstrip("$") != name:
                    # Kotlin's "$NAME-suffix": the grammar keeps it as string content.
                    dollar = self.text[m.start(1) - 1:m.start(1)] == "$"
                    if not (spec.dollar_names and dollar and node.parent is not None
                            and node.parent.type in spec.strings):
                        continue
                elif self._inside_literal(node):
                    continue
                if any(s <= node.start_byte and node.end_byte <= e for s, e in self.composed_spans):
                    continue
                top = self._composition_top(node)
                if top is not None:
                    self.composed(top)

    def _inside_literal(self, node: Any) -> bool:
        spec = self.spec
        n = node.parent
        while n is not None:
            if n.type in spec.interpolations:
                return False
            if n.type in spec.strings or n.type in spec.comments:
                return not spec.dollar_names
            n = n.parent
        return False

    def _composition_top(self, node: Any) -> Any | None:
        spec = self.spec
        top, moved = node, False
        while top.parent is not None:
            p = top.parent
            if (p.type in spec.concats and N.operator(p) in spec.concats[p.type]) \
                    or p.type in spec.parenthesized or p.type in spec.interpolations \
                    or (p.type in spec.strings and (moved or spec.dollar_names)):
                top, moved = p, True
            else:
                break
        return top if moved else None


_QUERIES: dict[str, Any] = {}


def _binding_query(spec: LangSpec, language: Any) -> Any:
    query = _QUERIES.get(spec.key)
    if query is None:
        import tree_sitter

        # A table may name node types another version of the grammar lacks.
        kinds = [t for t in spec.bindings if language.id_for_node_kind(t, True)]
        query = tree_sitter.Query(language, "[" + " ".join(f"({t})" for t in kinds) + "] @b")
        _QUERIES[spec.key] = query
    return query


def extract_with(spec: LangSpec, text: str, *, path: str, context: str) -> Extraction:
    from ...prefilter import default_prefilter
    from .grammar import parser_for

    result = Extraction()
    try:
        parser = parser_for(spec)
        data = text.encode("utf-8", "surrogatepass")
        tree = parser.parse(data)
    except Exception as exc:  # noqa: BLE001 - a broken grammar wheel must not end the scan
        result.errors.append(f"{spec.label} grammar (tree-sitter, {spec.module}) failed to load: "
                             f"{type(exc).__name__}: {exc}; scanned as plain text instead")
        result.occurrences = scan_plain_text(text, context=context, language=spec.language,
                                             comment=spec.comment_prefix)
        return result
    hits = []
    for pos in default_prefilter().positions(text):
        # A position is the stem's first character, or the separator before it.
        first = text[pos] if pos < len(text) else ""
        hits.append(pos if first.isalnum() or first == "_" else pos + 1)
    walk = Walk(spec, text, data, tree, context)
    result.occurrences = walk.run(hits)
    if walk.error_lines:
        # Lines tree-sitter could not parse: read them the conservative plain-text way.
        result.occurrences.extend(
            occ for occ in scan_plain_text(text, context=context, language=spec.language)
            if text.rfind("\n", 0, occ.start) + 1 in walk.error_lines)
    return result
