"""``--format markdown``: a GitHub job summary or pull-request comment.

Three tables: the findings (worst first), the inventory by provider, and the next
shutdowns. GitHub refuses a step summary over 1 MiB, so the output is fitted to
``limit`` bytes: the small tables always fit, the findings table takes what is left,
and a note says how many rows were cut and where the rest are.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Sequence

from .. import __version__
from ..model import Finding, Reference, ScanResult
from ..rules import RULES, severity_rank
from . import _hints
from .github import worst_first

# GITHUB_STEP_SUMMARY's cap per step; a summary over it is dropped whole.
SUMMARY_LIMIT = 1024 * 1024
NEXT_SHUTDOWNS = 10
_ICON = {"critical": "🔴", "high": "🔴", "medium": "🟠", "low": "🔵", "info": "⚪", "none": "⚪"}


def cell(text: object) -> str:
    """Text made safe for a table cell: one line, pipes escaped, HTML inert."""
    value = " ".join(str(text).split())
    return (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("|", "\\|"))


def code(text: str) -> str:
    value = cell(text).replace("`", "'")
    return f"`{value}`" if value else ""


def _where(ref: Reference, link: str | None) -> str:
    label = code(f"{ref.path}:{ref.line}")
    if link is None:
        return label
    from .sarif import artifact_uri

    return f"[{label}]({link.rstrip('/')}/{artifact_uri(ref.path)}#L{ref.line})"


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _headline(result: ScanResult, findings: Sequence[Finding]) -> list[str]:
    files = len({r.path for r in result.references})
    by_severity = Counter(f.severity for f in findings)
    detail = ", ".join(f"{n} {s}" for s, n in sorted(
        by_severity.items(), key=lambda item: -severity_rank(item[0])))
    line = f"**{_plural(len(findings), 'finding')}**"
    if detail:
        line += f" ({detail})"
    line += (f" in {_plural(len(result.references), 'model reference')} across "
             f"{_plural(files, 'file')}; {_plural(result.stats.files_seen, 'file')} scanned.")
    return ["## modeltrail", "", line, ""]


def _finding_rows(findings: Sequence[Finding], link: str | None) -> list[str]:
    rows = []
    for f in findings:
        rule = RULES.get(f.rule)
        name = f"{f.rule} {rule.name}" if rule else f.rule
        rows.append(f"| {_ICON.get(f.severity, '')} {f.severity} | {name} | "
                    f"{_where(f.reference, link)} | {code(f.reference.text)} | "
                    f"{cell(f.message)}. {cell(_hints.fix(f))} |")
    return rows


_FINDINGS_HEAD = ["### Findings", "", "| Severity | Rule | Where | As written | What to do |",
                  "|---|---|---|---|---|"]


def _inventory(references: Sequence[Reference]) -> list[str]:
    if not references:
        return []
    by_provider: dict[str, list[Reference]] = defaultdict(list)
    for ref in references:
        by_provider[ref.provider].append(ref)
    lines = ["### Inventory by provider", "",
             "| Provider | References | Files | Pinned | Floating | Deprecated | Retired | Most used |",
             "|---|---:|---:|---:|---:|---:|---:|---|"]
    for provider, refs in sorted(by_provider.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        status = Counter(r.status for r in refs)
        models = Counter(r.model for r in refs).most_common(3)
        lines.append(
            f"| {cell(provider)} | {len(refs)} | {len({r.path for r in refs})} | "
            f"{sum(r.pinned for r in refs)} | {sum(not r.pinned for r in refs)} | "
            f"{status['deprecated']} | {status['retired']} | "
            f"{', '.join(f'{code(m)} ({n})' for m, n in models)} |")
    return lines + [""]


def _shutdowns(references: Sequence[Reference]) -> list[str]:
    upcoming: dict[tuple[str, str, str, str], set[str]] = defaultdict(set)
    for ref in references:
        if ref.status == "deprecated" and ref.shutdown_on:
            key = (ref.shutdown_on, ref.provider, ref.model, ref.replacement or "")
            upcoming[key].add(f"{ref.path}:{ref.line}")
    if not upcoming:
        return []
    lines = ["### Next shutdowns", "",
             "| Shutdown | Provider | Model | References | Replacement |",
             "|---|---|---|---:|---|"]
    for (day, provider, model, replacement), where in sorted(upcoming.items())[:NEXT_SHUTDOWNS]:
        lines.append(f"| {day} | {cell(provider)} | {code(model)} | {len(where)} | "
                     f"{code(replacement) or '(none announced)'} |")
    if len(upcoming) > NEXT_SHUTDOWNS:
        lines.append(f"\n…and {len(upcoming) - NEXT_SHUTDOWNS} later shutdown(s).")
    return lines + [""]


def _footer(result: ScanResult) -> list[str]:
    feed = result.feed.get("generated_at")
    lines = []
    if result.errors:
        lines.append(f"{_plural(len(result.errors), 'file')} could not be scanned "
                     f"(first: {code(result.errors[0].path)}: {cell(result.errors[0].message)}).")
        lines.append("")
    lines.append(f"<sub>modeltrail {__version__}" + (f", feed of {feed}" if feed else "")
                 + ". Suppress a finding with a `modeltrail: ignore[MTxxx]` comment on its line.</sub>")
    return lines + [""]


def _size(lines: Sequence[str]) -> int:
    return sum(len(line.encode("utf-8")) + 1 for line in lines)


def render(result: ScanResult, *, color: bool = False, limit: int = SUMMARY_LIMIT,
           link: str | None = None, note: str | None = None) -> str:
    """The summary in at most ``limit`` bytes of UTF-8.

    ``link`` is a blob URL (``https://github.com/OWNER/REPO/blob/SHA``) that turns
    locations into links; ``note`` is a line placed under the headline.
    """
    findings = worst_first(result.findings)
    head = _headline(result, findings) + ([cell(note), ""] if note else [])
    tail = _inventory(result.references) + _shutdowns(result.references) + _footer(result)
    rows = _finding_rows(findings, link)
    table = (_FINDINGS_HEAD + rows + [""]) if rows else []
    if _size(head + table + tail) <= limit:
        return "\n".join(head + table + tail)
    budget = limit - _size(head + _FINDINGS_HEAD + tail) - 400  # 400: the cut note
    kept: list[str] = []
    for row in rows:
        budget -= len(row.encode("utf-8")) + 1
        if budget < 0:
            break
        kept.append(row)
    cut = [f"*{len(rows) - len(kept):,} more finding(s) not shown: a job summary is "
           f"limited to {limit:,} bytes. The SARIF report and `--format json` list them all.*",
           ""]
    lines = head + _FINDINGS_HEAD + kept + [""] + cut + tail
    text = "\n".join(lines)
    if len(text.encode("utf-8")) > limit:  # the fixed tables alone are too big
        text = text.encode("utf-8")[:limit - 200].decode("utf-8", "ignore")
        text = text[:text.rfind("\n") + 1] + "\n*Summary cut at the size limit.*\n"
    return text
