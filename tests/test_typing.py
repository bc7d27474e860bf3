"""`mypy --strict` stays clean on the package (STYLE.md): type errors fail the suite."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_mypy_strict_is_clean_on_scanner() -> None:
    proc = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", "scanner"],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
