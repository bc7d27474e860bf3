"""Strategies: what each reference should become, or why a person must decide.

Pure: a :class:`~scanner.model.Reference` (with the catalog and the feed) in, an
:class:`Edit`, a :class:`Manual` note or nothing out. Whether the file still holds the
reference's text where the scan saw it is checked later, per file (:mod:`.files`).

Precedence when nothing narrows the strategies: *replace* wins over *pin* for a
deprecated or retired alias, because pinning it would leave a deprecated snapshot that
the next run replaces, and ``fix`` run twice must change nothing the second time. For
the same reason a replacement is followed along the feed while it is itself
deprecated, and an alias replacement is written in its pinned form.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from fnmatch import fnmatchcase

from ..catalog import Catalog, CatalogModel
from ..feed import Feed
from ..identify import Identifier
from ..model import Reference
from .values import PIN, REPLACE, TO, Edit, FixOptions, Manual

_LEGACY = ("deprecated", "retired")
_FINE_TUNED = re.compile(r"(?:^|[:/])ft[:-]")
# Languages whose Azure OpenAI references are deployments declared in IaC, where
# pinning means a version and an upgrade option rather than a new string.
IAC_LANGUAGES = frozenset({"terraform", "hcl", "bicep", "arm"})


@dataclass(frozen=True, slots=True)
class Context:
    catalog: Catalog
    feed: Feed
    identifier: Identifier
    today: dt.date


@dataclass(frozen=True, slots=True)
class _Intent:
    strategy: str
    target: str
    rule: str | None
    reason: str
    whole: bool = False  # --to matched the whole written form, prefix included


def selected(ref: Reference, options: FixOptions) -> bool:
    if options.providers is not None and ref.provider not in options.providers:
        return False
    if options.model_globs and not any(fnmatchcase(ref.model, g) or fnmatchcase(ref.text, g)
                                       for g in options.model_globs):
        return False
    return True


def decide(ref: Reference, options: FixOptions, ctx: Context, *,
           suppressed: frozenset[str] = frozenset()) -> Edit | Manual | None:
    """What to do with one reference under ``options``; None when nothing applies.

    ``suppressed``: rules whose finding on this reference the user suppressed (inline,
    config or baseline); the strategy for such a rule leaves the reference alone.
    """
    if not selected(ref, options):
        return None
    intent = _intent(ref, options, ctx, suppressed)
    if intent is None or isinstance(intent, Manual):
        return intent
    blocked = _blocked(ref, intent)
    if blocked:
        return _manual(ref, blocked, intent.rule)
    new = _swap(ref, intent)
    if isinstance(new, Manual):
        return new
    if intent.strategy != TO:
        # The rewritten string must still be read as the intended model, prefix and all.
        match = ctx.identifier.identify(new, key="model")
        if match is None or match.start != 0 or match.end != len(new) or match.ref.model != intent.target:
            return _manual(ref, f"{new!r} would not be recognised as {intent.target}", intent.rule)
    life = ctx.feed.lifecycle(ref.provider, ref.model, today=ctx.today, version=ref.version,
                              known=ref.known)
    entry = ctx.catalog.lookup(ref.model, ref.provider)
    return Edit(
        path=ref.path, start=ref.start, end=ref.end, old=ref.text, new=new,
        strategy=intent.strategy, reason=intent.reason, line=ref.line, column=ref.column,
        rule=intent.rule, provider=ref.provider, model=ref.model, target=intent.target,
        shutdown_on=ref.shutdown_on, source=life.source or (entry.source if entry else None),
    )


def _manual(ref: Reference, reason: str, rule: str | None) -> Manual:
    return Manual(ref.path, ref.line, ref.column, ref.text, reason, rule)


def _rule_ok(options: FixOptions, rule: str, suppressed: frozenset[str]) -> bool:
    return (options.rules is None or rule in options.rules) and rule not in suppressed


def _intent(ref: Reference, options: FixOptions, ctx: Context,
            suppressed: frozenset[str]) -> _Intent | Manual | None:
    if options.mappings:
        for old, new in options.mappings:
            if old in (ref.text, ref.model) and new not in (ref.text, ref.model):
                return _mapped(ref, old, new, ctx)
        return None
    if not ref.known:
        return None
    replace_rule = "MT003" if ref.status == "retired" else "MT002"
    wants_replace = (REPLACE in options.strategies and ref.status in _LEGACY
                     and _rule_ok(options, replace_rule, suppressed))
    wants_pin = (PIN in options.strategies and not ref.pinned and bool(ref.resolves_to)
                 and _rule_ok(options, "MT001", suppressed))
    replace: _Intent | Manual | None = None
    if wants_replace:
        replace = _replacement(ref, ctx, replace_rule)
        if isinstance(replace, _Intent):
            return replace
    if PIN in options.strategies and not ref.pinned and ref.provider == "huggingface" \
            and _rule_ok(options, "MT001", suppressed):
        # Pinned by a revision argument, whose commit sha cannot be known offline.
        return replace or _manual(ref, "a Hugging Face download with no revision: add "
                                       "revision=<40-hex commit sha> of the files you tested",
                                  "MT001")
    if wants_pin and ref.resolves_to:
        target = ref.resolves_to
        life = ctx.feed.lifecycle(ref.provider, target, today=ctx.today)
        if life.status == "retired" or ref.status == "retired":
            # The alias no longer answers: pinning it would not bring it back.
            gone = target if life.status == "retired" else ref.model
            return replace or _manual(ref, f"it resolves to {target}, and {gone} is retired: "
                                           "pinning would not help; replace it", "MT001")
        return _Intent(PIN, target, "MT001",
                       f"{ref.model} is a floating alias; pinned to {target}, the snapshot it "
                       "resolves to today")
    return replace


def _mapped(ref: Reference, old: str, new: str, ctx: Context) -> _Intent | Manual:
    bare = _bare(new, ctx) or new
    theirs = ctx.catalog.lookup(bare, ref.provider) or ctx.catalog.lookup(bare)
    if ref.kind and theirs is not None and theirs.kind and theirs.kind != ref.kind:
        return _manual(ref, f"--to {old}={new} maps a {ref.kind} model to a {theirs.kind} model",
                       None)
    whole = ref.text == old and ref.model != old
    return _Intent(TO, new, None, f"--to {old}={new}", whole=whole)


def _bare(value: str, ctx: Context) -> str | None:
    match = ctx.identifier.identify(value, key="model")
    return None if match is None else match.ref.model


def _replacement(ref: Reference, ctx: Context, rule: str) -> _Intent | Manual:
    when = f" on {ref.shutdown_on}" if ref.shutdown_on else ""
    if not ref.replacement:
        shutdown = f" (shutdown {ref.shutdown_on})" if ref.shutdown_on else ""
        return _manual(ref, f"{ref.model} is {ref.status}{shutdown} and the feed names no "
                            "replacement", rule)
    target, seen = ref.replacement, {ref.model}
    entry: CatalogModel | None = None
    for _ in range(12):
        seen.add(target)
        entry = ctx.catalog.lookup(target, ref.provider) or ctx.catalog.lookup(target)
        if entry is not None and entry.alias and entry.points_to and entry.points_to not in seen:
            target = entry.points_to  # the pinned form of an alias replacement
            continue
        life = ctx.feed.lifecycle(ref.provider, target, today=ctx.today)
        if life.status in _LEGACY and life.replacement and life.replacement not in seen:
            target = life.replacement
            continue
        break
    if ctx.feed.lifecycle(ref.provider, target, today=ctx.today).status == "retired":
        return _manual(ref, f"its replacement chain ends at {target}, which is retired too", rule)
    kind = entry.kind if entry is not None else None
    if not ref.kind or not kind:
        return _manual(ref, f"the feed suggests {target}, but the kind of "
                            f"{ref.model if not ref.kind else target} is unknown", rule)
    if kind != ref.kind:
        return _manual(ref, f"the feed suggests {target}, a {kind} model, for a {ref.kind} "
                            "model", rule)
    verb = "was retired" if ref.status == "retired" else "is deprecated"
    if ref.status != "retired" and ref.shutdown_on:
        verb, when = "shuts down", f" on {ref.shutdown_on}"
    return _Intent(REPLACE, target, rule, f"{ref.model} {verb}{when}; replaced by {target}")


def _blocked(ref: Reference, intent: _Intent) -> str | None:
    if ref.context == "comment":
        return "inside a comment or docstring: prose is not rewritten"
    if ref.context == "docs":
        return "in documentation: prose is not rewritten"
    if ref.composed:
        return "composed from parts at run time: change the parts by hand"
    if _FINE_TUNED.search(ref.text):
        return "a fine-tuned model: it must be retrained on the new base model"
    if ref.provider == "azure_openai":
        if ref.language in IAC_LANGUAGES:
            return ("an Azure OpenAI deployment: choose the new model version and upgrade "
                    "option in the deployment")
        return ("names an Azure OpenAI deployment: deploy the new model first, then point "
                "this name at that deployment")
    return None


def _swap(ref: Reference, intent: _Intent) -> str | Manual:
    """The written text with the model id swapped, keeping any provider prefix."""
    text, model = ref.text, ref.model
    if intent.whole or text == model:
        return intent.target
    if text.endswith(model):
        return text[:-len(model)] + intent.target
    if model in text:
        return _manual(ref, f"{text!r} carries a suffix after {model} that may not exist for "
                            f"{intent.target}", intent.rule)
    return _manual(ref, f"{model} is not written out as one piece in {text!r} (joined strings, "
                        "escapes or an encoded form)", intent.rule)
