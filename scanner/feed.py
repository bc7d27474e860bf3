"""The deprecation feed: lifecycle facts per (provider, model[, version]).

Status is never read from the file: it is computed from the dates against "today"
(``--today`` for reproducible CI), so a feed does not go stale by sitting on disk.
Which feed a scan uses (``--feed``, the cached one, the bundled one) is decided in
:mod:`scanner.feed_store`; a team's overlay is layered on with :func:`with_overlay`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from .catalog import rules_dir
from .model import Lifecycle, Reference

BUNDLED_FEED = Path("feed") / "feed.json"
SCHEMA_VERSIONS = (1,)
# A shutdown this close counts as deprecated even without a notice (the reference's rule).
DEPRECATION_HORIZON_DAYS = 183
Key = tuple[str, str, "str | None"]


class FeedError(ValueError):
    """A file that is not a feed this version can read; the message names the problem."""


@dataclass(frozen=True, slots=True)
class FeedRecord:
    provider: str
    model: str
    version: str | None
    kind: str | None
    announced_on: str | None
    shutdown_on: str | None
    shutdown_is_earliest: bool
    replacement: str | None
    alias_target: str | None
    status_hint: str | None
    sources: tuple[str, ...]
    confidence: str | None
    notes: str | None
    provenance: tuple[tuple[str, str], ...] = ()
    # Set when an org overlay changed this record: the overlay file.
    overlay: str | None = None

    @property
    def key(self) -> Key:
        return (self.provider, self.model, self.version)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "provider": self.provider, "model": self.model, "version": self.version,
            "kind": self.kind, "announced_on": self.announced_on, "shutdown_on": self.shutdown_on,
            "shutdown_is_earliest": self.shutdown_is_earliest, "replacement": self.replacement,
            "alias_target": self.alias_target, "status_hint": self.status_hint,
            "sources": list(self.sources), "confidence": self.confidence, "notes": self.notes,
        }
        if self.provenance:
            data["provenance"] = dict(self.provenance)
        return data


def _date(value: Any, where: str) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise FeedError(f"{where}: {value!r} is not a YYYY-MM-DD date") from None


def record_from_json(r: dict[str, Any], where: str = "record") -> FeedRecord:
    try:
        return FeedRecord(
            provider=str(r["provider"]), model=str(r["model"]), version=r.get("version"),
            kind=r.get("kind"), announced_on=_date(r.get("announced_on"), f"{where}.announced_on"),
            shutdown_on=_date(r.get("shutdown_on"), f"{where}.shutdown_on"),
            shutdown_is_earliest=bool(r.get("shutdown_is_earliest")),
            replacement=r.get("replacement"), alias_target=r.get("alias_target"),
            status_hint=r.get("status_hint"), sources=tuple(r.get("sources") or ()),
            confidence=r.get("confidence"), notes=r.get("notes"),
            provenance=tuple(sorted((r.get("provenance") or {}).items())),
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise FeedError(f"{where}: malformed record ({type(exc).__name__}: {exc})") from None


class Feed:
    def __init__(self, data: Any, *, origin: str) -> None:
        if not isinstance(data, dict) or not isinstance(data.get("records"), list):
            raise FeedError(f"{origin}: not a modeltrail feed (no 'records' list)")
        version = data.get("schema_version")
        if version not in SCHEMA_VERSIONS:
            raise FeedError(f"{origin}: schema_version {version!r} is not one this modeltrail "
                            f"reads ({', '.join(map(str, SCHEMA_VERSIONS))}); upgrade modeltrail")
        self.origin = origin
        self.schema_version: int = int(version)
        self.generated_at: str = _date(data.get("generated_at"), f"{origin}: generated_at") or ""
        self.publisher: str = str(data.get("publisher", ""))
        self.source: str = str(data.get("source", origin))
        self.imports: list[dict[str, Any]] = list(data.get("imports") or [])
        self.records: dict[Key, FeedRecord] = {}
        for i, r in enumerate(data["records"]):
            if not isinstance(r, dict):
                raise FeedError(f"{origin}: records[{i}] is not an object")
            rec = record_from_json(r, f"{origin}: records[{i}]")
            self.records[rec.key] = rec

    @property
    def generated_on(self) -> dt.date | None:
        return dt.date.fromisoformat(self.generated_at) if self.generated_at else None

    def meta(self) -> dict[str, str]:
        return {"generated_at": self.generated_at, "source": self.source}

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"schema_version": self.schema_version,
                                "generated_at": self.generated_at, "publisher": self.publisher,
                                "source": self.source}
        data["records"] = [r.to_json() for r in sorted(self.records.values(), key=sort_key)]
        if self.imports:
            data["imports"] = self.imports
        return data

    def record(self, provider: str, model: str, version: str | None = None) -> FeedRecord | None:
        if version is not None:
            found = self.records.get((provider, model, version))
            if found is not None:
                return found
        return self.records.get((provider, model, None))

    def lifecycle(self, provider: str, model: str, *, today: dt.date,
                  version: str | None = None, known: bool = True) -> Lifecycle:
        rec = self.record(provider, model, version)
        if rec is None:
            return Lifecycle(status="active" if known else "unknown", shutdown_on=None,
                             announced_on=None, replacement=None)
        status = status_of(rec, today)
        days_left = None
        if rec.shutdown_on:
            days_left = (dt.date.fromisoformat(rec.shutdown_on) - today).days
        return Lifecycle(
            status=status,
            shutdown_on=rec.shutdown_on,
            announced_on=rec.announced_on,
            replacement=self.replacement_chain(provider, rec.replacement, today=today)[-1]
            if rec.replacement else None,
            shutdown_is_earliest=rec.shutdown_is_earliest,
            source=rec.sources[0] if rec.sources else None,
            days_left=days_left,
        )

    def reference_lifecycle(self, provider: str, model: str, *, today: dt.date,
                            version: str | None = None, resolves_to: str | None = None,
                            known: bool = True) -> Lifecycle:
        """The lifecycle a reference gets: an alias without a record of its own lives as
        long as the snapshot it resolves to (the same rule as the engine's enrich step)."""
        life = self.lifecycle(provider, model, today=today, version=version, known=known)
        if resolves_to and life.status == "active" and not self.record(provider, model):
            life = self.lifecycle(provider, resolves_to, today=today, known=known)
        return life

    def replacement_chain(self, provider: str, first: str | None, *, today: dt.date) -> list[str]:
        """``first`` and, while each is itself retired, its own replacement."""
        chain: list[str] = []
        current = first
        while current and current not in chain and len(chain) < 10:
            chain.append(current)
            rec = self.record(provider, current)
            if rec is None or not rec.replacement or status_of(rec, today) != "retired":
                break
            current = rec.replacement
        return chain


def sort_key(rec: FeedRecord) -> tuple[str, str, str, int, str]:
    return (rec.provider, rec.model.casefold(), rec.model, rec.version is not None, rec.version or "")


def status_of(rec: FeedRecord, today: dt.date) -> str:
    if rec.shutdown_on and rec.shutdown_is_earliest:
        # A "no sooner than" date (Bedrock's EOL column, Anthropic's tentative dates) is a
        # planning date, never a failure date: passing it retires nothing.
        if rec.status_hint == "retired":
            return "retired"
        if rec.status_hint in ("deprecated", "legacy") or (
                rec.announced_on and dt.date.fromisoformat(rec.announced_on) <= today):
            return "deprecated"
        if rec.status_hint == "unknown" and dt.date.fromisoformat(rec.shutdown_on) <= today:
            return "unknown"  # the date passed and no source says what happened
        return "active"
    if rec.shutdown_on:
        shutdown = dt.date.fromisoformat(rec.shutdown_on)
        if shutdown <= today:
            return "retired"
        if rec.announced_on and dt.date.fromisoformat(rec.announced_on) <= today:
            return "deprecated"
        if (shutdown - today).days <= DEPRECATION_HORIZON_DAYS:
            return "deprecated"
        if rec.status_hint in ("deprecated", "legacy"):
            return "deprecated"
        return "active"
    if rec.status_hint == "retired":
        return "retired"
    if rec.status_hint in ("deprecated", "legacy") or (
            rec.announced_on and dt.date.fromisoformat(rec.announced_on) <= today):
        return "deprecated"
    return "active"


def read_json(path: str | Path) -> Any:
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except OSError as exc:
        raise FeedError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FeedError(f"{path}: not valid JSON: {exc}") from None


def load_feed(path: str | None = None) -> Feed:
    if not path:
        return _load_feed(str(rules_dir() / BUNDLED_FEED), 0, 0)
    # One stat per call: a scan asks once per file, so keep this cheap.
    # Keyed by size and mtime too: `feed update` may replace the file within one process.
    try:
        st = os.stat(path)
    except OSError as exc:
        raise FeedError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return _load_feed(path, st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=8)
def _load_feed(path: str, _mtime_ns: int, _size: int) -> Feed:
    return Feed(read_json(path), origin=path)


_OVERLAY_FIELDS = ("announced_on", "shutdown_on", "shutdown_is_earliest", "replacement",
                   "status_hint", "notes")


@lru_cache(maxsize=8)
def load_overlay(path: str) -> tuple[FeedRecord, ...]:
    """An org overlay's records, each carrying only the fields the team set (the rest
    are taken from the provider's record when merged)."""
    from .feed_schema import validate_overlay

    data = read_json(path)
    problems = validate_overlay(data)
    if problems:
        raise FeedError(f"{path}: not a valid overlay feed: " + "; ".join(problems[:5]))
    out = []
    for r in data["records"]:
        rec = record_from_json(r, path)
        given = tuple(sorted((f, "overlay") for f in _OVERLAY_FIELDS if f in r))
        out.append(replace(rec, provenance=given, overlay=path))
    return tuple(out)


def with_overlay(feed: Feed, overlay: tuple[FeedRecord, ...]) -> Feed:
    """A copy of ``feed`` where each overlay record's fields win over the provider's."""
    merged = Feed.__new__(Feed)
    merged.__dict__.update(feed.__dict__)
    merged.records = dict(feed.records)
    for rec in overlay:
        given = {f for f, _ in rec.provenance}
        base = merged.records.get(rec.key)
        if base is None:
            merged.records[rec.key] = rec
            continue
        changes: dict[str, Any] = {f: getattr(rec, f) for f in given}
        changes["sources"] = tuple(dict.fromkeys(rec.sources + base.sources))
        changes["provenance"] = tuple(sorted({**dict(base.provenance), **dict(rec.provenance)}.items()))
        if "notes" in given and base.notes:
            changes["notes"] = f"{rec.notes}; provider: {base.notes}"
        merged.records[rec.key] = replace(base, **changes, overlay=rec.overlay)
    return merged


def relabel(ref: Reference, feed: Feed, *, today: dt.date) -> Reference:
    """``ref`` with its lifecycle fields taken from ``feed`` (an overlay, another feed)."""
    if not ref.provider:  # a run-time choice (MT005) has no lifecycle
        return ref
    life = feed.reference_lifecycle(ref.provider, ref.model, today=today, version=ref.version,
                                    resolves_to=ref.resolves_to, known=ref.known)
    return replace(ref, status=life.status, shutdown_on=life.shutdown_on,
                   replacement=life.replacement)
