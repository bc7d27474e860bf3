"""``--format csv``: the inventory for a spreadsheet, one row per model reference.

Each row carries the findings on that reference (``rules``, worst ``severity``);
run-time choices (MT005) have no reference of their own and get a row each. Cells
that a spreadsheet would run as a formula are prefixed with ``'`` (OWASP's CSV
injection advice): file content decides some of them.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict

from ..model import Finding, Reference, ScanResult
from ..rules import severity_rank

COLUMNS = ("path", "line", "column", "end_line", "end_column", "text", "provider", "model",
           "pinned", "resolves_to", "status", "shutdown_on", "replacement", "context",
           "language", "key", "version", "rules", "severity", "messages")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def _row(ref: Reference, findings: list[Finding]) -> list[str]:
    worst = max((f.severity for f in findings), key=severity_rank, default="")
    values: dict[str, object] = {name: getattr(ref, name) for name in COLUMNS[:17]}
    values.update(rules=";".join(f.rule for f in findings), severity=worst,
                  messages=" | ".join(f.message for f in findings))
    return [_safe(values[name]) for name in COLUMNS]


def _span(ref: Reference) -> tuple[str, int, int, int, int]:
    return (ref.path, ref.line, ref.column, ref.end_line, ref.end_column)


def render(result: ScanResult, *, color: bool = False) -> str:
    on: dict[tuple[str, int, int, int, int], list[Finding]] = defaultdict(list)
    for f in result.findings:
        on[_span(f.reference)].append(f)
    rows = []
    seen: set[tuple[str, int, int, int, int]] = set()
    for ref in result.references:
        key = _span(ref)
        seen.add(key)
        rows.append((ref.path, ref.line, ref.column, _row(ref, on.get(key, []))))
    for key, findings in on.items():
        if key not in seen:  # a finding without an inventory row (MT005)
            ref = findings[0].reference
            rows.append((ref.path, ref.line, ref.column, _row(ref, findings)))
    rows.sort(key=lambda r: r[:3])
    out = io.StringIO()
    # "\n" even on Windows: the CLI writes in text mode, which adds the "\r" there.
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(r[3] for r in rows)
    return out.getvalue()
