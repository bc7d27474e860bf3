"""Each issue-2 fixture project scans to exactly its golden file, and agrees with the
hand-written ground truth in its EXPECTED.md (written independently of the scanner)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.goldens import GOLDEN_FIXTURES, assert_matches_golden

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.mark.parametrize("name", GOLDEN_FIXTURES)
def test_scan_matches_golden(name: str) -> None:
    assert_matches_golden(FIXTURES / name)


def _ground_truth(fixture: Path) -> tuple[set[tuple[str, int, int, str]], set[tuple[str, int, int, str]]]:
    want, never = set(), set()
    for line in (fixture / "EXPECTED.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 9 or not cells[0].isdigit():
            continue
        key = (cells[1], int(cells[2]), int(cells[3]), cells[5].strip("`"))
        (never if cells[8].startswith("not-a-model") else want).add(key)
    return want, never


@pytest.mark.parametrize("name", GOLDEN_FIXTURES)
def test_golden_agrees_with_hand_written_ground_truth(name: str) -> None:
    fixture = FIXTURES / name
    want, never = _ground_truth(fixture)
    got = {(r["path"], r["line"], r["column"], r["text"])
           for r in json.loads((fixture / "expected.json").read_text(encoding="utf-8"))["references"]}
    assert not (got & never), "reported ids the ground truth says are not models"
    assert got == want
