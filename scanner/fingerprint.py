"""Line-independent identity of a finding: the key of the baseline, of SARIF
``partialFingerprints`` and of pull-request comment de-duplication.

A fingerprint is a hash of (rule, path, normalised text, occurrence index), never of a
line number: code moved up or down a file keeps its fingerprint, and the index tells
apart two identical ids in one file (the first ``gpt-4o`` and the second) in the order
they appear.
"""

from __future__ import annotations

import hashlib
from typing import Sequence

from .model import REFERENCE_ORDER, Finding

VERSION = "v1"


def normalise(text: str) -> str:
    """The finding's text with quoting and layout removed: ``"gpt-4o"`` and a
    reformatted ``os.environ[ "MODEL" ]`` keep their identity."""
    return "".join(text.split()).strip("\"'`")


def fingerprint(rule: str, path: str, text: str, index: int) -> str:
    return _fingerprint(rule, path, normalise(text), index)


def _fingerprint(rule: str, path: str, normalised: str, index: int) -> str:
    key = "\0".join((VERSION, rule, path, normalised, str(index)))
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def fingerprints(findings: Sequence[Finding]) -> list[str]:
    """One fingerprint per finding, in the order given.

    Occurrence indexes count same-(rule, path, text) findings in file order, so the
    result does not depend on the order of ``findings``.
    """
    where = [REFERENCE_ORDER(f.reference) for f in findings]
    order = sorted(range(len(findings)), key=where.__getitem__)
    seen: dict[tuple[str, str, str], int] = {}
    normalised: dict[str, str] = {}  # a scan's findings name few distinct texts
    out = [""] * len(findings)
    for i in order:
        f = findings[i]
        text = f.reference.text
        plain = normalised.get(text)
        if plain is None:
            plain = normalised[text] = normalise(text)
        key = (f.rule, f.reference.path, plain)
        index = seen.get(key, 0)
        seen[key] = index + 1
        out[i] = _fingerprint(*key, index)
    return out
