"""Reading a tree-sitter tree with a language table: names, keys, string contents.

Pure functions of nodes; the walker (``walker.py``) decides what to emit.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from ...catalog import WEAK_ID
from ...identify import is_model_key
from .languages import LangSpec

Node = Any  # tree_sitter.Node, imported lazily

# Calls that only wrap or collect a value: the key is what the wrapped value is bound to.
TRANSPARENT = frozenset({
    "from", "to_string", "to_owned", "into", "String", "freeze", "toString", "str", "Some", "Ok",
    "of", "listOf", "setOf", "arrayOf", "mapOf", "mutableListOf", "mutableSetOf", "mutableMapOf",
    "asList", "List", "Set", "Array", "array", "vec", "lowercase", "toLowerCase", "trim",
    "strip", "new", "entry", "Entry", "tuple", "frozenset", "ImmutableList", "copyOf",
    "Dictionary", "HashMap", "LinkedHashMap", "TreeMap", "Map", "dict", "OrderedDict",
})
# Calls that read the environment: ``getenv("MODEL", "gpt-4o")`` keys the default "MODEL".
ENV_READERS = frozenset({
    "getenv", "Getenv", "LookupEnv", "getOrDefault", "fetch", "GetEnvironmentVariable",
    "getEnv", "get_env", "env", "getProperty", "var", "var_os",
})
# Calls that name a setting before its default: Go's ``flag.String("model", "gpt-4o", ...)``,
# viper's ``SetDefault("llm.model", "gpt-4o")``: the key is the closest earlier string argument.
NAMED_DEFAULTS = ENV_READERS | frozenset({
    "String", "StringVar", "StringP", "StringVarP", "SetDefault", "setdefault", "GetValue",
    "getString", "GetString", "option", "Option", "add_argument", "Setenv", "setenv",
    "SetEnvironmentVariable", "putenv", "setProperty",
})
# Methods whose argument is the default of what they are called on.
DEFAULT_METHODS = frozenset({
    "unwrap_or", "unwrap_or_else", "or_else", "orElse", "orElseGet", "getOrElse", "or",
    "getOrDefault", "fetch",
})
_STOP_SUFFIXES = ("statement", "block", "body", "program", "source_file", "compilation_unit",
                  "statements", "declaration_list", "function_item", "method_declaration", "function_declaration", "class_declaration",
                  "class_body", "interface_body", "enum_body")
_RECEIVER_FIELDS = ("object", "receiver", "value", "operand", "expression", "target")
_NAME_FIELDS = ("property", "field", "name", "suffix", "key")
_ESCAPE = re.compile(r"\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)", re.DOTALL)
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "b": "\b", "f": "\f", "v": "\v"}


class Parents:
    """``node.parent`` for the walk of one tree, remembered. tree-sitter keeps no parent
    links: ``Node.parent`` descends from the root each time (O(depth x siblings), 3 us at
    a depth of 124), and the literals of one long union, array or object climb through
    the same ancestors.

    A parent not yet known is found by the same ``child_with_descendant`` steps that
    ``Node.parent`` takes, but from the nearest ancestor of the previous lookup: the walk
    goes from one literal to the next, usually a few steps apart. A node of another tree
    (a partial walk composes in the whole file's) gets ``Node.parent``."""

    def __init__(self, root: Node) -> None:
        self._root = root
        # Node.id (where the node sits in its tree) -> parent: unique while the trees are
        # alive, as they are for the walk of their file.
        self._known: dict[int, Node | None] = {}
        # The root and its descendants down to the last node looked up, each the parent
        # of the next.
        self._path: list[Node] = [root]
        self._runs: dict[int, tuple[Node, Node | None]] = {}  # see over_plain

    def __call__(self, node: Node) -> Node | None:
        key = node.id
        try:
            return self._known[key]
        except KeyError:
            pass
        path = self._path
        start, end = node.start_byte, node.end_byte
        # The chain's nodes that strictly contain a non-empty node are its ancestors
        # (siblings do not overlap); a zero-width one is left to Node.parent.
        while path and start < end and not (
                path[-1].start_byte <= start and end <= path[-1].end_byte
                and (path[-1].start_byte < start or end < path[-1].end_byte)):
            path.pop()
        parent = self._descend(node, key) if path and start < end else None
        if parent is None:
            parent = node.parent  # the root, or a node of the file's other tree
            self._path = [self._root]
        self._known[key] = parent
        return parent

    def over_plain(self, node: Node, spec: LangSpec) -> tuple[Node, Node | None]:
        """For a node that ``key_for`` climbs through without a look (``plain``): the last
        node of the run of such nodes from it upwards, and that node's parent. The members
        of a long union climb through the same union_type nodes, one per member: each run
        is climbed once. ``spec`` is the same at each call."""
        runs = self._runs
        below: list[Node] = []
        n = node
        while (run := runs.get(n.id)) is None:
            below.append(n)
            up = self(n)
            if up is None or not plain(up.type, spec):
                run = (n, up)
                break
            n = up
        for m in below:
            runs[m.id] = run
        return run

    def _descend(self, node: Node, key: int) -> Node | None:
        path = self._path
        above = path[-1]
        while True:
            child = above.child_with_descendant(node)
            if child is None:
                return None  # ``node`` is in another tree
            if child.id == key:
                path.append(node)
                return above
            self._known[child.id] = above
            path.append(child)
            above = child


def named(node: Node, spec: LangSpec) -> list[Node]:
    return [c for c in node.named_children if c.type not in spec.skip]


def locate(node: Node, where: str, spec: LangSpec, came_from: Node | None = None) -> Node | None:
    if where == "@first" or where == "@last":
        kids = named(node, spec)
        if len(kids) < 2:
            return None
        return kids[0] if where == "@first" else kids[-1]
    if where == "@prev":  # Swift dictionaries: key, value, key, value... as siblings
        if came_from is None or not any(same(v, came_from) for v in node.children_by_field_name("value")):
            return None
        return came_from.prev_named_sibling
    return node.child_by_field_name(where)


def same(a: Node | None, b: Node | None) -> bool:
    return a is not None and b is not None and a.start_byte == b.start_byte and a.end_byte == b.end_byte \
        and a.type == b.type


def contains(outer: Node, inner: Node) -> bool:
    return bool(outer.start_byte <= inner.start_byte and inner.end_byte <= outer.end_byte)


def text_of(node: Node) -> str:
    return bytes(node.text).decode("utf-8", "replace")


def content_range(node: Node, spec: LangSpec) -> tuple[int, int]:
    """Byte range of a string literal's content, without quotes or prefixes."""
    kids = node.children
    if not kids:  # a single token: @"..." , r#"..."#
        raw = text_of(node)
        m = re.match(r'^[A-Za-z@$]*(#*)("""|"|\'|`)', raw)
        if m is None:
            return node.start_byte, node.end_byte
        close = m.group(2) + m.group(1)
        head = len(m.group(0).encode())
        tail = len(close.encode()) if raw.endswith(close) and len(raw) >= len(m.group(0)) + len(close) else 0
        return node.start_byte + head, node.end_byte - tail
    start, end = node.start_byte, node.end_byte
    i, j = 0, len(kids) - 1
    while i <= j and (not kids[i].is_named or kids[i].type in spec.delimiters):
        start = kids[i].end_byte
        i += 1
    while j >= i and (not kids[j].is_named or kids[j].type in spec.delimiters):
        end = kids[j].start_byte
        j -= 1
    if i > j:  # empty string
        return start, start
    return start, max(start, end)


def parts(node: Node, spec: LangSpec) -> list[tuple[str, Node]]:
    """A string's children in order, as ("text"|"escape"|"expr", node)."""
    out = []
    for kid in node.children:
        if kid.type in spec.interpolations:
            out.append(("expr", kid))
        elif kid.type in spec.escapes:
            out.append(("escape", kid))
        elif kid.is_named and kid.type not in spec.delimiters:
            out.append(("text", kid))
    return out


def unescape(raw: str) -> str:
    def one(m: re.Match[str]) -> str:
        body = m.group(1)
        if body.startswith("u{"):
            return chr(int(body[2:-1], 16))
        if body[0] in "ux" and len(body) > 1:
            return chr(int(body[1:], 16))
        return _SIMPLE_ESCAPES.get(body, body)
    return _ESCAPE.sub(one, raw)


def string_value(node: Node, spec: LangSpec, text: bytes) -> str:
    start, end = content_range(node, spec)
    raw = text[start:end].decode("utf-8", "replace")
    if any(kid.type in spec.escapes for kid in node.children):
        return unescape(raw)
    return raw


def call_args(call: Node, callee: Node | None, spec: LangSpec) -> list[Node]:
    """Positional argument expressions of a call, in order."""
    holder = None
    for kid in call.named_children:
        if same(kid, callee) or kid.type in spec.skip:
            continue
        if "argument" in kid.type or kid.type in ("call_suffix", "value_arguments", "token_tree"):
            holder = kid
    if holder is None:
        return []
    if holder.type == "call_suffix":
        inner = holder.named_children
        holder = inner[0] if inner else holder
    args = []
    for arg in holder.named_children:
        if arg.type in ("argument", "value_argument", "attribute_argument") and arg.named_child_count:
            arg = arg.named_children[-1]
        args.append(arg)
    return args


def name_of(node: Node | None, spec: LangSpec, text: bytes, depth: int = 0) -> str | None:
    """The name a node stands for: ``process.env.MODEL`` -> MODEL, ``getenv("X")`` -> X."""
    if node is None or depth > 6:
        return None
    if node.type in spec.strings:
        return string_value(node, spec, text)
    if node.type in spec.calls:
        callee = locate(node, spec.calls[node.type], spec)
        args = call_args(node, callee, spec)
        if args and args[0].type in spec.strings:
            return string_value(args[0], spec, text)
        if args and args[0].type in spec.calls:
            return name_of(args[0], spec, text, depth + 1)
        return name_of(callee, spec, text, depth + 1)
    kids = named(node, spec)
    if not kids:
        name = text_of(node).strip().lstrip("$:@").rstrip(":")
        return name or None
    for kid in kids:
        if kid.type in spec.strings:  # ENV["MODEL"], ["fast"] = ...
            return string_value(kid, spec, text)
    for fname in _NAME_FIELDS:
        kid = node.child_by_field_name(fname)
        if kid is not None:
            return name_of(kid, spec, text, depth + 1)
    return name_of(kids[-1], spec, text, depth + 1)


def env_read(node: Node, spec: LangSpec, text: bytes) -> str | None:
    """``os.Getenv("MODEL")`` -> MODEL; None for anything else."""
    if node.type not in spec.calls:
        return None
    callee = locate(node, spec.calls[node.type], spec)
    short = name_of(callee, spec, text)
    if short not in ENV_READERS and not (short == "get" and callee is not None
                                         and "env" in text_of(callee).lower()):
        return None
    args = call_args(node, callee, spec)
    if args and args[0].type in spec.strings:
        return string_value(args[0], spec, text)
    return None


def receiver(call: Node, callee: Node | None, spec: LangSpec) -> Node | None:
    for fname in ("object", "receiver"):
        kid = call.child_by_field_name(fname)
        if kid is not None:
            return kid
    if callee is None:
        return None
    for fname in _RECEIVER_FIELDS:
        kid = callee.child_by_field_name(fname)
        if kid is not None:
            return kid
    kids = named(callee, spec)
    return kids[0] if len(kids) >= 2 else None


def operator(node: Node) -> str | None:
    field = node.child_by_field_name("operator") or node.child_by_field_name("op")
    if field is not None:
        return text_of(field)
    for kid in node.children:
        if not kid.is_named:
            return text_of(kid)
    # Kotlin's infix ``to`` and similar: an identifier between the operands.
    return None


def operands(node: Node, spec: LangSpec) -> tuple[Node | None, Node | None]:
    left = node.child_by_field_name("left") or node.child_by_field_name("lhs") \
        or node.child_by_field_name("condition") or node.child_by_field_name("value")
    right = node.child_by_field_name("right") or node.child_by_field_name("rhs") \
        or node.child_by_field_name("alternative") or node.child_by_field_name("if_nil")
    if left is None or right is None:
        kids = named(node, spec)
        if len(kids) >= 2:
            left, right = left or kids[0], right or kids[-1]
    return left, right


_STOPS: dict[str, bool] = {}  # node type -> stops(type): 15 suffixes tried once per type


def stops(node_type: str) -> bool:
    known = _STOPS.get(node_type)
    if known is None:
        known = _STOPS[node_type] = node_type.endswith(_STOP_SUFFIXES) or node_type == "ERROR"
    return known


_PLAIN: dict[str, dict[str, bool]] = {}  # spec key -> node type -> plain(type, spec)


def plain(node_type: str, spec: LangSpec) -> bool:
    """Whether ``key_for`` climbs through a node of this type without a look."""
    known = _PLAIN.setdefault(spec.key, {})
    got = known.get(node_type)
    if got is None:
        got = known[node_type] = not (
            node_type in spec.bindings or node_type in spec.calls or node_type in spec.keyed_binaries
            or node_type in spec.switches or node_type == "token_tree" or stops(node_type))
    return got


# Nodes that hold code, not members: a binding inside one has no owner.
_NOT_MEMBER = ("function", "method", "lambda", "closure", "constructor", "arrow", "initializer")


def owner_of(node: Node, spec: LangSpec, text: bytes, parents: Parents) -> str | None:
    """The name of the type a binding is a member of: an enum's or a class's (``Model`` of
    ``enum Model { O1 = "o1" }``), or the type of a typed Go constant; None in code."""
    at: Node | None = node
    for _ in range(6):
        if at is None:
            return None
        where = spec.owners.get(at.type)
        if where is not None:
            return name_of(locate(at, where, spec), spec, text)
        if at is not node and any(word in at.type for word in _NOT_MEMBER):
            return None
        at = parents(at)
    return None


def key_for(start: Node, spec: LangSpec, text: bytes, parents: Parents,
            on_binding: Callable[[Node, Node | None], None] | None = None,
            *, bindings_only: bool = False) -> str | None:
    """The name around a value: property, named argument, variable, enum member, env var.
    A call's name is it, unless the call is (part of) the value of a model-ish name:
    ``model: openai("o1")``, ``model: z.enum([...]).default("o1")`` are keyed ``model``."""
    child, node = start, parents(start)
    depth = 0
    callee_name: str | None = None  # the innermost call's, kept while looking further up
    while node is not None and depth < 12:
        t = node.type
        if plain(t, spec):
            # A run of such nodes is one level: a union is as deep as it is long, and its
            # first members were too deep to get the alias's or the property's name.
            child, node = parents.over_plain(node, spec)
            depth += 1
            continue
        if t in spec.bindings:
            name_loc, value_loc = spec.bindings[t]
            name_node = locate(node, name_loc, spec, child)
            if name_node is not None and not contains(name_node, child):
                name = name_of(name_node, spec, text)
                if callee_name is not None:
                    return name if is_model_key(name) else callee_name
                if on_binding is not None:
                    on_binding(name_node, locate(node, value_loc, spec, child))
                if name is not None and not is_model_key(name):
                    owner = owner_of(node, spec, text, parents)
                    if owner is None and start.type in spec.strings and WEAK_ID.match(
                            string_value(start, spec, text)):
                        # A weak id in a map named for models, as in YAML: MODELS =
                        # { reasoning: "o1" } keys o1 as MODELS.reasoning.
                        owner = key_for(node, spec, text, parents, bindings_only=True)
                    if owner is not None and is_model_key(owner):
                        return f"{owner}.{name}"
                return name
        if t in spec.calls:
            callee = locate(node, spec.calls[t], spec)
            recv = receiver(node, callee, spec)
            if not (callee is not None and contains(callee, child)) and not same(recv, child):
                short = name_of(callee, spec, text)
                args = call_args(node, callee, spec)
                named_by = [a for a in args if a.type in spec.strings and a.end_byte <= start.start_byte]
                if named_by and (short in NAMED_DEFAULTS or (
                        short == "get" and "env" in text_of(callee).lower())):
                    return string_value(named_by[-1], spec, text)
                if short not in TRANSPARENT and callee_name is None:
                    if short in DEFAULT_METHODS and recv is not None:
                        return name_of(recv, spec, text)
                    if bindings_only:
                        return None  # a call's name: not the name of a container
                    if short is None or is_model_key(short):
                        return short
                    callee_name = short
        if t in spec.keyed_binaries and operator(node) in spec.keyed_binaries[t]:
            left, right = operands(node, spec)
            if right is not None and contains(right, child) and left is not None:
                name = name_of(left, spec, text)
                if callee_name is not None and not is_model_key(name):
                    return callee_name
                return name
        if t in spec.switches:
            return _switch_subject(node, spec, text, parents) or callee_name
        if t == "token_tree" and child.prev_sibling is not None and child.prev_sibling.type == "=":
            # Rust attribute arguments: #[arg(long, default_value = "gpt-4o")]
            name_node = child.prev_sibling.prev_named_sibling
            if name_node is not None and not name_node.named_child_count:
                return text_of(name_node)
        if stops(t):
            return callee_name
        child, node = node, parents(node)
        depth += 1
    return callee_name


def _switch_subject(case: Node, spec: LangSpec, text: bytes, parents: Parents) -> str | None:
    """The name of what the switch around ``case`` switches on (``switch (model)``)."""
    switch_type, subject_field = spec.switches[case.type]
    up = parents(case)
    for _ in range(3):  # case -> its body or block -> the switch
        if up is None or up.type == switch_type:
            break
        up = parents(up)
    if up is None or up.type != switch_type:
        return None
    subject = locate(up, subject_field, spec)
    # `(model)`, Kotlin's `when_subject`: a wrapper around the expression switched on
    while subject is not None and subject.named_child_count == 1 and (
            subject.type in spec.parenthesized or subject.type.endswith("_subject")):
        subject = subject.named_children[0]
    return None if subject is None else name_of(subject, spec, text)
