"""The baseline: today's findings, recorded so that a scan reports only new ones.

``modeltrail baseline`` writes it; ``scan --baseline FILE`` (or ``baseline`` in the
policy) drops every finding whose fingerprint (scanner.fingerprint) is in it. Lines
are stored for people reading the file, never matched on.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Iterable

from .fingerprint import VERSION, fingerprints
from .model import Finding

FORMAT = 1


class BaselineError(ValueError):
    pass


def baseline_document(findings: Iterable[Finding], *, generated_at: str) -> dict[str, Any]:
    items = list(findings)
    rows = [{"fingerprint": f.fingerprint or fp, "rule": f.rule, "path": f.reference.path,
             "text": f.reference.text, "line": f.reference.line, "severity": f.severity}
            for f, fp in zip(items, fingerprints(items))]
    rows.sort(key=lambda r: (r["path"], r["line"], r["rule"], r["fingerprint"]))
    return {"modeltrail_baseline": FORMAT, "fingerprint": VERSION, "generated_at": generated_at,
            "findings": rows}


def write_baseline(path: str, document: dict[str, Any]) -> None:
    import tempfile  # here: every scan imports this module, few write a baseline

    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=".baseline-", dir=target.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(document, fh, indent=1, ensure_ascii=False)
            fh.write("\n")
        os.replace(tmp, target)
    except BaseException:
        os.unlink(tmp)
        raise


def load_baseline(path: str) -> frozenset[str]:
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read the baseline: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise BaselineError(f"{path}: the baseline is not valid JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("modeltrail_baseline") != FORMAT:
        raise BaselineError(f"{path}: not a modeltrail baseline (format {FORMAT}); "
                            "write one with `modeltrail baseline`")
    if data.get("fingerprint") != VERSION:
        raise BaselineError(f"{path}: fingerprints of version {data.get('fingerprint')!r}, this "
                            f"modeltrail computes {VERSION!r}: regenerate it with `modeltrail baseline`")
    rows = data.get("findings")
    if not isinstance(rows, list) or not all(isinstance(r, dict) and isinstance(r.get("fingerprint"), str)
                                             for r in rows):
        raise BaselineError(f"{path}: 'findings' must be a list of objects with a 'fingerprint'")
    return frozenset(r["fingerprint"] for r in rows)


def split(findings: Iterable[Finding], known: frozenset[str]) -> tuple[list[Finding], list[Finding]]:
    """(new, baselined): findings must already carry their fingerprints."""
    new: list[Finding] = []
    old: list[Finding] = []
    for f in findings:
        (old if f.fingerprint in known else new).append(f)
    return new, old
