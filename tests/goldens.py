"""Golden scans of the issue-2 fixture projects (shared by the test and the update script)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from scanner.api import ScanOptions, scan

TODAY = dt.date(2026, 11, 25)
GOLDEN_FIXTURES = ("openai-service", "langchain-router", "llm-gateway", "decoys")


def golden_of(fixture: Path) -> dict[str, Any]:
    # The golden file itself lists every id: never scan it.
    result = scan([str(fixture)], ScanOptions(today=TODAY, jobs=1, extra_excludes=("expected.json",)))
    return {
        "references": [r.to_json() for r in result.references],
        "findings": [{"rule": f.rule, "severity": f.severity, "path": f.reference.path,
                      "line": f.reference.line, "column": f.reference.column,
                      "message": f.message} for f in result.findings],
        "errors": [e.to_json() for e in result.errors],
    }
