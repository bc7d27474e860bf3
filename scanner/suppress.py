"""Suppressions: ``modeltrail: ignore`` comments in the code, and ``ignore`` entries in
the policy (the only way for JSON, which has no comments).

A comment works in any language's syntax (``#``, ``//``, ``--``, ``/* */``,
``<!-- -->``, ``;``), on the reference's own line, or alone on the line before it
(a trailing comment on the line before belongs to that line's code, not to the next).
``ignore[MT001,MT002]`` limits it to those rules (ids or names); ``until=2026-06-30``
makes it stop working after that day, and an expired one is reported (MT007).

This is a post-pass over the lines of the few files that have findings, not part of
the extract step: ``scan_text`` stays pure and the cost is paid only where a finding is.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Callable, Iterable

from .config import Ignore, Policy, model_matches
from .discover import is_excluded
from .model import Finding, ScanError
from .rules import RULES

_DIRECTIVE = re.compile(
    r"(?:#|//|--|/\*|<!--|;)[^\n]*?\bmodeltrail:[ \t]*ignore\b"
    r"(?:\[(?P<rules>[^\]\n]*)\])?(?:[ \t]+until=(?P<until>[^\s*>-][^\s*]*?))?(?=\s|\*/|-->|$)")
_COMMENT_ONLY = re.compile(r"^\s*(?:#|//|--|/\*|<!--|;|\*)")
_BY_NAME = {r.name: r.id for r in RULES.values()}


@dataclass(frozen=True, slots=True)
class Directive:
    line: int
    rules: frozenset[str] | None  # None: every rule
    until: dt.date | None
    text: str


@dataclass(frozen=True, slots=True)
class Outcome:
    kept: tuple[Finding, ...]
    suppressed: tuple[Finding, ...]
    expired: tuple[Finding, ...]  # MT007 findings
    errors: tuple[ScanError, ...]


def parse_line(text: str, line: int) -> tuple[Directive | None, str | None]:
    """The directive in one line of source, and a problem with it if any."""
    m = _DIRECTIVE.search(text)
    if m is None:
        return None, None
    problem = None
    rules: frozenset[str] | None = None
    if m.group("rules") is not None:
        wanted = set()
        for name in filter(None, (p.strip() for p in m.group("rules").split(","))):
            rule = name.upper() if name.upper() in RULES else _BY_NAME.get(name)
            if rule is None:
                problem = f"line {line}: unknown rule {name!r} in `modeltrail: ignore[...]`"
            else:
                wanted.add(rule)
        rules = frozenset(wanted)
    until = None
    if m.group("until"):
        try:
            until = dt.date.fromisoformat(m.group("until"))
        except ValueError:
            return None, (f"line {line}: until={m.group('until')} is not a date (YYYY-MM-DD); "
                          "the suppression is not applied")
    return Directive(line, rules, until, m.group(0).lstrip("#/;-<!* ")), problem


def _covers(d: Directive, rule: str) -> bool:
    return d.rules is None or rule in d.rules


def _ignore_covers(ig: Ignore, f: Finding, providers: frozenset[str]) -> bool:
    ref = f.reference
    if ig.path and not is_excluded(ref.path, excludes=(ig.path,), include_docs=True):
        return False
    if ig.rules and f.rule not in ig.rules:
        return False
    if ig.models and not any(model_matches(p, provider=ref.provider, model=ref.model,
                                           text=ref.text, providers=providers) for p in ig.models):
        return False
    return True


def apply(findings: Iterable[Finding], lines_of: Callable[[str], list[str] | None], *,
          today: dt.date, policy: Policy | None = None) -> Outcome:
    """Split ``findings`` into kept and suppressed; expired suppressions become MT007."""
    from .judge import make_finding

    ignores = policy.ignore if policy else ()
    providers: frozenset[str] = frozenset()
    if any(ig.models for ig in ignores):
        from .catalog import load_catalog
        providers = frozenset(load_catalog().providers)
    kept: list[Finding] = []
    hidden: list[Finding] = []
    expired: dict[tuple[str, int], Finding] = {}
    errors: dict[tuple[str, int], ScanError] = {}
    parsed: dict[tuple[str, int], Directive | None] = {}

    def directive(path: str, lines: list[str], n: int) -> Directive | None:
        if (path, n) not in parsed:
            d, problem = parse_line(lines[n - 1], n) if 0 < n <= len(lines) else (None, None)
            parsed[(path, n)] = d
            if problem:
                errors[(path, n)] = ScanError(path, problem)
        return parsed[(path, n)]

    for f in findings:
        ref = f.reference
        cover: tuple[str, int, str, dt.date] | None = None  # an expired match, if any
        matched = False
        lines = lines_of(ref.path)
        if lines is not None:
            candidates = list(range(ref.line, max(ref.line, ref.end_line) + 1))
            if ref.line > 1 and ref.line - 1 <= len(lines) and _COMMENT_ONLY.match(lines[ref.line - 2]):
                candidates.append(ref.line - 1)
            for n in candidates:
                d = directive(ref.path, lines, n)
                if d is None or not _covers(d, f.rule):
                    continue
                if d.until is not None and today > d.until:
                    cover = cover or (ref.path, n, f"`{d.text.strip()}` on line {n}", d.until)
                    continue
                matched = True
                break
        if not matched:
            for i, ig in enumerate(ignores):
                if not _ignore_covers(ig, f, providers):
                    continue
                if ig.until is not None and today > ig.until:
                    where = f"ignore[{i}] in {policy.source if policy else 'the policy'}"
                    cover = cover or ("", -1 - i, where, ig.until)
                    continue
                matched = True
                break
        if matched:
            hidden.append(f)
            continue
        kept.append(f)
        if cover is not None and (cover[0], cover[1]) not in expired:
            expired[(cover[0], cover[1])] = make_finding(
                "MT007", ref, f"the suppression {cover[2]} expired on {cover[3].isoformat()}; "
                f"{f.rule} is reported again", policy)
    mt007 = tuple(e for e in expired.values() if policy is None or policy.enabled("MT007"))
    return Outcome(tuple(kept), tuple(hidden), mt007, tuple(errors.values()))
