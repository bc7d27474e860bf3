"""Compare a scan of a fixture with its hand-written ground truth (fixtures/*/EXPECTED.md).

    python scripts/compare_expected.py fixtures/openai-service [--today 2026-11-25]

Prints false positives and false negatives keyed by (path, line, column, text), and
precision/recall. Rows whose class is ``not-a-model`` must not be reported.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scanner.api import ScanOptions, scan  # noqa: E402

_ROW = re.compile(r"^\|\s*\d+\s*\|")


def expected_rows(fixture: Path) -> tuple[set[tuple[str, int, int, str]], set[tuple[str, int, int, str]]]:
    want: set[tuple[str, int, int, str]] = set()
    never: set[tuple[str, int, int, str]] = set()
    for line in (fixture / "EXPECTED.md").read_text(encoding="utf-8").splitlines():
        if not _ROW.match(line):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        _, path, lineno, col, _end, text, _model, _provider, klass = cells[:9]
        key = (path, int(lineno), int(col), text.strip("`"))
        (never if klass.startswith("not-a-model") else want).add(key)
    return want, never


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("fixtures", nargs="+")
    parser.add_argument("--today", default="2026-11-25")
    args = parser.parse_args()
    tp = fp = fn = 0
    for name in args.fixtures:
        fixture = Path(name)
        want, never = expected_rows(fixture)
        result = scan([str(fixture)], ScanOptions(today=dt.date.fromisoformat(args.today),
                                                  jobs=1, extra_excludes=("EXPECTED.md", "expected.json")))
        got = {(r.path, r.line, r.column, r.text) for r in result.references}
        for key in sorted(got - want):
            print(f"FP {fixture.name}: {key}{'  (listed not-a-model)' if key in never else ''}")
        for key in sorted(want - got):
            print(f"FN {fixture.name}: {key}")
        tp += len(got & want)
        fp += len(got - want)
        fn += len(want - got)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(f"tp={tp} fp={fp} fn={fn} precision={precision:.3f} recall={recall:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
