"""Which files a scan reads: git's view inside a work tree, .gitignore outside one."""

from __future__ import annotations

from pathlib import Path

from scanner.discover import discover
from tests.helpers import git, make_repo

TREE = {
    ".gitignore": "secrets/\n*.log\n",
    "app/llm.py": "x = 1\n",
    "app/notes.md": "docs\n",
    "node_modules/openai/index.js": "x\n",
    ".venv/lib/site.py": "x\n",
    "dist/bundle.js": "x\n",
    "web/app.min.js": "x\n",
    "poetry.lock": "x\n",
    "package-lock.json": "{}\n",
    "deploy/values.yaml": "x: 1\n",
}


def _write(root: Path, files: dict[str, str]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")


def test_git_tracked_and_untracked_not_ignored(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", TREE)
    _write(repo, {"new_untracked.py": "x\n", "run.log": "ignored\n", "secrets/key.py": "ignored\n"})
    found = discover([str(repo)])
    assert found.root == str(repo.resolve())
    assert list(found.files) == [".gitignore", "app/llm.py", "deploy/values.yaml", "new_untracked.py"]


def test_outside_git_honours_gitignore(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    _write(root, {**TREE, "run.log": "x\n", "secrets/key.py": "x\n", "sub/.gitignore": "local.py\n",
                  "sub/local.py": "x\n", "sub/kept.py": "x\n"})
    found = discover([str(root)])
    assert sorted(found.files) == [".gitignore", "app/llm.py", "deploy/values.yaml", "sub/.gitignore", "sub/kept.py"]


def test_include_docs(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", TREE)
    assert "app/notes.md" in discover([str(repo)], include_docs=True).files


def test_explicit_files_relative_to_cwd(tmp_path: Path, monkeypatch: object) -> None:
    import pytest

    repo = make_repo(tmp_path / "repo", TREE)
    mp = pytest.MonkeyPatch()
    mp.chdir(repo)
    try:
        found = discover(["app/llm.py", "deploy/values.yaml", "missing.py"])
    finally:
        mp.undo()
    assert found.files == ("app/llm.py", "deploy/values.yaml")
    assert [(e.path, e.message) for e in found.errors] == [("missing.py", "no such file or directory")]


def test_subdirectory_of_a_repository(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", TREE)
    git(repo, "status")
    found = discover([str(repo / "app")])
    assert found.files == ("llm.py",)
