"""Which files a scan reads: git's view inside a work tree, .gitignore outside one."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.discover import DEFAULT_EXCLUDES, discover, is_excluded
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


def test_git_index_modes_symlinks_submodule_and_a_stale_index(tmp_path: Path) -> None:
    """Tracked files are taken from the index without an lstat each; what the index calls
    a symlink is still checked, a submodule is no file, and a tracked file that the work
    tree has replaced or deleted is reported by the scan, never followed or waited on."""
    import os

    from scanner.api import ScanOptions, scan
    from tests.helpers import TODAY

    outside = tmp_path / "outside.py"
    outside.write_text('MODEL = "gpt-4o-2024-08-06"\n', encoding="utf-8")
    repo = make_repo(tmp_path / "repo", {**TREE, "app/gone.py": "x = 2\n", "app/swapped.py": "x = 3\n"})
    os.symlink("llm.py", repo / "app" / "alias.py")
    os.symlink(str(outside), repo / "app" / "escape.py")
    sub = make_repo(tmp_path / "sub", {"lib.py": 'MODEL = "gpt-4o-mini"\n'})
    git(repo, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(sub), "vendor_lib")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "links and a submodule")
    (repo / "app" / "gone.py").unlink()
    (repo / "app" / "swapped.py").unlink()
    os.symlink(str(outside), repo / "app" / "swapped.py")  # uncommitted: the index says "file"

    found = discover([str(repo)])
    assert [f for f in found.files if f.startswith(("app/", "vendor_lib"))] == [
        "app/gone.py", "app/llm.py", "app/swapped.py"]
    assert [(e.path, e.message) for e in found.errors] == [
        ("app/escape.py", "symlink points outside the scanned root, not followed")]
    result = scan([str(repo)], ScanOptions(today=TODAY, jobs=1))
    errors = {e.path: e.message for e in result.errors}
    assert errors["app/gone.py"] == "cannot read: No such file or directory"
    assert errors["app/swapped.py"].startswith("cannot read: ")  # not read through the link
    assert result.references == ()  # outside.py's model is never reached


@pytest.mark.parametrize("rel", [
    "src/app.py", "dist/bundle.min.js", "web/app.MIN.JS", "package-lock.json",
    "sub/dir/package-lock.json", "package-lock.json.bak", "a/node_modules/b.py",
    "node_modules_extra/b.py", "vendor/x/y.go", "img/logo.svg", "notes.txt.py", "x.whl",
    "deep/a/b/c/weights.safetensors", "lib/file[1].py", "build/out.o", "site/.git/config",
])
@pytest.mark.parametrize("patterns", [
    DEFAULT_EXCLUDES,
    ("*", ), ("*.py",), ("file[1].py", "lib/*"), ("a/node_modules/", "*/c/*", "?.whl", "[a-z].whl"),
])
def test_excludes_match_as_the_globs_do(rel: str, patterns: tuple[str, ...]) -> None:
    """Exclude patterns are checked by the cheapest means each allows (directory names,
    suffixes, file names, then one regex): the answer is what fnmatch says of the globs."""
    import fnmatch

    base = rel.rsplit("/", 1)[-1]
    directories = rel.split("/")[:-1]
    expected = False
    for pattern in patterns:
        if pattern.endswith("/"):
            directory = pattern[:-1]
            if "/" in directory or any(c in directory for c in "*?["):
                expected |= (fnmatch.fnmatchcase(rel, directory + "/*")
                             or fnmatch.fnmatchcase(rel, "*/" + directory + "/*"))
            else:
                expected |= directory in directories
        elif "/" in pattern:
            expected |= fnmatch.fnmatchcase(rel, pattern)
        else:
            expected |= fnmatch.fnmatchcase(base, pattern)
    assert is_excluded(rel, excludes=patterns, include_docs=True) is expected
