"""``--format json``: the contract of DESIGN.md (``version, feed, references, findings,
errors, stats``); fields are only ever added (``warnings``: a stale feed, say)."""

from __future__ import annotations

import json
from operator import attrgetter
from typing import Any

from .. import __version__
from ..model import REFERENCE_JSON_FIELDS, Finding, Reference, ScanResult

# A reference's record: where (these five, all str or int), then what.
_WHERE_FIELDS = ("path", "line", "column", "end_line", "end_column")
assert REFERENCE_JSON_FIELDS[:5] == _WHERE_FIELDS, "render() writes these five itself"
_WHAT_FIELDS = REFERENCE_JSON_FIELDS[5:]
_WHAT = attrgetter(*_WHAT_FIELDS)


def as_dict(result: ScanResult, *, records: bool = True) -> dict[str, Any]:
    """The document; ``records=False`` leaves references and findings out (as empty lists,
    in their places) for a caller that encodes them itself."""
    return {
        "version": __version__,
        "feed": result.feed,
        "references": [r.to_json() for r in result.references] if records else [],
        "findings": [f.to_json() for f in result.findings] if records else [],
        "errors": [e.to_json() for e in result.errors],
        "warnings": list(result.warnings),
        "stats": {"files_seen": result.stats.files_seen,
                  "files_parsed": result.stats.files_parsed,
                  "seconds": result.stats.seconds},
    }


def render(result: ScanResult, *, color: bool = False) -> str:
    """One key per line and one record per line: readable and diffable, and written by
    the C encoder (``indent=`` falls back to the pure-Python one, ~10x slower on a large
    inventory). A finding's record is its rule, severity and message followed by its
    reference's fields: the reference's encoding is reused, not redone."""
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    encoded: dict[int, str] = {}
    # A record is its position and what was found there, and the same id in the same
    # context and key recurs hundreds of times: "what" is encoded once per distinct value
    # (~2,500 of 15,000 records in the bench's mixed corpus; 3x faster than a dumps each).
    whats: dict[tuple[Any, ...], str] = {}
    paths: dict[str, str] = {}

    def reference(ref: Reference) -> str:
        text = encoded.get(id(ref))
        if text is None:
            what_values = _WHAT(ref)
            what = whats.get(what_values)
            if what is None:
                what = whats[what_values] = dumps(dict(zip(_WHAT_FIELDS, what_values)))[1:]
            path = paths.get(ref.path)
            if path is None:
                path = paths[ref.path] = dumps(ref.path)
            text = encoded[id(ref)] = (f'{{"path": {path}, "line": {ref.line}, "column": {ref.column}, '
                                       f'"end_line": {ref.end_line}, "end_column": {ref.end_column}, {what}')
        return text

    heads: dict[tuple[str, str, str], str] = {}  # messages repeat as ids do

    def finding(f: Finding) -> str:
        head = heads.get((f.rule, f.severity, f.message))
        if head is None:
            head = heads[f.rule, f.severity, f.message] = (
                f'{{"rule": {dumps(f.rule)}, "severity": {dumps(f.severity)}, "message": {dumps(f.message)}, ')
        fingerprint = f.fingerprint
        if not fingerprint:
            tail = "}"
        elif fingerprint.isascii() and fingerprint.isalnum():  # hex: nothing to escape
            tail = f', "fingerprint": "{fingerprint}"}}'
        else:
            tail = f', "fingerprint": {dumps(fingerprint)}}}'

        return head + reference(f.reference)[1:-1] + tail

    records: dict[str, list[str]] = {
        "references": [reference(r) for r in result.references],
        "findings": [finding(f) for f in result.findings],
    }
    # One join of every piece: joining each list, then the lines, then adding the last
    # newline copied an 11 MB report three times.
    pieces = ["{\n"]
    items = list(as_dict(result, records=False).items())
    for i, (key, value) in enumerate(items):
        comma = "," if i < len(items) - 1 else ""
        value_lines = records.get(key)
        if value_lines is None and isinstance(value, list):
            value_lines = [dumps(item) for item in value]
        if value_lines:
            pieces.append(f"  {dumps(key)}: [\n    ")
            for line in value_lines:
                pieces.append(line)
                pieces.append(",\n    ")
            pieces[-1] = f"\n  ]{comma}\n"
        else:
            pieces.append(f"  {dumps(key)}: {dumps(value)}{comma}\n")
    pieces.append("}\n")
    return "".join(pieces)
