"""The pre-commit hooks, through a real ``pre-commit`` and real ``git commit``s.

The hook repository is a clone of this repository's committed HEAD, as users get it
with ``rev:``; pre-commit builds the hook's virtualenv once per session (pip installs
modeltrail's dependencies from the package index, the one network use here; the
scans themselves never touch the network).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from scanner.cli import main
from tests.helpers import GIT_ENV

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-25"

BAD = '''\
from openai import OpenAI

client = OpenAI()
reply = client.chat.completions.create(model="gpt-4o", messages=[])
'''
GOOD = BAD.replace('"gpt-4o"', '"gpt-4o-2024-08-06"')
RETIRED = BAD.replace('"gpt-4o"', '"gpt-3.5-turbo-0613"')
NO_MODEL = "def add(a, b):\n    return a + b\n"

PIN_FAILURE = '''\
app.py:4:47: MT001 [medium] gpt-4o is a floating alias; pin gpt-4o-2024-08-06
    fix: `modeltrail fix --pin-only --write app.py` writes the pin

1 finding(s): MT001 x1.
To suppress one on purpose, add `# modeltrail: ignore[MT001]` at the end of the line or on the line before (the rule id as printed above).
'''


def _env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PRE_COMMIT", "GIT_"))}
    env.update(GIT_ENV)
    env.update({"PRE_COMMIT_COLOR": "never", "GIT_CONFIG_GLOBAL": os.devnull, "NO_COLOR": "1"})
    env.pop("TRAVIS", None)
    env.update(extra or {})
    return env


def _git(repo: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True,
                          check=False)


@pytest.fixture(scope="session")
def hook_home(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str, dict[str, str]]:
    """(hook repo, its HEAD sha, an environment whose PRE_COMMIT_HOME has the hook
    environment already built)."""
    base = tmp_path_factory.mktemp("precommit")
    hook_repo = base / "modeltrail"
    env = _env({"PRE_COMMIT_HOME": str(base / "home")})
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(ROOT), str(hook_repo)],
                   check=True, env=env)
    sha = _git(hook_repo, "rev-parse", "HEAD", env=env).stdout.strip()
    seed = _new_repo(base / "seed", str(hook_repo), sha, env)
    proc = subprocess.run([sys.executable, "-m", "pre_commit", "install-hooks"], cwd=seed,
                          env=env, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return str(hook_repo), sha, env


def _new_repo(path: Path, hook_repo: str, sha: str, env: dict[str, str],
              files: dict[str, str] | None = None) -> Path:
    path.mkdir(parents=True)
    for name, text in (files or {}).items():
        (path / name).write_text(text, encoding="utf-8")
    (path / ".pre-commit-config.yaml").write_text(f"""\
repos:
  - repo: {hook_repo}
    rev: {sha}
    hooks:
      - id: modeltrail-pin
        args: [--today={TODAY}]
      - id: modeltrail
        args: [--today={TODAY}]
""", encoding="utf-8")
    (path / "README.md").write_text("# service\n", encoding="utf-8")
    for args in (("init", "-q", "-b", "main"), ("add", "-A"), ("commit", "-q", "-m", "initial")):
        proc = _git(path, *args, env=env)
        assert proc.returncode == 0, proc.stderr
    return path


@pytest.fixture()
def repo(tmp_path: Path, hook_home: tuple[str, str, dict[str, str]]) -> Path:
    return _installed_repo(tmp_path, hook_home)


def _installed_repo(tmp_path: Path, hook_home: tuple[str, str, dict[str, str]],
                    files: dict[str, str] | None = None) -> Path:
    hook_repo, sha, env = hook_home
    path = _new_repo(tmp_path / "svc", hook_repo, sha, env, files)
    proc = subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=path, env=env,
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return path


def commit(repo: Path, files: dict[str, str], env: dict[str, str]) -> tuple[bool, str]:
    """Stage ``files`` and ``git commit``: (whether the commit was made, hook output)."""
    for name, text in files.items():
        target = repo / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    assert _git(repo, "add", "--", *files, env=env).returncode == 0
    before = _git(repo, "rev-parse", "HEAD", env=env).stdout
    proc = _git(repo, "commit", "-m", "change", env=env)
    after = _git(repo, "rev-parse", "HEAD", env=env).stdout
    assert (proc.returncode == 0) == (before != after), proc.stdout + proc.stderr
    return before != after, proc.stdout + proc.stderr


def _status(output: str, hook_name: str) -> str:
    line = next(line for line in output.splitlines() if line.startswith(hook_name))
    return line.rsplit(".", 1)[-1].strip().rsplit(")", 1)[-1].strip()


@pytest.mark.parametrize(("files", "committed", "pin", "policy"), [
    pytest.param({"app.py": BAD}, False, "Failed", "Passed", id="floating-alias-blocked"),
    pytest.param({"app.py": GOOD}, True, "Passed", "Passed", id="pinned-snapshot-passes"),
    pytest.param({"app.py": RETIRED}, False, "Failed", "Failed", id="retired-blocked-by-both"),
    pytest.param({"utils.py": NO_MODEL, "docs/notes.md": "Use gpt-4o for drafts.\n"}, True,
                 "Passed", "Passed", id="no-model-passes"),
    pytest.param({"vendor/openai_shim.py": BAD, "tests/test_llm.py": BAD}, True, "Passed",
                 "Passed", id="vendored-and-test-files-do-not-block"),
])
def test_commit(repo: Path, hook_home: tuple[str, str, dict[str, str]], files: dict[str, str],
                committed: bool, pin: str, policy: str) -> None:
    made, output = commit(repo, files, hook_home[2])
    assert made is committed, output
    assert _status(output, "modeltrail-pin") == pin, output
    assert _status(output, "modeltrail (LLM") == policy, output
    if files == {"app.py": BAD}:
        assert "- hook id: modeltrail-pin\n- exit code: 1\n\n" + PIN_FAILURE in output


POLICY = """\
[project]
name = "support-bot"

[tool.modeltrail]
exclude = ["legacy/"]
fail-on = "medium"
"""
SUPPRESSED = BAD.replace('messages=[])', 'messages=[])  # modeltrail: ignore[MT001]')


@pytest.mark.parametrize(("files", "committed", "pin", "policy", "shown"), [
    pytest.param({"legacy/old_client.py": BAD}, True, "Passed", "Passed", "",
                 id="config-exclude-holds-for-passed-files"),
    pytest.param({"app.py": SUPPRESSED}, False, "Passed", "Failed",
                 "app.py:4:47: MT002 [medium] gpt-4o shuts down on 2027-01-14; migrate to gpt-6-luna\n",
                 id="suppressed-pin-but-policy-fails-on-medium"),
])
def test_commit_with_a_policy(tmp_path: Path, hook_home: tuple[str, str, dict[str, str]],
                              files: dict[str, str], committed: bool, pin: str, policy: str,
                              shown: str) -> None:
    repo = _installed_repo(tmp_path, hook_home, {"pyproject.toml": POLICY})
    made, output = commit(repo, files, hook_home[2])
    assert made is committed, output
    assert _status(output, "modeltrail-pin") == pin, output
    assert _status(output, "modeltrail (LLM") == policy, output
    assert shown in output
    assert "MT001" not in output


def _fifty(bad: int) -> dict[str, str]:
    files = {}
    for i in range(50):
        body = (f'"""Handlers for queue {i}."""\nfrom openai import OpenAI\n\nclient = OpenAI()\n'
                f'MODEL = "{"gpt-4o-mini" if i == bad else "gpt-4o-mini-2024-07-18"}"\n\n\n'
                f"def handle(message):\n    return client.chat.completions.create(model=MODEL, "
                f"messages=[message])\n")
        files[f"workers/queue_{i:02}.py"] = body
    return files


@pytest.mark.parametrize(("extra_env", "batches"), [
    pytest.param({"PRE_COMMIT_NO_CONCURRENCY": "1"}, 1, id="one-batch"),
    pytest.param({"TRAVIS": "1"}, 2, id="two-parallel-batches"),
])
def test_fifty_files_one_bad_is_blocked_whatever_the_batching(
        repo: Path, hook_home: tuple[str, str, dict[str, str]], extra_env: dict[str, str],
        batches: int) -> None:
    from pre_commit import lang_base, xargs

    files = _fifty(bad=37)
    env = {**hook_home[2], **extra_env}
    # How pre-commit will split these 50 files (it shuffles them, then partitions).
    old = dict(os.environ)
    os.environ.update(extra_env)
    try:
        split = xargs.partition(("modeltrail",), lang_base._shuffled(sorted(files)),
                                lang_base.target_concurrency())
    finally:
        os.environ.clear()
        os.environ.update(old)
    assert len(split) == batches
    made, output = commit(repo, files, env)
    assert not made
    assert "workers/queue_37.py:5:10: MT001 [medium] gpt-4o-mini is a floating alias; pin " \
           "gpt-4o-mini-2024-07-18\n" in output
    assert output.count("MT001 [medium]") == 1


@pytest.mark.parametrize("size", [1, 3, 4, 7, 16, 25, 49, 50])
def test_every_split_gives_the_same_verdict(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str], size: int) -> None:
    """The hook's command over any partition of the files: exactly the batch holding
    the bad file fails, and together the batches print what one run prints."""
    files = _fifty(bad=37)
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    hook = ["scan", "--format", "concise", "--select", "MT001,MT003", "--fail-on", "info",
            f"--today={TODAY}"]
    names = sorted(files, reverse=True)  # not in the bad file's natural place
    assert main(hook + names) == 1
    whole = capsys.readouterr().out
    codes, outputs = [], []
    for i in range(0, len(names), size):
        batch = names[i:i + size]
        codes.append(main(hook + batch))
        outputs.append(capsys.readouterr().out)
    assert codes == [1 if "workers/queue_37.py" in names[i:i + size] else 0
                     for i in range(0, len(names), size)]
    assert "".join(outputs) == whole


def test_hook_scan_imports_nothing_heavy(tmp_path: Path) -> None:
    """What the hook runs on a few Python files loads no network, template, rewriting
    or tree-sitter code (start-up cost; no network possible)."""
    (tmp_path / "app.py").write_text(BAD, encoding="utf-8")
    (tmp_path / "settings.yaml").write_text("model: gpt-4o-2024-08-06\n", encoding="utf-8")
    code = ("import sys\nfrom scanner.cli import main\n"
            "rc = main(['scan', '--format', 'concise', '--select', 'MT001,MT003', '--fail-on', "
            "'info', 'app.py', 'settings.yaml'])\n"
            "heavy = {'requests', 'urllib3', 'jinja2', 'libcst', 'tree_sitter', 'http', 'socket', 'ssl'}\n"
            "print(rc, sorted(m for m in sys.modules if m.split('.')[0] in heavy or "
            "m.startswith('tree_sitter_')))\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                          text=True, check=True)
    assert proc.stdout.splitlines()[-1] == "1 []"
