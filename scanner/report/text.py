"""``--format text``: findings grouped by file, then the inventory and a summary."""

from __future__ import annotations

from collections import Counter, defaultdict

from ..model import Reference, ScanResult

_COLORS = {"critical": "1;31", "high": "31", "medium": "33", "low": "36", "info": "2"}


def _paint(text: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color else text


def _describe(ref: Reference) -> str:
    state = "pinned" if ref.pinned else ("floating" + (f" -> {ref.resolves_to}" if ref.resolves_to else ""))
    if not ref.known:
        state = "unknown"
    parts = [ref.provider, state, ref.status]
    if ref.shutdown_on:
        parts.append(f"shutdown {ref.shutdown_on}")
    return ", ".join(parts)


def render(result: ScanResult, *, color: bool = False) -> str:
    lines: list[str] = []
    by_file: dict[str, list[Reference]] = defaultdict(list)
    for ref in result.references:
        by_file[ref.path].append(ref)
    findings_at: dict[tuple[str, int, int], list[str]] = defaultdict(list)
    for f in result.findings:
        r = f.reference
        tag = _paint(f"{f.rule} {f.severity}", _COLORS.get(f.severity, "0"), color)
        findings_at[(r.path, r.line, r.column)].append(f"{tag}: {f.message}")
    for path in sorted(by_file):
        lines.append(_paint(path, "1", color))
        for ref in by_file[path]:
            where = f"  {ref.line}:{ref.column}"
            ctx = "" if ref.context in ("code", "config") else f" [{ref.context}]"
            lines.append(f"{where}  {ref.text}  ({_describe(ref)}){ctx}")
            for note in findings_at.get((ref.path, ref.line, ref.column), []):
                lines.append(f"      {note}")
        lines.append("")
    dynamic = [f for f in result.findings if f.rule == "MT005"]
    for f in dynamic:
        r = f.reference
        lines.append(f"{r.path}:{r.line}:{r.column}  {f.rule} {f.severity}: {f.message}")
    if dynamic:
        lines.append("")
    for err in result.errors:
        lines.append(_paint(f"error: {err.path}: {err.message}", "31", color))
    if result.errors:
        lines.append("")
    providers = Counter(r.provider for r in result.references)
    severities = Counter(f.severity for f in result.findings)
    summary = (f"{len(result.references)} model reference(s) in {len(by_file)} file(s)"
               f" ({', '.join(f'{p} {n}' for p, n in providers.most_common()) or 'none'}); "
               f"{len(result.findings)} finding(s)")
    if severities:
        summary += " (" + ", ".join(f"{s} {n}" for s, n in severities.most_common()) + ")"
    summary += f"; {result.stats.files_seen} file(s) scanned in {result.stats.seconds:.2f}s"
    if result.errors:
        summary += f"; {len(result.errors)} error(s)"
    lines.append(summary)
    return "\n".join(lines) + "\n"
