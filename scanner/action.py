"""The GitHub Action's scan step (``python -m scanner.action``), run by ``action.yml``.

One scan, through the same ``modeltrail scan`` the CLI runs (so configuration,
suppressions and the baseline apply exactly as they do locally), then: the SARIF file
(every finding: code scanning does its own pull-request filtering), annotations and the
exit status (with ``only-changed``, only findings on lines the event changed), the job
summary, and the step outputs ``findings`` and ``sarif-file``.

Inputs arrive as ``INPUT_*`` environment variables set by the step's ``env:``; the
action never expands ``${{ inputs.* }}`` inside a script, where a crafted value would
run as shell code.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from dataclasses import fields, replace
from pathlib import Path
from typing import Any, Sequence

from .changed import changed_lines, event_range, touches
from .model import Finding, Reference, ScanError, ScanResult, ScanStats

_REFERENCE_FIELDS = {f.name for f in fields(Reference)}
_TRUE = ("true", "1", "yes", "on")
FAIL_ON = ("none", "info", "low", "medium", "high", "critical")


def result_from_json(data: dict[str, Any], *, root: str = "") -> ScanResult:
    """A :class:`ScanResult` back from ``scan --format json`` (fields the contract does
    not carry, such as byte offsets, keep their defaults)."""
    def reference(row: dict[str, Any]) -> Reference:
        return Reference(**{k: v for k, v in row.items() if k in _REFERENCE_FIELDS})

    findings = tuple(Finding(rule=row["rule"], severity=row["severity"], message=row["message"],
                             reference=reference(row), fingerprint=row.get("fingerprint", ""))
                     for row in data.get("findings", []))
    stats = data.get("stats", {})
    return ScanResult(
        references=tuple(reference(row) for row in data.get("references", [])),
        findings=findings,
        errors=tuple(ScanError(e["path"], e["message"]) for e in data.get("errors", [])),
        stats=ScanStats(files_seen=stats.get("files_seen", 0),
                        files_parsed=stats.get("files_parsed", 0),
                        seconds=stats.get("seconds", 0.0)),
        feed=data.get("feed", {}),
        warnings=tuple(data.get("warnings", ())),
        root=root,
    )


def _input(name: str, default: str = "") -> str:
    return os.environ.get(f"INPUT_{name}", "").strip() or default


def _write_output(name: str, value: str) -> None:
    target = os.environ.get("GITHUB_OUTPUT")
    if target:
        with open(target, "a", encoding="utf-8") as fh:
            fh.write(f"{name}={value}\n")


def _git_line(root: str, *args: str) -> str:
    import subprocess

    proc = subprocess.run(["git", "-C", root, *args], capture_output=True, text=True, check=False)
    return proc.stdout.strip() if proc.returncode == 0 else ""


def _blob_link(root: str) -> str | None:
    server, repo = os.environ.get("GITHUB_SERVER_URL"), os.environ.get("GITHUB_REPOSITORY")
    sha = _git_line(root, "rev-parse", "HEAD")
    if not (server and repo and sha):
        return None
    prefix = _git_line(root, "rev-parse", "--show-prefix")
    return f"{server}/{repo}/blob/{sha}/{prefix}".rstrip("/")


def _threshold(path: str, config: str, given: str) -> str:
    if given:
        return given
    from .config import policy_for

    return policy_for([path], config or None).fail_on or "high"


def _scan(path: str, config: str, today: str) -> tuple[int, dict[str, Any]]:
    from .cli import main as cli_main

    with tempfile.TemporaryDirectory(prefix="modeltrail-") as tmp:
        out = os.path.join(tmp, "scan.json")
        args = ["scan", path, "--format", "json", "--output", out, "--fail-on", "none"]
        args += ["--config", config] if config else []
        args += ["--today", today] if today else []
        code = cli_main(args)
        if code not in (0, 1) or not os.path.exists(out):
            return code or 2, {}
        with open(out, encoding="utf-8") as fh:
            return code, json.load(fh)


def _only_changed(root: str, findings: Sequence[Finding]) -> tuple[list[Finding], str | None]:
    """The findings on changed lines, and the note for the summary (None: all of them)."""
    event: dict[str, Any] = {}
    event_path = os.environ.get("GITHUB_EVENT_PATH")
    if event_path and os.path.exists(event_path):
        with open(event_path, encoding="utf-8") as fh:
            event = json.load(fh)
    changed, how = changed_lines(root, event_range(os.environ.get("GITHUB_EVENT_NAME", ""), event))
    if changed is None:
        print(f"modeltrail: only-changed is off for this run: {how}; every finding counts.")
        return list(findings), None
    shown = [f for f in findings
             if touches(changed, f.reference.path, f.reference.line, f.reference.end_line)]
    return shown, (f"Only lines this change touches ({how}): {len(shown)} of "
                   f"{len(findings)} finding(s).")


def main(argv: Sequence[str] | None = None) -> int:
    from .report import github, markdown, sarif
    from .rules import severity_rank

    path = _input("PATH", ".")
    config, today = _input("CONFIG"), _input("TODAY")
    fail_on = _input("FAIL_ON").lower()
    if fail_on and fail_on not in FAIL_ON:
        print(f"::error title=modeltrail::fail-on must be one of {', '.join(FAIL_ON)}, "
              f"not {github.escape_data(fail_on)}")
        return 2
    code, data = _scan(path, config, today)
    if not data:
        print(f"::error title=modeltrail::the scan failed (exit {code}); see the log above")
        return 2
    root = str(Path(path).resolve()) if os.path.isdir(path) else os.getcwd()
    result = result_from_json(data, root=root)
    shown, note = list(result.findings), None
    if _input("ONLY_CHANGED", "false").lower() in _TRUE:
        shown, note = _only_changed(root, result.findings)

    sarif_file = _input("SARIF_FILE")
    if sarif_file:
        Path(sarif_file).parent.mkdir(parents=True, exist_ok=True)
        Path(sarif_file).write_text(sarif.render(result), encoding="utf-8")
    for line in github.annotate(shown):
        print(line)
    for message in (*result.warnings, *(f"could not scan {e.path}: {e.message}" for e in result.errors)):
        print(github.escape_data(f"modeltrail: {message}"))

    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_file and _input("SUMMARY", "true").lower() in _TRUE:
        used = os.path.getsize(summary_file) if os.path.exists(summary_file) else 0
        text = markdown.render(replace(result, findings=tuple(shown)), note=note,
                               link=_blob_link(root), limit=markdown.SUMMARY_LIMIT - used)
        with open(summary_file, "a", encoding="utf-8") as fh:
            fh.write(text)

    threshold = _threshold(path, config, fail_on)
    failing = [f for f in shown if threshold != "none"
               and severity_rank(f.severity) >= severity_rank(threshold)]
    _write_output("findings", str(len(shown)))
    _write_output("sarif-file", sarif_file)
    print(f"modeltrail: {len(shown)} finding(s) reported, {len(failing)} at or above "
          f"fail-on {threshold}.")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
