"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

Choices that matter to consumers:

- Every location is relative, ``uriBaseId: "%SRCROOT%"``, with the scanned root in
  ``originalUriBaseIds``: code scanning resolves it against the checkout, and a report
  made on a laptop does not leak its home directory into the paths.
- ``partialFingerprints`` hold :mod:`scanner.fingerprint` (rule, path, text, occurrence
  index): an alert survives code moving up or down the file instead of being closed
  and reopened.
- Columns count code points (``columnKind``), as the scan does; ``endColumn`` is the
  column after the id, as SARIF defines it.
- ``security-severity`` is only read by code scanning for rules tagged ``security``;
  the lifecycle rules carry that tag because a retired or silently moving model is an
  availability and integrity risk of the running service.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..fingerprint import VERSION as FINGERPRINT_VERSION, fingerprints
from ..model import Finding, ScanResult
from ..rules import RULES, Rule
from . import _hints

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
# The lead sets the project's public address once; every helpUri derives from it.
PROJECT_URL = "https://github.com/modeltrail/modeltrail"
SRCROOT = "%SRCROOT%"

# Code scanning's bands: critical >= 9.0, high 7.0-8.9, medium 4.0-6.9, low 0.1-3.9.
SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0",
                     "info": "1.0", "none": "0.0"}
LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "note",
         "info": "note", "none": "none"}
# GitHub's problem.severity vocabulary for non-security views.
PROBLEM_SEVERITY = {"error": "error", "warning": "warning", "note": "recommendation",
                    "none": "recommendation"}
TAGS = {
    "MT001": ("llm", "model-lifecycle", "security", "maintainability"),
    "MT002": ("llm", "model-lifecycle", "security", "reliability"),
    "MT003": ("llm", "model-lifecycle", "security", "reliability"),
    "MT004": ("llm", "model-lifecycle", "correctness"),
    "MT005": ("llm", "inventory"),
    "MT006": ("llm", "policy", "security"),
    "MT007": ("llm", "policy", "maintainability"),
}


def help_uri(rule: Rule) -> str:
    # The README's rule table (generated from RULES like this metadata); the full help
    # text travels in help.markdown, which code scanning shows inline.
    return f"{PROJECT_URL}/blob/main/README.md#findings"


def _rule(rule: Rule) -> dict[str, Any]:
    level = LEVEL[rule.severity]
    first = rule.help.split(". ")[0].rstrip(".") + "."
    suppress = f"Suppress one occurrence with a `modeltrail: ignore[{rule.id}]` comment on its line."
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": f"{rule.summary}. {first}"},
        "help": {
            "text": f"{rule.id} {rule.name}: {rule.summary}.\n\n{rule.help}\n\n{suppress}",
            "markdown": f"**{rule.id} {rule.name}**: {rule.summary}.\n\n{rule.help}\n\n{suppress}",
        },
        "helpUri": help_uri(rule),
        "defaultConfiguration": {"level": level},
        "properties": {
            "tags": list(TAGS.get(rule.id, ("llm",))),
            "precision": "very-high" if rule.id in ("MT001", "MT002", "MT003") else "high",
            "problem.severity": PROBLEM_SEVERITY[level],
            "security-severity": SECURITY_SEVERITY[rule.severity],
        },
    }


def artifact_uri(path: str) -> str:
    """A relative URI reference for a result path (spaces, ``#``, ``%`` escaped)."""
    return quote(path, safe="/")


def _region(finding: Finding) -> dict[str, Any]:
    ref = finding.reference
    region: dict[str, Any] = {"startLine": ref.line, "startColumn": ref.column,
                              "endLine": ref.end_line, "endColumn": ref.end_column}
    if ref.text:
        region["snippet"] = {"text": ref.text}
    return region


def _result(finding: Finding, index: dict[str, int], fingerprint: str) -> dict[str, Any]:
    ref = finding.reference
    properties: dict[str, Any] = {"severity": finding.severity, "context": ref.context,
                                  "language": ref.language}
    if ref.provider:
        properties.update(provider=ref.provider, model=ref.model, pinned=ref.pinned,
                          status=ref.status)
    for key, value in (("resolvesTo", ref.resolves_to), ("shutdownOn", ref.shutdown_on),
                       ("replacement", ref.replacement), ("version", ref.version)):
        if value:
            properties[key] = value
    return {
        "ruleId": finding.rule,
        "ruleIndex": index[finding.rule],
        "level": LEVEL[finding.severity],
        "message": {"text": f"{finding.message}. To fix: {_hints.fix(finding)}."},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": artifact_uri(ref.path), "uriBaseId": SRCROOT},
            "region": _region(finding),
        }}],
        "partialFingerprints": {f"modeltrail/{FINGERPRINT_VERSION}": fingerprint},
        "properties": properties,
    }


def as_dict(result: ScanResult) -> dict[str, Any]:
    rules = list(RULES.values())
    index = {rule.id: i for i, rule in enumerate(rules)}
    # The scan's own fingerprints when it set them (after suppressions, before the
    # baseline), so SARIF and the baseline agree; computed here for bare results.
    prints = [f.fingerprint or fp for f, fp in zip(result.findings, fingerprints(result.findings))]
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "modeltrail",
            "version": __version__,
            "semanticVersion": __version__,
            "informationUri": PROJECT_URL,
            "rules": [_rule(rule) for rule in rules],
        }},
        "originalUriBaseIds": {SRCROOT: (
            {"uri": Path(result.root).as_uri().rstrip("/") + "/"} if result.root else
            {"description": {"text": "The directory that was scanned."}})},
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, index, fp) for f, fp in zip(result.findings, prints)],
        "invocations": [{
            "executionSuccessful": True,
            "toolExecutionNotifications": [{
                "level": "warning",
                "message": {"text": err.message},
                "locations": [{"physicalLocation": {"artifactLocation": {
                    "uri": artifact_uri(err.path), "uriBaseId": SRCROOT}}}],
            } for err in result.errors],
        }],
        "properties": {"feed": result.feed, "references": len(result.references),
                       "filesScanned": result.stats.files_seen},
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(result: ScanResult, *, color: bool = False) -> str:
    return json.dumps(as_dict(result), indent=2, ensure_ascii=False) + "\n"
