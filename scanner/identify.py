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
from urllib.parse import unquote

from . import open_weights
from .catalog import Catalog, CatalogModel, load_catalog
from .model import ModelRef

# Anything outside this alphabet cannot be part of an id (spaces, quotes, backslashes,
# braces of templates, regex metacharacters).
_ID_CHARS = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/@%+-]*\Z")
# API paths that address a model. Each names the group that holds the id.
_API_PATHS = (
    # Vertex AI: .../publishers/<publisher>/models/<id>[:method]
    re.compile(r"publishers/[a-z0-9-]+/models/(?P<id>[A-Za-z0-9._@-]+?)(?::[A-Za-z]+)?(?:[/?#]|\Z)"),
    # Gemini API REST: /v1beta/models/<id>:generateContent (also /v1/models/<id>).
    re.compile(r"/v1(?:beta\d?|alpha)?/models/(?P<id>[A-Za-z0-9._@-]+?)(?::[A-Za-z]+)?(?:[/?#]|\Z)"),
    # Azure OpenAI: /openai/deployments/<deployment>/... (a deployment named after a model).
    re.compile(r"/openai/deployments/(?P<id>[A-Za-z0-9._-]+)(?:[/?#]|\Z)"),
    # Bedrock runtime: /model/<id>/invoke|converse (the id may be percent-encoded).
    re.compile(r"/model/(?P<id>[A-Za-z0-9._:%-]+)/(?:invoke|converse)"),
    # Bedrock ARNs: foundation-model/<id>, inference-profile/<profile id>.
    re.compile(r"^arn:aws[a-z-]*:bedrock:[a-z0-9-]*:\d*:(?:foundation-model|inference-profile|"
               r"application-inference-profile|provisioned-model)/(?P<id>[A-Za-z0-9._:-]+)\Z"),
)
_FT = re.compile(r"^ft:(?P<base>[A-Za-z0-9._-]+)(?::[A-Za-z0-9._-]*)*\Z")
# Bedrock suffixes that select a context window or modality of the same model.
_BEDROCK_SUFFIX = re.compile(r"(?P<base>-v\d+:\d+)(?::\d+k|:mm)\Z")
# Single words (``ada``, ``davinci``, ``whisper``, ``command``) and very short ids
# (``o1``) are also ordinary words; they count only where the key says "model".
_WEAK = re.compile(r"[a-z]+\Z|[a-z0-9]{1,3}\Z")
MODEL_KEY = re.compile(
    r"(?i)(?:^|[^a-z])(?:model|models|engine|deployment|deployments|llm|llms|checkpoint|"
    r"model_?id|model_?name|deployment_?id|deployment_?name|base_?model|fallbacks?)(?:$|[^a-z])"
    r"|model(?:id|name|s)?$|^--?model"
)


@dataclass(frozen=True, slots=True)
class Match:
    """A model id found in ``value[start:end]``."""

    ref: ModelRef
    start: int
    end: int


def is_model_key(key: str | None) -> bool:
    return bool(key) and MODEL_KEY.search(key or "") is not None


class Identifier:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    # -- public -------------------------------------------------------------------
    def identify(self, value: str, *, key: str | None = None, prose: bool = False) -> Match | None:
        """The model id that the whole of ``value`` names, or None.

        ``prose`` is set for words taken out of comments and free text: there only
        catalog ids count, never grammar-only guesses or weak words.
        """
        if not 2 <= len(value) <= 300 or not _ID_CHARS.match(value):
            return None
        if not prose and open_weights.is_hub_key(key):
            # A Hub call takes a repo id even where it reads as a routed id (openai/...).
            hub = open_weights.hub_ref(self.catalog, value)
            if hub is not None:
                return Match(hub, 0, len(value))
        if "/" in value or value.startswith("arn:"):
            hit = self._api_path(value, key=key, prose=prose)
            if hit is not None:
                return hit
        ref = self._resolve(value, key=key, prose=prose)
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
        ft = _FT.match(rest)
        fine_tuned = ft is not None
        if ft is not None:
            rest = ft.group("base")
        # Bedrock inference profiles and context-window suffixes.
        if hint in (None, "aws_bedrock"):
            bedrock = self._bedrock(rest)
            if bedrock is not None:
                return bedrock
        found = catalog.lookup(rest, hint)
        if found is None and hint is not None and catalog.lookup(rest) is not None:
            # A router prefix in front of another vendor's id (azure/ for an id only
            # OpenAI lists): the id still names that model; the prefix says where.
            base = catalog.lookup(rest)
            if base is not None and _same_family(hint, base.provider):
                found = base
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
        return self._unknown(rest, hint)

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
        if found is not None:
            return self._known(found, candidate, key="model", prose=False)
        return self._unknown(candidate, "aws_bedrock")

    def _known(self, entry: CatalogModel, value: str, *, key: str | None, prose: bool) -> ModelRef | None:
        if _WEAK.match(value) and (prose or not (is_model_key(key) or
                                                 open_weights.is_context_key(key))):
            return None
        grammar = self.catalog.providers.get(entry.provider)
        if grammar is not None and grammar.context_only and (
                prose or not (is_model_key(key) or open_weights.is_context_key(key))):
            return None  # an open-weights name outside a model context ("mistral" the wind)
        alias = bool(entry.alias)
        no_snapshot = alias and not entry.points_to
        return ModelRef(
            provider=entry.provider,
            model=entry.id,
            pinned=not alias,
            resolves_to=entry.points_to if alias else None,
            known=True,
            kind=entry.kind,
            no_snapshot=no_snapshot,
        )

    def _unknown(self, value: str, hint: str | None) -> ModelRef | None:
        lowered = value
        if lowered != value.lower():
            return None
        providers = self.catalog.providers
        order = sorted(providers.values(), key=lambda g: (g.key != hint, g.precedence))
        for grammar in order:
            if grammar.context_only:
                continue  # open-weights grammars: only in their contexts (open_weights.resolve)
            if grammar.unknown.fullmatch(lowered):
                return ModelRef(provider=grammar.key, model=value,
                                pinned=grammar.pinned.search(value) is not None,
                                resolves_to=None, known=False)
        return None


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
