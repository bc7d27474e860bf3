"""Status as of ``--today``, the stale-feed warning, an org overlay's dates winning over the
provider's, and ``explain`` telling what the policy says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner.cli import main
from tests.helpers import make_repo

FEEDS = Path(__file__).resolve().parent / "data" / "feeds"
APP = 'from openai import OpenAI\nSUMMARY = "gpt-4o-2024-08-06"\nLEGACY = "gpt-4-0613"\n'


def _refs(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, object]]:
    code = main(["scan", *args, "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(("today", "expected", "code"), [
    pytest.param("2026-11-25", [("gpt-4o-2024-08-06", "deprecated"), ("gpt-4-0613", "deprecated")], 0,
                 id="before-shutdown"),
    pytest.param("2027-01-14", [("gpt-4o-2024-08-06", "retired"), ("gpt-4-0613", "deprecated")], 1,
                 id="on-the-shutdown-day"),
    pytest.param("2027-03-01", [("gpt-4o-2024-08-06", "retired"), ("gpt-4-0613", "retired")], 1,
                 id="both-gone"),
])
def test_today_makes_status_reproducible(tmp_path: Path, capsys: pytest.CaptureFixture[str], today: str,
                                         expected: list[tuple[str, str]], code: int) -> None:
    repo = make_repo(tmp_path / "repo", {"app.py": APP})
    got_code, out = _refs(capsys, str(repo), "--feed", str(FEEDS / "new.json"), "--today", today)
    assert [(r["text"], r["status"]) for r in out["references"]] == expected  # type: ignore[attr-defined]
    assert got_code == code


def test_the_older_feed_knew_less(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(tmp_path / "repo", {"app.py": APP})
    _code, out = _refs(capsys, str(repo), "--feed", str(FEEDS / "old.json"), "--today", "2026-11-25")
    assert [(r["text"], r["status"], r["shutdown_on"]) for r in out["references"]] == [  # type: ignore[attr-defined]
        ("gpt-4o-2024-08-06", "active", None), ("gpt-4-0613", "active", "2027-06-06")]


def test_stale_feed_warns_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(tmp_path / "repo", {"app.py": APP, ".modeltrail.toml": "feed-max-age-days = 30\n"})
    assert main(["scan", str(repo), "--feed", str(FEEDS / "new.json"), "--today", "2027-01-01",
                 "-o", str(tmp_path / "out.txt"), "--fail-on", "none"]) == 0
    assert capsys.readouterr().err == (
        "modeltrail: warning: the deprecation feed in use was generated on 2026-11-25, 37 days ago "
        "(more than feed-max-age-days = 30); providers move dates every month: run `modeltrail feed update`\n")
    assert main(["scan", str(repo), "--feed", str(FEEDS / "new.json"), "--today", "2026-12-25",
                 "-o", str(tmp_path / "out.txt"), "--fail-on", "none"]) == 0
    assert capsys.readouterr().err == ""


OVERLAY = {
    "schema_version": 1,
    "publisher": "platform team (wiki/LLM-lifecycle)",
    "records": [
        # Internally we stop using gpt-4o-2024-08-06 on 2026-12-01, and approve gpt-5.4-mini.
        {"provider": "openai", "model": "gpt-4o-2024-08-06", "shutdown_on": "2026-12-01",
         "replacement": "gpt-5.4-mini", "notes": "internal cut-over, ticket PLAT-311"},
        # A model the provider has no date for yet: our own deadline.
        {"provider": "openai", "model": "gpt-4-0613", "replacement": "gpt-4.1-2025-04-14"},
    ],
}


@pytest.fixture()
def overlay_repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo", {
        "app.py": APP,
        "ops/model-overlay.json": json.dumps(OVERLAY, indent=1),
        ".modeltrail.toml": 'overlay = "ops/model-overlay.json"\n',
    })


def test_overlay_wins_over_the_provider(overlay_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _refs(capsys, str(overlay_repo), "--feed", str(FEEDS / "new.json"), "--today", "2026-12-02")
    refs = [(r["path"], r["text"], r["status"], r["shutdown_on"], r["replacement"])
            for r in out["references"]]  # type: ignore[attr-defined]
    # The overlay file lists model ids but is not scanned as code.
    assert refs == [("app.py", "gpt-4o-2024-08-06", "retired", "2026-12-01", "gpt-5.4-mini"),
                    ("app.py", "gpt-4-0613", "deprecated", "2027-03-01", "gpt-4.1-2025-04-14")]
    assert code == 1
    assert out["feed"] == {"generated_at": "2026-11-25", "source": "tests/data/feeds (hand-written)",
                           "overlay": str(overlay_repo / "ops" / "model-overlay.json")}


def test_explain_shows_overlay_and_policy(overlay_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (overlay_repo / ".modeltrail.toml").write_text(
        'overlay = "ops/model-overlay.json"\ndeny = ["gpt-4o-*"]\nescalate-days = 30\n', encoding="utf-8")
    config = str(overlay_repo / ".modeltrail.toml")
    assert main(["explain", "gpt-4o-2024-08-06", "--today", "2026-11-25", "--config", config,
                 "--feed", str(FEEDS / "new.json")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "gpt-4o-2024-08-06"
    assert "  shutdown:     2026-12-01, 6 days from today" in out
    assert "  replacement:  gpt-5.4-mini" in out
    assert "  notes:        internal cut-over, ticket PLAT-311" in out
    assert out[-5:] == [
        f"  feed:         {FEEDS / 'new.json'} (generated 2026-11-25)",
        f"  org overlay:  {overlay_repo / 'ops' / 'model-overlay.json'} sets notes, replacement, shutdown_on",
        f"  policy:       {config}; warn-days 180, escalate-days 30",
        "  in code:      MT002 high: gpt-4o-2024-08-06 shuts down on 2026-12-01, in 6 days; migrate to gpt-5.4-mini",
        f"  in code:      MT006 high: gpt-4o-2024-08-06 is denied by the policy (deny: 'gpt-4o-*' in {config})",
    ]


def test_a_broken_overlay_exits_2(overlay_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (overlay_repo / "ops" / "model-overlay.json").write_text(
        '{"schema_version": 1, "records": [{"provider": "openai", "model": "gpt-4o", "shutdown_on": "soon"}]}',
        encoding="utf-8")
    assert main(["scan", str(overlay_repo)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {overlay_repo / 'ops' / 'model-overlay.json'}: not a valid overlay feed: "
                          "records[0].shutdown_on: 'soon' does not match")
