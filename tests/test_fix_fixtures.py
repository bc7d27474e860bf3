"""Before/after trees: ``fix --write`` for each strategy gives exactly the stored tree,
a second run changes nothing, the diff applies with ``git apply``, and a re-scan finds
no fixable MT001/MT003 left."""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess

import pytest

from tests.fix_support import (FIXTURES, STRATEGIES, TODAY, cli_args, copy_before, fixture_names,
                         options, tree, update_golden)
from scanner.api import ScanOptions, scan
from scanner.cli import main
from scanner.fix import plan_paths, render_diff

CASES = [pytest.param(name, strategy, id=f"{name}-{strategy}")
         for name in fixture_names() for strategy in STRATEGIES]
UPDATE = os.environ.get("MODELTRAIL_UPDATE_GOLDEN") == "1"


def _expected(name: str, strategy: str) -> dict[str, bytes]:
    return tree(FIXTURES / name / f"after-{strategy}")


@pytest.mark.parametrize(("name", "strategy"), CASES)
def test_write_gives_the_after_tree_and_a_second_run_changes_nothing(tmp_path, capsys, name,
                                                                     strategy):
    work = copy_before(name, tmp_path / "work")
    assert main(["fix", "--write", *cli_args(name, strategy), str(work)]) == 0
    if UPDATE:
        update_golden(name, strategy, work)
    assert tree(work) == _expected(name, strategy)

    before_second = {p: os.stat(work / p).st_mtime_ns for p in tree(work)}
    assert main(["fix", "--write", *cli_args(name, strategy), str(work)]) == 0
    assert tree(work) == _expected(name, strategy)
    # Untouched: not even rewritten with the same bytes.
    assert {p: os.stat(work / p).st_mtime_ns for p in tree(work)} == before_second
    capsys.readouterr()
    assert main(["fix", "--diff", *cli_args(name, strategy), str(work)]) == 0
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize(("name", "strategy"), CASES)
def test_diff_applies_with_git_apply_on_a_clean_copy(tmp_path, name, strategy):
    planned = copy_before(name, tmp_path / "planned")
    patch = render_diff(plan_paths([str(planned)], options(name, strategy)).changes)
    clean = copy_before(name, tmp_path / "clean")
    if not patch:  # git apply refuses an empty patch; nothing to apply is the expectation
        assert _expected(name, strategy) == tree(clean)
        return
    (tmp_path / "fix.patch").write_bytes(patch)
    env = {**os.environ, "LANG": "C", "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(tmp_path)}
    for args in (["--check"], []):
        proc = subprocess.run(["git", "apply", *args, str(tmp_path / "fix.patch")], cwd=clean,
                              capture_output=True, text=True, env=env)
        assert proc.returncode == 0, proc.stderr
    assert tree(clean) == _expected(name, strategy)
    # The planner read the files but wrote nothing.
    assert tree(planned) == tree(FIXTURES / name / "before")


@pytest.mark.parametrize(("name", "strategy"), CASES)
def test_after_tree_has_no_fixable_mt001_or_mt003_and_python_parses(tmp_path, name, strategy):
    work = tmp_path / "after"
    shutil.copytree(FIXTURES / name / f"after-{strategy}", work)
    plan = plan_paths([str(work)], options(name, strategy))
    assert plan.changes == ()
    left = {(m.path, m.line, m.column) for m in plan.manual}
    result = scan([str(work)], ScanOptions(today=TODAY, jobs=1))
    for finding in result.findings:
        ref = finding.reference
        if finding.rule == "MT003" and strategy in ("default", "replace") or \
                finding.rule == "MT001" and strategy in ("default", "pin"):
            assert (ref.path, ref.line, ref.column) in left, finding
    for path, data in tree(work).items():
        if path.endswith(".py"):
            ast.parse(data.decode("utf-8-sig"), filename=path)
        elif path.endswith(".ipynb"):  # edited in the raw JSON: still a notebook
            assert json.loads(data)["nbformat"] == 4


@pytest.mark.parametrize("name", fixture_names())
def test_only_files_with_edits_differ_from_before(name):
    before = tree(FIXTURES / name / "before")
    changed = set()
    for strategy in STRATEGIES:
        after = _expected(name, strategy)
        assert set(after) == set(before), strategy
        changed |= {p for p in before if before[p] != after[p]}
    assert changed, f"{name} changes nothing under any strategy: a useless fixture"
