"""Golden scans of the issue-2 fixture projects (shared by the test and the update script)."""

from __future__ import annotations

import datetime as dt
import json
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


def assert_matches_golden(fixture: Path) -> None:
    """A scan of ``fixture`` reports exactly its ``expected.json``: errors, references
    and findings, compared whole."""
    expected = json.loads((fixture / "expected.json").read_text(encoding="utf-8"))
    actual = golden_of(fixture)
    assert actual["errors"] == expected["errors"]
    assert actual["references"] == expected["references"]
    assert actual["findings"] == expected["findings"]
