"""``--format github``: workflow commands that GitHub Actions turns into annotations.

GitHub shows at most 10 annotations of each level per step and 50 per job and drops
the rest without a word, so the worst findings go first, each level is cut at its cap,
and one ``::notice::`` (which itself takes a notice slot) counts what was left out.
Locations are the exact span: ``endColumn`` is the column after the id, as ruff and
SARIF write it.
"""

from __future__ import annotations

from typing import Sequence

from ..model import Finding, ScanResult
from ..rules import RULES, severity_rank
from . import _hints

PER_LEVEL = 10
PER_JOB = 50
LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "notice",
         "info": "notice", "none": "notice"}
_LEVELS = ("error", "warning", "notice")


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(level: str, message: str, **properties: object) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}"
                     for key, value in properties.items() if value is not None)
    return f"::{level}{' ' + props if props else ''}::{escape_data(message)}"


def annotation(finding: Finding) -> str:
    ref = finding.reference
    rule = RULES.get(finding.rule)
    title = f"{finding.rule} {rule.name}" if rule else finding.rule
    message = (f"{finding.message}\nTo fix: {_hints.fix(finding)}.\n"
               f"To suppress: {_hints.suppression(finding)}.")
    return command(LEVEL[finding.severity], message, file=ref.path, line=ref.line,
                   col=ref.column, endLine=ref.end_line, endColumn=ref.end_column,
                   title=f"modeltrail {title}")


def worst_first(findings: Sequence[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (-severity_rank(f.severity), f.reference.path,
                                           f.reference.line, f.reference.column, f.rule))


def _pick(ordered: Sequence[Finding], caps: dict[str, int], job_cap: int) -> list[Finding]:
    used = dict.fromkeys(caps, 0)
    chosen: list[Finding] = []
    for finding in ordered:
        level = LEVEL[finding.severity]
        if used[level] < caps[level] and len(chosen) < job_cap:
            chosen.append(finding)
            used[level] += 1
    return chosen


def annotate(findings: Sequence[Finding], *, per_level: int = PER_LEVEL,
                per_job: int = PER_JOB) -> list[str]:
    """The workflow commands for ``findings``, worst first, within GitHub's caps."""
    ordered = worst_first(findings)
    chosen = _pick(ordered, dict.fromkeys(_LEVELS, per_level), per_job)
    if len(chosen) < len(ordered):
        # The counting notice needs a notice slot and a job slot of its own.
        chosen = _pick(ordered, {"error": per_level, "warning": per_level,
                                 "notice": per_level - 1}, per_job - 1)
    lines = [annotation(f) for f in chosen]
    left = len(ordered) - len(chosen)
    if left:
        lines.append(command("notice", (
            f"{left} more finding(s) not annotated: GitHub shows at most {per_level} "
            f"annotations of each level per step and {per_job} per job. The job summary "
            "and the SARIF report list them all."), title="modeltrail"))
    return lines


def render(result: ScanResult, *, color: bool = False) -> str:
    lines = annotate(result.findings)
    # Plain log lines, not annotations: they would take the slots findings need.
    # Escaped too: a file name with a newline must not start a workflow command.
    lines.extend(escape_data(f"modeltrail: could not scan {err.path}: {err.message}")
                 for err in result.errors)
    return "".join(line + "\n" for line in lines)
