"""Composition within one file: constants, templates and concatenations resolved.

``const BASE = "gpt-4o"`` then `` `${BASE}-2024-08-06` `` is one id, reported at the
whole expression (``composed``, never rewritten by fixes). Constants are indexed with
one tree-sitter query (C speed) the first time a file needs them; a name bound twice
to different values is not a constant (scopes are ignored, on purpose: cheap and safe).
"""

from __future__ import annotations

import re
from typing import Any

from ...model import Occurrence
from . import nodes as N
from .languages import LangSpec

_ID_LIKE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/@%+-]*\Z")
# Binding node types that bind a variable (rather than a property, pair or argument).
VARIABLE = re.compile(r"assignment|declarat|_spec\Z|_item\Z")
# Words of a file that reads the environment: Getenv, LookupEnv, GetEnvironmentVariable,
# ENV, env::var, .env. Each is looked for with a substring search, then confirmed by a regex
# where it needs word boundaries: one regex of them all has no literal prefix, so sre tries
# every position (10 ms of a 460 KB file that has none of them, 9x more than this).
_ENV_HINTS = (("Getenv", None), ("getenv", None), ("LookupEnv", None),
              ("GetEnvironmentVariable", None), ("env::var", None),
              ("ENV", re.compile(r"ENV(?<!\wENV)\b")),  # \bENV\b, its literal first for sre
              (".env", re.compile(r"\.env\b")))


class Composer:
    """Mixed into the walker; expects its ``spec``, ``text``, ``data``, ``tree``,
    ``root``, ``off``, ``context``, ``decls``, ``composed_spans`` and ``add``."""

    spec: LangSpec
    text: str
    data: bytes
    tree: Any
    root: Any
    off: Any
    context: str
    decls: dict[str, list[Any]]
    composed_spans: list[tuple[int, int]]
    _constants: dict[str, Any] | None
    _env: dict[str, str]
    _env_hint: bool | None
    parent: N.Parents

    def add(self, occ: Occurrence) -> Occurrence | None:
        raise NotImplementedError

    def full_root(self) -> Any:
        """The root of the whole file's tree: constants and their uses may sit outside the
        statements a partial parse holds."""
        raise NotImplementedError

    def composed(self, top: Any) -> bool:
        """Emit ``top`` as one composed id when it resolves to one; False otherwise."""
        value = self.resolve(top, 0, set())
        if value is None or not _ID_LIKE.match(value) or len(value) > 300:
            return False
        decl: list[Any] = []
        key = N.key_for(top, self.spec, self.data, self.parent, lambda n, v: decl.append(n))
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
        captures = tree_sitter.QueryCursor(query).captures(self.full_root()).get("b", [])
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
            if env is not None and VARIABLE.search(node.type):
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
        if key is None or name_node is None or (up := self.parent(name_node)) is None \
                or not VARIABLE.search(up.type) or not self._reads_env():
            return key
        self.constants()
        return self._env.get(key, key)

    def _reads_env(self) -> bool:
        # Once per file: a search of the whole text for each literal was 8% of a JS scan.
        if self._env_hint is None:
            text = self.text
            self._env_hint = any(word in text and (confirm is None or confirm.search(text) is not None)
                                 for word, confirm in _ENV_HINTS)
        return self._env_hint

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
                node = self.full_root().named_descendant_for_byte_range(b, b + len(name.encode()))
                if node is None or any(N.contains(d, node) for d in decls):
                    continue
                if node.named_child_count or N.text_of(node).lstrip("$") != name:
                    # Kotlin's "$NAME-suffix": the grammar keeps it as string content.
                    dollar = self.text[m.start(1) - 1:m.start(1)] == "$"
                    if not (spec.dollar_names and dollar and (up := self.parent(node)) is not None
                            and up.type in spec.strings):
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
        n = self.parent(node)
        while n is not None:
            if n.type in spec.interpolations:
                return False
            if n.type in spec.strings or n.type in spec.comments:
                return not spec.dollar_names
            n = self.parent(n)
        return False

    def _composition_top(self, node: Any) -> Any | None:
        spec = self.spec
        top, moved = node, False
        while (p := self.parent(top)) is not None:
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
