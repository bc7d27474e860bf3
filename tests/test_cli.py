"""The command line: exit codes, the JSON contract, colour rules, explain."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from scanner import __version__
from scanner.cli import main
from tests.helpers import make_repo

ROOT = Path(__file__).resolve().parent.parent
RETIRED = 'import openai\nopenai.chat.completions.create(model="gpt-3.5-turbo-0613", messages=[])\n'
FLOATING = 'import openai\nopenai.chat.completions.create(model="gpt-4o", messages=[])\n'


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo", {"app/llm.py": RETIRED, "app/other.py": FLOATING,
                                         "README.md": "We use gpt-4o.\n"})


def test_json_contract(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["scan", str(repo), "--format", "json", "--today", "2026-11-25"])
    out = json.loads(capsys.readouterr().out)
    assert code == 1  # a retired model is a high finding; default --fail-on is high
    assert set(out) == {"version", "feed", "references", "findings", "errors", "warnings", "stats"}
    assert out["warnings"] == []
    assert out["version"] == __version__
    assert set(out["feed"]) == {"generated_at", "source"}
    assert [(r["path"], r["line"], r["column"], r["end_column"], r["text"], r["status"])
            for r in out["references"]] == [
        ("app/llm.py", 2, 39, 57, "gpt-3.5-turbo-0613", "retired"),
        ("app/other.py", 2, 39, 45, "gpt-4o", "deprecated"),
    ]
    contract = {"path", "line", "column", "end_line", "end_column", "text", "provider", "model",
                "pinned", "resolves_to", "status", "shutdown_on", "replacement", "context", "language"}
    assert contract <= set(out["references"][0])
    assert [(f["rule"], f["severity"], f["path"], f["line"]) for f in out["findings"]] == [
        ("MT003", "high", "app/llm.py", 2), ("MT001", "medium", "app/other.py", 2),
        ("MT002", "medium", "app/other.py", 2)]
    assert {"rule", "severity", "message", "path", "line", "column"} <= set(out["findings"][0])
    assert out["stats"]["files_seen"] == 2  # README.md is docs: not scanned by default


@pytest.mark.parametrize(("fail_on", "today", "expected"), [
    pytest.param("high", "2026-11-25", 1, id="retired-fails-at-high"),
    pytest.param("critical", "2026-11-25", 0, id="nothing-critical"),
    pytest.param("none", "2026-11-25", 0, id="none-never-fails"),
    pytest.param("medium", "2024-01-01", 1, id="medium-catches-floating"),
    pytest.param("high", "2024-01-01", 0, id="before-the-shutdown-nothing-is-high"),
])
def test_exit_codes(repo: Path, fail_on: str, today: str, expected: int,
                    capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", str(repo), "--fail-on", fail_on, "--today", today, "-o", os.devnull]) == expected


def test_usage_errors_exit_2(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", str(repo), "--today", "25/11/2026"]) == 2
    assert "is not a date in YYYY-MM-DD form" in capsys.readouterr().err
    assert main(["scan", "--format", "xml"]) == 2
    assert main(["no-such-command"]) == 2


def test_text_report_has_no_colour_when_not_a_tty(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["scan", str(repo), "--today", "2026-11-25"])
    out = capsys.readouterr().out
    assert "\x1b[" not in out
    assert "app/llm.py\n  2:39  gpt-3.5-turbo-0613  (openai, pinned, retired, shutdown 2024-09-13)\n" in out
    assert out.rstrip().endswith("file(s) scanned in " + out.rstrip().rsplit("scanned in ", 1)[1])
    assert "2 model reference(s) in 2 file(s) (openai 2); 3 finding(s) (medium 2, high 1)" in out


def test_include_docs(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["scan", str(repo), "--include-docs", "--format", "json", "--today", "2026-11-25"])
    refs = json.loads(capsys.readouterr().out)["references"]
    assert ("README.md", 1, 8, "docs") in {(r["path"], r["line"], r["column"], r["context"]) for r in refs}


def test_output_file(repo: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    main(["scan", str(repo), "--format", "json", "--output", str(target), "--today", "2026-11-25"])
    assert len(json.loads(target.read_text())["references"]) == 2


def test_output_file_over_a_longer_report_keeps_nothing_of_it(repo: Path, tmp_path: Path) -> None:
    # The report is written in place over the old one: what the old one had beyond the new
    # one's length must go.
    target = tmp_path / "report.json"
    target.write_text(json.dumps({"references": [{"path": f"old/{n}.py"} for n in range(5000)]}),
                      encoding="utf-8")
    os.chmod(target, 0o640)
    args = ["scan", str(repo), "--format", "json", "--output", str(target), "--today", "2026-11-25"]
    main(args)
    first = target.read_bytes()
    assert first.endswith(b"}\n") and b"old/" not in first
    assert len(json.loads(first)["references"]) == 2
    target.write_text(" " * (3 * len(first)), encoding="utf-8")
    main(args)
    second = target.read_bytes()
    assert second.endswith(b"}\n")  # not followed by the old file's spaces
    assert json.loads(second)["references"] == json.loads(first)["references"]
    assert os.stat(target).st_mode & 0o777 == 0o640  # the file is kept, not replaced


def test_output_to_a_character_device(repo: Path) -> None:
    # Not a regular file: written, never truncated (ftruncate would fail on it).
    assert main(["scan", str(repo), "--format", "sarif", "--output", os.devnull, "--today", "2026-11-25",
                 "--fail-on", "none"]) == 0


def test_explicit_files_as_pre_commit_passes_them(repo: Path, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    main(["scan", "app/other.py", "--format", "json", "--today", "2026-11-25"])
    refs = json.loads(capsys.readouterr().out)["references"]
    assert [(r["path"], r["text"]) for r in refs] == [("app/other.py", "gpt-4o")]


def test_explain(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "gpt-3.5-turbo-0613", "--today", "2026-11-25"]) == 0
    out = capsys.readouterr().out
    assert "  provider:     OpenAI (openai)\n" in out
    assert "  status:       retired (as of 2026-11-25)\n" in out
    assert "  shutdown:     2024-09-13\n" in out
    assert main(["explain", "gpt-tokenizer"]) == 1


def test_version_is_fast_to_import() -> None:
    """`modeltrail --version` loads neither the catalog nor any heavy dependency."""
    code = ("import sys; from scanner.cli import main; main(['--version']); "
            "heavy = {'yaml', 'requests', 'jinja2', 'libcst', 'tree_sitter', 'scanner.catalog'} & set(sys.modules); "
            "print(sorted(heavy))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.stdout.strip().splitlines() == [f"modeltrail, version {__version__}", "[]"]


def test_an_internal_error_exits_2_not_1(repo: Path, capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Exit 1 means "findings": a crash must never be mistaken for it."""
    import scanner.api

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(scanner.api, "scan", broken)
    assert main(["scan", str(repo)]) == 2
    assert "error: internal error: RuntimeError: disk on fire" in capsys.readouterr().err


@pytest.mark.parametrize("output", ["stdout", "file"])
def test_the_console_script_exits_at_once_with_everything_written(repo: Path, tmp_path: Path,
                                                                   output: str) -> None:
    """`modeltrail` ends with os._exit after main() (no interpreter teardown): its report
    must still be whole, on a pipe and in a file, and its exit code main()'s."""
    script = Path(sys.executable).with_name("modeltrail")
    if not script.exists():
        pytest.skip("the console script is not installed next to this Python")
    target = tmp_path / "report.json"
    args = [str(script), "scan", str(repo), "--format", "json", "--today", "2026-11-25"]
    if output == "file":
        args += ["--output", str(target)]
    proc = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr  # a retired model: findings
    report = json.loads(target.read_text() if output == "file" else proc.stdout)
    assert sorted(r["path"] for r in report["references"]) == ["app/llm.py", "app/other.py"]
    clean = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=60)
    assert (clean.returncode, clean.stdout.strip()) == (0, f"modeltrail, version {__version__}")
