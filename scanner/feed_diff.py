"""``modeltrail feed diff OLD NEW``: what changed between two feeds, and whom it hits.

Only lifecycle facts count as a change (dates, replacement, alias target, status);
a record whose sources, notes or confidence alone changed is not listed, so a
scheduled job alerts on what moves a team's deadlines and nothing else. Status is
compared as of ``today`` under both feeds (a record can become deprecated because
its new shutdown date is near, with no other field changing).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Iterable

from .feed import Feed, FeedRecord, relabel, sort_key, status_of
from .model import Reference

FIELDS = ("announced_on", "shutdown_on", "shutdown_is_earliest", "replacement", "alias_target")


@dataclass(frozen=True, slots=True)
class RecordChange:
    provider: str
    model: str
    version: str | None
    kinds: tuple[str, ...]  # new-record, removed-record, new-deprecation, retired, shutdown-moved, ...
    changes: tuple[tuple[str, Any, Any], ...]  # (field, old, new)

    def to_json(self) -> dict[str, Any]:
        return {"provider": self.provider, "model": self.model, "version": self.version,
                "kinds": list(self.kinds),
                "changes": [{"field": f, "old": o, "new": n} for f, o, n in self.changes]}


@dataclass(frozen=True, slots=True)
class AffectedReference:
    reference: Reference
    old: tuple[str, str | None, str | None]  # (status, shutdown_on, replacement)
    new: tuple[str, str | None, str | None]

    def to_json(self) -> dict[str, Any]:
        r = self.reference
        return {"path": r.path, "line": r.line, "column": r.column, "text": r.text,
                "provider": r.provider, "model": r.model, "version": r.version,
                "old": dict(zip(("status", "shutdown_on", "replacement"), self.old)),
                "new": dict(zip(("status", "shutdown_on", "replacement"), self.new))}


def _kinds(old: FeedRecord | None, new: FeedRecord | None, changes: list[tuple[str, Any, Any]],
           today: dt.date) -> tuple[str, ...]:
    if new is None:
        return ("removed-record",)
    out = ["new-record"] if old is None else []
    before = status_of(old, today) if old else "active"
    after = status_of(new, today)
    if after != before:
        out.append({"deprecated": "new-deprecation", "retired": "retired"}.get(after, "reinstated"))
    changed = {f for f, _, _ in changes}
    if old is not None and "shutdown_on" in changed:
        if old.shutdown_on and new.shutdown_on:
            out.append("shutdown-earlier" if new.shutdown_on < old.shutdown_on else "shutdown-later")
        else:
            out.append("shutdown-set" if new.shutdown_on else "shutdown-removed")
    if "replacement" in changed and new.replacement:
        out.append("new-replacement")
    if "alias_target" in changed:
        out.append("alias-moved")
    return tuple(out)


def diff_feeds(old: Feed, new: Feed, *, today: dt.date) -> list[RecordChange]:
    out: list[RecordChange] = []
    keys = sorted(set(old.records) | set(new.records),
                  key=lambda k: sort_key((new.records.get(k) or old.records[k])))
    for key in keys:
        a, b = old.records.get(key), new.records.get(key)
        if a is not None and b is not None:
            changes = [(f, getattr(a, f), getattr(b, f)) for f in FIELDS if getattr(a, f) != getattr(b, f)]
            sa, sb = status_of(a, today), status_of(b, today)
            if sa != sb:
                changes.append(("status", sa, sb))
            if not changes:
                continue
        elif b is not None:
            changes = [(f, None, getattr(b, f)) for f in FIELDS if getattr(b, f) not in (None, False)]
            changes.append(("status", None, status_of(b, today)))
        else:
            assert a is not None
            changes = [("status", status_of(a, today), None)]
        kinds = _kinds(a, b, changes, today)
        out.append(RecordChange(key[0], key[1], key[2], kinds, tuple(changes)))
    return out


def affected(references: Iterable[Reference], old: Feed, new: Feed, *,
             today: dt.date) -> list[AffectedReference]:
    """References whose status, shutdown date or replacement differ between the feeds."""
    out = []
    for ref in references:
        if not ref.provider:
            continue
        a, b = relabel(ref, old, today=today), relabel(ref, new, today=today)
        before = (a.status, a.shutdown_on, a.replacement)
        after = (b.status, b.shutdown_on, b.replacement)
        if before != after:
            out.append(AffectedReference(b, before, after))
    return out


def render_text(changes: list[RecordChange], hits: list[AffectedReference] | None,
                old: Feed, new: Feed) -> str:
    lines = [f"feed diff: {old.origin} ({old.generated_at}) -> {new.origin} ({new.generated_at})",
             f"{len(changes)} record(s) changed"]
    for c in changes:
        name = f"{c.provider} {c.model}" + (f" version {c.version}" if c.version else "")
        lines.append(f"  {name}: {', '.join(c.kinds) or 'changed'}")
        for field, a, b in c.changes:
            lines.append(f"      {field}: {_show(a)} -> {_show(b)}")
    if hits is not None:
        lines.append(f"{len(hits)} reference(s) in the scanned code newly affected")
        for h in hits:
            r = h.reference
            parts = [f"{label} {_show(x)} -> {_show(y)}" for label, x, y in
                     zip(("status", "shutdown", "replacement"), h.old, h.new) if x != y]
            lines.append(f"  {r.path}:{r.line}:{r.column}  {r.text}  ({r.provider}): {'; '.join(parts)}")
    return "\n".join(lines) + "\n"


def _show(value: Any) -> str:
    return "none" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
