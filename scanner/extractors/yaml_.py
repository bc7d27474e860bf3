"""YAML: scalar values with exact spans and the key they sit under.

Walks libyaml's node graph (``compose_all``), never the constructed data, so an
anchor is visited once however often it is aliased: an alias bomb costs nothing and
merge keys (``<<: *defaults``) report the anchor's own lines. Kubernetes / GitHub
Actions ``env`` lists of ``{name, value}`` pairs give each value its ``name`` as key.
"""

from __future__ import annotations

import re

import yaml

from ..identify import is_model_key, member_key
from ..model import Occurrence
from . import Extraction, register
from .text import comment_occurrences, list_flag, scan_plain_text

_PLAIN_WORD = re.compile(r"[A-Za-z0-9_]+\Z")
_ASSIGNMENT = re.compile(r"(?:--)?(?P<key>[A-Za-z_][A-Za-z0-9_.-]*)=(?P<value>[^\s=]+)\Z")

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Loader = yaml.SafeLoader


def flag_keys(items: list[yaml.Node], key: str | None) -> list[tuple[yaml.Node, str | None]]:
    """Each item of a list with its key: the list's, except right after a ``--flag`` item,
    whose name keys the value (compose/Kubernetes ``command: ["--model", "org/name"]``)."""
    out: list[tuple[yaml.Node, str | None]] = []
    flag = None
    for item in items:
        scalar = item.value if isinstance(item, yaml.ScalarNode) else None
        if flag is not None and scalar is not None and not scalar.startswith("-"):
            out.append((item, flag))
        else:
            out.append((item, key))
        flag = list_flag(scalar) if scalar is not None else None
    return out


def _walk(root: yaml.Node, text: str, context: str, out: list[Occurrence]) -> None:
    seen: set[int] = set()
    # (node, its key, the model key of the mapping around that key if any, whether the
    # node is a mapping's key)
    stack: list[tuple[yaml.Node, str | None, str | None, bool]] = [(root, None, None, False)]
    while stack:
        node, key, owner, is_key = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            if node.tag != "tag:yaml.org,2002:str" or not node.value:
                continue
            start, end = node.start_mark.index, node.end_mark.index
            raw = text[start:end]
            if node.style in ('"', "'") and raw[:1] == node.style:
                start, end = start + 1, end - 1
                raw = text[start:end]
            value = node.value
            assign = _ASSIGNMENT.match(raw) if raw == value else None
            if assign is not None:
                # compose "environment: [KEY=value]", container args "--model=...".
                vs = assign.start("value")
                out.append(Occurrence(start + vs, end, raw[vs:], context, "yaml",
                                      key=assign.group("key")))
                continue
            # A weak id under a member of a model mapping: `llm: {provider: openai, name:
            # o1}` keys o1 as llm.name (an api_key or a host keeps its own key).
            key = member_key(owner, key, value) or key
            out.append(Occurrence(start, end, raw, context, "yaml", key=key,
                                  value=None if raw == value else value,
                                  prose=node.style in ("|", ">"),
                                  # A key is a name, but not Helm's `{{ ... | default "x" }}`,
                                  # which YAML reads as a flow mapping's key.
                                  whole=is_key and not any(c.isspace() for c in value)))
        elif isinstance(node, yaml.SequenceNode):
            for item, item_key in reversed(flag_keys(node.value, key)):
                stack.append((item, item_key, owner, False))
        elif isinstance(node, yaml.MappingNode):
            pairs = node.value
            names = {k.value: v for k, v in pairs if isinstance(k, yaml.ScalarNode)}
            env_name = names.get("name")
            members_of = key if key is not None and is_model_key(key) else None
            for k, v in reversed(pairs):
                kname = k.value if isinstance(k, yaml.ScalarNode) else None
                if kname == "value" and isinstance(env_name, yaml.ScalarNode):
                    kname = env_name.value
                stack.append((v, kname if kname != "<<" else key, members_of if kname != "<<" else owner,
                              False))
                # A key that is one plain word is a name, not a weak id: a service "llm:" has
                # a "command:". Keys that look like ids (litellm's "gpt-4o: [...]") keep theirs.
                plain = isinstance(k, yaml.ScalarNode) and _PLAIN_WORD.match(k.value)
                stack.append((k, None if plain else key, None, True))


def _comments(text: str, context: str) -> list[Occurrence]:
    from ..prefilter import default_prefilter

    out: list[Occurrence] = []
    done: set[int] = set()
    for hit in default_prefilter().offsets(text):
        line_start = text.rfind("\n", 0, hit) + 1
        if line_start in done:
            continue
        line = text[line_start:hit]
        # A '#' that starts a comment: at line start or after a space, not in quotes.
        hash_at = -1
        quote = ""
        for i, ch in enumerate(line):
            if quote:
                if ch == quote:
                    quote = ""
            elif ch in "\"'":
                quote = ch
            elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
                hash_at = i
                break
        if hash_at == -1:
            continue
        done.add(line_start)
        line_end = text.find("\n", hit)
        out.extend(comment_occurrences(text, line_start + hash_at + 1,
                                       len(text) if line_end == -1 else line_end, "yaml"))
    return out


@register("yaml")
def extract(text: str, *, path: str, context: str) -> Extraction:
    result = Extraction()
    ctx = "config" if context == "code" else context
    try:
        for document in yaml.compose_all(text, Loader=_Loader):
            if document is not None:
                _walk(document, text, ctx, result.occurrences)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or type(exc).__name__
        result.errors.append(f"YAML parse error{where}: {problem}; scanned as plain text instead")
        result.occurrences = scan_plain_text(text, context=ctx, language="yaml")
        return result
    except RecursionError:
        result.errors.append("YAML nested too deeply; scanned as plain text instead")
        result.occurrences = scan_plain_text(text, context=ctx, language="yaml")
        return result
    result.occurrences.extend(_comments(text, ctx))
    return result
