"""``modeltrail baseline`` and ``scan --baseline``: adopt the tool on an old codebase and
block only new debt. Fingerprints ignore line numbers, so moving code is not new."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner.cli import main
from tests.helpers import make_repo

LLM = (
    "from openai import OpenAI\n"
    "client = OpenAI()\n"
    'DEFAULT = "gpt-4o"\n'
    'LEGACY = "gpt-3.5-turbo-0613"\n'
)
FILES = {
    "app/llm.py": LLM,
    "config/models.yaml": "writer:\n  model: claude-3-5-sonnet-20241022\n",
    ".env": "CHAT_MODEL=gpt-4o-2024-08-06\n",
    "web/src/chat.ts": 'export const MODEL = "gpt-4o";\n// keep in sync with the backend\n',
}


def _findings(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[tuple[str, str, int, str]]]:
    code = main(["scan", *args, "--format", "json", "--today", "2026-11-25"])
    out = json.loads(capsys.readouterr().out)
    return code, [(f["rule"], f["path"], f["line"], f["text"]) for f in out["findings"]]


@pytest.fixture()
def repo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    repo = make_repo(tmp_path / "repo", FILES)
    assert main(["baseline", str(repo), "--output", str(repo / ".modeltrail-baseline.json"),
                 "--today", "2026-11-25"]) == 0
    assert capsys.readouterr().out == f"wrote 7 finding(s) to {repo / '.modeltrail-baseline.json'}\n"
    return repo


def test_baseline_file(repo: Path) -> None:
    data = json.loads((repo / ".modeltrail-baseline.json").read_text(encoding="utf-8"))
    assert (data["modeltrail_baseline"], data["fingerprint"], data["generated_at"]) == (1, "v1", "2026-11-25")
    assert [(r["rule"], r["path"], r["line"], r["text"]) for r in data["findings"]] == [
        ("MT002", ".env", 1, "gpt-4o-2024-08-06"),
        ("MT001", "app/llm.py", 3, "gpt-4o"),
        ("MT002", "app/llm.py", 3, "gpt-4o"),
        ("MT003", "app/llm.py", 4, "gpt-3.5-turbo-0613"),
        ("MT003", "config/models.yaml", 2, "claude-3-5-sonnet-20241022"),
        ("MT001", "web/src/chat.ts", 1, "gpt-4o"),
        ("MT002", "web/src/chat.ts", 1, "gpt-4o"),
    ]
    assert len({r["fingerprint"] for r in data["findings"]}) == len(data["findings"])


def test_only_new_findings_are_reported(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    baseline = str(repo / ".modeltrail-baseline.json")
    assert _findings(capsys, str(repo), "--baseline", baseline) == (0, [])
    # Move code down (a docstring and imports above it), add a second identical id, and a
    # new retired model in a new file.
    (repo / "app" / "llm.py").write_text(
        '"""The LLM client."""\n\nimport os\n\n' + LLM + 'SECOND = "gpt-4o"\n', encoding="utf-8")
    (repo / "config" / "models.yaml").write_text(
        "# models per feature\nsummary:\n  model: gpt-4o-2024-08-06\nwriter:\n  model: claude-3-5-sonnet-20241022\n",
        encoding="utf-8")
    (repo / "jobs.sql").write_text("SELECT 'gpt-3.5-turbo-0613' AS model;\n", encoding="utf-8")
    code, findings = _findings(capsys, str(repo), "--baseline", baseline)
    assert (code, findings) == (1, [
        ("MT001", "app/llm.py", 9, "gpt-4o"),  # the second "gpt-4o": occurrence index 1 is new
        ("MT002", "app/llm.py", 9, "gpt-4o"),
        ("MT002", "config/models.yaml", 3, "gpt-4o-2024-08-06"),
        ("MT003", "jobs.sql", 1, "gpt-3.5-turbo-0613"),
    ])


def test_time_turns_a_baselined_deprecation_into_a_new_retirement(repo: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["scan", str(repo), "--baseline", str(repo / ".modeltrail-baseline.json"),
                 "--format", "json", "--today", "2027-02-01"])
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert code == 1
    assert [(f["rule"], f["path"], f["line"]) for f in findings] == [
        ("MT003", ".env", 1), ("MT003", "app/llm.py", 3), ("MT003", "web/src/chat.ts", 1)]


def test_baseline_from_the_config(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / ".modeltrail.toml").write_text('baseline = ".modeltrail-baseline.json"\n', encoding="utf-8")
    assert _findings(capsys, str(repo)) == (0, [])


@pytest.mark.parametrize(("content", "message"), [
    pytest.param(None, "cannot read the baseline: No such file or directory", id="missing"),
    pytest.param("{", "the baseline is not valid JSON", id="bad-json"),
    pytest.param('{"findings": []}', "not a modeltrail baseline (format 1)", id="not-a-baseline"),
    pytest.param('{"modeltrail_baseline": 1, "fingerprint": "v0", "findings": []}',
                 "fingerprints of version 'v0', this modeltrail computes 'v1'", id="old-fingerprints"),
])
def test_bad_baseline_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None,
                              message: str) -> None:
    repo = make_repo(tmp_path / "repo", {"app.py": 'M = "gpt-4o"\n'})
    file = tmp_path / "baseline.json"
    if content is not None:
        file.write_text(content, encoding="utf-8")
    assert main(["scan", str(repo), "--baseline", str(file)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {file}: ") and message in err
