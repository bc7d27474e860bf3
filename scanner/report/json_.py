"""``--format json``: the contract of DESIGN.md (``version, feed, references, findings,
errors, stats``); fields are only ever added (``warnings``: a stale feed, say)."""

from __future__ import annotations

import json
from typing import Any

from .. import __version__
from ..model import ScanResult


def as_dict(result: ScanResult) -> dict[str, Any]:
    return {
        "version": __version__,
        "feed": result.feed,
        "references": [r.to_json() for r in result.references],
        "findings": [f.to_json() for f in result.findings],
        "errors": [e.to_json() for e in result.errors],
        "warnings": list(result.warnings),
        "stats": {"files_seen": result.stats.files_seen,
                  "files_parsed": result.stats.files_parsed,
                  "seconds": result.stats.seconds},
    }


def render(result: ScanResult, *, color: bool = False) -> str:
    """One key per line and one record per line: readable and diffable, and written by
    the C encoder (``indent=`` falls back to the pure-Python one, ~10x slower on a large
    inventory)."""
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    lines = ["{"]
    items = list(as_dict(result).items())
    for i, (key, value) in enumerate(items):
        comma = "," if i < len(items) - 1 else ""
        if isinstance(value, list) and value:
            lines.append(f"  {dumps(key)}: [")
            lines.extend(f"    {dumps(item)}," for item in value[:-1])
            lines.append(f"    {dumps(value[-1])}")
            lines.append(f"  ]{comma}")
        else:
            lines.append(f"  {dumps(key)}: {dumps(value)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"
