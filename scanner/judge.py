"""From references to findings: which rule each reference breaks, at what severity."""

from __future__ import annotations

from typing import Iterable

from .model import Finding, Reference
from .rules import RULES

# Contexts that are inventoried but raise no finding by default.
QUIET_CONTEXTS = frozenset({"comment", "test", "docs"})


def _finding(rule_id: str, ref: Reference, message: str) -> Finding:
    return Finding(rule=rule_id, severity=RULES[rule_id].severity, message=message, reference=ref)


def judge_reference(ref: Reference) -> list[Finding]:
    if ref.context in QUIET_CONTEXTS:
        return []
    out: list[Finding] = []
    name = ref.model + (f" version {ref.version}" if ref.version else "")
    if ref.status == "retired":
        msg = f"{name} was retired on {ref.shutdown_on}" if ref.shutdown_on else f"{name} is retired"
        if ref.replacement:
            msg += f"; use {ref.replacement}"
        out.append(_finding("MT003", ref, msg))
    elif ref.status == "deprecated":
        if ref.shutdown_on:
            msg = f"{name} shuts down on {ref.shutdown_on}"
        else:
            msg = f"{name} is deprecated"
        if ref.replacement:
            msg += f"; migrate to {ref.replacement}"
        out.append(_finding("MT002", ref, msg))
    if not ref.known:
        out.append(_finding("MT004", ref, f"{ref.text} looks like a {ref.provider} model id but "
                                          "is not in the catalog"))
    elif not ref.pinned and ref.resolves_to:
        out.append(_finding("MT001", ref, f"{ref.text} is a floating alias; pin "
                                          f"{ref.resolves_to}"))
    return out


def judge_dynamic(ref: Reference) -> Finding:
    return _finding("MT005", ref, f"model chosen at run time by {ref.text}")


def judge(references: Iterable[Reference], dynamic: Iterable[Reference] = ()) -> list[Finding]:
    findings = [f for ref in references for f in judge_reference(ref)]
    findings.extend(judge_dynamic(d) for d in dynamic if d.context not in QUIET_CONTEXTS)
    return findings
