"""The deprecation feed: lifecycle facts per (provider, model[, version]).

Status is never read from the file: it is computed from the dates against "today"
(``--today`` for reproducible CI), so a feed does not go stale by sitting on disk.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .catalog import rules_dir
from .model import Lifecycle

BUNDLED_FEED = Path("feed") / "feed.json"
# A shutdown this close counts as deprecated even without a notice (the reference's rule).
DEPRECATION_HORIZON_DAYS = 183


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


class Feed:
    def __init__(self, data: dict[str, Any], *, origin: str) -> None:
        self.origin = origin
        self.generated_at: str = str(data.get("generated_at", ""))
        self.publisher: str = str(data.get("publisher", ""))
        self.source: str = str(data.get("source", origin))
        self.records: dict[tuple[str, str, str | None], FeedRecord] = {}
        for r in data.get("records", []):
            rec = FeedRecord(
                provider=r["provider"], model=r["model"], version=r.get("version"),
                kind=r.get("kind"), announced_on=r.get("announced_on"),
                shutdown_on=r.get("shutdown_on"),
                shutdown_is_earliest=bool(r.get("shutdown_is_earliest")),
                replacement=r.get("replacement"), alias_target=r.get("alias_target"),
                status_hint=r.get("status_hint"), sources=tuple(r.get("sources") or ()),
                confidence=r.get("confidence"), notes=r.get("notes"),
            )
            self.records[(rec.provider, rec.model, rec.version)] = rec

    def meta(self) -> dict[str, str]:
        return {"generated_at": self.generated_at, "source": self.source}

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


def status_of(rec: FeedRecord, today: dt.date) -> str:
    if rec.shutdown_on:
        shutdown = dt.date.fromisoformat(rec.shutdown_on)
        if shutdown <= today:
            return "retired"
        if rec.announced_on and dt.date.fromisoformat(rec.announced_on) <= today:
            return "deprecated"
        if (shutdown - today).days <= DEPRECATION_HORIZON_DAYS and not rec.shutdown_is_earliest:
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


@lru_cache(maxsize=8)
def load_feed(path: str | None = None) -> Feed:
    file = Path(path) if path else rules_dir() / BUNDLED_FEED
    with open(file, encoding="utf-8") as fh:
        return Feed(json.load(fh), origin=str(file))
