"""Decide whether a string value is a model id, and whose.

A value is a reference when, after peeling the wrappers people put around ids (routing
prefixes such as ``openai/`` or ``bedrock/``, ``provider:model`` forms, fine-tune
markers, Bedrock inference-profile geographies and ARNs, API paths that address a
model), what is left is a catalog id, or follows a provider's id grammar strictly
(then it is *unknown*, MT004). Everything else, including documentation links, file
paths and display names, is not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote

from . import open_weights
from .catalog import VERSION_WORD, WEAK_ID, Catalog, CatalogModel, ProviderGrammar, id_words, load_catalog
from .model import ModelRef

# Anything outside this alphabet cannot be part of an id (spaces, quotes, backslashes,
# braces of templates, regex metacharacters).
_ID_CHARS = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/@%+-]*\Z")
# A URL or path that may hold an id in an API path: anything without spaces or quotes
# (query strings, `{region}` template fields elsewhere in it).
_URL = re.compile(r"[^\s\"'<>`|\\^]+\Z")
# API paths that address a model. Each names the group that holds the id.
_API_PATHS = (
    # Vertex AI: .../publishers/<publisher>/models/<id>[:method]
    re.compile(r"publishers/[a-z0-9-]+/models/(?P<id>[A-Za-z0-9._@-]+?)(?::[A-Za-z]+)?(?:[/?#]|\Z)"),
    # Gemini API REST: /v1beta/models/<id>:generateContent (also /v1/models/<id>).
    re.compile(r"/v1(?:beta\d?|alpha)?/models/(?P<id>[A-Za-z0-9._@-]+?)(?::[A-Za-z]+)?(?:[/?#]|\Z)"),
    # models/<id>:<method> without a version segment ("/models/gemini-pro:generateContent"
    # after a base URL): the camelCase method says it is an API call, not a directory.
    re.compile(r"(?:^|/)models/(?P<id>[A-Za-z0-9._@-]+):[a-z]+[A-Z][A-Za-z]*(?:[/?#]|\Z)"),
    # Azure OpenAI: /openai/deployments/<deployment>/... (a deployment named after a model).
    re.compile(r"/openai/deployments/(?P<id>[A-Za-z0-9._-]+)(?:[/?#]|\Z)"),
    # Bedrock runtime: /model/<id>/invoke|converse (the id may be percent-encoded).
    re.compile(r"/model/(?P<id>[A-Za-z0-9._:%-]+)/(?:invoke|converse)"),
    # Bedrock ARNs: foundation-model/<id>, inference-profile/<profile id>.
    re.compile(r"^arn:aws[a-z-]*:bedrock:[a-z0-9-]*:\d*:(?:foundation-model|inference-profile|"
               r"application-inference-profile|provisioned-model)/(?P<id>[A-Za-z0-9._:-]+)\Z"),
)
_HOSTED = re.compile(r"[a-z][a-z0-9_-]{1,30}:(?P<id>[A-Za-z0-9][A-Za-z0-9._-]*)\Z")
_FT = re.compile(r"^ft:(?P<base>[A-Za-z0-9._-]+)(?::[A-Za-z0-9._-]*)*\Z")
# Fine-tunes of the retired GPT-3 base models: curie:ft-acme-2023-01-05-10-20-30.
_LEGACY_FT = re.compile(r"^(?P<base>ada|babbage|curie|davinci):ft-[A-Za-z0-9-]+\Z")
# Bedrock suffixes that select a context window or modality of the same model.
_BEDROCK_SUFFIX = re.compile(r"(?P<base>-v\d+:\d+)(?::\d+k|:mm)\Z")
_BEDROCK_MINOR = re.compile(r"(?P<base>-v\d+):\d+\Z")
# An Azure deployment named after a model and its version: gpt-4o-2024-08-06, gpt-35-turbo-0125,
# gpt-4-1106-preview (Azure lists these as the pair name + version).
_AZURE_VERSIONED = re.compile(r"(?P<base>[a-z0-9.-]+?)-(?P<version>\d{4}-\d{2}-\d{2}|\d{4}(?:-preview)?)\Z")
_DATED_VERSION = re.compile(r"\d{4}")
# Vertex AI versions of a model the catalog lists without them: text-bison@002,
# claude-3-5-sonnet-v2@20241022 (dated or numbered: pinned), @default / @latest (floating).
_VERTEX_VERSION = re.compile(r"(?P<base>[A-Za-z0-9._-]+)@(?P<version>\d{3}|\d{8}|default|latest)\Z")
# Single words (``ada``, ``davinci``, ``whisper``, ``command``) and very short ids
# (``o1``) are also ordinary words; they count only where the key says "model".
_WEAK = WEAK_ID
# Keys the Python extractor gives the argument of str.startswith/endswith: a prefix or
# suffix to match (``model.startswith("gpt-6")``), never an unknown id of its own.
_PATTERN_KEYS = frozenset({"startswith", "endswith", "removeprefix", "removesuffix"})
MODEL_KEY = re.compile(
    r"(?i)(?:^|[^a-z])(?:model|models|engine|deployment|deployments|llm|llms|checkpoint|"
    r"model_?id|model_?name|deployment_?id|deployment_?name|base_?model|fallbacks?)(?:$|[^a-z])"
    r"|model(?:id|name|s)?$|^--?model"
    # A member of a type named for models: ChatModel.O1, OpenAIModels.GPT_4O.
    r"|model(?:id|name|s)?\.[A-Za-z_]"
)
# A word every MODEL_KEY match holds, for a cheap look in lowered text around a value.
MODEL_KEY_WORD = re.compile(r"model|engine|deploy|llm|checkpoint|fallback")


@dataclass(frozen=True, slots=True)
class Match:
    """A model id found in ``value[start:end]``."""

    ref: ModelRef
    start: int
    end: int


# Keys that name something beside the model even when "model"/"llm" is in them:
# `custom_llm_provider == "mistral"` is a provider, `model_version` a version.
_NOT_MODEL_KEY = re.compile(r"(?i)(?:provider|vendor|platform|url|endpoint|host|region|token|"
                            r"type|format|version|family)s?$")


@lru_cache(maxsize=4096)
def is_model_key(key: str | None) -> bool:
    # Remembered: asked of every keyword argument of every call a Python walk visits, and
    # of every key of JSON, YAML and code, from a small set of names.
    return (bool(key) and MODEL_KEY.search(key or "") is not None
            and _NOT_MODEL_KEY.search(key or "") is None)


def member_key(owner: str | None, key: str | None, value: str) -> str | None:
    """The key of a weak id ``value`` (o1, mistral) that is member ``key`` of a mapping
    named ``owner``: ``owner.key`` where the mapping's name is a model key and the
    member's is not (``llm: {name: o1}`` -> ``llm.name``), since weak ids count under model
    keys only; None otherwise. YAML, JSON and Python dicts share this rule."""
    if owner is None or key is None or not WEAK_ID.match(value) or is_model_key(key) \
            or not is_model_key(owner):
        return None
    return f"{owner}.{key}"


# Answers remembered per identifier, up to this many (value, key, prose) questions.
_MEMO_SIZE = 50_000


class Identifier:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        # The same ids under the same keys recur across a repository (an SDK's model
        # list in every resource file): on the bench's mixed corpus 22,000 questions
        # were 3,900 distinct ones. The catalog never changes under an identifier.
        self._memo: dict[tuple[str, str | None, bool], Match | None] = {}

    # -- public -------------------------------------------------------------------
    def identify(self, value: str, *, key: str | None = None, prose: bool = False) -> Match | None:
        """The model id that the whole of ``value`` names, or None.

        ``prose`` is set for words taken out of comments and free text: there only
        catalog ids count, never grammar-only guesses or weak words.
        """
        question = (value, key, prose)
        try:
            return self._memo[question]
        except KeyError:
            pass
        if len(self._memo) >= _MEMO_SIZE:
            self._memo.clear()
        answer = self._memo[question] = self._identify(value, key=key, prose=prose)
        return answer

    def _identify(self, value: str, *, key: str | None, prose: bool) -> Match | None:
        if not 2 <= len(value) <= 2048:
            return None
        plain = len(value) <= 300 and _ID_CHARS.match(value) is not None
        if not plain and not ("/" in value and _URL.match(value)):
            return None
        for neutral in self.catalog.neutral_prefixes:
            if value.startswith(neutral) and len(value) > len(neutral):
                # A router's or host's namespace (openrouter/, together_ai/): what follows
                # is read as a value of its own, a provider-prefixed id or a Hub repo id
                # (together_ai/mistralai/Mixtral-8x7B-Instruct-v0.1), prefix kept in the span.
                inner = self.identify(value[len(neutral):], key=key, prose=prose)
                if inner is None:
                    break
                skipped = len(neutral)
                return Match(inner.ref, 0 if inner.start == 0 else inner.start + skipped,
                             inner.end + skipped)
        for variant in self.catalog.router_variants:
            if value.endswith(variant) and len(value) > len(variant):
                # deepseek/deepseek-r1:free: the slug is the model, the variant its routing.
                inner = self.identify(value[:-len(variant)], key=key, prose=prose)
                if inner is not None and inner.end == len(value) - len(variant):
                    return Match(inner.ref, inner.start, len(value))
                break
        if plain and not prose and open_weights.is_hub_key(key):
            # A Hub call takes a repo id even where it reads as a routed id (openai/...).
            hub = open_weights.hub_ref(self.catalog, value)
            if hub is not None:
                return Match(hub, 0, len(value))
        if "/" in value or value.startswith("arn:"):
            hit = self._api_path(value, key=key, prose=prose)
            if hit is not None:
                return hit
        if not plain:
            return None
        ref = self._resolve(value, key=key, prose=prose)
        if ref is None and not prose and "/" in value and is_model_key(key):
            # An org that is also a provider prefix (mistralai/, google/, openai/) whose
            # provider knows no such name: a Hub repo id if it looks like one
            # (mistralai/Mistral-7B-Instruct-v0.1).
            ref = open_weights.hub_ref(self.catalog, value, strict=True)
        if ref is None:
            return None
        return Match(ref, 0, len(value))

    # -- internals ----------------------------------------------------------------
    def _api_path(self, value: str, *, key: str | None, prose: bool) -> Match | None:
        for pattern in _API_PATHS:
            m = pattern.search(value)
            if m is None:
                continue
            raw = m.group("id")
            model_id = unquote(raw)
            hint = None
            if "deployments/" in pattern.pattern:
                hint = "azure_openai"
            elif "publishers/" in pattern.pattern:
                hint = "google_vertex_ai"
            elif "foundation-model" in pattern.pattern or "/model/" in pattern.pattern:
                hint = "aws_bedrock"
            ref = self._resolve(model_id, key="model", prose=prose, hint=hint)
            if ref is not None:
                if value.startswith("arn:"):
                    # An ARN is an identifier form of its own: report it whole.
                    return Match(ref, 0, len(value))
                return Match(ref, m.start("id"), m.end("id"))
        return None

    def _resolve(self, value: str, *, key: str | None, prose: bool,
                 hint: str | None = None) -> ModelRef | None:
        catalog = self.catalog
        direct = catalog.lookup(value, hint)
        if direct is not None:
            return self._known(direct, value, key=key, prose=prose)
        rest, hint2 = self._strip_prefixes(value)
        hint = hint or hint2
        if rest is None:
            return None
        ft = _FT.match(rest) or _LEGACY_FT.match(rest)
        fine_tuned = ft is not None
        if ft is not None:
            rest = ft.group("base")
        # Bedrock inference profiles and context-window suffixes.
        if hint in (None, "aws_bedrock"):
            bedrock = self._bedrock(rest)
            if bedrock is not None:
                return bedrock
        found = catalog.lookup(rest, hint)
        if found is None and hint == "azure_openai":
            versioned = self._azure_version(rest)
            if versioned is not None:
                return versioned
        if found is None and hint is not None and catalog.lookup(rest) is not None:
            # A router prefix in front of another vendor's id (azure/ for an id only
            # OpenAI lists): the id still names that model; the prefix says where.
            base = catalog.lookup(rest)
            if base is not None and _same_family(hint, base.provider):
                found = base
        if found is None and hint is not None and rest == rest.lower():
            # azure_ai/phi-4: a lowercase spelling, behind the prefix of the provider that
            # lists the id in mixed case (grammar.yaml, "Case").
            found = catalog.lookup_folded(rest, hint)
        if found is None and hint in (None, "google_vertex_ai"):
            versioned = self._vertex_version(rest)
            if versioned is not None:
                return versioned
        if found is not None:
            ref = self._known(found, rest, key=key if value == rest else "model", prose=prose)
            if ref is not None and fine_tuned:
                return ModelRef(provider=ref.provider, model=ref.model, pinned=True,
                                resolves_to=None, known=True, kind=ref.kind)
            return ref
        if prose:
            return None
        local = open_weights.resolve(self.catalog, rest, hint=hint, key=key,
                                     model_key=is_model_key(key))
        if local is not None:
            return local
        if catalog.lookup(rest) is not None:
            # A known id behind a prefix whose platform does not serve it (`models/gpt-4o`
            # is a directory): not an unknown id of that platform, and not a reference.
            return None
        hosted = _HOSTED.match(rest)
        if hosted is not None:
            # "provider:model" for a host the grammar does not list (pydantic-ai's
            # `heroku:`, `cerebras:`): the model after the colon is still a catalog id.
            inner = catalog.lookup(hosted.group("id"))
            if inner is not None and not _WEAK.match(hosted.group("id")):
                return self._known(inner, hosted.group("id"), key="model", prose=False)
        # A prefix, a fine-tune marker or a model-ish key says "this is a model id": the
        # provider's grammar alone decides. Elsewhere the id must also use the provider's
        # words or carry a dated snapshot suffix (grammar.yaml, `words`).
        if key in _PATTERN_KEYS:
            return None  # startswith("claude-3"): a family prefix to match, not an id
        liberal = rest != value or hint is not None or is_model_key(key)
        return self._unknown(rest, hint, liberal=liberal)

    def _strip_prefixes(self, value: str) -> tuple[str | None, str | None]:
        hint: str | None = None
        rest = value
        for _ in range(3):
            for neutral in self.catalog.neutral_prefixes:
                if rest.startswith(neutral):
                    rest = rest[len(neutral):]
            for prefix, provider in self.catalog.prefixes:
                if rest.startswith(prefix) and len(rest) > len(prefix):
                    rest = rest[len(prefix):]
                    hint = hint or provider
                    break
            else:
                break
            if self.catalog.lookup(rest) is not None:
                break
        return rest, hint

    def _bedrock(self, rest: str) -> ModelRef | None:
        grammar = self.catalog.providers.get("aws_bedrock")
        if grammar is None:
            return None
        candidate = rest
        for region in grammar.region_prefixes:
            if candidate.startswith(region):
                candidate = candidate[len(region):]
                break
        suffix = _BEDROCK_SUFFIX.search(candidate)
        if suffix is not None:
            candidate = candidate[:suffix.start()] + suffix.group("base")
        if candidate == rest:
            return None
        found = self.catalog.lookup(candidate, "aws_bedrock")
        minor = _BEDROCK_MINOR.search(candidate)
        if found is None and suffix is not None and minor is not None:
            # amazon.titan-text-express-v1:0:8k selects a window of amazon.titan-text-express-v1.
            shorter = candidate[:minor.start()] + minor.group("base")
            found = self.catalog.lookup(shorter, "aws_bedrock")
            candidate = shorter if found is not None else candidate
        if found is not None:
            return self._known(found, candidate, key="model", prose=False)
        return self._unknown(candidate, "aws_bedrock", liberal=True)

    def _azure_version(self, rest: str) -> ModelRef | None:
        """``azure/gpt-4o-2024-08-06``: Azure's model ``gpt-4o`` at version ``2024-08-06``."""
        m = _AZURE_VERSIONED.match(rest)
        if m is None:
            return None
        wanted = m.group("version").lower()
        for row in self.catalog.by_id.get(m.group("base"), ()):
            if row.provider == "azure_openai" and (row.version or "").lower() == wanted:
                return ModelRef(provider=row.provider, model=row.id, pinned=True, resolves_to=None,
                                known=True, kind=row.kind, version=row.version)
        return None

    def _vertex_version(self, rest: str) -> ModelRef | None:
        m = _VERTEX_VERSION.match(rest)
        base = None if m is None else self.catalog.lookup(m.group("base"), "google_vertex_ai")
        if m is None or base is None:
            return None
        dated = m.group("version").isdigit()
        return ModelRef(provider=base.provider, model=base.id, pinned=dated, resolves_to=None,
                        known=True, kind=base.kind, no_snapshot=not dated)

    def _known(self, entry: CatalogModel, value: str, *, key: str | None, prose: bool) -> ModelRef | None:
        if _WEAK.match(value) and (prose or not (is_model_key(key) or
                                                 open_weights.is_context_key(key))):
            return None
        grammar = self.catalog.providers.get(entry.provider)
        if grammar is not None and grammar.context_only and (prose or not open_weights.allows(
                entry.provider, value, key, model_key=is_model_key(key))):
            return None  # an open-weights name outside a model context ("mistral" the wind)
        alias = bool(entry.alias)
        no_snapshot = alias and not entry.points_to
        if entry.provider == "azure_openai" and entry.version is None and any(
                row.provider == "azure_openai" and _DATED_VERSION.search(row.version or "")
                for row in self.catalog.by_id.get(entry.id, ())):
            # An Azure name without its version (azure/gpt-4o-mini, a deployment named after
            # the model) where Azure has dated versions: the version lives in the deployment,
            # in Azure, and moves with its upgrade policy. Floating, with nothing here to pin
            # (scanner/pinning.py refines it where IaC states the version). Versions "1",
            # "001" (text-embedding-3-large, whisper) are the only ones: those stay pinned.
            alias, no_snapshot = True, True
        return ModelRef(
            provider=entry.provider,
            model=entry.id,
            pinned=not alias,
            resolves_to=entry.points_to if alias else None,
            known=True,
            kind=entry.kind,
            no_snapshot=no_snapshot,
        )

    def _unknown(self, value: str, hint: str | None, *, liberal: bool) -> ModelRef | None:
        """An id the catalog does not list but that follows a provider's grammar (MT004).

        With a ``hint`` (a routing prefix, an API path) only that platform's grammar, and
        those of the vendors it re-serves, are tried: ``anthropic/gpt-5`` is nothing.
        """
        if value != value.lower() or (_WEAK.match(value) and not liberal):
            return None
        providers = self.catalog.providers
        if hint is None:
            order = sorted(providers.values(), key=lambda g: g.precedence)
        else:
            order = sorted((g for g in providers.values()
                            if g.key == hint or _same_family(hint, g.key)),
                           key=lambda g: (g.key != hint, g.precedence))
        for grammar in order:
            if grammar.context_only:
                continue  # open-weights grammars: only in their contexts (open_weights.resolve)
            if not grammar.unknown.fullmatch(value):
                continue
            pinned = grammar.pinned.search(value) is not None
            if not pinned and not _plausible(value, grammar, liberal=liberal):
                continue
            return ModelRef(provider=grammar.key, model=value, pinned=pinned or grammar.all_pinned,
                            resolves_to=None, known=False)
        return None


def _plausible(value: str, grammar: ProviderGrammar, *, liberal: bool) -> bool:
    """Whether an undated id that follows ``grammar`` reads as a model id.

    Under a model key or a prefix, at most one word may be foreign to the provider's ids
    (``claude-3-5-sonet``, ``gpt-4-judge``; not ``gpt-5-mini-end-user-test``). Elsewhere
    every word must be the provider's own and one besides the family must name a tier:
    ``gpt-5.7-mini`` counts, ``gpt-4-judge``, ``grok-pattern-2`` and bare family labels
    (``claude-3``, ``gpt-6``, ``"claude-3" in model``) do not.
    """
    words = id_words(value)
    foreign = [w for w in words if not (VERSION_WORD.match(w) or w in grammar.words)]
    if liberal:
        return len(foreign) <= 1
    if foreign or grammar.unpinned_needs_key:
        return False
    return any(not VERSION_WORD.match(w) for w in words[1:])


def _same_family(hint: str, provider: str) -> bool:
    """Router prefixes that may carry another platform's ids verbatim."""
    families = {
        "azure_openai": {"openai"},
        "openai": {"azure_openai"},
        "google_vertex_ai": {"google_gemini_api", "anthropic", "mistral"},
        "google_gemini_api": {"google_vertex_ai"},
        "azure_foundry": {"openai", "mistral", "cohere", "xai", "deepseek", "meta_llama_api"},
        "groq": {"openai"},
    }
    return provider in families.get(hint, set())


_DEFAULT: Identifier | None = None


def default_identifier() -> Identifier:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Identifier(load_catalog())
    return _DEFAULT
