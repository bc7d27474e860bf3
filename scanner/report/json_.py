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
    return json.dumps(as_dict(result), indent=2, ensure_ascii=False) + "\n"
