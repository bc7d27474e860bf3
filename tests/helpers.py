"""Small helpers shared by the tests."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

from scanner.engine import scan_text
from scanner.model import Reference

TODAY = dt.date(2026, 11, 25)
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test Author", "GIT_AUTHOR_EMAIL": "author@example.com",
    "GIT_COMMITTER_NAME": "Test Committer", "GIT_COMMITTER_EMAIL": "committer@example.com",
    "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
    "LANG": "C", "GIT_CONFIG_NOSYSTEM": "1",
}


def refs(path: str, text: str) -> list[Reference]:
    result = scan_text(path, text, today=TODAY)
    return list(result.references)


def spans(path: str, text: str) -> list[tuple[int, int, str, str | None, str]]:
    """(line, column, text, key, context) of every reference: what tests assert."""
    return [(r.line, r.column, r.text, r.key, r.context) for r in refs(path, text)]


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV, "HOME": str(repo)}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True,
                          capture_output=True, text=True).stdout


def make_repo(repo: Path, files: dict[str, str | bytes]) -> Path:
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q", "-b", "main")
    for name, content in files.items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "initial")
    return repo
