#!/usr/bin/env python3
"""Build the provider catalog and the bundled deprecation feed from the reference dataset.

    python scripts/build_rules.py [--reference PATH] [--out DIR]

Reads ``../shared/reference/provider-lifecycles.yaml`` (relative to the repo root) and writes
``rules/providers/<provider>.yaml`` and ``rules/feed/feed.json`` under DIR (default: the repo
root). The output is a pure function of the reference: same input, same bytes (no clock, no
environment). ``render(reference)`` does no I/O, so other code can import and call it::

    spec = importlib.util.spec_from_file_location("build_rules", "scripts/build_rules.py")

Every record the reference carries is kept except the ids in ``DROPS`` (and any id with
whitespace); every value kept is the reference's except the fixes in ``CORRECTIONS``. Both
tables say why, and the build fails if one of them no longer matches the reference, so a new
reference gets re-checked rather than silently "fixed". docs/feed.md lists both.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_REFERENCE = REPO_ROOT.parent / "shared" / "reference" / "provider-lifecycles.yaml"
REFERENCE_LABEL = "shared/reference/provider-lifecycles.yaml"
FEED_PATH = "rules/feed/feed.json"
PUBLISHER = "modeltrail bundled snapshot"
SCHEMA_VERSION = 1

# An API model id: no whitespace, starts alphanumeric. Covers `ft:babbage-002`, `qwen/qwen3-32b`,
# `anthropic.claude-v2:1`, `text-bison@002`.
ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/@+-]*")
_TOKEN_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/@+-]*[A-Za-z0-9]|[A-Za-z0-9]")
_SUBSCRIPTION_RE = re.compile(r"/subscriptions/[0-9a-fA-F-]{36}/")

FT_REASON = (
    "dataset label for 'fine-tunes of {base}', not an id the API accepts (fine-tuned models are"
    " called as ft:<base>:<org>[:<suffix>]:<id>); its dates and replacement equal {equiv}'s"
)

# (provider, id) -> (reason, id of a kept record whose lifecycle facts must agree, or None).
DROPS: dict[tuple[str, str], tuple[str, str | None]] = {
    ("openai", "ft-babbage-002"): (FT_REASON.format(base="babbage-002", equiv="ft:babbage-002"), "ft:babbage-002"),
    ("openai", "ft-davinci-002"): (FT_REASON.format(base="davinci-002", equiv="ft:davinci-002"), "ft:davinci-002"),
    ("openai", "ft-gpt-3.5-turbo"): (FT_REASON.format(base="gpt-3.5-turbo", equiv="gpt-3.5-turbo"), "gpt-3.5-turbo"),
    ("openai", "ft-gpt-4"): (FT_REASON.format(base="gpt-4", equiv="gpt-4"), "gpt-4"),
    ("openai", "ft-gpt-4.1-nano-2025-04-14"): (
        FT_REASON.format(base="gpt-4.1-nano-2025-04-14", equiv="gpt-4.1-nano-2025-04-14"), "gpt-4.1-nano-2025-04-14"),
    ("openai", "ft-o4-mini-2025-04-16"): (
        FT_REASON.format(base="o4-mini-2025-04-16", equiv="o4-mini-2025-04-16"), "o4-mini-2025-04-16"),
    ("azure_openai", "container"): (
        "litellm pricing entry for Code Interpreter containers, not a model", None),
    ("aws_bedrock", "guardrails"): ("litellm pricing entry for Bedrock Guardrails, not a model", None),
    ("aws_bedrock", "anthropic.claude-haiku-4-5@20251001"): (
        "Vertex-style '@' version on a Bedrock id; Bedrock's id is"
        " anthropic.claude-haiku-4-5-20251001-v1:0 (kept)", "anthropic.claude-haiku-4-5-20251001-v1:0"),
    ("aws_bedrock", "claude-sonnet-4-5-20250929-v1:0"): (
        "Bedrock id without its 'anthropic.' vendor prefix; anthropic.claude-sonnet-4-5-20250929-v1:0"
        " (kept) carries the same shutdown date", "anthropic.claude-sonnet-4-5-20250929-v1:0"),
    ("aws_bedrock", "anthropic.claude-3-7-sonnet-20240620-v1:0"): (
        "no such model: Claude 3.7 Sonnet's snapshot is 20250219 (kept as"
        " anthropic.claude-3-7-sonnet-20250219-v1:0); 20240620 is Claude 3.5 Sonnet's date"
        " (erroneous litellm entry)", None),
    ("deepseek", "search"): ("litellm pricing entry for a web-search tool (kind: search), not a model", None),
}

# (provider, id, version) -> (reason, {field: (reference value, corrected value)}, extra source).
Correction = tuple[str, dict[str, tuple[Any, Any]], str | None]
_OPENAI_ALIAS_REASON = (
    "reference says is_alias false yet gives points_to {target}: by OpenAI's documented grammar a bare"
    " family name with a dated sibling is a floating alias (a dataset had labelled it a snapshot)"
)
_CIRCULAR_REASON = (
    "dated snapshot per OpenAI's grammar; the reference marked it an alias pointing back to its own"
    " undated alias {alias} (circular)"
)
_VERTEX_URL = "https://docs.cloud.google.com/gemini-enterprise-agent-platform/models/model-versions"
CORRECTIONS: dict[tuple[str, str, str | None], Correction] = {
    **{
        ("openai", alias_id, None): (
            _OPENAI_ALIAS_REASON.format(target=target), {"is_alias": (False, True)}, None)
        for alias_id, target in [
            ("gpt-3.5-turbo-instruct", "gpt-3.5-turbo-instruct-0914"),
            ("gpt-4o-mini-transcribe", "gpt-4o-mini-transcribe-2025-12-15"),
            ("gpt-5.1", "gpt-5.1-2025-11-13"),
            ("gpt-5.4-nano", "gpt-5.4-nano-2026-03-17"),
            ("gpt-audio", "gpt-audio-2025-08-28"),
            ("gpt-audio-mini", "gpt-audio-mini-2025-12-15"),
            ("gpt-realtime", "gpt-realtime-2025-08-28"),
            ("gpt-realtime-mini", "gpt-realtime-mini-2025-12-15"),
        ]
    },
    **{
        ("openai", snap, None): (
            _CIRCULAR_REASON.format(alias=alias), {"is_alias": (True, False), "points_to": (alias, None)}, None)
        for snap, alias in [("gpt-4-turbo-2024-04-09", "gpt-4-turbo"), ("gpt-4.1-nano-2025-04-14", "gpt-4.1-nano")]
    },
    **{
        ("aws_bedrock", old_id, None): (
            "Bedrock model ids carry their ':0' revision; the Legacy table's recommended id omits it",
            {"replacement": (rep, rep + ":0")}, None)
        for old_id, rep in [
            ("meta.llama2-13b-chat-v1", "meta.llama3-1-8b-instruct-v1"),
            ("meta.llama2-13b-v1", "meta.llama3-8b-instruct-v1"),
            ("meta.llama2-70b-chat-v1", "meta.llama3-1-70b-instruct-v1"),
            ("meta.llama2-70b-v1", "meta.llama3-70b-instruct-v1"),
        ]
    },
    **{
        ("azure_openai", "gpt-realtime-1.5", version): (
            "Azure names a model by (name, version): the replacement is gpt-realtime-2.1, version 2026-07-07",
            {"replacement": ("gpt-realtime-2.1-2026-07-07", "gpt-realtime-2.1")}, None)
        for version in (None, "2026-02-23")
    },
    ("openai", "ft:babbage-002", None): (
        "fine-tunes of a completion model: kind is completion, as for babbage-002", {"kind": ("chat", "completion")}, None),
    ("openai", "ft:davinci-002", None): (
        "fine-tunes of a completion model: kind is completion, as for davinci-002", {"kind": ("chat", "completion")}, None),
    ("google_vertex_ai", "gemini-2.0-flash-001", None): (
        "stale value from the 2025-10 page copy; provider-lifecycles.md: 'listed as 2026-02-05 in 2025-10;"
        " later sources give 2026-06-01' (as the reference's alias gemini-2.0-flash -> this id has)",
        {"shutdown_date": ("2026-02-05", "2026-06-01"), "confidence": ("high", "medium")}, _VERTEX_URL),
    ("google_vertex_ai", "gemini-2.0-flash-lite-001", None): (
        "stale value from the 2025-10 page copy, as for gemini-2.0-flash-001; the newer source gives"
        " 2026-06-01 for the alias gemini-2.0-flash-lite, which resolves to this (only) stable version",
        {"shutdown_date": ("2026-02-25", "2026-06-01"), "confidence": ("high", "medium")}, _VERTEX_URL),
    ("google_vertex_ai", "code-gecko", None): (
        "code-gecko is Codey's code-completion model, not an embedding model", {"kind": ("embedding", "completion")}, None),
    ("aws_bedrock", "amazon.titan-embed-text-v2:0", None): (
        "EOL 'no sooner than' 2024-04-30 equals the model's launch date (the launch date was read into"
        " the EOL column); no EOL date is known",
        {"shutdown_date": ("2024-04-30", None), "shutdown_is_earliest": (True, None)}, None),
    ("azure_openai", "ada", None): (
        "two models merged under one name: Microsoft's retired-models page retires the legacy 'ada'"
        " base model on 2024-06-14; 2028-02-09 is text-embedding-ada-002's date, from litellm's 'azure/ada'"
        " embedding key",
        {"shutdown_date": ("2028-02-09", "2024-06-14"), "status": ("deprecated", "retired"),
         "kind": ("embedding", "completion"), "confidence": ("medium", "high")},
        "https://learn.microsoft.com/azure/ai-foundry/openai/concepts/legacy-models"),
}


def load_reference(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as f:
        data = yaml.safe_load(f)
    if not isinstance(data, dict) or "providers" not in data or "meta" not in data:
        raise ValueError(f"{path}: not a provider-lifecycles reference (no meta/providers)")
    return data


def _redact(url: str) -> str:
    # litellm cites an ARM call with a real subscription id in the path; keep the call, not the id.
    return _SUBSCRIPTION_RE.sub("/subscriptions/{subscriptionId}/", url)


def _first_id(text: str) -> str | None:
    if ID_RE.fullmatch(text):
        return text
    for token in _TOKEN_RE.findall(text):
        if any(c.isdigit() for c in token) or "-" in token:
            return token
    return None


def _drop_reason(provider: str, model_id: str) -> str | None:
    if any(c.isspace() for c in model_id):
        return "contains whitespace: a product or feature name, not an API model id"
    if (provider, model_id) in DROPS:
        return DROPS[(provider, model_id)][0]
    if not ID_RE.fullmatch(model_id):
        return "not shaped like an API model id"
    return None


def _apply_corrections(provider: str, rec: dict[str, Any], used: set[tuple[str, str, str | None]]) -> list[str]:
    key = (provider, rec["id"], rec.get("version"))
    if key not in CORRECTIONS:
        return []
    reason, changes, source = CORRECTIONS[key]
    if source:
        # The corrected value traces to another page: cite it first, keep the reference's second.
        rec["_sources"] = [source, _redact(rec["source"])]
        rec["source"] = source
    for field, (old, new) in changes.items():
        if rec.get(field) != old:
            raise ValueError(f"correction {key} expects {field}={old!r}, reference has {rec.get(field)!r}")
        if new is None:
            rec.pop(field, None)
        else:
            rec[field] = new
    used.add(key)
    return [f"modeltrail correction ({', '.join(changes)}): {reason}"]


def _check_equivalent(provider: str, dropped: Mapping[str, Any], kept: Mapping[tuple[str, str | None], Mapping[str, Any]]) -> None:
    equiv_id = DROPS.get((provider, dropped["id"]), ("", None))[1]
    if equiv_id is None:
        return
    equiv = kept.get((equiv_id, None))
    if equiv is None:
        raise ValueError(f"drop {provider}/{dropped['id']}: equivalent {equiv_id} is not in the catalog")
    for field in ("shutdown_date", "deprecation_announced", "replacement"):
        if dropped.get(field) is not None and dropped.get(field) != equiv.get(field):
            raise ValueError(f"drop {provider}/{dropped['id']}: {field} differs from {equiv_id}; revisit the drop")


def _sort_key(entry: Mapping[str, Any]) -> tuple[str, str, int, str]:
    version = entry.get("version")
    return (entry["id"].casefold(), entry["id"], 0 if version is None else 1, version or "")


def _catalog_entry(rec: Mapping[str, Any]) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": rec["id"]}
    if "version" in rec:
        entry["version"] = rec["version"]
    entry["kind"] = rec["kind"]
    entry["alias"] = rec.get("is_alias")
    if rec.get("is_alias") is True and rec.get("points_to") and ID_RE.fullmatch(rec["points_to"]):
        entry["points_to"] = rec["points_to"]
    entry["source"] = _redact(rec["source"])
    return entry


def _notes(rec: Mapping[str, Any], extra: list[str]) -> str | None:
    notes = list(rec.get("notes", []))
    rep = rec.get("replacement")
    if rep and not ID_RE.fullmatch(rep):
        notes.append(f"replacement as published: {rep}")
    pt = rec.get("points_to")
    if pt and not ID_RE.fullmatch(pt):
        notes.append(f"alias target as published: {pt}")
    if rec.get("shutdown_inherited_from"):
        notes.append(f"shutdown date inherited from {rec['shutdown_inherited_from']}")
    if rec.get("shutdown_inferred_from_alias"):
        notes.append(f"shutdown date inferred from its alias {rec['shutdown_inferred_from_alias']}")
    if rec.get("extended_access_date"):
        notes.append(f"public extended access from {rec['extended_access_date']}")
    notes.extend(c if c.startswith("unverified") else f"sources disagree: {c}" for c in rec.get("conflicts", []))
    notes.extend(extra)
    text = "; ".join(" ".join(n.split()) for n in notes)
    return text or None


def _feed_record(provider: str, rec: Mapping[str, Any], entry: Mapping[str, Any], extra_notes: list[str]) -> dict[str, Any] | None:
    rep = rec.get("replacement")
    replacement = _first_id(rep) if rep else None
    if not (rec.get("shutdown_date") or rec.get("deprecation_announced") or replacement or rec["status"] != "active"):
        return None
    sources = rec.get("_sources", [entry["source"]])
    return {
        "provider": provider,
        "model": rec["id"],
        "version": rec.get("version"),
        "kind": rec["kind"],
        "announced_on": rec.get("deprecation_announced"),
        "shutdown_on": rec.get("shutdown_date"),
        "shutdown_is_earliest": bool(rec.get("shutdown_date") and rec.get("shutdown_is_earliest")),
        "replacement": replacement,
        "alias_target": entry.get("points_to"),
        "status_hint": rec["status"],
        "sources": sources,
        "confidence": rec["confidence"],
        "notes": _notes(rec, extra_notes),
    }


def _render_catalog(provider: str, generated: str, models: list[dict[str, Any]], dropped: list[tuple[str, str]]) -> str:
    lines = [
        f"# Generated by scripts/build_rules.py from {REFERENCE_LABEL} (generated {generated}). Do not edit by hand.",
    ]
    if dropped:
        lines.append("# Dropped from the reference (not model ids an API accepts):")
        lines.extend(f"#   {model_id!r}: {reason}" for model_id, reason in dropped)
    body = yaml.safe_dump({"provider": provider, "models": models}, sort_keys=False, allow_unicode=True,
                          default_flow_style=False, width=4096)
    return "\n".join(lines) + "\n" + body


def _render_feed(generated: str, records: list[dict[str, Any]]) -> str:
    # One record per line: valid JSON that diffs line by line when the snapshot is rebuilt.
    head = {"schema_version": SCHEMA_VERSION, "generated_at": generated, "publisher": PUBLISHER,
            "source": REFERENCE_LABEL}
    out = ["{"] + [f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}," for k, v in head.items()]
    out.append('  "records": [')
    out.extend(f"    {json.dumps(r, ensure_ascii=False)}{',' if i < len(records) - 1 else ''}"
               for i, r in enumerate(records))
    out += ["  ]", "}"]
    return "\n".join(out) + "\n"


def render(reference: Mapping[str, Any]) -> dict[str, str]:
    """Return {path relative to the repo root: file text} for every generated file."""
    generated = str(reference["meta"]["generated"])
    used: set[tuple[str, str, str | None]] = set()
    outputs: dict[str, str] = {}
    feed: list[dict[str, Any]] = []
    for provider, records in reference["providers"].items():
        kept: dict[tuple[str, str | None], dict[str, Any]] = {}
        dropped: list[tuple[str, str]] = []
        drop_recs: list[dict[str, Any]] = []
        pending: list[tuple[dict[str, Any], list[str]]] = []
        for raw in records:
            rec = dict(raw)
            reason = _drop_reason(provider, rec["id"])
            if reason:
                dropped.append((rec["id"], reason))
                drop_recs.append(rec)
                continue
            key = (rec["id"], rec.get("version"))
            if key in kept:
                raise ValueError(f"{provider}: duplicate record {key}")
            extra = _apply_corrections(provider, rec, used)
            kept[key] = rec
            pending.append((rec, extra))
        for rec in drop_recs:
            _check_equivalent(provider, rec, kept)
        entries = []
        for rec, extra in pending:
            entry = _catalog_entry(rec)
            entries.append(entry)
            feed_rec = _feed_record(provider, rec, entry, extra)
            if feed_rec:
                feed.append(feed_rec)
        entries.sort(key=_sort_key)
        dropped.sort(key=lambda d: (d[0].casefold(), d[0]))
        outputs[f"rules/providers/{provider}.yaml"] = _render_catalog(provider, generated, entries, dropped)
    stale = set(CORRECTIONS) - used
    if stale:
        raise ValueError(f"corrections that match no reference record: {sorted(stale, key=str)}")
    stale_drops = {k for k in DROPS if not any(r["id"] == k[1] for r in reference["providers"].get(k[0], []))}
    if stale_drops:
        raise ValueError(f"drops that match no reference record: {sorted(stale_drops)}")
    feed.sort(key=lambda r: (r["provider"], *_sort_key({"id": r["model"], "version": r["version"]})))
    outputs[FEED_PATH] = _render_feed(generated, feed)
    return outputs


def write_outputs(outputs: Mapping[str, str], out_dir: Path) -> None:
    for rel, text in outputs.items():
        path = out_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(text.encode("utf-8"))
        tmp.replace(path)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE,
                        help="provider-lifecycles.yaml (default: ../shared/reference/ from the repo root)")
    parser.add_argument("--out", type=Path, default=REPO_ROOT, help="directory to write rules/ under (default: repo root)")
    args = parser.parse_args(argv)
    try:
        outputs = render(load_reference(args.reference))
    except (OSError, ValueError, yaml.YAMLError) as exc:
        print(f"build_rules: {exc}", file=sys.stderr)
        return 2
    write_outputs(outputs, args.out)
    for rel in sorted(outputs):
        print(rel)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
