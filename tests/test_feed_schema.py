"""The run-time feed validator (scanner.feed_schema) reads the same schema files as
jsonschema and must agree with it, so the schema stays the single source of truth."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any, Callable

import jsonschema
import pytest

from scanner.feed_schema import SchemaUnsupported, validate, validate_feed

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = json.loads((ROOT / "rules" / "feed" / "feed.json").read_text(encoding="utf-8"))
SMALL = json.loads((Path(__file__).parent / "data" / "feeds" / "new.json").read_text(encoding="utf-8"))


def _schema(name: str) -> dict[str, Any]:
    return json.loads((ROOT / "rules" / "schema" / name).read_text(encoding="utf-8"))


def _jsonschema_ok(data: Any, name: str) -> bool:
    validator = jsonschema.Draft202012Validator(_schema(name), format_checker=jsonschema.FormatChecker())
    return not list(validator.iter_errors(data))


def _edit(fn: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    data = copy.deepcopy(SMALL)
    fn(data)
    return data


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def apply(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = data
        for p in parents:
            node = node[int(p)] if p.isdigit() else node[p]
        node[int(last) if last.isdigit() else last] = value
    return apply


def _delete(path: str) -> Callable[[dict[str, Any]], None]:
    def apply(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = data
        for p in parents:
            node = node[int(p)] if p.isdigit() else node[p]
        del node[last]
    return apply


CASES = [
    pytest.param(SMALL, [], id="valid"),
    pytest.param(_edit(_set("records.0.kind", None)), [], id="kind-null-for-imports"),
    pytest.param(_edit(_set("records.0.provenance", {"shutdown_on": "litellm:gpt-4o"})), [], id="provenance"),
    pytest.param(_edit(_set("imports", [{"format": "litellm", "source": "x.json", "records": 3}])), [], id="imports"),
    pytest.param(_edit(_set("schema_version", 2)), ["schema_version: must be 1, got 2"], id="schema-version"),
    pytest.param(_edit(_set("generated_at", "2026-13-01")),
                 ["generated_at: '2026-13-01' does not match ^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"],
                 id="bad-month"),
    pytest.param(_edit(_set("records.1.shutdown_on", "2026-02-30")),
                 ["records[1].shutdown_on: '2026-02-30' is not a calendar date"], id="not-a-calendar-date"),
    pytest.param(_edit(_delete("records.2.sources")), ["records[2]: missing required field 'sources'"],
                 id="missing-sources"),
    pytest.param(_edit(_set("records.2.sources", [])), ["records[2].sources: needs at least 1 item(s)"],
                 id="empty-sources"),
    pytest.param(_edit(_set("records.2.sources", ["ftp://x"])),
                 ["records[2].sources[0]: 'ftp://x' does not match ^https?://[^\\s]+$"], id="source-not-http"),
    pytest.param(_edit(_set("records.0.extra", 1)), ["records[0]: unknown field 'extra'"], id="unknown-field"),
    pytest.param(_edit(_set("records.0.replacement", "gpt 5")),
                 ["records[0].replacement: 'gpt 5' does not match ^[A-Za-z0-9][A-Za-z0-9._:/@+-]*$"],
                 id="replacement-with-space"),
    pytest.param(_edit(_set("records.0.shutdown_is_earliest", "yes")),
                 ['records[0].shutdown_is_earliest: expected boolean, got str "yes"'], id="bool-as-string"),
    pytest.param(_edit(_set("records", {})), ["records: expected array, got dict {}"], id="records-not-a-list"),
    pytest.param([], ["the document: expected object, got list []"], id="not-an-object"),
]


@pytest.mark.parametrize(("data", "errors"), CASES)
def test_agrees_with_jsonschema(data: Any, errors: list[str]) -> None:
    assert validate(data, "feed.schema.json") == errors
    assert _jsonschema_ok(data, "feed.schema.json") == (errors == [])


def test_semantic_checks_beyond_the_schema() -> None:
    dup = _edit(lambda d: d["records"].append(copy.deepcopy(d["records"][0])))
    earliest = _edit(_set("records.0.shutdown_is_earliest", True))
    earliest["records"][0]["shutdown_on"] = None
    assert validate_feed(dup) == ["records[6]: duplicate of records[0] (anthropic claude-3-5-sonnet-20241022)"]
    assert validate_feed(earliest) == ["records[0].shutdown_is_earliest: true without a shutdown_on"]


def test_bundled_feed_is_valid_for_both() -> None:
    assert validate_feed(BUNDLED) == []
    assert _jsonschema_ok(BUNDLED, "feed.schema.json")


@pytest.mark.parametrize(("data", "ok"), [
    pytest.param({"schema_version": 1, "records": [{"provider": "openai", "model": "gpt-4o",
                                                    "shutdown_on": "2026-03-31", "replacement": "gpt-4.1"}]},
                 True, id="overlay-partial-record"),
    pytest.param({"schema_version": 1, "records": [{"provider": "openai"}]}, False, id="overlay-no-model"),
    pytest.param({"schema_version": 1, "records": [{"provider": "openai", "model": "gpt-4o",
                                                    "confidence": "high"}]}, False, id="overlay-unknown-field"),
])
def test_overlay_schema_agrees(data: Any, ok: bool) -> None:
    assert (validate(data, "overlay.schema.json") == []) == ok
    assert _jsonschema_ok(data, "overlay.schema.json") == ok


@pytest.mark.parametrize("name", ["feed.schema.json", "overlay.schema.json"])
def test_schemas_are_valid_2020_12(name: str) -> None:
    jsonschema.Draft202012Validator.check_schema(_schema(name))


def test_unsupported_keywords_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from scanner import feed_schema

    monkeypatch.setattr(feed_schema, "load_schema", lambda _name: {"type": "object", "maxProperties": 1})
    with pytest.raises(SchemaUnsupported, match="maxProperties"):
        validate({}, "feed.schema.json")
