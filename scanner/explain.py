"""``modeltrail explain MODEL``: the catalog entry, lifecycle, sources and replacement chain."""

from __future__ import annotations

import datetime as dt

from .catalog import load_catalog
from .config import Policy
from .feed import load_feed, load_overlay, status_of, with_overlay
from .feed_store import select_feed
from .identify import default_identifier
from .model import Lifecycle, ModelRef, Reference


def explain(value: str, *, today: dt.date, feed_path: str | None = None,
            policy: Policy | None = None) -> tuple[str, bool]:
    catalog = load_catalog()
    feed = load_feed(select_feed(feed_path).path)
    if policy is not None and policy.overlay:
        feed = with_overlay(feed, load_overlay(policy.overlay))
    match = default_identifier().identify(value, key="model")
    if match is None:
        return (f"{value}: not a model id modeltrail knows, and not one that follows a "
                "provider's id grammar.\n"), False
    ref = match.ref
    grammar = catalog.providers[ref.provider]
    lines = [f"{value}"]
    if value[match.start:match.end] != ref.model:
        lines.append(f"  model id:     {ref.model}")
    lines.append(f"  provider:     {grammar.name} ({ref.provider})")
    if not ref.known:
        lines.append("  catalog:      not listed: follows the provider's id grammar (MT004)")
    entry = catalog.lookup(ref.model, ref.provider)
    if entry is not None:
        lines.append(f"  kind:         {entry.kind or 'unknown'}")
    if ref.pinned:
        lines.append("  pinning:      pinned snapshot")
    elif ref.resolves_to:
        lines.append(f"  pinning:      floating alias, resolves to {ref.resolves_to} (MT001)")
    else:
        lines.append("  pinning:      floating alias with no dated snapshot to pin to")
    life = feed.lifecycle(ref.provider, ref.model, today=today, known=ref.known)
    lines.append(f"  status:       {life.status} (as of {today.isoformat()})")
    if life.announced_on:
        lines.append(f"  announced:    {life.announced_on}")
    if life.shutdown_on:
        earliest = " (earliest; the provider may move it)" if life.shutdown_is_earliest else ""
        left = f", {life.days_left} days from today" if life.days_left is not None and life.days_left >= 0 else ""
        lines.append(f"  shutdown:     {life.shutdown_on}{earliest}{left}")
    record = feed.record(ref.provider, ref.model)
    if record is not None and record.replacement:
        chain = feed.replacement_chain(ref.provider, record.replacement, today=today)
        shown = []
        for step in chain:
            rec = feed.record(ref.provider, step)
            shown.append(step + (f" ({status_of(rec, today)})" if rec else ""))
        lines.append(f"  replacement:  {' -> '.join(shown)}")
    if record is not None:
        if record.confidence:
            lines.append(f"  confidence:   {record.confidence}")
        for src in record.sources:
            lines.append(f"  source:       {src}")
        if record.notes:
            lines.append(f"  notes:        {record.notes}")
    elif entry is not None and entry.source:
        lines.append(f"  source:       {entry.source}")
    lines.append(f"  lifecycle:    {grammar.lifecycle_page}")
    lines.append(f"  feed:         {feed.origin} (generated {feed.generated_at})")
    if record is not None and record.overlay:
        changed = ", ".join(f for f, src in record.provenance if src == "overlay") or "the record"
        lines.append(f"  org overlay:  {record.overlay} sets {changed}")
    imported = [f"{f} from {src}" for f, src in (record.provenance if record else ()) if src != "overlay"]
    if imported:
        lines.append("  imported:     " + "; ".join(imported))
    if policy is not None:
        lines.extend(policy_lines(ref, life, policy, today))
    return "\n".join(lines) + "\n", True


def policy_lines(ref: ModelRef, life: Lifecycle, policy: Policy, today: dt.date) -> list[str]:
    """What the team's policy says about a model: what a scan would report for it in code."""
    from .judge import judge_reference

    probe = Reference(path="", line=1, column=1, end_line=1, end_column=1, text=ref.model,
                      provider=ref.provider, model=ref.model, pinned=ref.pinned,
                      resolves_to=ref.resolves_to, status=life.status, shutdown_on=life.shutdown_on,
                      replacement=life.replacement, context="code", language="", known=ref.known)
    findings = judge_reference(probe, policy, today, frozenset(load_catalog().providers))
    lines = [f"  policy:       {policy.source or 'defaults (no policy file found)'}; "
             f"warn-days {policy.warn_days}"
             + (f", escalate-days {policy.escalate_days}" if policy.escalate_days is not None else "")
             + (f", rules off: {', '.join(sorted(policy.disabled))}" if policy.disabled else "")]
    for f in findings:
        lines.append(f"  in code:      {f.rule} {f.severity}: {f.message}")
    if not findings:
        lines.append("  in code:      no finding")
    return lines
