"""Python: every string value with its exact span and the name around it.

Uses the stdlib ``ast`` (C speed, exact end positions) rather than libcst, which parses
about 10x slower and costs ~130 ms to import; libcst is kept for rewriting. Module and
class constants are resolved so that ids composed from parts (``BASE + "-0613"``,
f-strings of constants) are found as one id. A file that does not parse is still
scanned, by the plain-text extractor, and the syntax error is reported.
"""

from __future__ import annotations

import ast
import bisect
import re
from dataclasses import replace
from functools import partial
from itertools import accumulate
from typing import Iterator

from ..identify import is_model_key, member_key
from ..model import Occurrence
from ..open_weights import HUB_CALLEES
from ..prefilter import default_prefilter, fast_compile, match_starts
from . import Extraction, register
from . import python_partial
from .text import comment_occurrences, scan_plain_text

# model=os.getenv("X") / model=os.environ["X"]: a model chosen at run time (MT005).
DYNAMIC_MODEL_ARG = re.compile(r"model\w*\s*=\s*(?:os\.)?(?:getenv|environ)", re.IGNORECASE)
# The same for re2, which has no Unicode \w: letters, digits and marks of any script.
_DYNAMIC_FAST = fast_compile(r"(?i)model[\pL\pN\pM_]*\s*=\s*(?:os\.)?(?:getenv|environ)")
_QUOTES = ('"""', "'''", '"', "'")


def dotted_name(node: ast.AST) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    if isinstance(node, ast.Call):
        inner = dotted_name(node.func)
        return None if inner is None else inner + "()." + ".".join(reversed(parts))
    return None


def _target_name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Subscript):
        s = node.slice
        if isinstance(s, ast.Constant) and isinstance(s.value, str):
            return s.value
        return _target_name(node.value)
    if isinstance(node, (ast.Tuple, ast.List)) and node.elts:
        return _target_name(node.elts[-1])
    return None


class _Positions:
    """ast's (line, UTF-8 byte column) to character offsets into the text."""

    def __init__(self, text: str) -> None:
        self.text = text
        # 0-based offsets where each line begins ("\n" ends a line; "\r\n" keeps its "\r"
        # at the end of the line, so columns match editors). split and accumulate run in C:
        # ~5x faster than a find() loop in Python.
        self.starts = [0]
        self.starts.extend(accumulate(len(line) + 1 for line in text.split("\n")))
        self.starts.pop()

    def offset(self, line: int, col: int) -> int:
        start = self.starts[line - 1]
        end = self.starts[line] if line < len(self.starts) else len(self.text)
        chunk = self.text[start:end]
        if chunk.isascii():
            return start + col
        return start + len(chunk.encode("utf-8")[:col].decode("utf-8", "ignore"))

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)


# Callees whose first positional argument is the default of the field or parameter they
# declare (pydantic, FastAPI): Field("gpt-4o", description=...), Query("o3").
_DEFAULT_FIRST = frozenset({"Field", "Query", "Body", "Form", "Header", "Cookie"})

# Node class -> its visit_ method (None: walk the children), filled as classes are met.
_DISPATCH: dict[type, object] = {}
_MISSING = object()


class _Visitor:
    def __init__(self, text: str, context: str) -> None:
        self.text = text
        self.context = context
        self.pos = _Positions(text)
        self.out: list[Occurrence] = []
        self.dynamic: list[Occurrence] = []
        self.constants: dict[str, str] = {}
        self.string_spans: list[tuple[int, int]] = []
        self.revisions: dict[str, str] = {}  # constant name -> revision of a call it feeds
        self.lines: list[int] | None = None
        self.hit_offsets: list[int] | None = None

    # -- constants --------------------------------------------------------------
    def collect_constants(self, tree: ast.Module) -> None:
        seen: dict[str, str | None] = {}
        # Bodies to read, depth first and in order (a class body where its class is). A
        # loop, not a recursive closure: that would be a reference cycle holding this
        # visitor, its text and its tables until the cyclic collector runs, and scans run
        # with it off.
        todo: list[tuple[Iterator[ast.stmt], str]] = [(iter(tree.body), "")]
        while todo:
            body, prefix = todo[-1]
            stmt = next(body, None)
            if stmt is None:
                todo.pop()
                continue
            target: ast.AST | None = None
            value: ast.AST | None = None
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
                target, value = stmt.targets[0], stmt.value
            elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
                target, value = stmt.target, stmt.value
            elif isinstance(stmt, ast.ClassDef):
                todo.append((iter(stmt.body), prefix + stmt.name + "."))
                continue
            if isinstance(target, ast.Name):
                resolved = self.resolve(value) if value is not None else None
                name = prefix + target.id
                if name in seen and seen[name] != resolved:
                    seen[name] = None  # reassigned: not a constant
                else:
                    seen[name] = resolved
                # Known to the statements after it (PINNED = f"{BASE}-2024-08-06").
                constant = seen[name]
                if constant is None:
                    self.constants.pop(name, None)
                else:
                    self.constants[name] = constant

    def resolve(self, node: ast.AST | None) -> str | None:
        if isinstance(node, ast.Constant):
            return node.value if isinstance(node.value, str) else None
        if isinstance(node, ast.Name):
            return self.constants.get(node.id)
        if isinstance(node, ast.Attribute):
            name = dotted_name(node)
            return self.constants.get(name) if name else None
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left, right = self.resolve(node.left), self.resolve(node.right)
            return None if left is None or right is None else left + right
        if isinstance(node, ast.JoinedStr):
            parts = []
            for part in node.values:
                if isinstance(part, ast.Constant) and isinstance(part.value, str):
                    parts.append(part.value)
                elif isinstance(part, ast.FormattedValue) and part.format_spec is None and part.conversion == -1:
                    inner = self.resolve(part.value)
                    if inner is None:
                        return None
                    parts.append(inner)
                else:
                    return None
            return "".join(parts)
        return None

    # -- walking ----------------------------------------------------------------
    def restrict_to(self, lines: list[int]) -> None:
        """Only statements spanning one of these lines are walked (sorted, 1-based)."""
        self.lines = lines

    def _touches(self, node: ast.stmt | ast.expr, lines: list[int]) -> bool:
        first = node.lineno
        for decorator in getattr(node, "decorator_list", ()):  # above the def line
            first = min(first, decorator.lineno)
        i = bisect.bisect_left(lines, first)
        return i < len(lines) and lines[i] <= (node.end_lineno or node.lineno)

    def visit(self, node: ast.AST, key: str | None) -> None:
        if isinstance(node, ast.stmt) and self.lines is not None and not self._touches(node, self.lines):
            return
        kind = type(node)
        method = _DISPATCH.get(kind, _MISSING)
        if method is _MISSING:
            method = _DISPATCH[kind] = getattr(_Visitor, "visit_" + kind.__name__, None)
        if method is not None:
            method(self, node, key)  # type: ignore[operator]
            return
        # ast.iter_child_nodes, without its generator: this runs for most nodes walked
        for name in kind._fields:
            value = getattr(node, name, None)
            if isinstance(value, ast.AST):
                self.visit(value, key)
            elif isinstance(value, list):
                for item in value:
                    if isinstance(item, ast.AST):
                        self.visit(item, key)

    # Names, their Load/Store contexts and imports hold no string: a third of the nodes
    # a walk meets, each a generic visit and a visit of its context before these.
    def visit_Name(self, node: ast.AST, key: str | None) -> None:
        pass

    visit_Import = visit_ImportFrom = visit_Name

    def visit_Attribute(self, node: ast.Attribute, key: str | None) -> None:
        self.visit(node.value, key)

    def visit_Assign(self, node: ast.Assign, key: str | None) -> None:
        name = _target_name(node.targets[-1])
        self.visit(node.value, name)
        for t in node.targets:
            self.visit(t, None)

    def visit_ClassDef(self, node: ast.ClassDef, key: str | None) -> None:
        for part in (*node.decorator_list, *node.bases, *node.keywords):
            self.visit(part, key)
        # The members of a class named for models (class ChatModel(str, Enum): O1 = "o1")
        # are keyed ChatModel.O1 where their own name says nothing of a model: a weak id
        # (o1, o3) counts under a model key only.
        owner = node.name if is_model_key(node.name) else None
        for statement in node.body:
            if owner is not None and isinstance(statement, (ast.Assign, ast.AnnAssign)):
                target = statement.targets[-1] if isinstance(statement, ast.Assign) else statement.target
                name = _target_name(target)
                if name is not None and not is_model_key(name) and (
                        self.lines is None or self._touches(statement, self.lines)):
                    if isinstance(statement, ast.AnnAssign):
                        self.visit(statement.annotation, f"{owner}.{name}")
                    if statement.value is not None:
                        self.visit(statement.value, f"{owner}.{name}")
                    continue
            self.visit(statement, key)

    def visit_AnnAssign(self, node: ast.AnnAssign, key: str | None) -> None:
        # `model: Literal["gpt-4o", "gpt-4o-mini"] = "gpt-4o"`: the ids a field may hold
        # are named in its annotation, as a TypeScript property's are in its type.
        name = _target_name(node.target)
        self.visit(node.annotation, name)
        if node.value is not None:
            self.visit(node.value, name)

    def visit_NamedExpr(self, node: ast.NamedExpr, key: str | None) -> None:
        self.visit(node.value, _target_name(node.target))

    def _skip(self, node: ast.expr) -> bool:
        """A member of a literal that spans no line worth walking: a 1,000-entry price
        table is walked only at its entries that hit. (Call arguments are always walked:
        a Hub call's trigger and its repo id may sit on different lines.)"""
        return self.lines is not None and not self._touches(node, self.lines)

    def visit_List(self, node: ast.List | ast.Tuple | ast.Set, key: str | None) -> None:
        for element in node.elts:
            if not self._skip(element):
                self.visit(element, key)

    visit_Tuple = visit_Set = visit_List

    def visit_Dict(self, node: ast.Dict, key: str | None) -> None:
        for k, v in zip(node.keys, node.values):
            if self._skip(v) and (k is None or self._skip(k)):
                continue
            if k is None:
                self.visit(v, key)
                continue
            self.visit(k, key)
            kname = k.value if isinstance(k, ast.Constant) and isinstance(k.value, str) else key
            if kname is not key and isinstance(v, ast.Constant) and isinstance(v.value, str):
                # A weak id in a dict named for models, as in YAML: MODELS = {"reasoning":
                # "o1"} keys o1 as MODELS.reasoning.
                kname = member_key(key, kname, v.value) or kname
            self.visit(v, kname)

    def visit_Compare(self, node: ast.Compare, key: str | None) -> None:
        name = _target_name(node.left) or key
        self.visit(node.left, key)
        for c in node.comparators:
            self.visit(c, name)

    def visit_Match(self, node: ast.Match, key: str | None) -> None:
        # `match model: case "gpt-4o" | "o1": ...`: the cases' values are the subject's.
        name = _target_name(node.subject) or key
        self.visit(node.subject, key)
        for case in node.cases:
            self.visit(case.pattern, name)
            if case.guard is not None:
                self.visit(case.guard, key)
            for statement in case.body:
                self.visit(statement, key)

    def visit_arguments(self, node: ast.arguments, key: str | None) -> None:
        positional = [*node.posonlyargs, *node.args]
        for arg in (*positional, node.vararg, *node.kwonlyargs, node.kwarg):
            if arg is not None and arg.annotation is not None:
                self.visit(arg.annotation, arg.arg)  # def ask(model: Literal["gpt-4o"] = ...)
        for arg, default in zip(positional[len(positional) - len(node.defaults):], node.defaults):
            self.visit(default, arg.arg)
        for arg, kw_default in zip(node.kwonlyargs, node.kw_defaults):
            if kw_default is not None:
                self.visit(kw_default, arg.arg)

    def visit_Call(self, node: ast.Call, key: str | None) -> None:
        func = dotted_name(node.func) or ""
        short = func.rsplit(".", 1)[-1]
        self.visit(node.func, None)
        first = node.args[0] if node.args else None
        first_str = first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None
        # A default read under a name is keyed by that name: os.getenv("MODEL", "gpt-4o"),
        # settings.get("model", "o3"), kwargs.pop("model", ...), getattr(cfg, "model", ...).
        named = first_str if short in ("getenv", "get", "setdefault", "pop") else None
        if short == "getattr" and len(node.args) == 3:
            second = node.args[1]
            named = second.value if isinstance(second, ast.Constant) and isinstance(second.value, str) else None
        mark = len(self.out)
        if short == "parametrize" and len(node.args) >= 2 and self._parametrize(node):
            return
        for i, arg in enumerate(node.args):
            if named and i == len(node.args) - 1 and i >= 1:
                self.visit(arg, named)
            elif i == 0 and first_str is not None and short in ("add_argument", "option", "Option", "argument"):
                self.visit(arg, None)
            elif i == 0 and key and short in _DEFAULT_FIRST:
                self.visit(arg, key)  # model: str = Field("o1", ...): the field's default
            else:
                self.visit(arg, short or key)
        for kw in node.keywords:
            name = kw.arg
            if name == "default" and first_str is not None:
                name = first_str  # argparse/click/typer: --model default="..."
            elif name in ("default", "default_factory") and key:
                name = key  # Field(default="...") under a model_name attribute
            self.visit(kw.value, name or key)
            if name and kw.value is not None:
                self._dynamic(kw.value, name)
        self._revision(node, mark, short)

    def _parametrize(self, node: ast.Call) -> bool:
        """pytest's ``parametrize("model", ["gpt-4o", "o1"])`` or ``parametrize("model,
        expected", [("o1", 1), pytest.param("o3", 2, id=...)])``: each value keyed by the
        name of its position. False when the names are not literal (walked as any call)."""
        names_node, values = node.args[0], node.args[1]
        if isinstance(names_node, ast.Constant) and isinstance(names_node.value, str):
            names = [n.strip() for n in names_node.value.split(",")]
        elif isinstance(names_node, (ast.Tuple, ast.List)) and all(
                isinstance(e, ast.Constant) and isinstance(e.value, str) for e in names_node.elts):
            names = [str(e.value) for e in names_node.elts]  # type: ignore[attr-defined]
        else:
            return False
        self.visit(names_node, None)
        if not isinstance(values, (ast.List, ast.Tuple, ast.Set)):
            self.visit(values, names[0] if len(names) == 1 else None)
        else:
            for item in values.elts:
                if self._skip(item):
                    continue
                rest: list[ast.keyword] = []
                if isinstance(item, ast.Call) and (dotted_name(item.func) or "").endswith("param"):
                    parts, rest = item.args, item.keywords  # pytest.param(v1, v2, id=..., marks=...)
                elif len(names) > 1 and isinstance(item, (ast.Tuple, ast.List)):
                    parts = item.elts
                else:
                    parts = [item]
                for position, part in enumerate(parts):
                    self.visit(part, names[position] if position < len(names) else None)
                for kw in rest:
                    self.visit(kw.value, kw.arg)
        for arg in node.args[2:]:
            self.visit(arg, None)
        for kw in node.keywords:
            self.visit(kw.value, kw.arg)
        return True

    def _revision(self, node: ast.Call, mark: int, short: str) -> None:
        """A Hub download's ``revision=``/``commit_id=`` goes with the id it loads: on the
        call's own strings, and on the constants passed to it (``MODEL_ID``). A dataset or
        Space (``repo_type="dataset"``) is no model: its id is keyed ``dataset:repo_id``.
        ``pipeline(model=...)``: the callee, not the generic ``model``, names the value."""
        if short in HUB_CALLEES:
            for i in range(mark, len(self.out)):
                occ = self.out[i]
                if occ.key == "model" and not occ.prose:
                    self.out[i] = replace(occ, key=short)
        repo_type = next((self.resolve(k.value) for k in node.keywords if k.arg == "repo_type"), None)
        if repo_type in ("dataset", "space"):
            for i in range(mark, len(self.out)):
                occ = self.out[i]
                if occ.key is not None and not occ.prose:
                    self.out[i] = replace(occ, key=f"{repo_type}:{occ.key}")
            return
        kw = next((k for k in node.keywords if k.arg in ("revision", "commit_id")), None)
        if kw is None:
            return
        revision = self.resolve(kw.value)
        if revision is None:
            start, end = self._span(kw.value)
            revision = self.text[start:end]  # chosen at run time: shown as written
        rev_start = self._span(kw.value)[0]
        for i in range(mark, len(self.out)):
            occ = self.out[i]
            if not occ.prose and not occ.start <= rev_start < occ.end + 1:
                self.out[i] = replace(occ, version=revision)
        for arg in (*node.args, *(k.value for k in node.keywords if k.arg != kw.arg)):
            if isinstance(arg, ast.Name) and arg.id in self.constants:
                self.revisions[arg.id] = revision

    def _dynamic(self, value: ast.AST, name: str) -> None:
        if not is_model_key(name):
            return
        env: ast.expr | None = None
        if isinstance(value, ast.Call):
            f = dotted_name(value.func) or ""
            if (f.endswith("getenv") or f.endswith("environ.get")) and len(value.args) == 1 and not value.keywords:
                env = value
        elif isinstance(value, ast.Subscript) and (dotted_name(value.value) or "").endswith("environ"):
            env = value
        if env is not None:
            start, end = self._span(env)
            self.dynamic.append(Occurrence(start, end, self.text[start:end], self.context,
                                           "python", key=name, composed=True))

    def visit_Expr(self, node: ast.Expr, key: str | None) -> None:
        if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            self._string(node.value, None, prose=True)  # docstring or bare string
        else:
            self.visit(node.value, key)

    def visit_BinOp(self, node: ast.BinOp, key: str | None) -> None:
        if isinstance(node.op, ast.Add):
            value = self.resolve(node)
            if value is not None:
                self._composed(node, value, key)
                return
        for child in ast.iter_child_nodes(node):
            self.visit(child, key)

    def visit_JoinedStr(self, node: ast.JoinedStr, key: str | None) -> None:
        value = self.resolve(node)
        if value is not None and any(isinstance(p, ast.FormattedValue) for p in node.values):
            self._composed(node, value, key)
            return
        start, end = self._span(node)
        self.string_spans.append((start, end))
        segment = self.text[start:end]
        cursor = 0
        for part in node.values:
            if isinstance(part, ast.Constant) and isinstance(part.value, str) and part.value:
                found = segment.find(part.value, cursor)
                if found != -1:
                    cursor = found + len(part.value)
                    self.out.append(Occurrence(start + found, start + cursor, part.value,
                                               self.context, "python", key=key))
            elif isinstance(part, ast.FormattedValue):
                self.visit(part.value, key)

    def visit_Constant(self, node: ast.Constant, key: str | None) -> None:
        if isinstance(node.value, str):
            self._string(node, key, prose=False)

    # -- emitting ---------------------------------------------------------------
    def _span(self, node: ast.AST) -> tuple[int, int]:
        start = self.pos.offset(node.lineno, node.col_offset)  # type: ignore[attr-defined]
        end = self.pos.offset(node.end_lineno, node.end_col_offset)  # type: ignore[attr-defined]
        return start, end

    def _composed(self, node: ast.AST, value: str, key: str | None) -> None:
        start, end = self._span(node)
        self.string_spans.append((start, end))
        self.out.append(Occurrence(start, end, self.text[start:end], self.context, "python",
                                   key=key, value=value, composed=True))

    def bare_string(self, start: int, end: int) -> None:
        """A string literal alone as a statement, left out of a partial parse (see
        python_partial.PartialTree): prose, as visit_Expr makes it. Prose is read as
        written (engine._matches), so what its escapes mean is not worked out."""
        self._emit_string(start, end, None, None, prose=True)

    def _string(self, node: ast.Constant, key: str | None, *, prose: bool) -> None:
        start, end = self._span(node)
        self._emit_string(start, end, str(node.value), key, prose=prose)

    def _emit_string(self, start: int, end: int, value: str | None, key: str | None, *,
                     prose: bool) -> None:
        """The literal at ``text[start:end]`` (prefix and quotes included) meaning
        ``value`` (None: what its text between the quotes says)."""
        self.string_spans.append((start, end))
        text = self.text
        i = start
        while i < end and text[i] in "rRbBuUfF":
            i += 1
        quote = next((q for q in _QUOTES if text.startswith(q, i)), None)
        if quote is None or end - len(quote) < i + len(quote):
            return
        cs, ce = i + len(quote), end - len(quote)
        raw = text[cs:ce]
        value = raw if value is None else value
        context = "comment" if prose else self.context
        self.out.append(Occurrence(cs, ce, raw, context, "python", key=key,
                                   value=None if raw == value else value, prose=prose))


def _comment_hits(text: str, spans: list[tuple[int, int]], pos: _Positions) -> Iterator[Occurrence]:
    spans.sort()
    starts = [s for s, _ in spans]
    done_lines: set[int] = set()
    for hit in default_prefilter().offsets(text):
        i = bisect.bisect_right(starts, hit) - 1
        if i >= 0 and spans[i][0] <= hit < spans[i][1]:
            continue
        line = pos.line_of(hit)
        if line in done_lines:
            continue
        line_start = pos.starts[line - 1]
        hash_at = text.find("#", line_start, hit + 1)
        while hash_at != -1:
            j = bisect.bisect_right(starts, hash_at) - 1
            if not (j >= 0 and spans[j][0] <= hash_at < spans[j][1]):
                break
            hash_at = text.find("#", hash_at + 1, hit + 1)
        if hash_at == -1:
            continue
        done_lines.add(line)
        line_end = text.find("\n", hash_at)
        if line_end == -1:
            line_end = len(text)
        yield from comment_occurrences(text, hash_at + 1, line_end, "python")


def _lines_worth_walking(text: str, visitor: _Visitor) -> list[int]:
    """Lines where a model id may be: prefilter hits, uses of constants whose value may
    be (part of) one, and model arguments read from the environment. Walking only the
    statements around them is what keeps large, model-heavy files fast."""
    prefilter = default_prefilter()
    if visitor.hit_offsets is None:  # asked before and after a partial parse
        visitor.hit_offsets = prefilter.offsets(text) + _dynamic_offsets(text)
    offsets = list(visitor.hit_offsets)
    names = [name.rsplit(".", 1)[-1] for name, value in visitor.constants.items()
             if prefilter.hit(" " + value)]
    if names:
        source = r"\b(?:" + "|".join(map(re.escape, sorted(set(names)))) + r")\b"
        fast = fast_compile(source)
        offsets.extend(match_starts(fast, None if fast else re.compile(source), text))
    return sorted(set(map(partial(bisect.bisect_right, visitor.pos.starts), offsets)))


def reads_model_from_env(text: str) -> bool:
    return bool(_dynamic_offsets(text))


def _dynamic_offsets(text: str) -> list[int]:
    """Where DYNAMIC_MODEL_ARG matches: model arguments read from the environment."""
    if "getenv" not in text and "environ" not in text:
        return []
    return match_starts(_DYNAMIC_FAST, DYNAMIC_MODEL_ARG, text)


@register("python")
def extract(text: str, *, path: str, context: str) -> Extraction:
    result = Extraction()
    visitor = _Visitor(text, context)
    tree: ast.Module | None = None
    walk_lines: list[int] | None = None  # known once a partial parse has read its constants
    if len(text) >= python_partial.PARTIAL_MIN_CHARS:
        visitor.constants.update(python_partial.simple_constants(text))
        lines = _lines_worth_walking(text, visitor)
        for _ in range(3):
            partial_tree = python_partial.partial_tree(text, lines, visitor.pos.starts, path)
            if partial_tree is None:
                visitor.constants.clear()
                break
            # Constants only a parse finds (composed ones, a class's) may be used in
            # statements this parse left out: parse again with their uses too.
            visitor.collect_constants(partial_tree.module)
            more = _lines_worth_walking(text, visitor)
            if set(more) <= set(lines):
                break
            lines = sorted(set(lines).union(more))
        if partial_tree is not None:
            tree, walk_lines = partial_tree.module, more
            for start, end in partial_tree.bare_strings:
                visitor.bare_string(start, end)
    if tree is None:
        try:
            tree = ast.parse(text, filename=path)
        except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
            where = f" at line {exc.lineno}" if isinstance(exc, SyntaxError) and exc.lineno else ""
            msg = exc.msg if isinstance(exc, SyntaxError) else type(exc).__name__
            result.errors.append(f"Python syntax error{where}: {msg}; scanned as plain text instead")
            result.occurrences.extend(scan_plain_text(text, context=context, language="python", comment="#"))
            return result
    if walk_lines is None:
        visitor.collect_constants(tree)
        walk_lines = _lines_worth_walking(text, visitor)
    visitor.restrict_to(walk_lines)
    try:
        visitor.visit(tree, None)
    except RecursionError:
        result.errors.append("Python file nested too deeply; scanned as plain text instead")
        result.occurrences.extend(scan_plain_text(text, context=context, language="python", comment="#"))
        return result
    if visitor.revisions:  # MODEL_ID = "org/name" ... from_pretrained(MODEL_ID, revision=...)
        visitor.out = [replace(o, version=visitor.revisions[o.key])
                       if o.key in visitor.revisions and o.version is None and not o.prose else o
                       for o in visitor.out]
    result.occurrences.extend(visitor.out)
    result.occurrences.extend(_comment_hits(text, visitor.string_spans, visitor.pos))
    result.dynamic.extend(visitor.dynamic)
    return result
