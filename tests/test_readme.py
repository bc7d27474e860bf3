"""README.md stays true: its rules table and format list are the code's."""

from __future__ import annotations

import re
from pathlib import Path

from scanner.report import FORMATS
from scanner.rules import RULES

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _table_after(heading: str) -> list[list[str]]:
    section = README.split(heading, 1)[1]
    rows = []
    for line in section.splitlines()[1:]:
        if line.startswith("#"):
            break
        if line.startswith("|") and not set(line) <= set("|-: "):
            rows.append([c.strip() for c in line.strip().strip("|").split("|")])
    return rows


def test_rules_table_matches_the_rules() -> None:
    rows = _table_after("## Findings")[1:]
    assert [(r[0], r[1], r[2]) for r in rows] == [(r.id, r.name, r.severity) for r in RULES.values()]


def test_every_format_is_documented() -> None:
    documented = {r[0].strip("`") for r in _table_after("| format | for |") if r[0] != "format"}
    assert documented == set(FORMATS)
    synopsis = re.search(r"--format ([a-z|]+)\]", README)
    assert synopsis is not None and set(synopsis.group(1).split("|")) == set(FORMATS)
