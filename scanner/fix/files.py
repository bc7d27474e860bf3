"""From a scan to per-file changes: read, check every span, edit, verify, re-encode.

:func:`plan_text` is pure (one file's text and references in, edits and notes out);
:func:`plan_paths` scans, reads the files that have something to change, and returns a
:class:`FixPlan` whose :class:`FileChange` values carry the bytes read (and their hash),
so a later write can refuse a file that changed in between.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from typing import TYPE_CHECKING, Any, Callable, Mapping, Sequence

from ..model import Reference
from .apply import apply_edits, new_spans
from .azure import is_deployment, notes as azure_notes, plan as azure_plan
from .plan import Context, decide, selected
from .values import AZURE_PIN, PIN, TO, Edit, FileChange, FixOptions, FixPlan, Manual

if TYPE_CHECKING:
    from ..extractors.treesitter.languages import LangSpec

_PY_SUFFIXES = (".py", ".pyi", ".pyw")


def default_context(options: FixOptions) -> Context:
    from ..catalog import load_catalog
    from ..feed import load_feed
    from ..identify import default_identifier

    return Context(catalog=load_catalog(), feed=load_feed(options.feed_path),
                   identifier=default_identifier(), today=options.today or dt.date.today())


def _note(edit: Edit, reason: str) -> Manual:
    return Manual(edit.path, edit.line, edit.column, edit.old, reason, edit.rule)


def plan_text(path: str, text: str, refs: Sequence[Reference], options: FixOptions,
              ctx: Context, *, suppressed: Mapping[tuple[int, int], frozenset[str]] | None = None,
              ) -> tuple[list[Edit], list[Manual]]:
    """Edits for one file's decoded ``text``, and the references left for a person.
    ``suppressed`` maps a reference's (start, end) to the rules suppressed on it."""
    edits: list[Edit] = []
    manual: list[Manual] = []
    suppressed = suppressed or {}
    for ref in refs:
        hidden = suppressed.get((ref.start, ref.end), frozenset())
        decision = decide(ref, options, ctx, suppressed=hidden)
        if is_deployment(ref) and selected(ref, options) and not options.mappings:
            # A deployment is pinned by a version and an upgrade option, never renamed; a
            # replacement needs a new deployment, so it is a note, and pinning still helps.
            manual.extend(azure_notes(ref, options, hidden))
            pinned = azure_plan(text, ref, rule_ok=PIN in options.strategies and (
                options.rules is None or "MT001" in options.rules) and "MT001" not in hidden)
            if isinstance(pinned, list):
                edits.extend(pinned)
            elif pinned is not None:
                manual.append(pinned)
            continue
        if isinstance(decision, Manual):
            manual.append(decision)
        elif isinstance(decision, Edit):
            if text[decision.start:decision.end] != decision.old:
                manual.append(_note(decision, "the text at this position is not the id as "
                                              "written (escapes, joined strings, or the file "
                                              "changed since the scan)"))
            else:
                edits.append(decision)
    edits, overlapping = _without_overlaps(edits)
    manual.extend(_note(e, "overlaps another reference") for e in overlapping)
    for _ in range(3):  # each round drops the edits a check refuses, then re-checks
        refused = _refusals(path, text, edits, options, ctx)
        if not refused:
            break
        manual.extend(_note(e, refused[e]) for e in edits if e in refused)
        edits = [e for e in edits if e not in refused]
    else:
        manual.extend(_note(e, "could not be verified") for e in edits)
        edits = []
    manual.sort(key=lambda m: (m.line, m.column))
    return edits, manual


def _without_overlaps(edits: list[Edit]) -> tuple[list[Edit], list[Edit]]:
    edits = sorted(edits, key=lambda e: (e.start, e.end))
    bad: set[int] = set()
    for i in range(1, len(edits)):
        if edits[i].start < edits[i - 1].end:
            bad.update((i - 1, i))
    return ([e for i, e in enumerate(edits) if i not in bad],
            [e for i, e in enumerate(edits) if i in bad])


def _refusals(path: str, text: str, edits: list[Edit], options: FixOptions,
              ctx: Context) -> dict[Edit, str]:
    if not edits:
        return {}
    refused: dict[Edit, str] = {}
    is_python = path.endswith(_PY_SUFFIXES)
    if is_python:
        from .python_strings import refusals

        refused.update(refusals(text, edits))
        if refused:
            return refused
    new = apply_edits(text, edits)
    if is_python:
        from .python_strings import verify

        problem = verify(text, new)
        if problem:
            return {e: problem for e in edits}
    else:
        problem = _parse_problem(path, text, new)
        if problem:
            return {e: problem for e in edits}
    # Two keys of one mapping made the same ("gpt-4o" and "gpt-4o-mini" both replaced by
    # one model) would lose an entry: the keys are left for a person.
    after = _duplicate_keys(path, new)
    if after is not None and after > (_duplicate_keys(path, text) or 0):
        keys = [e for e in edits if _is_key(text, e)]
        return {e: "renaming this key would give one mapping two equal keys: rename it by hand"
                for e in (keys or edits)}
    # The edited file, scanned again, must show each new id where it was written.
    from ..engine import scan_text

    rescanned = scan_text(path, new, feed=ctx.feed, today=ctx.today)
    found = {(r.start, r.end): r for r in rescanned.references}
    starts = {r.start: r for r in rescanned.references}
    placed = new_spans(edits)
    for edit, start, end in placed:
        if edit.strategy == AZURE_PIN:
            # The deployment, scanned again, must now count as pinned.
            moved = edit.anchor + sum(len(e.new) - (e.end - e.start)
                                      for e, _, _ in placed if e.end <= edit.anchor)
            ref = starts.get(moved)
            if ref is None or not ref.pinned:
                refused[edit] = "the deployment would still not count as pinned after the edit"
            continue
        ref = found.get((start, end))
        if ref is not None and ref.text == edit.new:
            continue
        if edit.strategy == TO and ctx.identifier.identify(edit.new, key="model") is None:
            continue  # an id newer than the catalog: the user named it explicitly
        refused[edit] = f"{edit.new!r} would not be found as a model id here after the edit"
    return refused


def _is_key(text: str, edit: Edit) -> bool:
    """Whether the edited id is a mapping's key: a colon right after it (and its closing
    quote), as in JSON, YAML, Python and JavaScript, or a `=>`."""
    i = edit.end
    if 0 < edit.start and i < len(text) and text[edit.start - 1] in "\"'" and text[i] == text[edit.start - 1]:
        i += 1
    if text.startswith(":", i) and not text.startswith("::", i):
        return True
    return text[i:i + 4].lstrip().startswith("=>")


def _duplicate_keys(path: str, source: str) -> int | None:
    """How many keys repeat one of their mapping's earlier keys (JSON, YAML, Python dict
    literals); None for other formats or a text that does not parse."""
    lower = path.lower()
    count = 0
    try:
        if lower.endswith(".json"):
            import json

            def pairs_hook(pairs: list[tuple[str, object]]) -> dict[str, object]:
                nonlocal count
                count += len(pairs) - len({k for k, _ in pairs})
                return dict(pairs)
            json.loads(source, object_pairs_hook=pairs_hook)
        elif lower.endswith((".yaml", ".yml")):
            import yaml  # type: ignore[import-untyped,unused-ignore]

            for document in yaml.compose_all(source, Loader=yaml.SafeLoader):
                stack: list[object] = [document]
                seen: set[int] = set()
                while stack:
                    node = stack.pop()
                    if node is None or id(node) in seen:
                        continue
                    seen.add(id(node))
                    if isinstance(node, yaml.MappingNode):
                        keys = [k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)]
                        count += len(keys) - len(set(keys))
                        stack.extend(v for _, v in node.value)
                    elif isinstance(node, yaml.SequenceNode):
                        stack.extend(node.value)
        elif lower.endswith(_PY_SUFFIXES):
            import ast

            for node in ast.walk(ast.parse(source)):
                if isinstance(node, ast.Dict):
                    constants = [k.value for k in node.keys if isinstance(k, ast.Constant)]
                    count += len(constants) - len(set(constants))
        else:
            return _tree_sitter_duplicates(path, source)
    except Exception:  # noqa: BLE001 - a text that does not parse has no keys to count
        return None
    return count


# Members of a map literal whose key may be a string: JavaScript/TypeScript objects, Go map
# literals, Ruby hashes, PHP arrays.
_MAP_MEMBERS = frozenset({"pair", "keyed_element", "array_element_initializer"})


def _tree_sitter_duplicates(path: str, source: str) -> int | None:
    """:func:`_duplicate_keys` for the tree-sitter languages: string keys repeated in one
    map literal."""
    spec = _tree_sitter_spec(path)
    load = _tree_sitter_loader(path)
    if spec is None or load is None:
        return None
    from ..extractors.treesitter.nodes import locate, string_value

    data = source.encode("utf-8")
    tree: Any = load(source)  # raises on a syntax error: the caller counts nothing then
    count = 0
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        keys = []
        for child in node.named_children:
            stack.append(child)
            if child.type not in _MAP_MEMBERS or child.type not in spec.bindings:
                continue
            name = locate(child, spec.bindings[child.type][0], spec)
            if name is not None and name.type not in spec.strings and name.named_child_count == 1:
                name = name.named_children[0]  # Go's literal_element around its string
            if name is not None and name.type in spec.strings:
                keys.append(string_value(name, spec, data))
        count += len(keys) - len(set(keys))
    return count


def _parse_problem(path: str, old: str, new: str) -> str | None:
    """For structured formats: if the old text parsed, the new one must too."""
    lower = path.lower()
    loader: Callable[[str], object] | None = None
    if lower.endswith((".json", ".ipynb")):
        import json

        loader = json.loads
    elif lower.endswith((".yaml", ".yml")):
        import yaml  # type: ignore[import-untyped,unused-ignore]

        def load_yaml(source: str) -> object:
            return list(yaml.safe_load_all(source))
        loader = load_yaml
    elif lower.endswith(".toml"):
        try:
            import tomllib
        except ImportError:  # Python 3.10
            import tomli as tomllib  # type: ignore[no-redef,import-not-found,unused-ignore]
        loader = tomllib.loads
    if loader is None:
        loader = _tree_sitter_loader(path)
    if loader is None:
        return None
    try:
        loader(old)
    except Exception:  # noqa: BLE001 - the original is not valid either: nothing to keep
        return None
    try:
        loader(new)
    except Exception as exc:  # noqa: BLE001
        return f"the edited file would not parse: {type(exc).__name__}"
    return None


def _tree_sitter_spec(path: str) -> LangSpec | None:
    """The tree-sitter language of ``path``, if it has one."""
    from ..extractors import spec_for
    from ..extractors.treesitter.languages import LANGUAGES

    return LANGUAGES.get(spec_for(path).name)


def _tree_sitter_loader(path: str) -> Callable[[str], object] | None:
    """A check that raises when tree-sitter finds a syntax error (JS, TS, Go, Java...)."""
    lang = _tree_sitter_spec(path)
    if lang is None:
        return None
    from ..extractors.treesitter.grammar import parser_for

    parser = parser_for(lang)

    def load(source: str) -> object:
        tree = parser.parse(source.encode("utf-8"))
        if tree.root_node.has_error:
            raise ValueError("syntax error")
        return tree
    return load


def scan_root(paths: Sequence[str]) -> str:
    """The directory the scan's relative paths start from (as :func:`discover` decides)."""
    if len(paths) == 1 and os.path.isdir(paths[0]):
        return os.path.realpath(paths[0])
    return os.path.realpath(os.getcwd())


def plan_paths(paths: Sequence[str], options: FixOptions) -> FixPlan:
    """Scan ``paths`` and plan every fix; reads files, writes nothing."""
    from ..api import ScanOptions, scan
    from ..text_io import DecodeError, sniff

    paths = tuple(paths) or (".",)
    ctx = default_context(options)
    result = scan(paths, ScanOptions(today=ctx.today, feed_path=options.feed_path))
    root = result.root or scan_root(paths)
    by_path: dict[str, list[Reference]] = defaultdict(list)
    for ref in result.references:
        by_path[ref.path].append(ref)
    hidden: dict[str, dict[tuple[int, int], frozenset[str]]] = defaultdict(dict)
    for finding in result.suppressed:
        ref = finding.reference
        spans = hidden[ref.path]
        spans[(ref.start, ref.end)] = spans.get((ref.start, ref.end), frozenset()) | {finding.rule}
    changes: list[FileChange] = []
    manual: list[Manual] = []
    errors: list[tuple[str, str]] = []
    for path in sorted(by_path):
        refs = by_path[path]
        if not any(decide(r, options, ctx, suppressed=hidden[path].get((r.start, r.end), frozenset()))
                   is not None for r in refs):
            continue
        full = os.path.join(root, path)
        try:
            if os.path.islink(full):
                raise OSError("a symbolic link; fix its target instead")
            with open(full, "rb") as fh:
                data = fh.read()
            decoded = sniff(data)
        except (OSError, DecodeError) as exc:
            errors.append((path, f"cannot read: {getattr(exc, 'strerror', None) or exc}"))
            continue
        if decoded is None or decoded.encode(decoded.text) != data:
            errors.append((path, "cannot be written back byte-identically; not rewritten"))
            continue
        edits, notes = plan_text(path, decoded.text, refs, options, ctx, suppressed=hidden[path])
        manual.extend(notes)
        if edits:
            new = decoded.encode(apply_edits(decoded.text, edits))
            if new != data:
                changes.append(FileChange.of(path, data, new, tuple(edits)))
    if not options.mappings and options.providers is None and not options.model_globs \
            and (options.rules is None or "MT005" in options.rules):
        for finding in result.findings:
            if finding.rule == "MT005":
                ref = finding.reference
                manual.append(Manual(ref.path, ref.line, ref.column, ref.text,
                                     "model chosen at run time: pin its default or "
                                     "configuration by hand", "MT005"))
    manual.sort(key=lambda m: (m.path, m.line, m.column))
    return FixPlan(root=root, changes=tuple(changes), manual=tuple(manual), errors=tuple(errors))


__all__ = ["plan_paths", "plan_text", "scan_root", "default_context", "selected"]
