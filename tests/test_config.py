"""The team's policy: where it is found, what each key does, and that every mistake in it
is an exit 2 naming the file and the key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner.cli import main
from scanner.config import ConfigError, Policy, find_config, load_policy, policy_for
from tests.helpers import make_repo

APP = (
    "from openai import OpenAI\n"
    "client = OpenAI()\n"
    'RETIRED = "gpt-3.5-turbo-0613"\n'
    'FLOATING = "gpt-4o"\n'
    'PLANNED = "claude-opus-4-6"\n'
    'SOON = "claude-sonnet-4-5-20250929"\n'
    "# we moved off gpt-3.5-turbo-0613 last year\n"
)
TEST = 'def test_model():\n    assert pick() == "gpt-3.5-turbo-0613"\n'


def _scan(repo: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[tuple[str, str, int, str]]]:
    code = main(["scan", str(repo), "--format", "json", "--today", "2026-11-25", *args])
    out = json.loads(capsys.readouterr().out)
    return code, [(f["rule"], f["severity"], f["line"], f["text"]) for f in out["findings"]]


def _repo(tmp_path: Path, config: str | None, name: str = ".modeltrail.toml") -> Path:
    files = {"app/llm.py": APP, "tests/test_llm.py": TEST}
    if config is not None:
        files[name] = config
    return make_repo(tmp_path / "repo", files)


def test_defaults_without_a_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, findings = _scan(_repo(tmp_path, None), capsys)
    assert code == 1
    assert findings == [
        ("MT003", "high", 3, "gpt-3.5-turbo-0613"),
        ("MT001", "medium", 4, "gpt-4o"),
        ("MT002", "medium", 4, "gpt-4o"),
        # No notice yet, but the "no sooner than" date is 72 days away: within warn-days 180.
        ("MT001", "medium", 5, "claude-opus-4-6"),
        ("MT002", "medium", 5, "claude-opus-4-6"),
        ("MT002", "medium", 6, "claude-sonnet-4-5-20250929"),
    ]


@pytest.mark.parametrize(("config", "expected"), [
    pytest.param('[rules]\nMT001 = false\nunknown-model = "off"\nMT002 = "low"\n', [
        ("MT003", "high", 3, "gpt-3.5-turbo-0613"), ("MT002", "low", 4, "gpt-4o"),
        ("MT002", "low", 5, "claude-opus-4-6"), ("MT002", "low", 6, "claude-sonnet-4-5-20250929")],
        id="rules-off-and-severity"),
    pytest.param("warn-days = 30\n", [
        ("MT003", "high", 3, "gpt-3.5-turbo-0613"), ("MT001", "medium", 4, "gpt-4o"),
        ("MT002", "medium", 4, "gpt-4o"), ("MT001", "medium", 5, "claude-opus-4-6"),
        ("MT002", "medium", 6, "claude-sonnet-4-5-20250929")],
        id="warn-days-drops-the-planning-date"),
    pytest.param("escalate-days = 60\n", [
        ("MT003", "high", 3, "gpt-3.5-turbo-0613"), ("MT001", "medium", 4, "gpt-4o"),
        ("MT002", "high", 4, "gpt-4o"), ("MT001", "medium", 5, "claude-opus-4-6"),
        ("MT002", "medium", 5, "claude-opus-4-6"),
        ("MT002", "high", 6, "claude-sonnet-4-5-20250929")],
        id="escalate-within-60-days"),
    pytest.param('deny = ["gpt-4o*", "anthropic:claude-sonnet-*"]\n[rules]\nMT002 = false\nMT001 = false\n', [
        ("MT003", "high", 3, "gpt-3.5-turbo-0613"), ("MT006", "high", 4, "gpt-4o"),
        ("MT006", "high", 6, "claude-sonnet-4-5-20250929")],
        id="deny-list"),
    pytest.param('allow = ["gpt-4o", "claude-*"]\n[rules]\nMT002 = false\nMT001 = false\n', [
        ("MT003", "high", 3, "gpt-3.5-turbo-0613"), ("MT006", "high", 3, "gpt-3.5-turbo-0613")],
        id="allow-list"),
    pytest.param('tests = "judge"\ncomments = "judge"\n[rules]\nMT002 = false\nMT001 = false\n', [
        ("MT003", "high", 3, "gpt-3.5-turbo-0613"), ("MT003", "high", 7, "gpt-3.5-turbo-0613"),
        ("MT003", "high", 2, "gpt-3.5-turbo-0613")],
        id="judge-comments-and-tests"),
    pytest.param('exclude = ["app/"]\ntests = "judge"\n', [("MT003", "high", 2, "gpt-3.5-turbo-0613")],
                 id="exclude"),
    pytest.param('include = ["tests/**"]\ntests = "judge"\n', [("MT003", "high", 2, "gpt-3.5-turbo-0613")],
                 id="include"),
])
def test_policy_keys(tmp_path: Path, capsys: pytest.CaptureFixture[str], config: str,
                     expected: list[tuple[str, str, int, str]]) -> None:
    assert _scan(_repo(tmp_path, config), capsys)[1] == expected


def test_skip_drops_references_from_the_inventory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = _repo(tmp_path, 'tests = "skip"\ncomments = "skip"\n')
    main(["scan", str(repo), "--format", "json", "--today", "2026-11-25"])
    refs = json.loads(capsys.readouterr().out)["references"]
    assert [(r["path"], r["line"], r["context"]) for r in refs] == [
        ("app/llm.py", 3, "code"), ("app/llm.py", 4, "code"), ("app/llm.py", 5, "code"),
        ("app/llm.py", 6, "code")]


@pytest.mark.parametrize(("config", "flag", "expected"), [
    pytest.param('fail-on = "critical"\n', [], 0, id="config-fail-on"),
    pytest.param('fail-on = "critical"\n', ["--fail-on", "high"], 1, id="flag-wins"),
    pytest.param(None, [], 1, id="default-high"),
])
def test_fail_on_from_config(tmp_path: Path, capsys: pytest.CaptureFixture[str], config: str | None,
                             flag: list[str], expected: int) -> None:
    assert _scan(_repo(tmp_path, config), capsys, *flag)[0] == expected


def test_pyproject_table_and_max_file_size(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = _repo(tmp_path, '[project]\nname = "x"\n\n[tool.modeltrail]\nmax-file-size = 100\n', "pyproject.toml")
    main(["scan", str(repo), "--format", "json", "--today", "2026-11-25"])
    out = json.loads(capsys.readouterr().out)
    assert out["errors"] == [{"path": "app/llm.py", "message": "file is 203 bytes, over the 100-byte limit; "
                              "skipped (raise max-file-size to scan it)"}]


def test_found_from_a_subdirectory_up_to_the_git_root(tmp_path: Path) -> None:
    repo = _repo(tmp_path, "warn-days = 7\n")
    assert find_config(repo / "app") == repo / ".modeltrail.toml"
    assert policy_for([str(repo / "app")]).warn_days == 7
    # A pyproject.toml without the table is passed over; .modeltrail.toml wins in a directory.
    (repo / "app" / "pyproject.toml").write_text('[project]\nname = "app"\n', encoding="utf-8")
    assert find_config(repo / "app") == repo / ".modeltrail.toml"


def test_not_found_above_the_git_root(tmp_path: Path) -> None:
    (tmp_path / ".modeltrail.toml").write_text('fail-on = "none"\n', encoding="utf-8")
    repo = _repo(tmp_path, None)
    assert find_config(repo) is None
    assert policy_for([str(repo)]) == Policy()


def test_paths_in_the_config_are_relative_to_it(tmp_path: Path) -> None:
    repo = _repo(tmp_path, 'overlay = "ops/overlay.json"\nbaseline = ".modeltrail-baseline.json"\n')
    policy = load_policy(repo / ".modeltrail.toml")
    assert (policy.overlay, policy.baseline) == (str(repo / "ops" / "overlay.json"),
                                                 str(repo / ".modeltrail-baseline.json"))


ERRORS = [
    pytest.param("fail-on = \n", None, "not valid TOML: Invalid value (at line 1, column 11)", id="bad-toml"),
    pytest.param('fail-onn = "high"\n', "fail-onn", "unknown key; did you mean 'fail-on'?", id="unknown-key"),
    pytest.param('fail-on = "severe"\n', "fail-on", "'severe' is not one of none, info, low, medium, high, critical",
                 id="bad-choice"),
    pytest.param('warn-days = "soon"\n', "warn-days", "expected an integer, got 'soon'", id="wrong-type"),
    pytest.param("warn-days = -1\n", "warn-days", "must be 0 or more, got -1", id="negative"),
    pytest.param('deny = ["gpt-4o", ""]\n', "deny", "'' is not a glob (a non-empty string)", id="empty-glob"),
    pytest.param('exclude = ["legacy/[abc"]\n', "exclude", "'legacy/[abc': unbalanced [ ] in the glob",
                 id="unbalanced-glob"),
    pytest.param('include = ["/src/**"]\n', "include", "'/src/**': path globs are relative to the scanned root",
                 id="absolute-glob"),
    pytest.param("[rules]\nMT999 = false\n", "rules.MT999", "unknown rule 'MT999'", id="unknown-rule"),
    pytest.param('[rules]\nMT001 = "loud"\n', "rules.MT001", "'loud': use true, false", id="bad-severity"),
    pytest.param('[[ignore]]\npath = "config/*.json"\nuntil = "2026-02-30"\n', "ignore[0].until",
                 "'2026-02-30' is not a date (YYYY-MM-DD)", id="bad-date"),
    pytest.param('[[ignore]]\npaths = "x"\n', "ignore[0].paths", "unknown key; did you mean 'path'?",
                 id="unknown-ignore-key"),
]


@pytest.mark.parametrize(("config", "key", "message"), ERRORS)
def test_config_errors_exit_2_naming_file_and_key(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                  config: str, key: str | None, message: str) -> None:
    repo = _repo(tmp_path, config)
    file = repo / ".modeltrail.toml"
    assert main(["scan", str(repo), "--today", "2026-11-25"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {file}: " + (f"{key}: " if key else ""))
    assert message in err


def test_errors_in_pyproject_name_the_full_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = _repo(tmp_path, '[tool.modeltrail]\nwarn_days = 30\n', "pyproject.toml")
    assert main(["scan", str(repo), "--config", str(repo / "pyproject.toml")]) == 2
    assert capsys.readouterr().err.startswith(
        f"error: {repo / 'pyproject.toml'}: tool.modeltrail.warn_days: unknown key; did you mean 'warn-days'?")


def test_tool_table_in_modeltrail_toml_is_explained(tmp_path: Path) -> None:
    repo = _repo(tmp_path, "[tool.modeltrail]\nwarn-days = 30\n")
    with pytest.raises(ConfigError, match=r"tool: in \.modeltrail\.toml write the keys at the top level"):
        load_policy(repo / ".modeltrail.toml")
