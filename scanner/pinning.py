"""Pins that sit beside an id rather than in it.

- An Azure OpenAI deployment pairs a model name with a version and an upgrade option
  (``model { name = "gpt-4o", version = "2024-08-06" }``, ``versionUpgradeOption``).
  It is pinned only when it names a version and does not auto-upgrade
  (``NoAutoUpgrade``). Omitted, the option is ``OnceNewDefaultVersionAvailable``: the
  API's default (terraform-provider-azurerm #22520: "the API defaults this value to
  OnceNewDefaultVersionAvailable"; azurerm documents the same default for
  ``version_upgrade_option``), and a deployment without a version gets "a default
  version [that] might change when there is new version available" (Azure .NET SDK
  reference, CognitiveServicesAccountDeploymentModel.Version). Such a deployment runs the
  default version, taken here as the catalog's newest version not retired today: its
  lifecycle is that version's, and MT001 names it as the version to pin. A version given
  with ``OnceCurrentVersionExpired`` runs until that version retires, then moves on.
- A Hugging Face download is pinned by its ``revision`` (a full commit sha), never by
  its repo id.
- A Gemini id under a key that names Vertex AI (``VERTEX_MODEL``) is Vertex AI's, whose
  dates differ from the Gemini API's.
- In Bicep and ARM JSON an OpenAI model name is Azure's even outside a deployment
  (``param chatModelName string = 'gpt-4o'``); with no version in sight it is reported
  unpinned but, having nothing to pin to here, without a finding.

Extractors fill ``Occurrence.version``/``upgrade_policy``; :func:`refine` turns them into
the reference's ``pinned``, ``resolves_to`` (for a deployment: the version to pin) and
the version whose lifecycle applies (``ModelRef.version``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from .catalog import Catalog
from .feed import Feed, status_of
from .model import ModelRef, Occurrence

NO_AUTO_UPGRADE = "NoAutoUpgrade"
DEFAULT_UPGRADE = "OnceNewDefaultVersionAvailable"
ON_EXPIRY = "OnceCurrentVersionExpired"
AZURE_LANGUAGES = frozenset({"bicep", "arm"})
_AZURE = ("azure_openai", "azure_foundry")


def refine(ref: ModelRef, occ: Occurrence, *, catalog: Catalog, feed: Feed,
           today: dt.date) -> ModelRef:
    if ref.provider == "huggingface":
        grammar = catalog.providers.get("huggingface")
        pinned = bool(occ.version) and grammar is not None and \
            grammar.pinned.search(occ.version or "") is not None
        return replace(ref, pinned=pinned)
    if occ.upgrade_policy is not None:
        return _deployment(_azure(ref, catalog), occ, catalog=catalog, feed=feed, today=today)
    if occ.language in AZURE_LANGUAGES:
        azure = _azure(ref, catalog)
        if azure.provider in _AZURE:
            runs = None  # as for a deployment without a version: the model's own record first
            if feed.record(azure.provider, azure.model) is None:
                runs = newest_version(azure.provider, azure.model, catalog=catalog, feed=feed,
                                      today=today)[0]
            return replace(azure, pinned=False, resolves_to=None, no_snapshot=True, version=runs)
    if ref.provider == "google_gemini_api" and occ.key and "vertex" in occ.key.lower():
        # VERTEX_MODEL=gemini-1.5-pro-002: the same id, Vertex AI's dates.
        entry = catalog.lookup(ref.model, "google_vertex_ai")
        if entry is not None:
            return replace(ref, provider="google_vertex_ai", kind=entry.kind,
                           resolves_to=entry.points_to if entry.alias else None)
    return ref


def _azure(ref: ModelRef, catalog: Catalog) -> ModelRef:
    """The same model as Azure lists it (``gpt-4o`` is OpenAI's by precedence)."""
    if ref.provider in _AZURE:
        return ref
    for provider in _AZURE:
        entry = catalog.lookup(ref.model, provider)
        if entry is not None:
            return ModelRef(provider=provider, model=entry.id, pinned=ref.pinned,
                            resolves_to=None, known=True, kind=entry.kind)
    return ref


def _deployment(ref: ModelRef, occ: Occurrence, *, catalog: Catalog, feed: Feed,
                today: dt.date) -> ModelRef:
    version, policy = occ.version, occ.upgrade_policy
    if version and policy == NO_AUTO_UPGRADE:
        return replace(ref, pinned=True, resolves_to=None, version=version, no_snapshot=False)
    default, alive = newest_version(ref.provider, ref.model, catalog=catalog, feed=feed, today=today)
    # The lifecycle: the version written, else the model's own record (the schedule that
    # auto-upgrades follow), else the version it runs today.
    runs = version
    if runs is None and feed.record(ref.provider, ref.model) is None:
        runs = default
    pin = version if version and not _retired(feed, ref, version, today) else None
    pin = pin or (default if alive else None)
    return replace(ref, pinned=False, resolves_to=pin, version=runs, no_snapshot=pin is None)


def _retired(feed: Feed, ref: ModelRef, version: str, today: dt.date) -> bool:
    rec = feed.record(ref.provider, ref.model, version)
    return rec is not None and rec.version == version and status_of(rec, today) == "retired"


def newest_version(provider: str, model: str, *, catalog: Catalog, feed: Feed,
                   today: dt.date) -> tuple[str | None, bool]:
    """The version an auto-upgrading deployment of ``model`` runs, and whether it is
    still available: among the catalog's versions, one not retired today with the latest
    shutdown date (versions without a date last the longest), then the highest version
    string; when every version is retired, the last to go."""
    best: tuple[bool, str, str] | None = None
    for row in catalog.by_id.get(model, ()):
        if row.provider != provider or row.version is None:
            continue
        rec = feed.record(provider, model, row.version)
        if rec is not None and rec.version != row.version:
            rec = None
        alive = rec is None or status_of(rec, today) != "retired"
        shutdown = (rec.shutdown_on if rec is not None else None) or "9999-12-31"
        key = (alive, shutdown, row.version)
        if best is None or key > best:
            best = key
    return (None, False) if best is None else (best[2], best[0])
