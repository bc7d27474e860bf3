"""Check a feed (or an org overlay) against its JSON Schema in ``rules/schema/``.

A small interpreter for the subset of JSON Schema 2020-12 our schemas use, so that
``feed update`` and ``feed import`` validate without a runtime dependency on
``jsonschema`` (which pulls in four packages, one of them compiled, for one command).
The schema files stay the single source of truth: a keyword this interpreter does not
know is an error, never silently skipped, and ``tests/test_feed_schema.py`` checks
that it agrees with ``jsonschema`` on valid and invalid feeds.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import lru_cache
from typing import Any

from .catalog import rules_dir

# Keywords that only describe; they never reject a value.
_ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "$defs", "title", "description",
                          "default", "examples"})
_CHECKS = frozenset({"$ref", "type", "const", "enum", "pattern", "minLength", "required",
                     "properties", "additionalProperties", "items", "minItems", "uniqueItems",
                     "oneOf", "format", "minimum"})
_TYPES: dict[str, Any] = {
    "object": dict, "array": list, "string": str, "boolean": bool, "null": type(None),
}
MAX_ERRORS = 20


class SchemaUnsupported(ValueError):
    """The schema uses a keyword this interpreter does not implement."""


@lru_cache(maxsize=4)
def load_schema(name: str) -> dict[str, Any]:
    with open(rules_dir() / "schema" / name, encoding="utf-8") as fh:
        schema: dict[str, Any] = json.load(fh)
    return schema


def _is_type(value: Any, name: str) -> bool:
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, _TYPES[name])


def _where(path: str) -> str:
    return path or "the document"


class _Validator:
    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.errors: list[str] = []

    def resolve(self, ref: str) -> dict[str, Any]:
        if not ref.startswith("#/"):
            raise SchemaUnsupported(f"only local $ref is supported, not {ref!r}")
        node: Any = self.root
        for part in ref[2:].split("/"):
            node = node[part]
        return node  # type: ignore[no-any-return]

    def check(self, value: Any, schema: dict[str, Any], path: str) -> None:
        if len(self.errors) >= MAX_ERRORS:
            return
        unknown = set(schema) - _CHECKS - _ANNOTATIONS
        if unknown:
            raise SchemaUnsupported(f"schema keyword(s) {sorted(unknown)} are not supported")
        if "$ref" in schema:
            self.check(value, self.resolve(schema["$ref"]), path)
        if "oneOf" in schema:
            branches = [self._errors_of(value, option, path) for option in schema["oneOf"]]
            if sum(1 for b in branches if not b) != 1:
                # Report the branch of the right type ("not a date"), not "expected null".
                near = [b for b in branches if b and " expected " not in b[0]]
                self.errors.extend(near[0] if near else [
                    f"{_where(path)}: {json.dumps(value)[:80]} matches none of the allowed forms"])
                return
        if "type" in schema:
            names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
            if not any(_is_type(value, n) for n in names):
                self.errors.append(f"{_where(path)}: expected {' or '.join(names)}, "
                                   f"got {type(value).__name__} {json.dumps(value)[:60]}")
                return
        if "const" in schema and not _same(value, schema["const"]):
            self.errors.append(f"{_where(path)}: must be {json.dumps(schema['const'])}, "
                               f"got {json.dumps(value)[:60]}")
        if "enum" in schema and not any(_same(value, e) for e in schema["enum"]):
            self.errors.append(f"{_where(path)}: {json.dumps(value)[:60]} is not one of "
                               f"{', '.join(json.dumps(e) for e in schema['enum'])}")
        if isinstance(value, str):
            self._string(value, schema, path)
        elif isinstance(value, dict):
            self._object(value, schema, path)
        elif isinstance(value, list):
            self._array(value, schema, path)
        elif "minimum" in schema and _is_type(value, "number") and value < schema["minimum"]:
            self.errors.append(f"{_where(path)}: {value} is below the minimum {schema['minimum']}")

    def _errors_of(self, value: Any, schema: dict[str, Any], path: str) -> list[str]:
        sub = _Validator(self.root)
        sub.check(value, schema, path)
        return sub.errors

    def _string(self, value: str, schema: dict[str, Any], path: str) -> None:
        if len(value) < schema.get("minLength", 0):
            self.errors.append(f"{_where(path)}: must not be empty")
        if "pattern" in schema and not re.search(schema["pattern"], value):
            self.errors.append(f"{_where(path)}: {value!r} does not match {schema['pattern']}")
        elif schema.get("format") == "date":
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                self.errors.append(f"{_where(path)}: {value!r} is not a calendar date")

    def _object(self, value: dict[str, Any], schema: dict[str, Any], path: str) -> None:
        for key in schema.get("required", ()):
            if key not in value:
                self.errors.append(f"{_where(path)}: missing required field {key!r}")
        props = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        for key, item in value.items():
            sub = f"{path}.{key}" if path else key
            if key in props:
                self.check(item, props[key], sub)
            elif extra is False:
                self.errors.append(f"{_where(path)}: unknown field {key!r}")
            elif isinstance(extra, dict):
                self.check(item, extra, sub)

    def _array(self, value: list[Any], schema: dict[str, Any], path: str) -> None:
        if len(value) < schema.get("minItems", 0):
            self.errors.append(f"{_where(path)}: needs at least {schema['minItems']} item(s)")
        if schema.get("uniqueItems"):
            seen = [json.dumps(v, sort_keys=True) for v in value]
            if len(set(seen)) != len(seen):
                self.errors.append(f"{_where(path)}: items must be unique")
        if "items" in schema:
            for i, item in enumerate(value):
                self.check(item, schema["items"], f"{path}[{i}]")


def _same(a: Any, b: Any) -> bool:
    # JSON Schema equality: 1 and true differ, 1 and 1.0 do not.
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return bool(a == b)


def validate(data: Any, schema_name: str) -> list[str]:
    """Readable problems with ``data`` (empty when valid), at most :data:`MAX_ERRORS`."""
    validator = _Validator(load_schema(schema_name))
    validator.check(data, validator.root, "")
    return validator.errors


def validate_feed(data: Any) -> list[str]:
    """Schema problems plus what a schema cannot say: unique record keys."""
    errors = validate(data, "feed.schema.json")
    if errors or not isinstance(data, dict):
        return errors
    seen: dict[tuple[Any, Any, Any], int] = {}
    for i, rec in enumerate(data["records"]):
        key = (rec["provider"], rec["model"], rec["version"])
        if key in seen:
            errors.append(f"records[{i}]: duplicate of records[{seen[key]}] "
                          f"({rec['provider']} {rec['model']}"
                          + (f" version {rec['version']}" if rec["version"] else "") + ")")
        seen.setdefault(key, i)
        if rec["shutdown_is_earliest"] and rec["shutdown_on"] is None:
            errors.append(f"records[{i}].shutdown_is_earliest: true without a shutdown_on")
        if len(errors) >= MAX_ERRORS:
            break
    return errors


def validate_overlay(data: Any) -> list[str]:
    return validate(data, "overlay.schema.json")
