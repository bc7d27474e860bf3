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
# Words too common to anchor a prefilter on their own ("text-embedding-3-small" is
# anchored on "text-embedding", not on every "text").
_GENERIC_STEMS = frozenset({
    "text", "chat", "code", "codechat", "embed", "open", "command", "rerank", "image",
    "audio", "computer", "deep", "voice", "labs", "omni", "models", "model", "ft",
    "multimodalembedding", "textembedding", "babbage", "davinci", "curie", "ada",
    "whisper", "tts", "in", "us", "eu", "apac", "global", "jp", "au", "ca", "meta",
    "amazon", "google", "openai", "cohere", "mistral", "ai21", "stability", "writer",
    "luma", "nvidia", "qwen", "deepseek", "minimax", "moonshotai", "twelvelabs",
    "anthropic", "search", "similarity", "speech", "realtime", "gemini", "gemma",
})


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


@dataclass(frozen=True, slots=True)
class ProviderGrammar:
    key: str
    name: str
    precedence: int
    lifecycle_page: str
    prefixes: tuple[str, ...]
    region_prefixes: tuple[str, ...]
    unknown: re.Pattern[str]
    pinned: re.Pattern[str]
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
                unknown=re.compile(spec["unknown"]),
                pinned=re.compile(spec["pinned"]),
                context_only=bool(spec.get("context_only", False)),
            )
        self.neutral_prefixes: tuple[str, ...] = tuple(data.get("neutral_prefixes", ()))
        self.by_id: dict[str, tuple[CatalogModel, ...]] = {}
        for model_id, rows in data["models"].items():
            entries = [CatalogModel(provider=r[0], id=model_id, kind=r[1], alias=r[2],
                                    points_to=r[3], source=r[4], version=r[5])
                       for r in rows]
            entries.sort(key=lambda m: self.providers[m.provider].precedence)
            self.by_id[model_id] = tuple(entries)
        # Longest prefix first so "bedrock/converse/" wins over "bedrock/".
        pairs = [(p, key) for key, g in self.providers.items() for p in g.prefixes]
        pairs.sort(key=lambda pk: -len(pk[0]))
        self.prefixes: tuple[tuple[str, str], ...] = tuple(pairs)
        self.stems: tuple[str, ...] = tuple(data["stems"])
        self.generated: str = data.get("generated", "")

    def models_of(self, provider: str) -> dict[str, CatalogModel]:
        return {m.id: m for rows in self.by_id.values() for m in rows
                if m.provider == provider and m.version is None}

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


def stem_of(model_id: str) -> str:
    """What a prefilter must see for ``model_id`` to be possible in a file."""
    parts = [p for p in _SEPARATORS.split(model_id) if p]
    if not parts:
        return model_id
    stem = parts[0]
    i = 1
    # Walk past generic words until the stem says something specific.
    while stem.lower() in _GENERIC_STEMS and i < len(parts):
        nxt = parts[i]
        sep_at = model_id.find(nxt, len(stem))
        stem = model_id[:sep_at + len(nxt)]
        i += 1
        if not nxt.lower() in _GENERIC_STEMS:
            break
    return stem


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
    stems = sorted({stem_of(i) for i in models} | set(grammar.get("extra_stems", [])))
    # Drop stems that a shorter stem already covers: the prefilter matches prefixes.
    minimal: list[str] = []
    for stem in sorted(stems, key=len):
        if not any(stem.startswith(s) for s in minimal):
            minimal.append(stem)
    return {
        "generated": generated,
        "providers": grammar["providers"],
        "neutral_prefixes": grammar.get("neutral_prefixes", []),
        "models": {k: sorted(v, key=lambda r: (r[0], r[5] or "")) for k, v in sorted(models.items())},
        "stems": sorted(minimal),
    }


def write_catalog(rules: Path | None = None) -> Path:
    root = rules or rules_dir()
    out = root / CATALOG_FILE
    text = json.dumps(compile_catalog(root), indent=0, sort_keys=True, ensure_ascii=False)
    out.write_text(text + "\n", encoding="utf-8")
    return out


if __name__ == "__main__":  # python -m scanner.catalog
    print(write_catalog())
