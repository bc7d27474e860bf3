"""``--format concise``: one ``path:line:col: RULE message`` line per finding, then how
to fix and how to suppress. What the pre-commit hooks print: nothing about clean
references, every line clickable in an editor or terminal.
"""

from __future__ import annotations

from collections import Counter

from ..model import ScanResult
from . import _hints

_COLORS = {"critical": "1;31", "high": "31", "medium": "33", "low": "36", "info": "2"}


def render(result: ScanResult, *, color: bool = False) -> str:
    lines = []
    for f in result.findings:
        r = f.reference
        where = f"{r.path}:{r.line}:{r.column}:"
        tag = f"{f.rule} [{f.severity}]"
        if color:
            where = f"\x1b[1m{where}\x1b[0m"
            tag = f"\x1b[{_COLORS.get(f.severity, '0')}m{tag}\x1b[0m"
        lines.append(f"{where} {tag} {f.message}")
        lines.append(f"    fix: {_hints.fix(f)}")
    for err in result.errors:
        lines.append(f"{err.path}: error: {err.message}")
    if result.findings:
        rules = Counter(f.rule for f in result.findings)
        first = result.findings[0]
        lines.append("")
        lines.append(f"{len(result.findings)} finding(s): "
                     + ", ".join(f"{rule} x{n}" for rule, n in sorted(rules.items())) + ".")
        lines.append(f"To suppress one on purpose, {_hints.suppression(first)}"
                     " (the rule id as printed above).")
    return "".join(line + "\n" for line in lines)
