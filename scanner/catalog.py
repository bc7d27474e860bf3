"""The provider catalog: which strings are model ids, whose, and what they resolve to.

The source of truth is YAML in ``rules/`` (``grammar.yaml`` written by hand,
``providers/*.yaml`` generated from the researched reference data). Parsing 1,400
records of YAML costs ~90 ms, so :func:`compile_catalog` folds them into
``rules/catalog.json`` (2 ms to load); a test keeps the two in step.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

CATALOG_FILE = "catalog.json"
# Separators inside model ids; a "stem" is what a prefilter looks for.
_SEPARATORS = re.compile(r"[-._:/@]")
_SPLIT = re.compile(r"([-._:/@])")
# Words of an id that say nothing by themselves: versions and sizes (4o, 70b, 16k, v2, r7b,
# 8x7b, a22b). An unknown id may use them freely; other words must be the provider's own.
VERSION_WORD = re.compile(r"[a-z]?\d+(?:x\d+)?[a-z]{0,2}\Z")
# After a stem that is a whole id: the id must end there (`command` but not `command_line`,
# `parse_args`); a one-word id also not before `-`/`.` (`command-line`, `ada.lovelace`).
TOKEN_END = "(?:[^A-Za-z0-9_]|$)"
WORD_END = "(?:[^A-Za-z0-9_.-]|$)"
# One-word ids that are also ordinary words or names (ada, davinci, command, whisper) and
# very short ids (o1, tts): they count only where a key says "model" (scanner/identify.py),
# and the prefilter looks for them only after a quote, `=`, `:`, `[`, `,` or a model flag.
WEAK_ID = re.compile(r"[a-z]+\Z|[a-z0-9]{1,3}\Z")


@lru_cache(maxsize=1)
def rules_dir() -> Path:
    """``rules/`` beside the package in a checkout, or inside it in a wheel."""
    here = Path(__file__).resolve().parent
    bundled = here / "rules"
    return bundled if bundled.is_dir() else here.parent / "rules"


@dataclass(frozen=True, slots=True)
class CatalogModel:
    provider: str
    id: str
    kind: str | None
    alias: bool | None
    points_to: str | None
    source: str | None
    version: str | None = None


class LazyPattern:
    """A regex compiled on first use: most scans (a pre-commit run) never fall back to a
    provider's grammar, and compiling all of them cost ~12 ms of start-up."""

    __slots__ = ("source", "_compiled")

    def __init__(self, source: str) -> None:
        self.source = source
        self._compiled: re.Pattern[str] | None = None

    @property
    def pattern(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.source)
        return self._compiled

    def fullmatch(self, text: str) -> re.Match[str] | None:
        return self.pattern.fullmatch(text)

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(text)

    def match(self, text: str) -> re.Match[str] | None:
        return self.pattern.match(text)


@dataclass(frozen=True, slots=True)
class ProviderGrammar:
    key: str
    name: str
    precedence: int
    lifecycle_page: str
    prefixes: tuple[str, ...]
    region_prefixes: tuple[str, ...]
    unknown: LazyPattern
    pinned: LazyPattern
    # Words an unknown id may use without a prefix or model-ish key (grammar.yaml `words`).
    words: frozenset[str] = frozenset()
    # Every id of the provider is a fixed version (Bedrock): unknown ids are pinned too.
    all_pinned: bool = False
    # An unknown id without a version suffix counts only under a model key or a prefix.
    unpinned_needs_key: bool = False
    # Ids that count only where the key or call says "model" (open-weights grammars).
    context_only: bool = False


class Catalog:
    """Lookup tables built once per process from the compiled catalog."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.providers: dict[str, ProviderGrammar] = {}
        for key, spec in data["providers"].items():
            self.providers[key] = ProviderGrammar(
                key=key,
                name=spec["name"],
                precedence=int(spec["precedence"]),
                lifecycle_page=spec.get("lifecycle_page", ""),
                prefixes=tuple(spec.get("prefixes", ())),
                region_prefixes=tuple(spec.get("region_prefixes", ())),
                unknown=LazyPattern(spec["unknown"]),
                pinned=LazyPattern(spec["pinned"]),
                words=frozenset(spec.get("words", ())),
                all_pinned=bool(spec.get("all_pinned", False)),
                unpinned_needs_key=bool(spec.get("unpinned_needs_key", False)),
                context_only=bool(spec.get("context_only", False)),
            )
        self.neutral_prefixes: tuple[str, ...] = tuple(data.get("neutral_prefixes", ()))
        self.router_variants: tuple[str, ...] = tuple(data.get("router_variants", ()))
        self.by_id: dict[str, tuple[CatalogModel, ...]] = {}
        for model_id, rows in data["models"].items():
            entries = [CatalogModel(provider=r[0], id=model_id, kind=r[1], alias=r[2],
                                    points_to=r[3], source=r[4], version=r[5])
                       for r in rows]
            entries.sort(key=lambda m: self.providers[m.provider].precedence)
            self.by_id[model_id] = tuple(entries)
        # Lowercase spellings of mixed-case ids (Azure Foundry's Phi-4), per provider: they
        # count only behind that provider's own prefix (see grammar.yaml, "Case").
        self.folded: dict[tuple[str, str], str] = {}
        for model_id, rows in self.by_id.items():
            if model_id != model_id.lower():
                for m in rows:
                    self.folded.setdefault((m.provider, model_id.lower()), model_id)
        # Longest prefix first so "bedrock/converse/" wins over "bedrock/".
        pairs = [(p, key) for key, g in self.providers.items() for p in g.prefixes]
        pairs.sort(key=lambda pk: -len(pk[0]))
        self.prefixes: tuple[tuple[str, str], ...] = tuple(pairs)
        self.stems: tuple[str, ...] = tuple(data["stems"])
        # Prefilter anchors that are not ids but the calls and settings that take one
        # (``from_pretrained``, ``MODEL_ID``, a Modelfile's ``PARAMETER``).
        triggers = [stem for spec in data["providers"].values() if spec.get("context_only")
                    for stem in spec.get("stems", [])]
        self.context_triggers: re.Pattern[str] | None = (
            re.compile("|".join(f"(?:{t})" for t in triggers)) if triggers else None)
        self.weak_stems: tuple[str, ...] = tuple(data.get("weak_stems", ()))
        self.generated: str = data.get("generated", "")

    def models_of(self, provider: str) -> dict[str, CatalogModel]:
        return {m.id: m for rows in self.by_id.values() for m in rows
                if m.provider == provider and m.version is None}

    def lookup_folded(self, model_id: str, provider: str) -> CatalogModel | None:
        """The mixed-case id of ``provider`` that ``model_id`` spells in lowercase."""
        real = self.folded.get((provider, model_id))
        return None if real is None else self.lookup(real, provider)

    def lookup(self, model_id: str, provider: str | None = None) -> CatalogModel | None:
        rows = self.by_id.get(model_id)
        if not rows:
            return None
        if provider is None:
            return rows[0]
        for row in rows:
            if row.provider == provider:
                return row
        return None


@lru_cache(maxsize=4)
def load_catalog(path: str | None = None) -> Catalog:
    file = Path(path) if path else rules_dir() / CATALOG_FILE
    with open(file, encoding="utf-8") as fh:
        return Catalog(json.load(fh))


def id_words(model_id: str) -> list[str]:
    """The words of an id, lowercased, without separators."""
    return [w for w in _SEPARATORS.split(model_id.lower()) if w]


def stem_of(model_id: str, generic: frozenset[str] = frozenset()) -> tuple[str, str]:
    """What a prefilter must see for ``model_id`` to be possible in a file.

    Returns ``(literal, kind)``: kind ``prefix`` when the literal ends in a separator
    (``gpt-``, ``anthropic.claude-``), ``token`` when it is a whole multi-word id, and
    ``word`` for a one-word id (``ada``, ``o1``), which must stand alone. ``generic``
    holds first words too common in ordinary code to anchor on (``text``, ``parse``), or
    a word and its separator (``meta.``): those are extended by the next word.
    """
    parts = _SPLIT.split(model_id)  # words at even positions, separators at odd ones
    if len(parts) == 1:
        return model_id, "word"
    stem = parts[0]
    i = 1
    while i + 1 < len(parts) and (_last_word(stem) in generic
                                  or _last_word(stem) + parts[i] in generic
                                  or (i == 1 and len(parts[0]) <= 2)):
        stem += parts[i] + parts[i + 1]
        i += 2
    if i >= len(parts):
        return stem, "token"
    return stem + parts[i], "prefix"


def _last_word(stem: str) -> str:
    return _SEPARATORS.split(stem)[-1]


def _covers(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """Whether a prefilter hit on stem ``b`` implies a hit on stem ``a``."""
    (la, ka), (lb, kb) = a, b
    if not lb.startswith(la):
        return False
    if ka == "prefix":
        return True
    if lb == la:  # same literal: the looser boundary covers the stricter one
        order = {"prefix": 0, "token": 1, "word": 2}
        return order[ka] <= order[kb]
    nxt = lb[len(la)]  # b goes on past a: a separator (covered) or a letter (not)
    return nxt in "-._:/@" if ka == "token" else nxt in ":/@"


def stem_patterns(ids: list[str], extra: list[str], generic: frozenset[str]) -> list[str]:
    """Regex fragments, one per stem, that a prefilter joins after a word boundary.
    Weak one-word ids are left out: see :func:`weak_words`."""
    ids = [i for i in ids if not WEAK_ID.match(i)]
    stems = {stem_of(i, generic) for i in ids}
    stems |= {stem_of(i.lower(), generic) for i in ids if i != i.lower()}
    minimal: list[tuple[str, str]] = []
    for stem in sorted(stems, key=lambda s: (len(s[0]), s[1] != "prefix", s)):
        if not any(_covers(kept, stem) for kept in minimal):
            minimal.append(stem)
    out = set(extra)
    for literal, kind in minimal:
        end = {"prefix": "", "token": TOKEN_END, "word": WORD_END}[kind]
        out.add(re.escape(literal) + end)
    return sorted(out)


def weak_words(ids: list[str], extra: list[str]) -> list[str]:
    """Regex fragments for the weak ids (escaped) and the grammars' weak forms (``o[1-9]``)."""
    return sorted({re.escape(i) for i in ids if WEAK_ID.match(i)} | set(extra))


def compile_catalog(rules: Path | None = None) -> dict[str, Any]:
    """Fold ``grammar.yaml`` and ``providers/*.yaml`` into the runtime catalog."""
    import yaml  # build-time only

    root = rules or rules_dir()
    with open(root / "grammar.yaml", encoding="utf-8") as fh:
        grammar = yaml.safe_load(fh)
    models: dict[str, list[list[Any]]] = {}
    generated = ""
    for file in sorted((root / "providers").glob("*.yaml")):
        with open(file, encoding="utf-8") as fh:
            doc = yaml.safe_load(fh)
        provider = doc["provider"]
        if provider not in grammar["providers"]:
            raise ValueError(f"{file}: provider {provider!r} has no entry in grammar.yaml")
        generated = max(generated, str(doc.get("generated", "")))
        for m in doc.get("models", []):
            version = m.get("version")
            models.setdefault(m["id"], []).append([
                provider, m.get("kind"), m.get("alias"), m.get("points_to"),
                m.get("source"), None if version is None else str(version),
            ])
    generic = frozenset(str(g) for g in grammar.get("generic_stems", []))
    # Per-provider `stems` are regex fragments; top-level `extra_stems` are literals.
    extra = [stem for spec in grammar["providers"].values() for stem in spec.get("stems", [])]
    extra += [re.escape(str(literal)) for literal in grammar.get("extra_stems", [])]
    providers: dict[str, Any] = {}
    for key, spec in grammar["providers"].items():
        # The vocabulary of unknown ids: every non-version word of the provider's ids.
        words = {w for model_id, rows in models.items() if any(r[0] == key for r in rows)
                 for w in id_words(model_id) if not VERSION_WORD.match(w)}
        providers[key] = {**spec, "words": sorted(words | set(spec.get("words", [])))}
    return {
        "generated": generated,
        "providers": providers,
        "neutral_prefixes": grammar.get("neutral_prefixes", []),
        "router_variants": grammar.get("router_variants", []),
        "models": {k: sorted(v, key=lambda r: (r[0], r[5] or "")) for k, v in sorted(models.items())},
        "stems": stem_patterns(sorted(models), extra, generic),
        "weak_stems": weak_words(sorted(models), [w for spec in grammar["providers"].values()
                                                  for w in spec.get("weak_stems", [])]),
    }


def write_catalog(rules: Path | None = None) -> Path:
    root = rules or rules_dir()
    out = root / CATALOG_FILE
    text = json.dumps(compile_catalog(root), indent=0, sort_keys=True, ensure_ascii=False)
    out.write_text(text + "\n", encoding="utf-8")
    return out


if __name__ == "__main__":  # python -m scanner.catalog
    print(write_catalog())
