"""After judging: suppressions, fingerprints, baseline, in that order.

Fingerprints are computed on the findings left after suppression and before the
baseline, so ``modeltrail baseline`` and ``scan --baseline`` number identical findings
the same way, and a reporter sees the same fingerprint whether or not a baseline hid
some of the findings around it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from . import baseline as baseline_mod
from . import suppress
from .config import Policy
from .fingerprint import fingerprints
from .model import FINDING_ORDER, Finding, ScanError
from .text_io import DecodeError, decode_bytes


@dataclass(frozen=True, slots=True)
class Passed:
    findings: tuple[Finding, ...]
    suppressed: tuple[Finding, ...]
    baselined: tuple[Finding, ...]
    errors: tuple[ScanError, ...]


def _line_reader(root: str) -> Callable[[str], list[str] | None]:
    cache: dict[str, list[str] | None] = {}

    def lines_of(rel: str) -> list[str] | None:
        if rel not in cache:
            try:
                with open(os.path.join(root, rel), "rb") as fh:
                    data = fh.read()
                # Most files with findings have no directive: skip splitting them.
                text = decode_bytes(data) if b"modeltrail" in data else None
            except (OSError, DecodeError):
                text = None
            # The engine numbers lines by "\n" alone; str.splitlines would also split on
            # \x0c, \u2028 and friends and shift every line after them.
            cache[rel] = text.split("\n") if text else None
        return cache[rel]

    return lines_of


def after_judge(root: str, findings: Sequence[Finding], *, today: dt.date,
                policy: Policy | None = None, baseline: str | None = None) -> Passed:
    """``findings``, in FINDING_ORDER, suppressed, fingerprinted and baselined."""
    outcome = suppress.apply(findings, _line_reader(root), today=today, policy=policy)
    # Suppression keeps the findings' order: only expired suppressions' MT007s need a place.
    kept = list(outcome.kept)
    if outcome.expired:
        kept = sorted(kept + list(outcome.expired), key=FINDING_ORDER)
    # Built directly: dataclasses.replace() looks up the fields of each of thousands.
    kept = [Finding(f.rule, f.severity, f.message, f.reference, fp)
            for f, fp in zip(kept, fingerprints(kept))]
    baselined: list[Finding] = []
    if baseline:
        kept, baselined = baseline_mod.split(kept, baseline_mod.load_baseline(baseline))
    return Passed(tuple(kept), outcome.suppressed, tuple(baselined), outcome.errors)


_TABLE = re.compile(r"^\s*\[\[?\s*(?P<name>[^\]]+?)\s*\]")


def own_lines(root: str, policy: Policy) -> dict[str, frozenset[int] | None]:
    """The model ids a scan must not report as code: the policy's own allow/deny/ignore
    lists. Relative path -> its lines (None: the whole file). For a pyproject.toml,
    only the lines of the ``[tool.modeltrail...]`` tables."""
    out: dict[str, frozenset[int] | None] = {}
    if not policy.source:
        return out
    try:
        rel = Path(policy.source).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return out
    if Path(policy.source).name != "pyproject.toml":
        out[rel] = None
        return out
    lines: set[int] = set()
    inside = False
    with open(policy.source, encoding="utf-8", errors="replace") as fh:
        for n, line in enumerate(fh, 1):
            m = _TABLE.match(line)
            if m:
                name = m.group("name").replace(" ", "")
                inside = name == "tool.modeltrail" or name.startswith("tool.modeltrail.")
            if inside:
                lines.add(n)
    out[rel] = frozenset(lines)
    return out
