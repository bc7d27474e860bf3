"""``feed import``: deprecations.info and litellm datasets merged into a feed, with their
quirks handled and every imported value traceable to its row."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from scanner.cli import main
from scanner.feed_schema import validate_feed

DATA = Path(__file__).resolve().parent / "data"
BASE = str(DATA / "feeds" / "old.json")


def _import(tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str, source: str,
            *extra: str) -> tuple[dict[tuple[str, str, str | None], dict[str, Any]], dict[str, Any], str]:
    out = tmp_path / f"{fmt}.json"
    assert main(["feed", "import", "--format", fmt, source, "--base", BASE, "--today", "2026-11-25",
                 "-o", str(out), *extra]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert validate_feed(data) == []
    records = {(r["provider"], r["model"], r["version"]): r for r in data["records"]}
    return records, data, capsys.readouterr().out


def test_deprecations_info(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = str(DATA / "imports" / "deprecations-info.json")
    records, data, out = _import(tmp_path, capsys, "deprecations-info", source)
    assert out == (f"{source}: 5 row(s) with lifecycle facts; 3 record(s) added, 1 changed, 3 value(s) "
                   f"kept from the base (--prefer base); wrote {tmp_path / 'deprecations-info.json'}\n"
                   "  skipped 1: model_id is not an API id\n"
                   "  skipped 1: provider 'Hugging Face' not covered\n")
    assert data["generated_at"] == "2026-11-25"
    assert [{k: v for k, v in i.items() if k != "sha256"} for i in data["imports"]] == [
        {"format": "deprecations-info", "source": source, "records": 4}]
    # Bedrock: the id gains the ":0" revision the catalog spells; the earliest regional date.
    assert records[("aws_bedrock", "anthropic.claude-3-sonnet-20240229-v1:0", None)] | {} == {
        "provider": "aws_bedrock", "model": "anthropic.claude-3-sonnet-20240229-v1:0", "version": None,
        "kind": "chat", "announced_on": "2026-01-30", "shutdown_on": "2026-07-30",
        "shutdown_is_earliest": False, "replacement": None, "alias_target": None, "status_hint": "retired",
        "sources": ["https://docs.aws.amazon.com/bedrock/latest/userguide/model-lifecycle.html"],
        "confidence": "medium",
        "notes": "deprecations.info: announced_on is the day the notice was first seen; regional dates "
                 "differ; the earliest is used",
        "provenance": {"announced_on": "deprecations-info:AWS Bedrock/anthropic.claude-3-sonnet-20240229-v1:0",
                       "shutdown_on": "deprecations-info:AWS Bedrock/anthropic.claude-3-sonnet-20240229-v1:0"}}
    assert ("aws_bedrock", "amazon.nova-premier-v1:0", None) in records
    # Of two notices for one model the one seen last wins; the base keeps its date, the
    # dataset fills the gap (announced_on) and its other claim goes to the notes.
    gpt4 = records[("openai", "gpt-4-0613", None)]
    assert (gpt4["announced_on"], gpt4["shutdown_on"], gpt4["replacement"]) == ("2026-11-02", "2027-06-06", "gpt-4.1")
    assert gpt4["notes"] == ("deprecations.info: announced_on is the day the notice was first seen; "
                             "replacements named: gpt-4.1, gpt-5; deprecations-info says shutdown_on 2027-03-01")
    assert gpt4["provenance"] == {"announced_on": "deprecations-info:OpenAI/gpt-4-0613"}
    # An outvoted dataset is named in the notes, not in the sources.
    claude = records[("anthropic", "claude-3-5-sonnet-20241022", None)]
    assert claude["sources"] == ["https://platform.claude.com/docs/en/about-claude/model-deprecations"]
    assert claude["notes"] == ("deprecations-info says shutdown_on 2025-10-28; deprecations-info says "
                               "replacement claude-sonnet-4-5-20250929")
    assert "provenance" not in claude


def test_prefer_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    records, _, _ = _import(tmp_path, capsys, "deprecations-info",
                            str(DATA / "imports" / "deprecations-info.json"), "--prefer", "import")
    claude = records[("anthropic", "claude-3-5-sonnet-20241022", None)]
    assert (claude["shutdown_on"], claude["replacement"]) == ("2025-10-28", "claude-sonnet-4-5-20250929")
    assert claude["provenance"] == {
        "replacement": "deprecations-info:Anthropic/claude-3-5-sonnet-20241022",
        "shutdown_on": "deprecations-info:Anthropic/claude-3-5-sonnet-20241022"}


def test_json_feed_form(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = json.loads((DATA / "imports" / "deprecations-info.json").read_text(encoding="utf-8"))
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "AI Model Deprecations",
            "items": [{"id": f"{r['provider']}-{r['model_id']}".lower(), "url": r["url"],
                       "content_text": r["deprecation_context"],
                       "_deprecation": {k: r[k] for k in ("provider", "model_id", "shutdown_date",
                                                          "announcement_date", "replacement_models",
                                                          "first_observed", "last_observed")}}
                      for r in rows]}
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(feed), encoding="utf-8")
    from_feed, _, _ = _import(tmp_path, capsys, "deprecations-info", str(path))
    from_rows, _, _ = _import(tmp_path, capsys, "deprecations-info", str(DATA / "imports" / "deprecations-info.json"))
    assert from_feed == from_rows


def test_litellm(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = str(DATA / "imports" / "litellm.json")
    records, _, out = _import(tmp_path, capsys, "litellm", source)
    assert out.splitlines()[1:] == ["  skipped 1: litellm_provider 'fireworks_ai' not covered"]
    # azure/gpt-35-turbo-0613 is Azure's (name, version) pair; the successor loses its route.
    azure = records[("azure_openai", "gpt-35-turbo", "0613")]
    assert (azure["shutdown_on"], azure["replacement"], azure["status_hint"], azure["sources"]) == (
        "2025-02-13", "gpt-4o-mini", "retired",
        ["https://learn.microsoft.com/azure/ai-foundry/openai/concepts/legacy-models"])
    # A regional Bedrock key names the model; without deprecation_source litellm's file is cited.
    bedrock = records[("aws_bedrock", "anthropic.claude-3-sonnet-20240229-v1:0", None)]
    assert (bedrock["shutdown_on"], bedrock["sources"], bedrock["provenance"]) == (
        "2026-07-30", ["https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json"],
        {"shutdown_on": "litellm:bedrock/us-east-1/anthropic.claude-3-sonnet-20240229-v1:0"})
    assert records[("google_vertex_ai", "claude-3-opus", None)]["shutdown_on"] == "2025-08-01"
    assert records[("openai", "gpt-4o-2024-08-06", None)]["shutdown_on"] == "2027-01-14"
    # litellm's alias_of is its own shortcut, not a provider alias; entries without
    # lifecycle facts add nothing; the base's date wins over litellm's.
    assert ("anthropic", "claude-sonnet-latest", None) not in records
    assert ("google_gemini_api", "gemini-2.0-flash-001", None) not in records
    assert records[("openai", "gpt-4-0613", None)]["shutdown_on"] == "2027-06-06"


def test_imported_feed_drives_a_scan(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _import(tmp_path, capsys, "litellm", str(DATA / "imports" / "litellm.json"))
    app = tmp_path / "app.py"
    app.write_text('MODEL = "gpt-4o-2024-08-06"\n', encoding="utf-8")
    assert main(["scan", str(app), "--feed", str(tmp_path / "litellm.json"), "--today", "2026-11-25",
                 "--format", "json", "--fail-on", "none"]) == 0
    ref = json.loads(capsys.readouterr().out)["references"][0]
    assert (ref["status"], ref["shutdown_on"], ref["replacement"]) == ("deprecated", "2027-01-14", "gpt-6-luna")


@pytest.mark.parametrize(("fmt", "content", "message"), [
    pytest.param("litellm", "[1, 2]", "not a litellm model file", id="litellm-not-an-object"),
    pytest.param("deprecations-info", '{"a": 1}', "not a deprecations.info file", id="di-not-a-list"),
    pytest.param("litellm", '{"gpt-4o": ', "not valid JSON", id="truncated"),
])
def test_bad_datasets_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str, content: str,
                             message: str) -> None:
    src = tmp_path / "in.json"
    src.write_text(content, encoding="utf-8")
    out = tmp_path / "out.json"
    assert main(["feed", "import", "--format", fmt, str(src), "--base", BASE, "-o", str(out)]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()
