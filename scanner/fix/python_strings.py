"""Python string rewrites that keep prefix, quotes and escapes as the author wrote them.

The choice: a span edit verified by re-tokenising, rather than a libcst transformer.
The scan already knows the id's exact character span inside the literal, and an edit
that replaces id characters with id characters strictly inside a string token's body
cannot change its prefix (``r``, ``b``, ``f``...), its quotes or any escape; libcst
would have to map the same span back to a node and re-emit that node, which is more
code for the same bytes, and costs ~130 ms to import plus a parse at ~1 MB/s.
What libcst would add, a guarantee that nothing else changed, is checked here with
the stdlib instead: the edited module must parse, and its tree with every string
constant blanked must equal the original's (:func:`verify`).

Also refused here: a literal that is a *part* of an id composed elsewhere
(``BASE = "gpt-4"`` used as ``BASE + "-0613"``), where rewriting the part would
produce a nonexistent id.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from typing import Sequence

from .values import Edit

_ID = re.compile(r"[A-Za-z0-9._:/@%+-]*\Z")
_PREFIX = re.compile(r"[rRbBuUfF]*")


class _Offsets:
    def __init__(self, text: str) -> None:
        self.starts = [0]
        for i, ch in enumerate(text):
            if ch == "\n":
                self.starts.append(i + 1)

    def __call__(self, line: int, col: int) -> int:
        return self.starts[line - 1] + col


def _string_bodies(text: str) -> list[tuple[int, int]]:
    """(start, end) of the body of every string token: inside prefix and quotes."""
    at = _Offsets(text)
    bodies = []
    for tok in tokenize.generate_tokens(io.StringIO(text).readline):
        if tok.type != tokenize.STRING:
            continue
        start, end = at(*tok.start), at(*tok.end)
        prefix = _PREFIX.match(tok.string)
        quote_at = prefix.end() if prefix else 0
        quote = tok.string[quote_at:quote_at + 3]
        width = 3 if quote in ('"""', "'''") else 1
        bodies.append((start + quote_at + width, end - width))
    return bodies


def _parts(node: ast.AST) -> list[ast.AST]:
    """The operands of a chain of ``+``, or the parts of an f-string (a module-level
    function: a recursive closure is a reference cycle, freed only by the collector)."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _parts(node.left) + _parts(node.right)
    if isinstance(node, ast.JoinedStr):
        return [p.value if isinstance(p, ast.FormattedValue) else p for p in node.values]
    return [node]


def _composed_names(tree: ast.Module) -> set[str]:
    """Names used as parts of an id built by ``+`` or an f-string: every literal part is
    one word (``BASE + "-0613"``, ``f"{BASE}-0613"``), unlike ``"using " + MODEL``."""
    used: set[str] = set()
    for node in ast.walk(tree):
        if not ((isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add))
                or isinstance(node, ast.JoinedStr)):
            continue
        pieces = _parts(node)
        words = [p.value for p in pieces if isinstance(p, ast.Constant)]
        if not all(isinstance(w, str) and w and not any(c.isspace() for c in w) for w in words):
            continue
        for piece in pieces:
            if isinstance(piece, ast.Name):
                used.add(piece.id)
            elif isinstance(piece, ast.Attribute):
                used.add(piece.attr)
    return used


def _assigned(tree: ast.Module, text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of string constants assigned to a name."""
    at = _Offsets(text)
    out = []
    for node in ast.walk(tree):
        targets: list[ast.AST] = []
        if isinstance(node, ast.Assign):
            targets = list(node.targets)
        elif isinstance(node, ast.AnnAssign):
            targets = [node.target]
        else:
            continue
        value = node.value
        if not (isinstance(value, ast.Constant) and isinstance(value.value, str)):
            continue
        for target in targets:
            name = target.id if isinstance(target, ast.Name) else (
                target.attr if isinstance(target, ast.Attribute) else None)
            if name:
                out.append((_char(at, text, value.lineno, value.col_offset),
                            _char(at, text, value.end_lineno or value.lineno,
                                  value.end_col_offset or 0), name))
    return out


def _char(at: _Offsets, text: str, line: int, byte_col: int) -> int:
    start = at(line, 0)
    end = at.starts[line] if line < len(at.starts) else len(text)
    chunk = text[start:end]
    if chunk.isascii():
        return start + byte_col
    return start + len(chunk.encode("utf-8")[:byte_col].decode("utf-8", "ignore"))


def refusals(text: str, edits: Sequence[Edit]) -> dict[Edit, str]:
    """The edits that must not be made to this Python source, each with the reason."""
    try:
        bodies = _string_bodies(text)
        tree = ast.parse(text)
    except (SyntaxError, tokenize.TokenError, ValueError, RecursionError) as exc:
        return {e: f"the file does not parse as Python ({type(exc).__name__}); not rewritten"
                for e in edits}
    composed = _composed_names(tree)
    assigned = _assigned(tree, text)
    out: dict[Edit, str] = {}
    for edit in edits:
        if not _ID.match(edit.new):
            out[edit] = f"{edit.new!r} has characters that need quoting"
        elif not any(s <= edit.start and edit.end <= e for s, e in bodies):
            out[edit] = "not inside the body of one string literal"
        else:
            for start, end, name in assigned:
                if start <= edit.start and edit.end <= end and name in composed:
                    out[edit] = (f"{name} is also used to compose other ids; rewriting it would "
                                 "change those too")
                    break
    return out


class _Blank(ast.NodeTransformer):
    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        if isinstance(node.value, str):
            return ast.copy_location(ast.Constant(value=""), node)
        return node


def verify(old: str, new: str) -> str | None:
    """None when ``new`` differs from ``old`` only inside string constants."""
    try:
        new_tree = ast.parse(new)
    except SyntaxError as exc:
        return f"the edited file would not parse: {exc.msg} at line {exc.lineno}"
    old_dump = ast.dump(_Blank().visit(ast.parse(old)))
    if ast.dump(_Blank().visit(new_tree)) != old_dump:
        return "the edit would change more than string contents"
    return None
