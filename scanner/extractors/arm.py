"""ARM templates and deployment parameter files (azd ``main.parameters.json``).

JSON whose ``$schema`` is on schema.management.azure.com comes here from the JSON
extractor. The document becomes the shared IaC tree so Azure deployments
(``Microsoft.CognitiveServices/accounts/deployments`` with ``properties.model``) are
judged as one (name, version, upgrade option) reference; ``[parameters('x')]`` and
``[variables('x')]`` resolve to their declared value in the same file. Any other
template expression (``[concat(...)]``) is opaque. A parameter's ``defaultValue`` or
``value`` is reported under the parameter's name, and azd's
``"${AZURE_OPENAI_CHAT_MODEL=gpt-4o}"`` under it too (the engine reads the default).
"""

from __future__ import annotations

import json
import re

from . import Extraction
from .iac import Symbols, extract_tree
from .iac_tree import Arr, Expr, Item, Node, Obj, Ref, Str

_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|//[^\n]*|/\*.*?\*/|[{}\[\]:]', re.DOTALL)
_SPACE = re.compile(r"\s*")
_SYMBOL = re.compile(r"\[\s*((?:parameters|variables)\('[^']+'\))\s*\]\Z")


def _value(raw: str, start: int, end: int) -> Node:
    value = raw
    if "\\" in raw:
        try:
            value = str(json.loads('"' + raw + '"'))
        except ValueError:
            pass
    if value.startswith("[") and not value.startswith("[["):
        m = _SYMBOL.match(value)
        return Ref(m.group(1)) if m else Expr([])  # a template expression: not a literal
    return Str(start, end, value)


def _tree(text: str) -> tuple[Obj, list[tuple[int, int]]]:
    root = Obj()
    comments: list[tuple[int, int]] = []
    # Each frame: the container and, for an object, the key waiting for its value.
    stack: list[list[object]] = [[root, None]]

    def attach(node: Node) -> None:
        frame = stack[-1]
        container = frame[0]
        if isinstance(container, Obj):
            container.items.append(Item([frame[1]] if isinstance(frame[1], str) else [], node))
            frame[1] = None
        elif isinstance(container, Arr):
            container.items.append(node)

    for m in _TOKEN.finditer(text):
        tok = m.group()
        first = tok[0]
        if first == '"':
            after = _SPACE.match(text, m.end()).end()  # type: ignore[union-attr]
            frame = stack[-1]
            if isinstance(frame[0], Obj) and after < len(text) and text[after] == ":":
                raw = tok[1:-1]
                frame[1] = json.loads(tok) if "\\" in raw else raw
                continue
            attach(_value(tok[1:-1], m.start() + 1, m.end() - 1))
        elif first in "{[":
            node: Node = Obj() if first == "{" else Arr()
            attach(node)
            stack.append([node, None])
        elif first in "}]":
            if len(stack) > 1:
                stack.pop()
        elif first == "/":
            comments.append((m.start() + 2, m.end() - (2 if tok.startswith("/*") else 0)))
    document = root.items[0].value if len(root.items) == 1 else None
    return (document if isinstance(document, Obj) else root), comments


def _symbols(root: Obj) -> Symbols:
    out: Symbols = {}
    params, variables = root.get("parameters"), root.get("variables")
    if isinstance(params, Obj):
        for item in params.items:
            if item.words and isinstance(item.value, Obj):
                default = item.value.get("defaultValue")
                if default is not None:
                    out[f"parameters('{item.words[0]}')"] = (default, item.words[0])
    if isinstance(variables, Obj):
        for item in variables.items:
            if item.words and item.value is not None:
                out[f"variables('{item.words[0]}')"] = (item.value, item.words[0])
    return out


def extract_arm(text: str, *, path: str, context: str) -> Extraction:
    return extract_tree(text, language="arm", context=context, build=_tree, symbols=_symbols)
