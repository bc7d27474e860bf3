"""A small, position-keeping parser shared by Terraform/HCL and Bicep.

Both languages are blocks and objects of ``key = value`` / ``key: value`` items whose
values are strings, references, function calls, objects and lists. python-hcl2 gives no
positions and there is no Bicep parser on PyPI, so this reads just enough structure
(items with their head words, objects, lists, strings with their exact spans, bare
references such as ``var.chat_model`` or ``chatModelName``) and never evaluates
anything. It never raises on odd input: what it does not understand becomes an opaque
expression whose strings are still visited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Union


@dataclass(slots=True)
class Str:
    start: int  # content span, inside the quotes
    end: int
    value: str  # unescaped
    # Literal segments (file offsets) of a string with ``${...}`` interpolations.
    parts: list[tuple[int, int]] | None = None


@dataclass(slots=True)
class Ref:
    name: str  # a traversal as written: var.x, local.x, chatModelName, d.model


@dataclass(slots=True)
class Blob:
    start: int  # a heredoc's or multi-line string's body, scanned as plain text
    end: int


@dataclass(slots=True)
class Item:
    words: list[str]  # head: key, or block type and labels (strings unquoted)
    value: "Node | None"
    labels: list[Str] = field(default_factory=list)


@dataclass(slots=True)
class Obj:
    items: list[Item] = field(default_factory=list)

    def get(self, *names: str) -> "Node | None":
        for item in self.items:
            if item.words and item.words[0] in names and len(item.words) == 1:
                return item.value
        return None


@dataclass(slots=True)
class Arr:
    items: list["Node"] = field(default_factory=list)


@dataclass(slots=True)
class Expr:
    children: list["Node"] = field(default_factory=list)


Node = Union[Str, Ref, Blob, Obj, Arr, Expr]


@dataclass(frozen=True, slots=True)
class Dialect:
    quote: str  # '"' (HCL) or "'" (Bicep)
    hash_comments: bool  # HCL: '#' starts a comment
    heredocs: bool  # HCL <<EOT; Bicep has '''...''' instead
    decorators: bool  # Bicep @description('...')


_IDENT = re.compile(r"[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[[^\]\n]*\]|\.\*)*")
_HEREDOC = re.compile(r"<<-?([A-Za-z_]\w*)[ \t]*\n")
_SPACE = " \t\r"


class Parser:
    def __init__(self, text: str, dialect: Dialect) -> None:
        self.text = text
        self.d = dialect
        self.i = 0
        self.n = len(text)
        self.comments: list[tuple[int, int]] = []  # comment and decorator text spans

    # -- lexical --------------------------------------------------------------------
    def _skip(self, newlines: bool) -> None:
        text, n = self.text, self.n
        while self.i < n:
            c = text[self.i]
            if c in _SPACE or (newlines and c in "\n,;"):
                self.i += 1
            elif c == "\\" and text.startswith("\\\n", self.i):
                self.i += 2
            elif (c == "#" and self.d.hash_comments) or text.startswith("//", self.i):
                end = text.find("\n", self.i)
                end = n if end == -1 else end
                self.comments.append((self.i + (1 if c == "#" else 2), end))
                self.i = end
            elif text.startswith("/*", self.i):
                end = text.find("*/", self.i + 2)
                end = n if end == -1 else end
                self.comments.append((self.i + 2, end))
                self.i = min(n, end + 2)
            else:
                return

    def _string(self) -> Node:
        text, q = self.text, self.d.quote
        if q == "'" and text.startswith("'''", self.i):
            end = text.find("'''", self.i + 3)
            end = self.n if end == -1 else end
            blob = Blob(self.i + 3, end)
            self.i = min(self.n, end + 3)
            return blob
        start = self.i + 1
        i = start
        parts: list[tuple[int, int]] = []
        seg = start
        escaped = False
        while i < self.n:
            c = text[i]
            if c == "\\":
                escaped = True
                i += 2
                continue
            if c == q or c == "\n":
                break
            if c in "$%" and text.startswith(c + c + "{", i):  # HCL's escaped $${ / %%{
                i += 3
                continue
            if (c == "$" or (c == "%" and q == '"')) and text.startswith("{", i + 1):
                parts.append((seg, i))
                i = self._template_end(i + 2)
                seg = i
                continue
            i += 1
        end = min(i, self.n)
        self.i = end + 1 if end < self.n and text[end] == q else end
        raw = text[start:end]
        value = re.sub(r"\\(.)", r"\1", raw) if escaped else raw
        if parts:
            parts.append((seg, end))
            return Str(start, end, value, [(a, b) for a, b in parts if b > a])
        return Str(start, end, value)

    def _template_end(self, i: int) -> int:
        """The offset after the ``}`` closing a ``${`` opened just before ``i``."""
        depth, text, q = 1, self.text, self.d.quote
        while i < self.n and depth:
            c = text[i]
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
            elif c == q:  # a string inside the interpolation
                j = i + 1
                while j < self.n and text[j] not in (q, "\n"):
                    j += 2 if text[j] == "\\" else 1
                i = j
            elif c == "\n":
                break
            i += 1
        return i

    # -- structure ------------------------------------------------------------------
    def body(self, closer: str | None = None) -> Obj:
        obj = Obj()
        while True:
            self._skip(newlines=True)
            if self.i >= self.n:
                return obj
            if closer and self.text[self.i] == closer:
                self.i += 1
                return obj
            before = self.i
            item = self._item(closer)
            if item is not None:
                obj.items.append(item)
            if self.i == before:  # nothing consumed: step over the odd character
                self.i += 1

    def _item(self, closer: str | None) -> Item | None:
        words: list[str] = []
        labels: list[Str] = []
        text = self.text
        while True:
            self._skip(newlines=False)
            if self.i >= self.n:
                return Item(words, None, labels) if words else None
            c = text[self.i]
            if c == self.d.quote:
                node = self._string()
                if isinstance(node, Str):
                    labels.append(node)
                    words.append(node.value)
                continue
            if c == "@" and self.d.decorators:
                self._decorator()
                continue
            m = _IDENT.match(text, self.i)
            if m is not None and not (words and c.isdigit()):
                words.append(m.group())
                self.i = m.end()
                continue
            if c in "=:" and not text.startswith("==", self.i):
                self.i += 1
                return Item(words, self.expr(closer), labels)
            if c == "{":
                self.i += 1
                return Item(words, self.body("}"), labels)
            if c in "\n,;" or c == closer:
                return Item(words, None, labels) if words else None
            return Item(words, self.expr(closer), labels)

    def _decorator(self) -> None:
        """``@description('...')``: its strings are documentation."""
        start = self.i
        m = _IDENT.match(self.text, self.i + 1)
        self.i = m.end() if m else self.i + 1
        if self.i < self.n and self.text[self.i] == "(":
            self.i += 1
            self.expr(")")
            if self.i < self.n and self.text[self.i] == ")":
                self.i += 1
        self.comments.append((start, self.i))

    def expr(self, closer: str | None) -> Node | None:
        """One value, up to a newline, comma or ``closer`` outside brackets."""
        children: list[Node] = []
        tokens = 0
        depth = 0
        text = self.text
        while True:
            self._skip(newlines=depth > 0)
            if self.i >= self.n:
                break
            c = text[self.i]
            if depth == 0 and (c in "\n,;" or (closer and c == closer)):
                break
            tokens += 1
            if c == self.d.quote:
                children.append(self._string())
            elif c == "{":
                self.i += 1
                children.append(self.body("}"))
            elif c == "[":
                self.i += 1
                children.append(self._list())
            elif c == "(":
                depth += 1
                self.i += 1
            elif c == ")":
                if depth == 0:
                    break
                depth -= 1
                self.i += 1
            elif c == "<" and self.d.heredocs and (h := _HEREDOC.match(text, self.i)):
                children.append(self._heredoc(h))
            elif (m := _IDENT.match(text, self.i)) is not None:
                children.append(Ref(m.group()))
                self.i = m.end()
            else:
                self.i += 1
        if tokens == 1 and len(children) == 1:
            return children[0]
        return Expr(children) if children else None

    def _list(self) -> Arr:
        arr = Arr()
        while True:
            self._skip(newlines=True)
            if self.i >= self.n:
                return arr
            if self.text[self.i] == "]":
                self.i += 1
                return arr
            before = self.i
            node = self.expr("]")
            if node is not None:
                arr.items.append(node)
            if self.i == before:
                self.i += 1

    def _heredoc(self, m: re.Match[str]) -> Blob:
        tag = m.group(1)
        start = m.end()
        end_m = re.compile(r"^[ \t]*" + re.escape(tag) + r"[ \t]*$", re.MULTILINE).search(self.text, start)
        end = end_m.start() if end_m else self.n
        self.i = end_m.end() if end_m else self.n
        return Blob(start, end)


def parse(text: str, dialect: Dialect) -> tuple[Obj, list[tuple[int, int]]]:
    parser = Parser(text, dialect)
    root = parser.body(None)
    return root, parser.comments
