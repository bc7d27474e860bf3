"""Open-weights models: Hugging Face Hub repos and Ollama library tags.

Neither has a closed list of ids (the Hub holds millions of repos, any Ollama user can
push a tag) and both shapes are everyday strings elsewhere (``src/main``, ``redis:7``),
so their grammars (``rules/grammar.yaml``, ``context_only``) are tried only where the
key or the call says "model":

- a Hub call or setting (:data:`HUB_KEYS`: ``from_pretrained``, ``snapshot_download``,
  ``vllm serve``...) takes any namespaced repo id, ahead of provider routing
  (``openai/whisper-large-v3`` there is a Hub repo, not an OpenAI API id);
- a model argument (``model=``, ``MODEL_ID``) takes a namespaced repo id that no provider
  claims (``meta-llama/Meta-Llama-3-8B-Instruct``);
- Ollama names count behind a model argument, an Ollama prefix (``ollama/llama3``) or an
  Ollama command (:data:`OLLAMA_KEYS`); ``name:tag`` is parsed, not listed.

Single-word Hub ids (``gpt2``) are not reported: in ``from_pretrained("gpt2")`` they are
as often a tokenizer or a local directory as a model.
"""

from __future__ import annotations

import re

from functools import lru_cache

from .catalog import Catalog
from .model import ModelRef

HUGGINGFACE = "huggingface"
OLLAMA = "ollama"
# Calls, arguments and settings that take a Hub repo id and nothing else (transformers,
# huggingface_hub, sentence-transformers, vLLM and TGI command lines and settings).
# Calls whose model= argument is a Hub repo (transformers.pipeline, vllm.LLM): the Python
# extractor keys that argument by the callee.
HUB_CALLEES = frozenset({"pipeline", "LLM"})
HUB_KEYS = HUB_CALLEES | frozenset({
    "from_pretrained", "snapshot_download", "hf_hub_download", "repo_id",
    "pretrained_model_name_or_path", "model_name_or_path", "SentenceTransformer",
    "CrossEncoder", "huggingface-cli download", "hf download", "vllm serve", "model-id",
    "HF_MODEL_ID",
})
# Settings that hold a Hub repo id as often as a provider's id (Text Generation
# Inference's MODEL_ID, LangChain's model_id): provider ids first, then any repo id. Under
# other model keys a repo id must look like one (an org the catalog knows, or a capital in
# the name: meta-llama/..., org/Model-7B), since routers spell their ids vendor/name too
# (predibase/llama-3-8b-instruct, nvidia/nemotron-4-340b-instruct).
HUB_LEANING_KEYS = frozenset({"MODEL_ID", "model_id", "modelId", "HF_MODEL", "hf_model_name"})
# Tags only Ollama writes: a parameter count (7b, 1.5b, 270m, 8x7b), then maybe a variant
# and quantisation (7b-instruct-q4_K_M), or a quantisation alone (q4_0, fp16). Not a router's
# variant (gpt-4o:free) nor a Bedrock version (anthropic.claude-v2:1).
_OLLAMA_TAG = re.compile(r"(?i)(?:\d+x)?\d+(?:\.\d+)?[bm](?:-[a-z0-9._-]+)?$|(?:q[2-8]_[a-z0-9_]+|fp16|bf16)$")
# Where an Ollama tag is meant: its CLI and a Modelfile's FROM line.
OLLAMA_KEYS = frozenset({"ollama run", "ollama pull", "ollama create", "FROM"})
# An untagged library name ("mistral", "gemma3") is also a provider or family name: it
# counts under a plain model key or an Ollama-named one, not under custom_llm_provider.
_OLLAMA_NAME_KEYS = frozenset({"model", "model_name", "modelname", "base_model"})


def is_hub_key(key: str | None) -> bool:
    return key in HUB_KEYS


def is_download(key: str | None, revision: str | None) -> bool:
    """Whether a Hub repo reference fetches the weights (a revision would pin them) rather
    than name a model a host serves (model="meta-llama/..." sent to an inference API)."""
    if revision is not None or key in HUB_KEYS or key in HUB_LEANING_KEYS:
        return True
    lowered = (key or "").lower()
    return any(word in lowered for word in ("vllm", "tgi", "huggingface", "hf_"))


def is_context_key(key: str | None) -> bool:
    """Keys that make an open-weights id count even where it is no catalog id."""
    return key in HUB_KEYS or key in OLLAMA_KEYS


def allows(provider: str, value: str, key: str | None, *, model_key: bool) -> bool:
    """Whether a catalog id of an open-weights provider counts under ``key``."""
    if key in HUB_KEYS or key in OLLAMA_KEYS:
        return True
    if not model_key or key is None:
        return False
    if provider == OLLAMA and ":" not in value:
        return key.lower() in _OLLAMA_NAME_KEYS or "ollama" in key.lower()
    return True


@lru_cache(maxsize=4)
def _hub_orgs(catalog: Catalog) -> frozenset[str]:
    return frozenset(i.split("/", 1)[0] for i in catalog.models_of(HUGGINGFACE) if "/" in i)


def hub_ref(catalog: Catalog, value: str, *, strict: bool = False) -> ModelRef | None:
    """The Hub repo ``value`` names (``org/name``), floating until a revision pins it;
    ``strict``: only a repo id that looks like one (see HUB_LEANING_KEYS)."""
    grammar = catalog.providers.get(HUGGINGFACE)
    if grammar is None or value.count("/") != 1:
        return None
    entry = catalog.lookup(value, HUGGINGFACE)
    if entry is None and not grammar.unknown.fullmatch(value.lower()):
        return None
    org, name = value.split("/", 1)
    if entry is None and strict and name == name.lower() and org not in _hub_orgs(catalog):
        return None
    return ModelRef(provider=HUGGINGFACE, model=value, pinned=False, resolves_to=None,
                    known=True, kind=entry.kind if entry else None, no_snapshot=True)


def ollama_ref(catalog: Catalog, value: str, *, named: bool) -> ModelRef | None:
    """``name[:tag]`` of the Ollama library; ``named`` when the context says Ollama, so
    a name the catalog does not list (a user's own ``me/model:tag``) still counts."""
    grammar = catalog.providers.get(OLLAMA)
    if grammar is None:
        return None
    name, _, tag = value.partition(":")
    entry = catalog.lookup(name, OLLAMA)
    if entry is None and not named and _OLLAMA_TAG.match(tag):
        # A size or quantisation tag is Ollama's own form: deepseek-r1:7b (a name another
        # catalog lists bare), gpt-oss:20b, qwen2.5:7b-instruct-q4_K_M under a model key.
        named = True
    if entry is None and not (named and grammar.unknown.fullmatch(value.lower())):
        return None
    if entry is not None and not tag and not named:
        return None  # a bare library name outside an Ollama context: the catalog decides
    pinned = bool(tag) and grammar.pinned.search(value) is not None
    return ModelRef(provider=OLLAMA, model=value, pinned=pinned, resolves_to=None,
                    known=entry is not None, kind=entry.kind if entry else None,
                    no_snapshot=not pinned)


def resolve(catalog: Catalog, value: str, *, hint: str | None, key: str | None,
            model_key: bool) -> ModelRef | None:
    """The open-weights reading of an id no provider grammar claimed (see identify)."""
    if hint == HUGGINGFACE or (hint is None and (is_hub_key(key) or model_key)):
        strict = hint is None and not is_hub_key(key) and key not in HUB_LEANING_KEYS
        hub = hub_ref(catalog, value, strict=strict)
        if hub is not None:
            return hub
    if hint == OLLAMA or (hint is None and (key in OLLAMA_KEYS or model_key)):
        # A name the library does not list counts only where Ollama is meant twice over:
        # `ollama run me/model:tag`, or model="ollama/me/model:tag" (not the image
        # ollama/ollama:0.4.1).
        named = key in OLLAMA_KEYS or (hint == OLLAMA and model_key)
        return ollama_ref(catalog, value, named=named)
    return None
