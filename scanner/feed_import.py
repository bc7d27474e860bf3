"""``modeltrail feed import``: merge a public dataset into a modeltrail feed.

Two formats people already use (their quirks: ../shared/reference/provider-lifecycles.md
sections 4 and 5):

- ``deprecations-info``: deprecations.info's ``/v1/deprecations.json`` (a list of rows,
  also its repo's ``data.json``) or its JSON Feed ``/v1/feed.json`` (``items[]._deprecation``).
  Providers are display names; ``announcement_date`` is the day the scraper first saw
  the notice, not the notice date; ``replacement_models`` is a list that may hold
  ``"---"``; Azure rows collapse versions; Bedrock rows carry the earliest regional date.
- ``litellm``: ``model_prices_and_context_window.json``. ``deprecation_date`` is the
  *shutdown* date; ``successor_model`` the replacement; ``alias_of`` is litellm's own
  convenience alias, not a provider alias, so it is ignored; keys carry routing
  prefixes (``azure/``, ``bedrock/us-east-1/``, ``vertex_ai/``); retired models are
  deleted from the file, so a missing model never removes a record.

Every field an import sets is recorded in the record's ``provenance`` and the feed's
``imports``. By default an import only fills gaps: where the base feed already has a
value that differs, the base wins and the dataset's value goes to ``notes``
(``--prefer import`` reverses that).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, replace
from typing import Any, Iterator

from .catalog import Catalog, load_catalog
from .feed import Feed, FeedRecord, sort_key, status_of

FORMATS = ("deprecations-info", "litellm")
DEPRECATIONS_INFO_PROVIDERS = {
    "openai": "openai", "anthropic": "anthropic", "google": "google_gemini_api",
    "google vertex": "google_vertex_ai", "aws bedrock": "aws_bedrock", "cohere": "cohere",
    "xai": "xai", "azure": "azure_foundry", "groq": "groq", "mistral": "mistral",
    "deepseek": "deepseek",
}
LITELLM_PROVIDERS = {
    "openai": "openai", "text-completion-openai": "openai", "azure": "azure_openai",
    "azure_text": "azure_openai", "azure_ai": "azure_foundry", "anthropic": "anthropic",
    "bedrock": "aws_bedrock", "bedrock_converse": "aws_bedrock", "gemini": "google_gemini_api",
    "mistral": "mistral", "xai": "xai", "deepseek": "deepseek", "cohere": "cohere",
    "cohere_chat": "cohere", "groq": "groq", "meta_llama": "meta_llama_api",
}
LITELLM_MODES = {
    "chat": "chat", "completion": "completion", "embedding": "embedding",
    "image_generation": "image", "audio_transcription": "audio-transcription",
    "audio_speech": "tts", "moderation": "moderation", "moderations": "moderation",
    "rerank": "rerank", "video_generation": "video", "realtime": "realtime", "ocr": "ocr",
    "search": "search",
}
LITELLM_URL = "https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json"
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/@+-]*\Z")
_AZURE_VERSION = re.compile(r"^(?P<name>.+?)-(?P<version>\d{4}-\d{2}-\d{2}|\d{4})\Z")


class DatasetError(ValueError):
    """The dataset cannot be imported; the message says why."""


@dataclass(frozen=True, slots=True)
class Row:
    """One dataset row in modeltrail's terms, before merging."""

    provider: str
    model: str
    version: str | None
    key: str  # where it came from in the dataset
    fields: tuple[tuple[str, Any], ...]
    sources: tuple[str, ...]
    note: str | None = None


@dataclass(frozen=True, slots=True)
class ImportReport:
    rows: int
    added: int
    changed: int
    conflicts: int
    skipped: tuple[tuple[str, int], ...]  # (reason, count)


def _date(value: Any) -> str | None:
    if not value or not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10]).isoformat()
    except ValueError:
        return None


def _canonical(catalog: Catalog, provider: str, model: str) -> tuple[str, str | None]:
    """The catalog's spelling of ``model`` for ``provider`` and an Azure version."""
    if provider == "aws_bedrock":
        grammar = catalog.providers.get(provider)
        for region in grammar.region_prefixes if grammar else ():
            if model.startswith(region) and catalog.lookup(model[len(region):], provider):
                return model[len(region):], None
        if not catalog.lookup(model, provider) and catalog.lookup(model + ":0", provider):
            return model + ":0", None
    if provider == "azure_openai" and not catalog.lookup(model, provider):
        m = _AZURE_VERSION.match(model)
        if m and catalog.lookup(m.group("name"), provider):
            return m.group("name"), m.group("version")
    return model, None


def rows_deprecations_info(data: Any, catalog: Catalog, skipped: dict[str, int]) -> Iterator[Row]:
    items = data
    if isinstance(data, dict) and isinstance(data.get("items"), list):  # the JSON Feed
        items = [{"deprecation_context": i.get("content_text", ""), **(i.get("_deprecation") or {}),
                  "url": i.get("url")} for i in data["items"] if isinstance(i, dict)]
    if not isinstance(items, list):
        raise DatasetError("not a deprecations.info file: expected a list of rows or a JSON "
                           "Feed with items[]._deprecation")
    latest: dict[tuple[str, str], dict[str, Any]] = {}
    for item in items:
        if not isinstance(item, dict):
            skipped["not an object"] = skipped.get("not an object", 0) + 1
            continue
        provider = DEPRECATIONS_INFO_PROVIDERS.get(str(item.get("provider", "")).strip().lower())
        model = str(item.get("model_id") or item.get("model_name") or "").strip()
        if provider is None:
            skipped[f"provider {item.get('provider')!r} not covered"] = \
                skipped.get(f"provider {item.get('provider')!r} not covered", 0) + 1
            continue
        if not _ID.match(model):
            skipped["model_id is not an API id"] = skipped.get("model_id is not an API id", 0) + 1
            continue
        # A model can appear in several notices: keep the one seen last.
        seen = str(item.get("last_observed") or item.get("scraped_at") or "")
        old = latest.get((provider, model))
        if old is None or seen >= str(old.get("last_observed") or old.get("scraped_at") or ""):
            latest[(provider, model)] = {**item, "_provider": provider, "_model": model}
    for (provider, model), item in sorted(latest.items()):
        raw = item.get("replacement_models")
        if raw is None:
            raw = item.get("suggested_replacement")
        if isinstance(raw, str):
            raw = [raw]
        # "---" and prose ("contact sales") are not ids.
        replacements = [r.strip() for r in raw or [] if isinstance(r, str) and _ID.match(r.strip())]
        fields: list[tuple[str, Any]] = []
        if _date(item.get("shutdown_date")):
            fields.append(("shutdown_on", _date(item.get("shutdown_date"))))
        if _date(item.get("announcement_date")):
            fields.append(("announced_on", _date(item.get("announcement_date"))))
        if replacements:
            fields.append(("replacement", replacements[0].strip()))
        notes = ["deprecations.info: announced_on is the day the notice was first seen"]
        if len(replacements) > 1:
            notes.append("replacements named: " + ", ".join(replacements))
        if provider == "aws_bedrock" and "regional schedule" in str(item.get("deprecation_context", "")):
            notes.append("regional dates differ; the earliest is used")
        name, version = _canonical(catalog, provider, model)
        url = item.get("url")
        yield Row(provider, name, version, f"{item.get('provider')}/{model}", tuple(fields),
                  (url,) if isinstance(url, str) and url.startswith(("http://", "https://")) else (),
                  "; ".join(notes))


def rows_litellm(data: Any, catalog: Catalog, skipped: dict[str, int]) -> Iterator[Row]:
    if not isinstance(data, dict):
        raise DatasetError("not a litellm model file: expected an object keyed by model name")
    for key, entry in sorted(data.items()):
        if key == "sample_spec" or not isinstance(entry, dict):
            continue
        route = str(entry.get("litellm_provider", ""))
        provider = LITELLM_PROVIDERS.get(route) or (
            "google_vertex_ai" if route.startswith("vertex_ai") else None)
        if provider is None:
            if entry.get("deprecation_date"):
                reason = f"litellm_provider {entry.get('litellm_provider')!r} not covered"
                skipped[reason] = skipped.get(reason, 0) + 1
            continue
        shutdown = _date(entry.get("deprecation_date"))
        successor = entry.get("successor_model")
        if not shutdown and not successor:
            continue  # nothing about lifecycle: the catalog's business, not the feed's
        model = _strip_route(key, provider)
        if not _ID.match(model):
            skipped["key is not an API id"] = skipped.get("key is not an API id", 0) + 1
            continue
        fields: list[tuple[str, Any]] = []
        if shutdown:
            fields.append(("shutdown_on", shutdown))
        successor_id = _strip_route(successor, provider) if isinstance(successor, str) else ""
        if _ID.match(successor_id):
            fields.append(("replacement", _canonical(catalog, provider, successor_id)[0]))
        if entry.get("mode") in LITELLM_MODES:
            fields.append(("kind", LITELLM_MODES[entry["mode"]]))
        source = entry.get("deprecation_source")
        name, version = _canonical(catalog, provider, model)
        yield Row(provider, name, version, key, tuple(fields),
                  (source,) if isinstance(source, str) and source.startswith("http") else (LITELLM_URL,),
                  "litellm: deprecation_date read as the shutdown date")


def _strip_route(key: str, provider: str) -> str:
    parts = key.split("/")
    if provider == "aws_bedrock":
        # bedrock/us-east-1/1-month-commitment/anthropic.claude-v2:1 -> the last part
        return parts[-1]
    if len(parts) > 1 and (parts[0] in LITELLM_PROVIDERS or parts[0].startswith("vertex_ai")):
        return "/".join(parts[1:])
    return key


def merge(base: Feed, rows: list[Row], *, fmt: str, source: str, sha256: str,
          generated_at: str, prefer: str = "base", publisher: str | None = None,
          catalog: Catalog | None = None) -> tuple[dict[str, Any], ImportReport]:
    catalog = catalog or load_catalog()
    records = dict(base.records)
    added = changed = conflicts = 0
    today = dt.date.fromisoformat(generated_at)
    for row in rows:
        key = (row.provider, row.model, row.version)
        rec = records.get(key)
        if rec is None:
            entry = catalog.lookup(row.model, row.provider)
            rec = FeedRecord(row.provider, row.model, row.version, entry.kind if entry else None,
                             None, None, False, None, entry.points_to if entry and entry.alias else None,
                             "unknown", (), "medium", None)
            is_new = True
        else:
            is_new = False
        updates: dict[str, Any] = {}
        notes: list[str] = []
        for field, value in row.fields:
            current = getattr(rec, field)
            if current == value:
                continue
            if current is None or is_new or prefer == "import":
                updates[field] = value
            else:
                conflicts += 1
                notes.append(f"{fmt} says {field} {value}")
        if not updates and not is_new and not notes:
            continue
        provenance = dict(rec.provenance)
        provenance.update({f: f"{fmt}:{row.key}" for f in updates})
        # A dataset whose values were all outvoted is named in the notes, not the sources.
        sources = tuple(dict.fromkeys(rec.sources + (row.sources if updates else ())))
        if not sources:
            continue  # the feed format requires a source for every record
        note_text = "; ".join(filter(None, [rec.notes, *([row.note] if updates else []), *notes]))
        new = replace(rec, **updates, sources=sources, notes=note_text or None,
                      provenance=tuple(sorted(provenance.items())))
        if new.shutdown_on is None:
            new = replace(new, shutdown_is_earliest=False)
        new = replace(new, status_hint=status_of(new, today) if new.shutdown_on or new.announced_on
                      else new.status_hint)
        records[key] = new
        added += is_new
        changed += not is_new and bool(updates)
    data = base.to_json()
    data["generated_at"] = max(base.generated_at, generated_at)
    data["publisher"] = publisher or base.publisher
    data["records"] = [r.to_json() for r in sorted(records.values(), key=sort_key)]
    data["imports"] = [*base.imports, {"format": fmt, "source": source, "sha256": sha256,
                                       "records": added + changed}]
    return data, ImportReport(len(rows), added, changed, conflicts, ())


def import_dataset(fmt: str, body: bytes, *, source: str, base: Feed, generated_at: str,
                   prefer: str = "base", publisher: str | None = None) -> tuple[dict[str, Any], ImportReport]:
    if fmt not in FORMATS:
        raise DatasetError(f"unknown format {fmt!r} (formats: {', '.join(FORMATS)})")
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DatasetError(f"{source}: not valid JSON ({exc})") from None
    catalog = load_catalog()
    skipped: dict[str, int] = {}
    reader = rows_deprecations_info if fmt == "deprecations-info" else rows_litellm
    rows = list(reader(data, catalog, skipped))
    feed, report = merge(base, rows, fmt=fmt, source=source, sha256=hashlib.sha256(body).hexdigest(),
                         generated_at=generated_at, prefer=prefer, publisher=publisher, catalog=catalog)
    return feed, replace(report, skipped=tuple(sorted(skipped.items())))
