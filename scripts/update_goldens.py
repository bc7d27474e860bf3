"""Rewrite the golden ``expected.json`` of scan fixtures after a deliberate change.

    python scripts/update_goldens.py [fixtures/NAME ...]

Review the diff before committing it: a golden file is the promise of what a scan of
that fixture reports, line by line.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.goldens import GOLDEN_FIXTURES, golden_of  # noqa: E402


def main(argv: list[str]) -> int:
    root = Path(__file__).resolve().parent.parent
    names = [Path(a).name for a in argv] or list(GOLDEN_FIXTURES)
    for name in names:
        fixture = root / "fixtures" / name
        out = fixture / "expected.json"
        out.write_text(json.dumps(golden_of(fixture), indent=1, ensure_ascii=False) + "\n",
                       encoding="utf-8")
        print(out.relative_to(root))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
