"""Shared helpers for the fix tests: fixture trees, strategies and tree comparison.

``MODELTRAIL_UPDATE_GOLDEN=1 python -m pytest tests/test_fix_fixtures.py`` rewrites the
``after-*`` trees from the current code; review their diff before committing.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "fix"
TODAY = dt.date(2026, 11, 25)
STRATEGIES = ("default", "pin", "replace", "to")


def fixture_names() -> list[str]:
    return sorted(p.name for p in FIXTURES.iterdir() if (p / "before").is_dir())


def mappings(name: str) -> list[tuple[str, str]]:
    lines = (FIXTURES / name / "to.txt").read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("=", 1)) for line in lines if line.strip()]  # type: ignore[misc]


def cli_args(name: str, strategy: str) -> list[str]:
    args = ["--today", TODAY.isoformat()]
    if strategy == "pin":
        args.append("--pin-only")
    elif strategy == "replace":
        args.append("--replace-only")
    elif strategy == "to":
        for old, new in mappings(name):
            args += ["--to", f"{old}={new}"]
    return args


def options(name: str, strategy: str):  # -> FixOptions
    from scanner.fix import PIN, REPLACE, FixOptions

    if strategy == "to":
        return FixOptions(mappings=tuple(mappings(name)), today=TODAY)
    chosen = {"default": {PIN, REPLACE}, "pin": {PIN}, "replace": {REPLACE}}[strategy]
    return FixOptions(strategies=frozenset(chosen), today=TODAY)


def tree(root: Path) -> dict[str, bytes]:
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d != ".git"]
        for name in filenames:
            full = Path(dirpath) / name
            out[full.relative_to(root).as_posix()] = full.read_bytes()
    return out


def copy_before(name: str, dest: Path) -> Path:
    shutil.copytree(FIXTURES / name / "before", dest)
    return dest


def update_golden(name: str, strategy: str, result: Path) -> None:
    target = FIXTURES / name / f"after-{strategy}"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(result, target)
