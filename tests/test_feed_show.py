"""``feed show`` and ``feed path``: what the feed in use says, and why it is the one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner.cli import main

FEEDS = Path(__file__).resolve().parent / "data" / "feeds"
BUNDLED = Path(__file__).resolve().parent.parent / "rules" / "feed" / "feed.json"


def test_show_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["feed", "show", "--feed", str(FEEDS / "new.json"), "--today", "2026-11-25"]) == 0
    assert capsys.readouterr().out == (
        f"{FEEDS / 'new.json'} (file)\n"
        "  publisher: modeltrail test fixture\n"
        "  generated: 2026-11-25\n"
        "  records: 6\n"
        "  providers: anthropic 1, google_gemini_api 1, openai 4\n"
        "  status as of 2026-11-25: deprecated 2, retired 4\n")


def test_show_model_on_every_platform(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["feed", "show", "gpt-35-turbo", "--today", "2026-11-25", "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [(r["provider"], r["model"], r["version"], r["status"]) for r in records] == [
        # 0125 and 1106 have only a passed "no sooner than" date and no source saying
        # what happened: unknown, not retired (docs/feed.md).
        ("azure_openai", "gpt-35-turbo", "0125", "unknown"),
        ("azure_openai", "gpt-35-turbo", "0301", "retired"),
        ("azure_openai", "gpt-35-turbo", "0613", "retired"),
        ("azure_openai", "gpt-35-turbo", "1106", "unknown"),
    ]


def test_show_text_record(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["feed", "show", "openai/gpt-4-0613", "--feed", str(FEEDS / "new.json"),
                 "--today", "2026-11-25"]) == 0
    assert capsys.readouterr().out == (
        "openai gpt-4-0613\n"
        "  kind:                 chat\n"
        "  announced_on:         2026-11-02\n"
        "  shutdown_on:          2027-03-01\n"
        "  shutdown_is_earliest: false\n"
        "  replacement:          gpt-4.1\n"
        "  status_hint:          deprecated\n"
        "  sources:              https://developers.openai.com/api/docs/deprecations\n"
        "  confidence:           high\n"
        "  status:               deprecated (as of 2026-11-25)\n")


def test_show_unknown_model_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["feed", "show", "gpt-4o-2024-08-06", "--feed", str(FEEDS / "old.json")]) == 1
    assert capsys.readouterr().err == f"gpt-4o-2024-08-06: no record in {FEEDS / 'old.json'}\n"


def test_path_without_a_cache(capsys: pytest.CaptureFixture[str], _isolated_feed_cache: Path) -> None:
    assert main(["feed", "path"]) == 0
    assert capsys.readouterr().out == (
        f"{BUNDLED}\n"
        "  bundled: bundled with modeltrail (no cached feed: run `modeltrail feed update`)\n"
        "  generated: 2026-11-25\n"
        f"  cache directory: {_isolated_feed_cache}\n")


def test_path_with_an_unreadable_feed_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "feed.json"
    bad.write_text('{"schema_version": 1, "generated_at": "2026-11-25", "records": [', encoding="utf-8")
    assert main(["feed", "path", "--feed", str(bad)]) == 2
    assert capsys.readouterr().err.startswith(f"error: {bad}: not valid JSON: ")
