"""The tree-sitter walker's shortcuts give what the plain tree-sitter calls give: parents
found from a remembered chain of ancestors (``nodes.Parents``), runs of nodes that
``key_for`` climbs without a look (one level each, so long unions keep their key), the
environment hint searched word by word."""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

import pytest

from scanner.extractors import extractor, spec_for
from scanner.extractors.treesitter import compose, partial
from scanner.extractors.treesitter.grammar import parser_for
from scanner.extractors.treesitter.languages import LANGUAGES
from scanner.extractors.treesitter.nodes import Parents
from tests.test_languages import CASES

ROOT = Path(__file__).resolve().parent.parent
UNION = " | ".join(f'"gpt-4o-{i}"' for i in range(16))


def _nodes(tree: Any) -> list[Any]:
    out, stack = [], [tree.root_node]
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(reversed(node.children))
    return out


def _same(a: Any, b: Any) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and a.id == b.id)


def _sources() -> list[tuple[str, bytes]]:
    """The fixtures' sources and test_languages' cases (the only PHP and Swift)."""
    out = []
    for path in sorted((ROOT / "fixtures").rglob("*")):
        name = spec_for(path.name).name
        if path.is_file() and name in LANGUAGES:
            out.append((name, path.read_bytes()))
    for case in CASES:
        path, source = case.values[0], case.values[1]
        if spec_for(path).name in LANGUAGES:
            out.append((spec_for(path).name, source.encode("utf-8", "surrogatepass")))
    return out


@pytest.mark.parametrize("order", ["walk", "random", "reversed"])
def test_parents_are_node_parent(order: str) -> None:
    rng = random.Random(7)
    sources = _sources()
    assert {name for name, _ in sources} >= {"javascript", "typescript", "go", "java", "kotlin",
                                             "csharp", "ruby", "rust", "php", "swift"}
    for name, data in sources:
        # Broken copies too: ERROR nodes and zero-width MISSING ones.
        cut = rng.randrange(len(data) + 1)
        for source in (data, data[:cut] + b'({["' + data[cut:]):
            tree = parser_for(LANGUAGES[name]).parse(source)
            nodes = _nodes(tree)
            if order == "random":
                rng.shuffle(nodes)
            elif order == "reversed":
                nodes.reverse()
            parents = Parents(tree.root_node)
            for node in nodes:
                assert _same(parents(node), node.parent), (name, node)


def test_parents_across_the_partial_and_whole_trees() -> None:
    # A partial walk's Parents is also asked about nodes of the whole file's tree.
    spec = LANGUAGES["typescript"]
    data = ("\n".join(f"export const m{i}: Model = {{ model: {UNION} }};" for i in range(60))).encode()
    parser = parser_for(spec)
    parser.included_ranges = partial.included_ranges(spec, data, [data.index(b"gpt-4o-3", 3000)])
    try:
        cut = parser.parse(data)
    finally:
        parser.included_ranges = []
    whole = parser.parse(data)
    mixed = _nodes(cut) + _nodes(whole)[::7]
    random.Random(3).shuffle(mixed)
    parents = Parents(cut.root_node)
    for node in mixed:
        assert _same(parents(node), node.parent)


def test_every_member_of_a_long_union_is_named_by_its_alias_or_property() -> None:
    # A union is a left-nested chain of union_type nodes, as deep as it is long; key_for
    # counts a run of such nodes as one level of its 12, so the first members are named too.
    src = f"export type ChatModel = {UNION};\nexport interface Options {{\n  model?: {UNION} | null;\n}}\n"
    out = extractor(spec_for("m.ts"))(src, path="m.ts", context="code").occurrences
    assert [o.text for o in out] == [f"gpt-4o-{i}" for i in range(16)] * 2
    assert [o.key for o in out] == ["ChatModel"] * 16 + ["model"] * 16


@pytest.mark.parametrize("text", [
    "", "ENV", "éENV", "ENVé", "_ENV", "ENV_", "a ENV b", "1ENV", "ENV1", "-ENV-", "xENV ENV",
    "éENV ENVa", 'ENV["MODEL"]', "x.env", ".envx", ".env", "process.env.MODEL", "a.environment",
    "env::var", "getenv", "GETENV", "Getenv", "LookupEnv", "GetEnvironmentVariable", "environ",
])
def test_env_hint_is_the_regex(text: str) -> None:
    regex = re.compile(r"[Gg]etenv|LookupEnv|GetEnvironmentVariable|\bENV\b|env::var|\.env\b")
    hint = any(word in text and (confirm is None or confirm.search(text) is not None)
               for word, confirm in compose._ENV_HINTS)
    assert hint == (regex.search(text) is not None)
