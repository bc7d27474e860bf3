"""SARIF 2.1.0: schema-valid for every fixture, rule metadata from RULES, relative
locations, and fingerprints that survive code moving."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from scanner.api import ScanOptions, scan
from scanner.cli import main
from scanner.report import sarif
from scanner.rules import RULES
from tests.helpers import TODAY, make_repo
from tests.test_reporters import RESULT

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted(p for p in (ROOT / "fixtures").iterdir() if p.is_dir())
# The schema sits in the shared folder beside the repository (../shared in CI). Its
# NOTICE does not grant copying it into the repository, so it is read in place.
SCHEMA_PATH = ROOT.parent / "shared" / "schemas" / "sarif-2.1.0.json"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft4Validator:
    if not SCHEMA_PATH.is_file():
        pytest.fail(f"the SARIF 2.1.0 schema is missing: expected {SCHEMA_PATH} (the shared "
                    "folder beside the repository, ../shared/schemas/)", pytrace=False)
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema)


def errors_of(validator: jsonschema.Draft4Validator, doc: dict[str, Any]) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(doc)]


@pytest.mark.parametrize("fixture", FIXTURES, ids=[p.name for p in FIXTURES])
def test_every_fixture_validates(fixture: Path, validator: jsonschema.Draft4Validator) -> None:
    result = scan([str(fixture)], ScanOptions(today=TODAY, jobs=1, extra_excludes=("expected.json",)))
    doc = json.loads(sarif.render(result))
    assert errors_of(validator, doc) == []
    run = doc["runs"][0]
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": fixture.resolve().as_uri() + "/"}}
    results = run["results"]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
             r["locations"][0]["physicalLocation"]["region"]["startLine"],
             r["locations"][0]["physicalLocation"]["region"]["startColumn"]) for r in results] == [
        (f.rule, f.reference.path.replace(" ", "%20"), f.reference.line, f.reference.column)
        for f in result.findings]
    rules = run["tool"]["driver"]["rules"]
    for r in results:
        location = r["locations"][0]["physicalLocation"]["artifactLocation"]
        assert location["uriBaseId"] == "%SRCROOT%"
        assert not location["uri"].startswith(("/", "file:")) and ":" not in location["uri"]
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
    prints = [r["partialFingerprints"]["modeltrail/v1"] for r in results]
    assert len(set(prints)) == len(prints)


def test_small_result_validates_with_errors_and_no_root(validator: jsonschema.Draft4Validator) -> None:
    import dataclasses

    doc = json.loads(sarif.render(dataclasses.replace(RESULT, root="")))
    assert errors_of(validator, doc) == []
    run = doc["runs"][0]
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"description": {"text": "The directory that was scanned."}}}
    assert run["invocations"][0]["toolExecutionNotifications"] == [{
        "level": "warning", "message": {"text": "file is 9,000,000 bytes, over the limit; skipped"},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": "data/huge.json",
                                                                 "uriBaseId": "%SRCROOT%"}}}]}]
    first = run["results"][0]
    assert first["ruleId"] == "MT001"
    assert first["level"] == "warning"
    assert first["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 7, "startColumn": 47, "endLine": 7, "endColumn": 53, "snippet": {"text": "gpt-4o"}}
    assert first["message"]["text"] == ("gpt-4o is a floating alias; pin gpt-4o-2024-08-06. To fix: "
                                        "`modeltrail fix --pin-only --write app/llm.py` writes the pin.")
    assert first["properties"] == {"severity": "medium", "context": "code", "language": "python",
                                   "provider": "openai", "model": "gpt-4o", "pinned": False,
                                   "status": "active", "resolvesTo": "gpt-4o-2024-08-06"}
    assert [r["level"] for r in run["results"]] == ["warning", "error", "warning", "note"]


@pytest.mark.parametrize("rule_id", list(RULES))
def test_rule_metadata_comes_from_rules(rule_id: str) -> None:
    rule = RULES[rule_id]
    meta = {r["id"]: r for r in sarif.as_dict(RESULT)["runs"][0]["tool"]["driver"]["rules"]}[rule_id]
    assert meta["name"] == rule.name
    assert meta["shortDescription"] == {"text": rule.summary}
    assert meta["fullDescription"]["text"].startswith(rule.summary + ". ")
    assert rule.help in meta["help"]["text"] and rule.help in meta["help"]["markdown"]
    assert f"modeltrail: ignore[{rule_id}]" in meta["help"]["text"]
    assert meta["helpUri"] == f"{sarif.PROJECT_URL}/blob/main/README.md#findings"
    tags = meta["properties"]["tags"]
    assert "llm" in tags and len(tags) == len(set(tags))
    score = float(meta["properties"]["security-severity"])
    band = {"critical": (9.0, 10.0), "high": (7.0, 8.9), "medium": (4.0, 6.9), "low": (0.1, 3.9),
            "info": (0.0, 3.9)}[rule.severity]
    assert band[0] <= score <= band[1]
    assert meta["defaultConfiguration"]["level"] == sarif.LEVEL[rule.severity]


BEFORE = '''\
from openai import OpenAI

client = OpenAI()


def draft(prompt):
    return client.chat.completions.create(model="gpt-4o", messages=[])


def review(prompt):
    return client.chat.completions.create(model="gpt-4o", messages=[])
'''
# The same calls after a refactor: an import and a helper above them, new blank lines.
AFTER = '''\
"""Drafting and reviewing."""
import logging

from openai import OpenAI

log = logging.getLogger(__name__)
client = OpenAI()


def _log(prompt):
    log.info("prompt of %d chars", len(prompt))


def draft(prompt):
    _log(prompt)
    return client.chat.completions.create(model="gpt-4o", messages=[])



def review(prompt):
    return client.chat.completions.create(model="gpt-4o", messages=[])
'''


def _prints(root: Path) -> list[tuple[str, int, str]]:
    doc = sarif.as_dict(scan([str(root)], ScanOptions(today=TODAY, jobs=1)))
    return [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"],
             r["partialFingerprints"]["modeltrail/v1"]) for r in doc["runs"][0]["results"]]


def test_fingerprints_survive_moved_lines(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "svc", {"app/llm.py": BEFORE})
    before = _prints(repo)
    (repo / "app" / "llm.py").write_text(AFTER, encoding="utf-8")
    after = _prints(repo)
    assert [line for _, line, _ in before] == [7, 7, 11, 11]
    assert [line for _, line, _ in after] == [16, 16, 21, 21]
    assert [(rule, fp) for rule, _, fp in before] == [(rule, fp) for rule, _, fp in after]
    # Two identical ids in one file: told apart by their order, not their line.
    assert before[0][2] != before[2][2]


def test_fingerprint_changes_with_the_model(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "svc", {"app/llm.py": BEFORE})
    before = _prints(repo)
    (repo / "app" / "llm.py").write_text(BEFORE.replace('"gpt-4o"', '"gpt-4o-mini"', 1), encoding="utf-8")
    after = _prints(repo)
    assert after[0][2] != before[0][2]


def test_uri_escaping(tmp_path: Path, validator: jsonschema.Draft4Validator) -> None:
    repo = make_repo(tmp_path / "svc", {"my app/ü#1.py": 'client.create(model="gpt-4o")\n'})
    doc = sarif.as_dict(scan([str(repo)], ScanOptions(today=TODAY, jobs=1)))
    assert errors_of(validator, doc) == []
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in doc["runs"][0]["results"]}
    assert uris == {"my%20app/%C3%BC%231.py"}


def test_cli_writes_valid_sarif(tmp_path: Path, validator: jsonschema.Draft4Validator,
                                capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(tmp_path / "svc", {"app/llm.py": BEFORE})
    out = tmp_path / "report.sarif"
    assert main(["scan", str(repo), "--format", "sarif", "-o", str(out), "--today", "2026-11-25",
                 "--fail-on", "medium"]) == 1
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert errors_of(validator, doc) == []
    assert doc["version"] == "2.1.0" and doc["$schema"] == sarif.SCHEMA_URI
