"""``feed diff OLD NEW``: exactly the changed records, and with ``--scan`` exactly the
references whose status, shutdown date or replacement moved."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from scanner.cli import main
from scanner.feed import load_feed
from scanner.feed_diff import diff_feeds
from tests.helpers import make_repo

DATA = Path(__file__).resolve().parent / "data" / "feeds"
OLD, NEW = str(DATA / "old.json"), str(DATA / "new.json")
TODAY = dt.date(2026, 11, 25)


def test_diff_lists_exactly_the_changed_records() -> None:
    changes = diff_feeds(load_feed(OLD), load_feed(NEW), today=TODAY)
    assert [(c.provider, c.model, c.kinds, c.changes) for c in changes] == [
        ("anthropic", "claude-3-5-sonnet-20241022", ("new-replacement",),
         (("replacement", "claude-sonnet-4-20250514", "claude-sonnet-4-5-20250929"),)),
        # gemini-1.5-pro-002 changed only its notes and confidence: not a lifecycle change.
        ("mistral", "mistral-large-2402", ("removed-record",), (("status", "retired", None),)),
        ("openai", "gpt-4-0613", ("new-deprecation", "shutdown-earlier"),
         (("announced_on", None, "2026-11-02"), ("shutdown_on", "2027-06-06", "2027-03-01"),
          ("status", "active", "deprecated"))),
        ("openai", "gpt-4o-2024-08-06", ("new-record", "new-deprecation", "new-replacement"),
         (("announced_on", None, "2026-10-14"), ("shutdown_on", None, "2027-01-14"),
          ("replacement", None, "gpt-6-luna"), ("status", None, "deprecated"))),
        ("openai", "o1-preview", ("new-record", "retired", "new-replacement"),
         (("announced_on", None, "2025-04-28"), ("shutdown_on", None, "2026-07-28"),
          ("replacement", None, "o3"), ("status", None, "retired"))),
    ]


def test_identical_feeds_have_no_diff(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["feed", "diff", NEW, NEW, "--today", "2026-11-25"]) == 0
    assert "0 record(s) changed" in capsys.readouterr().out


def test_the_date_decides_the_status_change() -> None:
    # Seen from 2027-07-01 gpt-4-0613 is retired under both feeds: the date moved, the
    # status did not.
    changes = {c.model: c for c in diff_feeds(load_feed(OLD), load_feed(NEW), today=dt.date(2027, 7, 1))}
    assert changes["gpt-4-0613"].kinds == ("shutdown-earlier",)
    assert changes["gpt-4-0613"].changes == (("announced_on", None, "2026-11-02"),
                                             ("shutdown_on", "2027-06-06", "2027-03-01"))


SOURCES = {
    "app/llm.py": (
        "from openai import OpenAI\n"
        "client = OpenAI()\n"
        'FAST = "gpt-4o"\n'
        'LEGACY = "gpt-4-0613"\n'
        'OLD = "gpt-3.5-turbo-0613"\n'
        "client.chat.completions.create(model=FAST, messages=[])\n"),
    "config/models.yaml": "writer:\n  model: claude-3-5-sonnet-20241022\nsummary:\n  model: gpt-4o-2024-08-06\n",
}


def test_diff_with_scan_lists_the_affected_references(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(tmp_path / "repo", SOURCES)
    code = main(["feed", "diff", OLD, NEW, "--scan", str(repo), "--today", "2026-11-25",
                 "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 1
    assert [(a["path"], a["line"], a["column"], a["text"], a["old"], a["new"]) for a in out["affected"]] == [
        ("app/llm.py", 3, 9, "gpt-4o",  # an alias lives as long as the snapshot it resolves to
         {"status": "active", "shutdown_on": None, "replacement": None},
         {"status": "deprecated", "shutdown_on": "2027-01-14", "replacement": "gpt-6-luna"}),
        ("app/llm.py", 4, 11, "gpt-4-0613",
         {"status": "active", "shutdown_on": "2027-06-06", "replacement": "gpt-4.1"},
         {"status": "deprecated", "shutdown_on": "2027-03-01", "replacement": "gpt-4.1"}),
        ("config/models.yaml", 2, 10, "claude-3-5-sonnet-20241022",
         {"status": "retired", "shutdown_on": "2025-10-22", "replacement": "claude-sonnet-4-20250514"},
         {"status": "retired", "shutdown_on": "2025-10-22", "replacement": "claude-sonnet-4-5-20250929"}),
        ("config/models.yaml", 4, 10, "gpt-4o-2024-08-06",
         {"status": "active", "shutdown_on": None, "replacement": None},
         {"status": "deprecated", "shutdown_on": "2027-01-14", "replacement": "gpt-6-luna"}),
    ]
    assert [c["model"] for c in out["changes"]] == [
        "claude-3-5-sonnet-20241022", "mistral-large-2402", "gpt-4-0613", "gpt-4o-2024-08-06", "o1-preview"]


def test_diff_text_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(tmp_path / "repo", {"app/llm.py": SOURCES["app/llm.py"]})
    assert main(["feed", "diff", OLD, NEW, "--scan", str(repo), "--today", "2026-11-25"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[1:4] == ["5 record(s) changed", "  anthropic claude-3-5-sonnet-20241022: new-replacement",
                        "      replacement: claude-sonnet-4-20250514 -> claude-sonnet-4-5-20250929"]
    assert out[-3:] == [
        "2 reference(s) in the scanned code newly affected",
        "  app/llm.py:3:9  gpt-4o  (openai): status active -> deprecated; shutdown none -> 2027-01-14; "
        "replacement none -> gpt-6-luna",
        "  app/llm.py:4:11  gpt-4-0613  (openai): status active -> deprecated; shutdown 2027-06-06 -> 2027-03-01",
    ]


def test_unaffected_repository_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(tmp_path / "repo", {"app.py": 'MODEL = "gpt-3.5-turbo-0613"\n'})
    assert main(["feed", "diff", OLD, NEW, "--scan", str(repo), "--today", "2026-11-25"]) == 0
    assert capsys.readouterr().out.endswith("0 reference(s) in the scanned code newly affected\n")


def test_diff_of_a_file_that_is_not_a_feed_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 7, "records": []}', encoding="utf-8")
    assert main(["feed", "diff", OLD, str(bad)]) == 2
    assert capsys.readouterr().err == (f"error: {bad}: schema_version 7 is not one this modeltrail "
                                       "reads (1); upgrade modeltrail\n")
