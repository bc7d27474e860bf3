"""Identification: which strings are model ids, whose, pinned or floating, and what an alias
resolves to today. Tables of the grammar of every catalog provider, every wrapper people put
around ids (routing prefixes, provider:model, inference profiles, ARNs, API paths,
fine-tunes), and the decoys real code is full of, positive and negative side by side.

Each row asserts the whole answer: provider, canonical model, pinned, alias target, known
(False = follows the provider's grammar without being in the catalog: MT004), and the span
of the id inside the value.
"""

from __future__ import annotations

from typing import Any

import pytest

from scanner.catalog import load_catalog
from scanner.identify import MODEL_KEY_WORD, Identifier, is_model_key

IDENTIFIER = Identifier(load_catalog())


def ref(value: str, provider: str, model: str, pinned: bool, resolves_to: str | None = None,
        known: bool = True, *, key: str | None = None, span: str | None = None) -> Any:
    """One expected identification; ``span`` is the id's part of ``value`` (default: all)."""
    name = value if key is None else f"{key}={value}"
    return pytest.param(value, key, (provider, model, pinned, resolves_to, known),
                        value if span is None else span, id=name)


def check(value: str, key: str | None, want: tuple[str, str, bool, str | None, bool],
          span: str) -> None:
    m = IDENTIFIER.identify(value, key=key)
    assert m is not None, f"{value!r} not identified"
    got = (m.ref.provider, m.ref.model, m.ref.pinned, m.ref.resolves_to, m.ref.known)
    assert got == want
    assert value[m.start:m.end] == span
    assert value.index(span) == m.start


# --- the grammar of every provider in the catalog -----------------------------------------------

OPENAI = [
    ref("gpt-4o", "openai", "gpt-4o", False, "gpt-4o-2024-08-06"),
    ref("gpt-4o-2024-08-06", "openai", "gpt-4o-2024-08-06", True),
    ref("gpt-4o-mini", "openai", "gpt-4o-mini", False, "gpt-4o-mini-2024-07-18"),
    ref("gpt-4o-mini-2024-07-18", "openai", "gpt-4o-mini-2024-07-18", True),
    ref("gpt-4-turbo-preview", "openai", "gpt-4-turbo-preview", False, "gpt-4-0125-preview"),
    ref("gpt-4-0125-preview", "openai", "gpt-4-0125-preview", True),
    ref("gpt-3.5-turbo", "openai", "gpt-3.5-turbo", False, "gpt-3.5-turbo-0125"),
    ref("gpt-3.5-turbo-0613", "openai", "gpt-3.5-turbo-0613", True),
    ref("gpt-3.5-turbo-16k", "openai", "gpt-3.5-turbo-16k", False, "gpt-3.5-turbo-16k-0613"),
    ref("gpt-4", "openai", "gpt-4", False, "gpt-4-0613"),
    ref("gpt-4-32k", "openai", "gpt-4-32k", False, "gpt-4-32k-0613"),
    ref("gpt-4.1", "openai", "gpt-4.1", False, "gpt-4.1-2025-04-14"),
    ref("gpt-4.1-nano-2025-04-14", "openai", "gpt-4.1-nano-2025-04-14", True),
    ref("gpt-5", "openai", "gpt-5", False, "gpt-5-2025-08-07"),
    ref("gpt-5-mini", "openai", "gpt-5-mini", False, "gpt-5-mini-2025-08-07"),
    ref("o3-mini", "openai", "o3-mini", False, "o3-mini-2025-01-31"),
    ref("o3-mini-2025-01-31", "openai", "o3-mini-2025-01-31", True),
    ref("o1-preview", "openai", "o1-preview", False, "o1-preview-2024-09-12"),
    ref("o4-mini-deep-research", "openai", "o4-mini-deep-research", False,
        "o4-mini-deep-research-2025-06-26"),
    ref("o1", "openai", "o1", False, "o1-2024-12-17", key="model"),
    ref("o3", "openai", "o3", False, "o3-2025-04-16", key="reasoning_model"),
    # Aliases with no dated snapshot at all: floating, nothing to resolve to.
    ref("chatgpt-4o-latest", "openai", "chatgpt-4o-latest", False),
    ref("gpt-5.1-chat-latest", "openai", "gpt-5.1-chat-latest", False),
    ref("codex-mini-latest", "openai", "codex-mini-latest", False),
    # Single-version ids: nothing to pin them to, so pinned.
    ref("text-embedding-3-small", "openai", "text-embedding-3-small", True),
    ref("text-embedding-ada-002", "openai", "text-embedding-ada-002", True),
    ref("whisper-1", "openai", "whisper-1", True),
    ref("dall-e-3", "openai", "dall-e-3", True),
    ref("tts-1-hd", "openai", "tts-1-hd", True),
    ref("davinci-002", "openai", "davinci-002", True),
    ref("gpt-image-1", "openai", "gpt-image-1", True),
    ref("omni-moderation-latest", "openai", "omni-moderation-latest", False,
        "omni-moderation-2024-09-26"),
    ref("gpt-realtime", "openai", "gpt-realtime", False, "gpt-realtime-2025-08-28"),
    ref("gpt-4o-audio-preview", "openai", "gpt-4o-audio-preview", False,
        "gpt-4o-audio-preview-2024-12-17"),
    ref("computer-use-preview", "openai", "computer-use-preview", False,
        "computer-use-preview-2025-03-11"),
    ref("sora-2", "openai", "sora-2", False, "sora-2-2025-12-08"),
    # A real model that looks like a decoy: text-to-speech on gpt-4o-mini.
    ref("gpt-4o-mini-tts", "openai", "gpt-4o-mini-tts", False, "gpt-4o-mini-tts-2025-12-15"),
    ref("davinci", "openai", "davinci", True, key="engine"),
]

AZURE_OPENAI = [
    # Azure spells GPT-3.5 without the dot; other names are OpenAI's, so a bare one is
    # OpenAI's by precedence and Azure's behind an Azure prefix or deployment path. An Azure
    # name without its version is floating with nothing to pin here: the version sits in
    # the deployment (scanner/pinning.py refines it where IaC states it).
    ref("gpt-35-turbo", "azure_openai", "gpt-35-turbo", False),
    ref("gpt-35-turbo-16k", "azure_openai", "gpt-35-turbo-16k", True),
    ref("gpt-35-turbo-instruct", "azure_openai", "gpt-35-turbo-instruct", True),
    ref("azure/gpt-4o", "azure_openai", "gpt-4o", False),
    ref("azure/gpt-4o-mini", "azure_openai", "gpt-4o-mini", False),
    ref("azure/gpt-35-turbo", "azure_openai", "gpt-35-turbo", False),
    ref("azure/text-embedding-ada-002", "azure_openai", "text-embedding-ada-002", True),
    ref("azure/o3-mini", "azure_openai", "o3-mini", False),
    ref("azure/gpt-4.1", "azure_openai", "gpt-4.1", False),
    ref("azure/gpt-5-chat", "azure_openai", "gpt-5-chat", False),
    ref("azure/dall-e-3", "azure_openai", "dall-e-3", True),
    ref("azure/text-embedding-3-large", "azure_openai", "text-embedding-3-large", True),
    ref("azure/whisper", "azure_openai", "whisper", True),
    ref("azure/model-router", "azure_openai", "model-router", False),
    ref("azure_openai/gpt-4o", "azure_openai", "gpt-4o", False),
    # A deployment named after a model and one of its Azure versions: that (name, version).
    ref("azure/gpt-4o-2024-08-06", "azure_openai", "gpt-4o", True),
    ref("azure/gpt-35-turbo-0125", "azure_openai", "gpt-35-turbo", True),
    ref("azure/gpt-4-1106-preview", "azure_openai", "gpt-4", True),
    # An OpenAI id with a date Azure does not list, behind an Azure prefix: OpenAI's grammar.
    ref("azure/gpt-4o-2099-01-01", "openai", "gpt-4o-2099-01-01", True, known=False),
    # Grammar-only: Azure's own spelling with a snapshot suffix Azure does not list.
    ref("azure/gpt-35-turbo-0914", "azure_openai", "gpt-35-turbo-0914", True, known=False),
]


@pytest.mark.parametrize(("value", "version"), [
    ("azure/gpt-4o-2024-08-06", "2024-08-06"), ("azure/gpt-35-turbo-0125", "0125"),
    ("azure/gpt-4-1106-preview", "1106-Preview"), ("azure/gpt-4o-mini-2024-07-18", "2024-07-18"),
    ("https://r.openai.azure.com/openai/deployments/gpt-4o-2024-11-20/chat/completions", "2024-11-20"),
    ("gpt-4o-2024-08-06", None), ("azure/gpt-4o", None),
])
def test_azure_versions(value: str, version: str | None) -> None:
    m = IDENTIFIER.identify(value)
    assert m is not None and m.ref.version == version

AZURE_FOUNDRY = [
    ref("Phi-4", "azure_foundry", "Phi-4", True),
    ref("Phi-4-mini-instruct", "azure_foundry", "Phi-4-mini-instruct", True),
    ref("Meta-Llama-3.1-405B-Instruct", "azure_foundry", "Meta-Llama-3.1-405B-Instruct", True),
    ref("Llama-3.3-70B-Instruct", "azure_foundry", "Llama-3.3-70B-Instruct", True),
    ref("DeepSeek-R1", "azure_foundry", "DeepSeek-R1", True),
    ref("DeepSeek-V3-0324", "azure_foundry", "DeepSeek-V3-0324", True),
    ref("Cohere-command-r-plus-08-2024", "azure_foundry", "Cohere-command-r-plus-08-2024", True),
    ref("Codestral-2501", "azure_foundry", "Codestral-2501", True),
    ref("MAI-DS-R1", "azure_foundry", "MAI-DS-R1", True),
    ref("FLUX.1-Kontext-pro", "azure_foundry", "FLUX.1-Kontext-pro", True),
    ref("jais-30b-chat", "azure_foundry", "jais-30b-chat", True),
    ref("azure_ai/Phi-4", "azure_foundry", "Phi-4", True),
    ref("azure_ai/DeepSeek-R1", "azure_foundry", "DeepSeek-R1", True),
    ref("azure_ai/grok-3", "azure_foundry", "grok-3", True),
    ref("azure_ai/mistral-large-latest", "azure_foundry", "mistral-large-latest", False),
    # Lowercase spellings count behind Foundry's own prefix only (bare: test_case below).
    ref("azure_ai/phi-4", "azure_foundry", "Phi-4", True),
    ref("azure_ai/cohere-command-r-plus-08-2024", "azure_foundry",
        "Cohere-command-r-plus-08-2024", True),
]

ANTHROPIC = [
    ref("claude-3-5-sonnet-20241022", "anthropic", "claude-3-5-sonnet-20241022", True),
    ref("claude-3-5-sonnet-latest", "anthropic", "claude-3-5-sonnet-latest", False,
        "claude-3-5-sonnet-20241022"),
    ref("claude-3-5-haiku-latest", "anthropic", "claude-3-5-haiku-latest", False,
        "claude-3-5-haiku-20241022"),
    ref("claude-3-7-sonnet-latest", "anthropic", "claude-3-7-sonnet-latest", False,
        "claude-3-7-sonnet-20250219"),
    ref("claude-3-opus-20240229", "anthropic", "claude-3-opus-20240229", True),
    ref("claude-3-opus-latest", "anthropic", "claude-3-opus-latest", False, "claude-3-opus-20240229"),
    ref("claude-3-haiku-20240307", "anthropic", "claude-3-haiku-20240307", True),
    ref("claude-sonnet-4-5", "anthropic", "claude-sonnet-4-5", False, "claude-sonnet-4-5-20250929"),
    ref("claude-sonnet-4-5-20250929", "anthropic", "claude-sonnet-4-5-20250929", True),
    ref("claude-sonnet-4-0", "anthropic", "claude-sonnet-4-0", False, "claude-sonnet-4-20250514"),
    ref("claude-opus-4-1", "anthropic", "claude-opus-4-1", False, "claude-opus-4-1-20250805"),
    ref("claude-haiku-4-5", "anthropic", "claude-haiku-4-5", False, "claude-haiku-4-5-20251001"),
    # From 4.6 on, ids are often published undated: fixed ids, pinned.
    ref("claude-opus-4-8", "anthropic", "claude-opus-4-8", True),
    ref("claude-2.1", "anthropic", "claude-2.1", True),
    ref("claude-instant-1.2", "anthropic", "claude-instant-1.2", True),
    ref("claude-sonnet-latest", "anthropic", "claude-sonnet-latest", False, "claude-sonnet-5-5"),
]

GEMINI = [
    ref("gemini-1.5-pro", "google_gemini_api", "gemini-1.5-pro", False, "gemini-1.5-pro-002"),
    ref("gemini-1.5-pro-002", "google_gemini_api", "gemini-1.5-pro-002", True),
    ref("gemini-1.5-flash", "google_gemini_api", "gemini-1.5-flash", False, "gemini-1.5-flash-002"),
    ref("gemini-1.5-flash-8b", "google_gemini_api", "gemini-1.5-flash-8b", False,
        "gemini-1.5-flash-8b-001"),
    ref("gemini-1.5-pro-latest", "google_gemini_api", "gemini-1.5-pro-latest", False),
    ref("gemini-2.0-flash", "google_gemini_api", "gemini-2.0-flash", False, "gemini-2.0-flash-001"),
    ref("gemini-2.0-flash-001", "google_gemini_api", "gemini-2.0-flash-001", True),
    ref("gemini-2.0-flash-lite", "google_gemini_api", "gemini-2.0-flash-lite", False,
        "gemini-2.0-flash-lite-001"),
    # 2.5+ GA ids are stable ids with no -00N sibling.
    ref("gemini-2.5-pro", "google_gemini_api", "gemini-2.5-pro", True),
    ref("gemini-2.5-flash-preview-05-20", "google_gemini_api", "gemini-2.5-flash-preview-05-20", True),
    ref("gemini-flash-latest", "google_gemini_api", "gemini-flash-latest", False),
    ref("gemini-pro", "google_gemini_api", "gemini-pro", False, "gemini-1.0-pro"),
    ref("gemini-exp-1206", "google_gemini_api", "gemini-exp-1206", True),
    ref("gemini-embedding-001", "google_gemini_api", "gemini-embedding-001", True),
    ref("text-embedding-004", "google_gemini_api", "text-embedding-004", True),
    ref("imagen-3.0-generate-002", "google_gemini_api", "imagen-3.0-generate-002", True),
    ref("veo-2.0-generate-001", "google_gemini_api", "veo-2.0-generate-001", True),
    ref("gemma-3-27b-it", "google_gemini_api", "gemma-3-27b-it", True),
]

VERTEX = [
    ref("chat-bison", "google_vertex_ai", "chat-bison", False, "chat-bison@002"),
    ref("chat-bison@002", "google_vertex_ai", "chat-bison@002", True),
    ref("textembedding-gecko@003", "google_vertex_ai", "textembedding-gecko@003", True),
    ref("text-unicorn", "google_vertex_ai", "text-unicorn", False, "text-unicorn@001"),
    ref("multimodalembedding", "google_vertex_ai", "multimodalembedding", False,
        "multimodalembedding@001", key="model"),
    ref("claude-3-5-sonnet@20240620", "google_vertex_ai", "claude-3-5-sonnet@20240620", True),
    ref("claude-3-5-haiku", "google_vertex_ai", "claude-3-5-haiku", False, "claude-3-5-haiku@20241022"),
    ref("claude-opus-4-5@20251101", "google_vertex_ai", "claude-opus-4-5@20251101", True),
    ref("text-multilingual-embedding-002", "google_vertex_ai", "text-multilingual-embedding-002", True),
    ref("medlm-large", "google_vertex_ai", "medlm-large", True),
    ref("jamba-1.5-large", "google_vertex_ai", "jamba-1.5-large", True),
    ref("code-gecko", "google_vertex_ai", "code-gecko", True),
    # `claude-3-opus` is a common shorthand the Anthropic API rejects; the Vertex catalog
    # lists it (the publisher model name), so it is a known Vertex reference.
    ref("claude-3-opus", "google_vertex_ai", "claude-3-opus", True),
    # A version of a model the catalog lists without it: that model, pinned by the version
    # (@default re-points: floating, nothing dated to pin to).
    ref("text-bison@002", "google_vertex_ai", "text-bison", True),
    ref("claude-3-5-sonnet-v2@20241022", "google_vertex_ai", "claude-3-5-sonnet-v2", True),
    ref("claude-3-5-sonnet-v2@default", "google_vertex_ai", "claude-3-5-sonnet-v2", False),
]

BEDROCK = [
    ref("anthropic.claude-3-5-sonnet-20241022-v2:0", "aws_bedrock",
        "anthropic.claude-3-5-sonnet-20241022-v2:0", True),
    ref("anthropic.claude-3-haiku-20240307-v1:0", "aws_bedrock", "anthropic.claude-3-haiku-20240307-v1:0", True),
    ref("anthropic.claude-v2", "aws_bedrock", "anthropic.claude-v2", True),
    ref("anthropic.claude-v2:1", "aws_bedrock", "anthropic.claude-v2:1", True),
    ref("anthropic.claude-instant-v1", "aws_bedrock", "anthropic.claude-instant-v1", True),
    ref("anthropic.claude-sonnet-4-5-20250929-v1:0", "aws_bedrock",
        "anthropic.claude-sonnet-4-5-20250929-v1:0", True),
    ref("anthropic.claude-opus-4-7", "aws_bedrock", "anthropic.claude-opus-4-7", True),
    ref("amazon.titan-text-express-v1", "aws_bedrock", "amazon.titan-text-express-v1", True),
    ref("amazon.titan-embed-text-v2:0", "aws_bedrock", "amazon.titan-embed-text-v2:0", True),
    ref("amazon.nova-pro-v1:0", "aws_bedrock", "amazon.nova-pro-v1:0", True),
    ref("meta.llama3-1-70b-instruct-v1:0", "aws_bedrock", "meta.llama3-1-70b-instruct-v1:0", True),
    ref("mistral.mistral-large-2407-v1:0", "aws_bedrock", "mistral.mistral-large-2407-v1:0", True),
    ref("cohere.command-r-plus-v1:0", "aws_bedrock", "cohere.command-r-plus-v1:0", True),
    ref("cohere.embed-english-v3", "aws_bedrock", "cohere.embed-english-v3", True),
    ref("ai21.jamba-1-5-large-v1:0", "aws_bedrock", "ai21.jamba-1-5-large-v1:0", True),
    ref("deepseek.r1-v1:0", "aws_bedrock", "deepseek.r1-v1:0", True),
    ref("deepseek.v3.1", "aws_bedrock", "deepseek.v3.1", False, "deepseek.v3-v1:0"),
    ref("stability.sd3-large-v1:0", "aws_bedrock", "stability.sd3-large-v1:0", True),
]

MISTRAL = [
    ref("mistral-large-latest", "mistral", "mistral-large-latest", False, "mistral-large-2512"),
    ref("mistral-large-2411", "mistral", "mistral-large-2411", True),
    ref("mistral-large-2407", "mistral", "mistral-large-2407", True),
    ref("mistral-small-latest", "mistral", "mistral-small-latest", False, "mistral-small-2603"),
    ref("mistral-small-2409", "mistral", "mistral-small-2409", True),
    ref("mistral-medium", "mistral", "mistral-medium", False),
    ref("mistral-tiny", "mistral", "mistral-tiny", False),
    ref("codestral-latest", "mistral", "codestral-latest", False, "codestral-2508"),
    ref("codestral-2501", "mistral", "codestral-2501", True),
    ref("open-mistral-nemo", "mistral", "open-mistral-nemo", False),
    ref("open-mistral-nemo-2407", "mistral", "open-mistral-nemo-2407", True),
    ref("open-mixtral-8x7b", "mistral", "open-mixtral-8x7b", True),
    ref("pixtral-large-latest", "mistral", "pixtral-large-latest", False),
    ref("pixtral-12b-2409", "mistral", "pixtral-12b-2409", True),
    ref("ministral-8b-latest", "mistral", "ministral-8b-latest", False, "ministral-8b-2410"),
    ref("mistral-embed", "mistral", "mistral-embed", False),
    ref("magistral-medium-latest", "mistral", "magistral-medium-latest", False, "mistral-medium-2604"),
]

COHERE = [
    ref("command-r", "cohere", "command-r", False, "command-r-03-2024"),
    ref("command-r-03-2024", "cohere", "command-r-03-2024", True),
    ref("command-r-plus", "cohere", "command-r-plus", False, "command-r-plus-04-2024"),
    ref("command-r-plus-08-2024", "cohere", "command-r-plus-08-2024", True),
    ref("command-r7b-12-2024", "cohere", "command-r7b-12-2024", True),
    ref("command-a-03-2025", "cohere", "command-a-03-2025", True),
    # Updated in place: floating with nothing to pin to.
    ref("command-light", "cohere", "command-light", False),
    ref("command", "cohere", "command", False, key="model"),
    ref("command-nightly", "cohere", "command-nightly", False),
    ref("embed-english-v3.0", "cohere", "embed-english-v3.0", True),
    ref("embed-multilingual-light-v3.0", "cohere", "embed-multilingual-light-v3.0", True),
    ref("embed-v4.0", "cohere", "embed-v4.0", True),
    ref("rerank-english-v3.0", "cohere", "rerank-english-v3.0", True),
    ref("rerank-v3.5", "cohere", "rerank-v3.5", True),
    ref("c4ai-aya-expanse-32b", "cohere", "c4ai-aya-expanse-32b", True),
]

XAI = [
    ref("grok-4", "xai", "grok-4", False, "grok-4-0709"),
    ref("grok-4-0709", "xai", "grok-4-0709", True),
    ref("grok-3", "xai", "grok-3", True),
    ref("grok-4-fast-reasoning", "xai", "grok-4-fast-reasoning", True),
    ref("grok-4.20", "xai", "grok-4.20", False, "grok-4.20-0309"),
    ref("grok-4.20-0309", "xai", "grok-4.20-0309", True),
    ref("grok-code-fast-1", "xai", "grok-code-fast-1", False, "grok-code-fast-1-0825"),
    ref("grok-code-fast-1-0825", "xai", "grok-code-fast-1-0825", True),
    ref("grok-imagine-image-quality", "xai", "grok-imagine-image-quality", False,
        "grok-imagine-image-quality-20260403"),
    ref("grok-4.20-beta-latest", "xai", "grok-4.20-beta-latest", False),
    ref("grok-voice-latest", "xai", "grok-voice-latest", False),
]

DEEPSEEK = [
    # deepseek-chat / deepseek-reasoner are upgraded in place: floating, no snapshot.
    ref("deepseek-chat", "deepseek", "deepseek-chat", False),
    ref("deepseek-reasoner", "deepseek", "deepseek-reasoner", False),
    ref("deepseek-coder", "deepseek", "deepseek-coder", False),
    ref("deepseek-r1", "deepseek", "deepseek-r1", True),
    ref("deepseek-v3", "deepseek", "deepseek-v3", True),
    ref("deepseek-v4-pro", "deepseek", "deepseek-v4-pro", True),
    ref("deepseek-flash", "deepseek", "deepseek-flash", True),
    ref("deepseek/deepseek-chat", "deepseek", "deepseek-chat", False),
    ref("deepseek:deepseek-reasoner", "deepseek", "deepseek-reasoner", False),
    ref("openrouter/deepseek/deepseek-r1", "deepseek", "deepseek-r1", True),
]

GROQ = [
    ref("llama-3.1-8b-instant", "groq", "llama-3.1-8b-instant", True),
    ref("llama-3.3-70b-versatile", "groq", "llama-3.3-70b-versatile", True),
    ref("llama3-70b-8192", "groq", "llama3-70b-8192", True),
    ref("mixtral-8x7b-32768", "groq", "mixtral-8x7b-32768", True),
    ref("gemma2-9b-it", "groq", "gemma2-9b-it", True),
    ref("whisper-large-v3", "groq", "whisper-large-v3", True),
    ref("meta-llama/llama-4-scout-17b-16e-instruct", "groq",
        "meta-llama/llama-4-scout-17b-16e-instruct", True),
    ref("qwen/qwen3-32b", "groq", "qwen/qwen3-32b", True),
    ref("groq/compound", "groq", "groq/compound", True),
    ref("groq/llama-3.1-8b-instant", "groq", "llama-3.1-8b-instant", True),
    # A Groq id that itself contains `openai/`.
    ref("groq/openai/gpt-oss-120b", "groq", "openai/gpt-oss-120b", True),
    ref("deepseek-r1-distill-llama-70b", "groq", "deepseek-r1-distill-llama-70b", True),
    ref("moonshotai/kimi-k2-instruct-0905", "groq", "moonshotai/kimi-k2-instruct-0905", True),
]

META_LLAMA = [
    ref("Llama-3.3-8B-Instruct", "meta_llama_api", "Llama-3.3-8B-Instruct", True),
    ref("Llama-4-Scout-17B-16E-Instruct-FP8", "meta_llama_api", "Llama-4-Scout-17B-16E-Instruct-FP8", True),
    ref("meta_llama/Llama-3.3-70B-Instruct", "meta_llama_api", "Llama-3.3-70B-Instruct", True),
    ref("meta_llama/Llama-4-Maverick-17B-128E-Instruct-FP8", "meta_llama_api",
        "Llama-4-Maverick-17B-128E-Instruct-FP8", True),
    ref("meta-llama-api:Llama-3.3-8B-Instruct", "meta_llama_api", "Llama-3.3-8B-Instruct", True),
    # The catalog lists four ids; the rest of the table is their prefixed forms.
    ref("Llama-4-Maverick-17B-128E-Instruct-FP8", "azure_foundry",
        "Llama-4-Maverick-17B-128E-Instruct-FP8", True),
    ref("meta_llama/Llama-3.3-8B-Instruct", "meta_llama_api", "Llama-3.3-8B-Instruct", True),
    ref("meta_llama/Llama-4-Scout-17B-16E-Instruct-FP8", "meta_llama_api",
        "Llama-4-Scout-17B-16E-Instruct-FP8", True),
    ref("meta-llama-api:Llama-3.3-70B-Instruct", "meta_llama_api", "Llama-3.3-70B-Instruct", True),
    ref("meta-llama-api:Llama-4-Maverick-17B-128E-Instruct-FP8", "meta_llama_api",
        "Llama-4-Maverick-17B-128E-Instruct-FP8", True),
]

PROVIDER_TABLES = {
    "openai": OPENAI, "azure_openai": AZURE_OPENAI, "azure_foundry": AZURE_FOUNDRY,
    "anthropic": ANTHROPIC, "google_gemini_api": GEMINI, "google_vertex_ai": VERTEX,
    "aws_bedrock": BEDROCK, "mistral": MISTRAL, "cohere": COHERE, "xai": XAI,
    "deepseek": DEEPSEEK, "groq": GROQ, "meta_llama_api": META_LLAMA,
}


@pytest.mark.parametrize(("value", "key", "want", "span"),
                         [p for table in PROVIDER_TABLES.values() for p in table])
def test_provider_grammar(value: str, key: str | None, want: Any, span: str) -> None:
    check(value, key, want, span)


HOSTED = ("openai", "azure_openai", "azure_foundry", "anthropic", "google_gemini_api",
          "google_vertex_ai", "aws_bedrock", "mistral", "cohere", "xai", "deepseek", "groq",
          "meta_llama_api")


def test_every_hosted_provider_has_a_table_of_ten_with_pinned_and_floating() -> None:
    assert set(PROVIDER_TABLES) == set(HOSTED)
    assert set(HOSTED) <= set(load_catalog().providers)
    for provider, table in PROVIDER_TABLES.items():
        rows = [p.values[2] for p in table]
        assert len(rows) >= 10, provider
        ours = [r for r in rows if r[0] == provider]
        assert any(r[2] for r in ours), f"{provider}: no pinned id"
        if provider not in ("aws_bedrock", "azure_foundry", "groq", "meta_llama_api"):
            # (Bedrock, Groq, Meta and Foundry partner ids are fixed names.)
            assert any(not r[2] for r in ours), f"{provider}: no floating id"


# --- wrappers: routing prefixes, provider:model, inference profiles, fine-tunes ------------------

PREFIXED = [
    # litellm "provider/model"
    ref("openai/gpt-4o", "openai", "gpt-4o", False, "gpt-4o-2024-08-06"),
    # pydantic-ai hosts the grammar does not list ("heroku:", "cerebras:") and its Gateway
    ref("heroku:claude-3-5-haiku-20241022", "anthropic", "claude-3-5-haiku-20241022", True),
    ref("gateway/anthropic:claude-3-5-sonnet-20241022", "anthropic", "claude-3-5-sonnet-20241022", True),
    ref("gateway/openai:gpt-4o-2024-08-06", "openai", "gpt-4o-2024-08-06", True),
    ref("text-completion-openai/gpt-3.5-turbo-instruct", "openai", "gpt-3.5-turbo-instruct", False,
        "gpt-3.5-turbo-instruct-0914"),
    ref("anthropic/claude-3-5-sonnet-20241022", "anthropic", "claude-3-5-sonnet-20241022", True),
    ref("gemini/gemini-1.5-pro", "google_gemini_api", "gemini-1.5-pro", False, "gemini-1.5-pro-002"),
    ref("vertex_ai/gemini-1.5-flash", "google_vertex_ai", "gemini-1.5-flash", False, "gemini-1.5-flash-002"),
    ref("vertex_ai/claude-3-5-sonnet@20240620", "google_vertex_ai", "claude-3-5-sonnet@20240620", True),
    ref("vertex_ai/claude-3-5-sonnet-v2@20241022", "google_vertex_ai", "claude-3-5-sonnet-v2", True),
    ref("vertex_ai_beta/gemini-1.5-pro-002", "google_vertex_ai", "gemini-1.5-pro-002", True),
    ref("vertex_ai-language-models/chat-bison", "google_vertex_ai", "chat-bison", False, "chat-bison@002"),
    ref("vertexai/gemini-2.0-flash-001", "google_vertex_ai", "gemini-2.0-flash-001", True),
    ref("bedrock/anthropic.claude-v2", "aws_bedrock", "anthropic.claude-v2", True),
    ref("bedrock/converse/anthropic.claude-3-haiku-20240307-v1:0", "aws_bedrock",
        "anthropic.claude-3-haiku-20240307-v1:0", True),
    ref("bedrock/invoke/amazon.titan-text-express-v1", "aws_bedrock", "amazon.titan-text-express-v1", True),
    ref("bedrock_converse/meta.llama3-1-70b-instruct-v1:0", "aws_bedrock",
        "meta.llama3-1-70b-instruct-v1:0", True),
    ref("bedrock/us.anthropic.claude-3-5-sonnet-20241022-v2:0", "aws_bedrock",
        "anthropic.claude-3-5-sonnet-20241022-v2:0", True),
    ref("mistral/mistral-large-latest", "mistral", "mistral-large-latest", False, "mistral-large-2512"),
    ref("codestral/codestral-latest", "mistral", "codestral-latest", False, "codestral-2508"),
    ref("text-completion-codestral/codestral-2501", "mistral", "codestral-2501", True),
    ref("cohere/command-r-plus", "cohere", "command-r-plus", False, "command-r-plus-04-2024"),
    ref("cohere_chat/command-r", "cohere", "command-r", False, "command-r-03-2024"),
    ref("xai/grok-4", "xai", "grok-4", False, "grok-4-0709"),
    # Routers whose vendor segment follows (OpenRouter slugs, litellm proxy, vLLM).
    ref("openrouter/openai/gpt-4o", "openai", "gpt-4o", False, "gpt-4o-2024-08-06"),
    ref("openrouter/google/gemini-2.5-pro", "google_gemini_api", "gemini-2.5-pro", True),
    ref("openrouter/mistralai/mistral-large-2411", "mistral", "mistral-large-2411", True),
    ref("openrouter/cohere/command-r-plus-08-2024", "cohere", "command-r-plus-08-2024", True),
    ref("openrouter/x-ai/grok-4", "xai", "grok-4", False, "grok-4-0709"),
    ref("litellm_proxy/gpt-4o", "openai", "gpt-4o", False, "gpt-4o-2024-08-06"),
    ref("litellm/gpt-4o", "openai", "gpt-4o", False, "gpt-4o-2024-08-06"),
    ref("hosted_vllm/gpt-4o", "openai", "gpt-4o", False, "gpt-4o-2024-08-06"),
    # litellm's open-weights hosts: the Hub repo id after the prefix, whatever its org
    # (mistralai/ and google/ are also provider prefixes).
    ref("together_ai/meta-llama/Llama-3-70b-chat-hf", "huggingface", "meta-llama/Llama-3-70b-chat-hf",
        False, key="model"),
    ref("together_ai/mistralai/Mixtral-8x7B-Instruct-v0.1", "huggingface",
        "mistralai/Mixtral-8x7B-Instruct-v0.1", False, key="model"),
    ref("deepinfra/Qwen/Qwen2.5-72B-Instruct", "huggingface", "Qwen/Qwen2.5-72B-Instruct", False, key="model"),
    ref("anyscale/mistralai/Mistral-7B-Instruct-v0.1", "huggingface", "mistralai/Mistral-7B-Instruct-v0.1",
        False, key="model"),
    ref("deepinfra/anthropic/claude-3-7-sonnet-latest", "anthropic", "claude-3-7-sonnet-latest", False,
        "claude-3-7-sonnet-20250219", key="model"),
    # OpenRouter's variants (:free, :beta, :online...) route the slug before them.
    ref("deepseek/deepseek-r1:free", "deepseek", "deepseek-r1", True, key="model"),
    ref("openrouter/google/gemini-2.0-flash-exp:free", "google_gemini_api", "gemini-2.0-flash-exp", True,
        key="model"),
    ref("meta-llama/llama-3.3-70b-instruct:free", "huggingface", "meta-llama/llama-3.3-70b-instruct", False,
        key="model"),
    ref("openai/gpt-4o:online", "openai", "gpt-4o", False, "gpt-4o-2024-08-06", key="model"),
    # An org that is a provider prefix, with a name its provider does not know: a repo id.
    ref("mistralai/Mistral-7B-Instruct-v0.1", "huggingface", "mistralai/Mistral-7B-Instruct-v0.1", False,
        key="model"),
    ref("google/gemini-2.5-pro", "google_gemini_api", "gemini-2.5-pro", True),
    ref("mistralai/mistral-large-2411", "mistral", "mistral-large-2411", True),
    # OpenRouter's dotted Claude slug is not an Anthropic API id: Anthropic's grammar, unknown.
    ref("openrouter/anthropic/claude-3.5-sonnet", "anthropic", "claude-3.5-sonnet", False, known=False),
    # Gemini REST names.
    ref("models/gemini-1.5-pro-002", "google_gemini_api", "gemini-1.5-pro-002", True),
    # "provider:model" (pydantic-ai, LangChain init_chat_model) and promptfoo's
    # "provider:api:model".
    ref("openai:gpt-4o", "openai", "gpt-4o", False, "gpt-4o-2024-08-06"),
    ref("openai:chat:gpt-4o-mini", "openai", "gpt-4o-mini", False, "gpt-4o-mini-2024-07-18"),
    ref("openai:responses:o3-mini", "openai", "o3-mini", False, "o3-mini-2025-01-31"),
    ref("openai:embedding:text-embedding-3-large", "openai", "text-embedding-3-large", True),
    ref("openrouter:openai/gpt-4o", "openai", "gpt-4o", False, "gpt-4o-2024-08-06"),
    ref("azure:gpt-4o", "azure_openai", "gpt-4o", False),
    ref("azureopenai:chat:gpt-4o", "azure_openai", "gpt-4o", False),
    ref("anthropic:claude-sonnet-4-5", "anthropic", "claude-sonnet-4-5", False, "claude-sonnet-4-5-20250929"),
    ref("anthropic:messages:claude-3-5-sonnet-20241022", "anthropic", "claude-3-5-sonnet-20241022", True),
    ref("anthropic:completion:claude-2.1", "anthropic", "claude-2.1", True),
    ref("google-gla:gemini-2.5-pro", "google_gemini_api", "gemini-2.5-pro", True),
    # Genkit (Go, JavaScript): googleai/ for the Gemini API, vertexai/ for Vertex AI.
    ref("googleai/gemini-2.5-flash", "google_gemini_api", "gemini-2.5-flash", True),
    ref("vertexai/gemini-2.5-pro", "google_vertex_ai", "gemini-2.5-pro", True),
    ref("google_genai:gemini-2.0-flash", "google_gemini_api", "gemini-2.0-flash", False, "gemini-2.0-flash-001"),
    ref("gemini:gemini-2.0-flash", "google_gemini_api", "gemini-2.0-flash", False, "gemini-2.0-flash-001"),
    ref("google:gemini-pro", "google_gemini_api", "gemini-pro", False, "gemini-1.0-pro"),
    ref("google-vertex:gemini-2.5-pro", "google_vertex_ai", "gemini-2.5-pro", True),
    ref("google_vertexai:gemini-2.5-pro", "google_vertex_ai", "gemini-2.5-pro", True),
    ref("vertex:chat-bison@002", "google_vertex_ai", "chat-bison@002", True),
    ref("bedrock:anthropic.claude-3-5-sonnet-20241022-v2:0", "aws_bedrock",
        "anthropic.claude-3-5-sonnet-20241022-v2:0", True),
    ref("bedrock_converse:anthropic.claude-3-5-sonnet-20241022-v2:0", "aws_bedrock",
        "anthropic.claude-3-5-sonnet-20241022-v2:0", True),
    ref("amazon-bedrock:amazon.nova-pro-v1:0", "aws_bedrock", "amazon.nova-pro-v1:0", True),
    ref("mistral:mistral-large-2411", "mistral", "mistral-large-2411", True),
    ref("mistralai:mistral-small-latest", "mistral", "mistral-small-latest", False, "mistral-small-2603"),
    ref("cohere:command-r-08-2024", "cohere", "command-r-08-2024", True),
    ref("xai:grok-3", "xai", "grok-3", True),
    ref("grok:grok-4-0709", "xai", "grok-4-0709", True),
    ref("groq:llama-3.3-70b-versatile", "groq", "llama-3.3-70b-versatile", True),
    # Prefixes make weak ids strong: the prefix already says "model".
    ref("openai/o1", "openai", "o1", False, "o1-2024-12-17"),
    ref("cohere/command", "cohere", "command", False),
]

INFERENCE_PROFILES = [
    ref("us.anthropic.claude-3-5-sonnet-20241022-v2:0", "aws_bedrock",
        "anthropic.claude-3-5-sonnet-20241022-v2:0", True),
    ref("eu.anthropic.claude-3-haiku-20240307-v1:0", "aws_bedrock",
        "anthropic.claude-3-haiku-20240307-v1:0", True),
    ref("apac.anthropic.claude-3-5-sonnet-20240620-v1:0", "aws_bedrock",
        "anthropic.claude-3-5-sonnet-20240620-v1:0", True),
    ref("global.anthropic.claude-sonnet-4-5-20250929-v1:0", "aws_bedrock",
        "anthropic.claude-sonnet-4-5-20250929-v1:0", True),
    ref("jp.anthropic.claude-haiku-4-5-20251001-v1:0", "aws_bedrock",
        "anthropic.claude-haiku-4-5-20251001-v1:0", True),
    ref("au.anthropic.claude-sonnet-4-5-20250929-v1:0", "aws_bedrock",
        "anthropic.claude-sonnet-4-5-20250929-v1:0", True),
    ref("us-gov.anthropic.claude-3-haiku-20240307-v1:0", "aws_bedrock",
        "anthropic.claude-3-haiku-20240307-v1:0", True),
    ref("us.meta.llama3-2-90b-instruct-v1:0", "aws_bedrock", "meta.llama3-2-90b-instruct-v1:0", True),
    ref("us.amazon.nova-pro-v1:0", "aws_bedrock", "amazon.nova-pro-v1:0", True),
    # Context-window / modality suffixes select a variant of the same model.
    ref("anthropic.claude-3-sonnet-20240229-v1:0:28k", "aws_bedrock",
        "anthropic.claude-3-sonnet-20240229-v1:0", True),
    ref("anthropic.claude-3-sonnet-20240229-v1:0:200k", "aws_bedrock",
        "anthropic.claude-3-sonnet-20240229-v1:0", True),
    ref("amazon.titan-text-express-v1:0:8k", "aws_bedrock", "amazon.titan-text-express-v1", True),
    ref("amazon.titan-embed-text-v2:0:8k", "aws_bedrock", "amazon.titan-embed-text-v2:0", True),
    ref("amazon.nova-pro-v1:0:300k", "aws_bedrock", "amazon.nova-pro-v1:0", True),
    # An undated Bedrock id the catalog does not list yet: Bedrock ids never float.
    ref("us.anthropic.claude-opus-9-9", "aws_bedrock", "anthropic.claude-opus-9-9", True, known=False),
]

FINE_TUNES = [
    ref("ft:gpt-3.5-turbo-0613:my-org:custom:abc123", "openai", "gpt-3.5-turbo-0613", True),
    ref("ft:gpt-4o-mini-2024-07-18:acme::9xYz1AbC", "openai", "gpt-4o-mini-2024-07-18", True),
    ref("ft:gpt-4o-2024-08-06:acme:support-bot:AbC12345", "openai", "gpt-4o-2024-08-06", True),
    ref("ft:gpt-4.1-2025-04-14:org:x:y", "openai", "gpt-4.1-2025-04-14", True),
    ref("ft:davinci-002:acme::7abc", "openai", "davinci-002", True),
    ref("ft:babbage-002", "openai", "ft:babbage-002", True),
    # A fine-tune pins its base snapshot even when the base is written as an alias.
    ref("ft:gpt-3.5-turbo:acme::8abc", "openai", "gpt-3.5-turbo", True),
    # Legacy GPT-3 fine-tunes: <base>:ft-<org>-<timestamp>.
    ref("curie:ft-acme-2023-01-05-10-20-30", "openai", "curie", True),
    ref("davinci:ft-personal-2022-12-12-12-12-12", "openai", "davinci", True),
]


@pytest.mark.parametrize(("value", "key", "want", "span"),
                         PREFIXED + INFERENCE_PROFILES + FINE_TUNES)
def test_wrappers(value: str, key: str | None, want: Any, span: str) -> None:
    check(value, key, want, span)


def test_every_routing_prefix_is_tested() -> None:
    """Each prefix in grammar.yaml strips to the model behind it (a catalog id of its own
    provider, or of a vendor it re-serves)."""
    catalog = load_catalog()
    sample = {
        "openai": "gpt-4o", "azure_openai": "gpt-35-turbo", "azure_foundry": "Phi-4",
        "anthropic": "claude-3-5-haiku-20241022", "google_gemini_api": "gemini-2.0-flash-001",
        "google_vertex_ai": "chat-bison@002", "aws_bedrock": "amazon.nova-pro-v1:0",
        "mistral": "mistral-large-2411", "cohere": "command-r-08-2024", "xai": "grok-4-0709",
        "deepseek": "deepseek-reasoner", "groq": "llama-3.3-70b-versatile",
        "meta_llama_api": "Llama-3.3-8B-Instruct",
    }
    for provider, grammar in catalog.providers.items():
        if provider not in sample:
            continue  # open-weights providers have their own tests
        for prefix in grammar.prefixes:
            m = IDENTIFIER.identify(prefix + sample[provider])
            assert m is not None, prefix
            assert (m.ref.provider, m.ref.model) == (provider, sample[provider]), prefix
            assert (m.start, m.end) == (0, len(prefix + sample[provider]))
    for neutral in catalog.neutral_prefixes:
        m = IDENTIFIER.identify(neutral + "gpt-4o-2024-08-06")
        assert m is not None and m.ref.model == "gpt-4o-2024-08-06", neutral


# --- ARNs and API paths: the reported span ------------------------------------------------------

ADDRESSED = [
    # An ARN is an identifier form of its own: reported whole.
    ref("arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-v2", "aws_bedrock",
        "anthropic.claude-v2", True),
    ref("arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0",
        "aws_bedrock", "anthropic.claude-3-5-sonnet-20241022-v2:0", True),
    ref("arn:aws:bedrock:us-east-1:123456789012:inference-profile/"
        "us.anthropic.claude-3-5-sonnet-20241022-v2:0", "aws_bedrock",
        "anthropic.claude-3-5-sonnet-20241022-v2:0", True),
    ref("arn:aws-us-gov:bedrock:us-gov-west-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
        "aws_bedrock", "anthropic.claude-3-haiku-20240307-v1:0", True),
    ref("arn:aws:bedrock:eu-central-1::foundation-model/amazon.titan-embed-text-v2:0", "aws_bedrock",
        "amazon.titan-embed-text-v2:0", True),
    ref("arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-opus-9-9-v1:0", "aws_bedrock",
        "anthropic.claude-opus-9-9-v1:0", True, known=False),
    # API paths: the span is the id inside the URL.
    ref("https://bedrock-runtime.us-east-1.amazonaws.com/model/"
        "anthropic.claude-3-haiku-20240307-v1%3A0/invoke", "aws_bedrock",
        "anthropic.claude-3-haiku-20240307-v1:0", True,
        span="anthropic.claude-3-haiku-20240307-v1%3A0"),
    ref("https://bedrock-runtime.us-east-1.amazonaws.com/model/"
        "anthropic.claude-3-haiku-20240307-v1:0/converse-stream", "aws_bedrock",
        "anthropic.claude-3-haiku-20240307-v1:0", True, span="anthropic.claude-3-haiku-20240307-v1:0"),
    ref("/model/us.anthropic.claude-3-5-sonnet-20241022-v2:0/invoke-with-response-stream",
        "aws_bedrock", "anthropic.claude-3-5-sonnet-20241022-v2:0", True,
        span="us.anthropic.claude-3-5-sonnet-20241022-v2:0"),
    ref("https://generativelanguage.googleapis.com/v1beta/models/gemini-1.5-pro-002:generateContent",
        "google_gemini_api", "gemini-1.5-pro-002", True, span="gemini-1.5-pro-002"),
    ref("https://generativelanguage.googleapis.com/v1beta/models/gemini-pro:generateContent"
        "?key=$GOOGLE_API_KEY", "google_gemini_api", "gemini-pro", False, "gemini-1.0-pro",
        span="gemini-pro"),
    ref("https://generativelanguage.googleapis.com/v1/models/text-embedding-004:embedContent",
        "google_gemini_api", "text-embedding-004", True, span="text-embedding-004"),
    ref("/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse", "google_gemini_api",
        "gemini-2.0-flash", False, "gemini-2.0-flash-001", span="gemini-2.0-flash"),
    ref("/models/gemini-1.5-flash:countTokens", "google_gemini_api", "gemini-1.5-flash", False,
        "gemini-1.5-flash-002", span="gemini-1.5-flash"),
    ref("https://us-central1-aiplatform.googleapis.com/v1/projects/my-proj/locations/us-central1/"
        "publishers/google/models/gemini-1.5-pro-002:generateContent", "google_vertex_ai",
        "gemini-1.5-pro-002", True, span="gemini-1.5-pro-002"),
    ref("projects/my-proj/locations/us-east5/publishers/anthropic/models/"
        "claude-3-5-sonnet-v2@20241022:streamRawPredict", "google_vertex_ai",
        "claude-3-5-sonnet-v2", True, span="claude-3-5-sonnet-v2@20241022"),
    ref("https://{region}-aiplatform.googleapis.com/v1/projects/{project}/locations/{region}/"
        "publishers/google/models/gemini-2.0-flash-001:predict", "google_vertex_ai",
        "gemini-2.0-flash-001", True, span="gemini-2.0-flash-001"),
    ref("publishers/google/models/text-bison@002", "google_vertex_ai", "text-bison", True,
        span="text-bison@002"),
    ref("https://my-resource.openai.azure.com/openai/deployments/gpt-4o/chat/completions"
        "?api-version=2024-08-01-preview", "azure_openai", "gpt-4o", False, span="gpt-4o"),
    ref("https://my-resource.openai.azure.com/openai/deployments/gpt-35-turbo/completions",
        "azure_openai", "gpt-35-turbo", False, span="gpt-35-turbo"),
    ref("https://api.openai.com/v1/models/gpt-4o-mini", "openai", "gpt-4o-mini", False,
        "gpt-4o-mini-2024-07-18", span="gpt-4o-mini"),
]


@pytest.mark.parametrize(("value", "key", "want", "span"), ADDRESSED)
def test_arns_and_api_paths(value: str, key: str | None, want: Any, span: str) -> None:
    check(value, key, want, span)


# --- ids the catalog does not list: the grammar decides (MT004) ---------------------------------

UNKNOWN = [
    # (value, key, provider, pinned): follows the provider's grammar, absent from the catalog.
    ref("gpt-5.7-mini", "openai", "gpt-5.7-mini", False, known=False),
    ref("gpt-4o-2024-09-30", "openai", "gpt-4o-2024-09-30", True, known=False),
    ref("gpt-4-turbo-0613", "openai", "gpt-4-turbo-0613", True, known=False),
    ref("gpt-image-2.7", "openai", "gpt-image-2.7", False, known=False),
    ref("o5-mini", "openai", "o5-mini", False, known=False),
    ref("o5", "openai", "o5", False, known=False, key="model"),
    ref("chatgpt-5-latest", "openai", "chatgpt-5-latest", False, known=False),
    ref("text-embedding-4-large", "openai", "text-embedding-4-large", False, known=False),
    ref("gpt-4-judge", "openai", "gpt-4-judge", False, known=False, key="judge_model"),
    ref("claude-3-5-sonet-20241022", "anthropic", "claude-3-5-sonet-20241022", True, known=False),
    ref("claude-4-opus", "anthropic", "claude-4-opus", False, known=False),
    ref("claude-opus-5-1-20261001", "anthropic", "claude-opus-5-1-20261001", True, known=False),
    ref("claude-sonnet-4", "anthropic", "claude-sonnet-4", False, known=False, key="model_name"),
    ref("claude-3.5-sonnet", "anthropic", "claude-3.5-sonnet", False, known=False),
    ref("gemini-3.9-pro-preview", "google_gemini_api", "gemini-3.9-pro-preview", False, known=False),
    ref("gemini-1.5-pro-003", "google_gemini_api", "gemini-1.5-pro-003", True, known=False),
    ref("gemini-2.5-flash-preview-11-30", "google_gemini_api", "gemini-2.5-flash-preview-11-30",
        True, known=False),
    ref("gemini-embedding-003", "google_gemini_api", "gemini-embedding-003", True, known=False),
    ref("imagen-5.0-generate-001", "google_gemini_api", "imagen-5.0-generate-001", True, known=False),
    ref("code-bison@002", "google_vertex_ai", "code-bison@002", True, known=False),
    ref("codechat-bison-32k@002", "google_vertex_ai", "codechat-bison-32k@002", True, known=False),
    ref("claude-opus-9-1@20301231", "google_vertex_ai", "claude-opus-9-1@20301231", True, known=False),
    ref("anthropic.claude-opus-9-9-v1:0", "aws_bedrock", "anthropic.claude-opus-9-9-v1:0", True,
        known=False),
    ref("amazon.nova-ultra-v1:0", "aws_bedrock", "amazon.nova-ultra-v1:0", True, known=False),
    ref("meta.llama5-70b-instruct-v1:0", "aws_bedrock", "meta.llama5-70b-instruct-v1:0", True,
        known=False),
    ref("mistral-large-2607", "mistral", "mistral-large-2607", True, known=False),
    ref("codestral-2605", "mistral", "codestral-2605", True, known=False),
    ref("ministral-5b-latest", "mistral", "ministral-5b-latest", False, known=False),
    ref("open-mixtral-8x30b", "mistral", "open-mixtral-8x30b", False, known=False),
    ref("command-r-plus-12-2026", "cohere", "command-r-plus-12-2026", True, known=False),
    ref("command-a-vision-07-2025", "cohere", "command-a-vision-07-2025", True, known=False),
    ref("embed-english-v4.0", "cohere", "embed-english-v4.0", True, known=False),
    ref("rerank-v4.5", "cohere", "rerank-v4.5", True, known=False),
    ref("grok-2-1212", "xai", "grok-2-1212", True, known=False),
    ref("grok-5", "xai", "grok-5", False, known=False, key="model"),
    ref("gpt-6", "openai", "gpt-6", False, known=False, key="model"),
    ref("anthropic.claude-opus-9-9", "aws_bedrock", "anthropic.claude-opus-9-9", True, known=False,
        key="modelId"),
    ref("grok-code-fast-2", "xai", "grok-code-fast-2", False, known=False),
    ref("grok-beta", "xai", "grok-beta", False, known=False),
    ref("azure/gpt-35-turbo-0914", "azure_openai", "gpt-35-turbo-0914", True, known=False),
    # Behind a prefix, the prefix's provider (and the vendors it re-serves) only.
    ref("azure/gpt-5.7", "openai", "gpt-5.7", False, known=False),
    ref("vertex_ai/gemini-9.9-pro", "google_gemini_api", "gemini-9.9-pro", False, known=False),
    ref("openrouter/anthropic/claude-4.5-sonnet", "anthropic", "claude-4.5-sonnet", False, known=False),
]


@pytest.mark.parametrize(("value", "key", "want", "span"), UNKNOWN)
def test_unknown_ids_follow_a_grammar(value: str, key: str | None, want: Any, span: str) -> None:
    check(value, key, want, span)


# Same grammar, no catalog entry, and nothing around it says "model": only ids that use the
# provider's own words (or carry a dated suffix) count. Side by side with the keyed form.
STRICT = [
    # value, key under which it IS an unknown id
    ("gpt-4-judge", "judge_model"),
    ("gpt-4-results", "model"),
    ("gpt-engineer-2", "model"),
    ("grok-pattern-2", "model"),
    ("claude-code-2", "model"),
    ("gemini-2.0-cli", "model"),
    # Bare family labels, matched as prefixes in code ("claude-3" in model).
    ("claude-3", "model"),
    ("claude-3-7", "model"),
    ("gpt-6", "model"),
    ("grok-5", "model"),
    ("gpt-3.5", "model"),
    # Undated Bedrock ids: family prefixes (startswith("meta.llama3-1")) unless keyed.
    ("meta.llama3-1", "modelId"),
    ("amazon.nova-2", "model_id"),
    ("mistral-common-latest", "llm"),
    ("o5", "model"),
    ("o9", "model_id"),
]


@pytest.mark.parametrize(("value", "key"), STRICT, ids=[f"{v}-{k}" for v, k in STRICT])
def test_unknown_needs_own_words_without_a_model_key(value: str, key: str) -> None:
    assert IDENTIFIER.identify(value) is None
    assert IDENTIFIER.identify(value, key="description") is None
    keyed = IDENTIFIER.identify(value, key=key)
    assert keyed is not None and not keyed.ref.known


@pytest.mark.parametrize(("value", "key"), [
    # Under a model key at most one word may be foreign to the provider.
    pytest.param("gpt-5-mini-end-user-test", "model_name", id="route-name-three-words"),
    pytest.param("gpt-4-team-alpha", "model", id="route-name-two-words"),
    pytest.param("claude-3-my-custom-deploy", "deployment", id="deployment-name"),
    # A prefix or suffix to match is not an id, whatever its key.
    pytest.param("claude-3-7", "startswith", id="startswith"),
    pytest.param("gpt-5.7-mini", "startswith", id="startswith-full"),
    pytest.param("claude-opus-4", "endswith", id="endswith"),
])
def test_not_unknown(value: str, key: str) -> None:
    assert IDENTIFIER.identify(value, key=key) is None


def test_known_ids_in_a_prefix_match_are_still_known() -> None:
    m = IDENTIFIER.identify("gpt-4o", key="startswith")
    assert m is not None and m.ref.known


# --- decoys: never a model ----------------------------------------------------------------------

DECOYS = [
    # identifiers and flags
    "gpt4_enabled", "GPT4_ENABLED", "enable_gpt4_vision", "gpt4-cohort", "gpt4:eval", "GPT2Tokenizer",
    "gpt2", "gpt4all", "GPT4All", "gpt4o", "gpt_4o",
    # package and tool names
    "gpt-tokenizer", "gpt-researcher", "gpt-engineer", "gpt-neox-20b", "gpt-j-6b", "tiktoken",
    "@anthropic-ai/sdk", "@google/generative-ai", "langchain_openai", "langchain-openai",
    "llama.cpp", "llama-index", "llama_index", "mistral-common", "mistralai", "mistral-inference",
    "gemini-cli", "claude-code", "openai-python", "anthropic-sdk-python", "grok-pattern",
    "grok-exporter", "openai@4.52.0", "anthropic==0.34.0", "cohere-toolkit",
    # host:value pairs whose value is no catalog id, or only a word
    "redis:7", "image:latest", "postgres:16-alpine", "foo:o1", "node:20",
    # display names
    "GPT-4 Turbo", "GPT-4", "GPT-4o", "Claude 3.5 Sonnet", "Claude", "Gemini Pro", "Mistral Large",
    "OpenAI Omni", "Claude-3-Opus", "GEMINI-1.5-PRO",
    # URLs and paths that merely contain an id
    "https://platform.openai.com/docs/models/gpt-4o", "https://openrouter.ai/anthropic/claude-3.5-sonnet",
    "https://ai.google.dev/gemini-api/docs/models#gemini-1.5-pro",
    "https://console.cloud.google.com/vertex-ai/publishers/google/model-garden/gemini-1.5-pro-002",
    "https://huggingface.co/openai/gpt-oss-120b",
    "https://my-resource.openai.azure.com/openai/deployments/my-gpt4o-prod/chat/completions",
    "https://generativelanguage.googleapis.com/v1beta/models/{model}:generateContent",
    "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6",
    "arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abc123xyz",
    "docs/gpt-4o.md", "data/gpt-4o/results.jsonl", "gpt-4o/results", "results/gpt-4o",
    "models/gpt-4o", "audio/claude-monet-water-lilies.mp3", "data/claude_sonnet_run3/out.json",
    "gpt-4o.yaml", "gpt-4o.md", "gpt-4-turbo.json", "gemini-1.5-pro-002.yaml",
    "claude-3-5-sonnet-20241022.json", "./gpt-4o", "../claude-3-haiku-20240307",
    # people, words
    "claude", "Claude", "claude.monet", "claude@example.org", "gemini", "Gemini", "mistral",
    "sonnet", "haiku", "opus", "opus_number", "Ada Lovelace", "command-line", "embed",
    "search", "grok",
    # hostnames and modules
    "api.openai.com", "openai.com", "amazon.com", "api.anthropic.com", "api.mistral.ai",
    "api.cohere.ai", "api.x.ai", "api.deepseek.com", "bedrock-runtime.us-east-1.amazonaws.com",
    "generativelanguage.googleapis.com", "google.genai", "google.generativeai", "anthropic.types",
    "openai.types.chat", "meta.llama", "vertexai.generative_models", "cohere.v2",
    # env var names, CSS classes
    "OPENAI_MODEL", "ANTHROPIC_API_KEY", "gpt-4o-badge", "claude-avatar", "model-card",
    # versions, dates, hashes, ids
    "2024-08-06", "0613", "1106", "2411", "v1.0.3", "1.0.3", "v2", "main-v1.55.8",
    "2024-08-01-preview", "usage-based-routing-v2",
    "3f786850e387550fdab836ed7e6dc881de23001b", "d2b6a0c4e9f8", "123e4567-e89b-12d3-a456-426614174000",
    "sha256:5a0a89d6a542efc85e2a8cec701ca9265b795d578c777828e10fafdf80e333b6",
    # regexes
    r"gpt-\d+", r"gpt-\d+(?:\.\d+)?", r"claude-[a-z0-9.-]+", r"gemini-\d", "gpt-*", "claude-*",
    # tokenizer encodings, local files
    "cl100k_base", "o200k_base", "orca-mini-3b-gguf2-q4_0.gguf",
    # family labels without a tier or version
    "gpt-3", "gemini-1.5", "gemini-2", "claude-v", "mistral-large", "mistral-7b",
    # a known id behind another platform's prefix
    "anthropic/gpt-4o", "anthropic/gpt-5", "openai/whisper-large-v3", "bedrock/gpt-4o",
    "anthropic/claude-3-5-sonnet@20240620",
    # weak ids outside a model key
    "o1", "o3", "ada", "davinci", "curie", "babbage", "whisper", "tts", "sora", "command",
    # case: lowercase spellings of mixed-case ids without their provider's prefix
    "phi-4", "meta-llama-3.1-405b-instruct", "deepseek-v3-0324-extra",
    # open weights outside the catalog (Gemma on the Hub): not a Gemini API id
    "gemma-4-9b-it", "google/gemma-2-2b-it",
    # documentation fragments and family prefixes code matches on
    "claude-3", "claude-3-7", "gpt-6", "gpt-3.5", "claude-1", "meta.llama3-1", "amazon.nova-2",
]


@pytest.mark.parametrize("value", DECOYS)
def test_decoy_as_whole_value(value: str) -> None:
    assert IDENTIFIER.identify(value) is None
    assert IDENTIFIER.identify(value, key="name") is None


@pytest.mark.parametrize("value", DECOYS)
def test_decoy_as_prose_words(value: str) -> None:
    for word in value.split():
        assert IDENTIFIER.identify(word, prose=True) is None


# Decoys that stay decoys even under a model-ish key: the key cannot make a non-id an id.
KEYED_DECOYS = [
    "gpt4_enabled", "GPT2Tokenizer", "gpt4all", "gpt-tokenizer", "gpt-researcher", "GPT-4 Turbo",
    "GPT-4", "https://platform.openai.com/docs/models/gpt-4o", "docs/gpt-4o.md",
    "data/gpt-4o/results.jsonl", "claude", "Claude", "gemini", "2024-08-06", "v1.0.3", r"gpt-\d+",
    "amazon.com", "openai.com", "google.genai", "meta.llama", "anthropic.types", "command-line",
    "embed", "claude-code", "gemini-cli", "@anthropic-ai/sdk", "langchain_openai",
    "api.openai.com", "bedrock-runtime.us-east-1.amazonaws.com", "OPENAI_MODEL", "gpt-4o.yaml",
    "llama.cpp", "mistral-common", "gpt-3", "gemini-1.5", "mistral-large", "azure/my-gpt4o-deployment",
    "azure/prod-gpt4o-eastus", "azure/chat35-0125", "azure/embed-large-prod", "models/gpt-4o",
    "anthropic/gpt-4o",
]


@pytest.mark.parametrize("value", KEYED_DECOYS)
def test_decoy_under_a_model_key(value: str) -> None:
    assert IDENTIFIER.identify(value, key="model") is None
    assert IDENTIFIER.identify(value, key="OPENAI_MODEL") is None


@pytest.mark.parametrize(("value", "key"), [
    pytest.param("o1", "model", id="o1-model"),
    pytest.param("o1", "reasoning_model", id="o1-reasoning_model"),
    pytest.param("o1", "--model", id="o1-flag"),
    pytest.param("ada", "engine", id="ada-engine"),
    pytest.param("davinci", "ENGINE", id="davinci-ENGINE"),
    pytest.param("command", "COHERE_MODEL", id="command-env"),
    pytest.param("whisper", "deployment_name", id="whisper-deployment"),
    pytest.param("tts", "modelId", id="tts-modelId"),
    pytest.param("o3", "models", id="o3-models"),
    pytest.param("o3", "fallbacks", id="o3-fallbacks"),
])
def test_weak_ids_count_under_a_model_key(value: str, key: str) -> None:
    m = IDENTIFIER.identify(value, key=key)
    assert m is not None and m.ref.known
    for other in ("o1", "index", "name", "cohort", "mode", "command_name", None):
        assert IDENTIFIER.identify(value, key=other) is None
    assert IDENTIFIER.identify(value, key=key, prose=True) is None


@pytest.mark.parametrize(("key", "expected"), [
    ("model", True), ("MODEL", True), ("OPENAI_MODEL", True), ("modelId", True),
    ("model_name", True), ("deployment_name", True), ("engine", True), ("llm", True),
    ("fallbacks", True), ("--model", True), ("models.reasoning", True), ("embedding_model", True),
    ("name", False), ("mode", False), ("modeling", False), ("index", False), (None, False),
    ("o1", False), ("temperature", False),
])
def test_model_keys(key: str | None, expected: bool) -> None:
    assert is_model_key(key) is expected
    if expected:  # the engine's screen looks for these words near a weak id
        assert MODEL_KEY_WORD.search((key or "").lower()) is not None


def test_prose_takes_catalog_ids_only() -> None:
    """Words of comments and docs: a catalog id counts, a grammar-only guess never does."""
    for word in ("gpt-4o", "claude-3-5-sonnet-20241022", "anthropic/claude-3-5-haiku-latest",
                 "us.anthropic.claude-3-5-sonnet-20241022-v2:0"):
        assert IDENTIFIER.identify(word, prose=True) is not None, word
    for word in ("gpt-5.7-mini", "claude-3-5-sonet-20241022", "o1", "ada", "command", "gpt-3.5"):
        assert IDENTIFIER.identify(word, prose=True) is None, word


@pytest.mark.parametrize(("value", "expected"), [
    # Exact case only: display-cased spellings are not ids; mixed-case catalog ids match
    # as written; their lowercase spellings only behind that provider's prefix.
    ("Phi-4", "Phi-4"), ("azure_ai/phi-4", "Phi-4"), ("phi-4", None), ("PHI-4", None),
    ("GPT-4o", None), ("Gpt-4o", None), ("gpt-4O", None), ("Claude-3-Haiku-20240307", None),
    ("DeepSeek-R1", "DeepSeek-R1"), ("deepseek-r1", "deepseek-r1"),
])
def test_case(value: str, expected: str | None) -> None:
    m = IDENTIFIER.identify(value)
    assert (m.ref.model if m else None) == expected


@pytest.mark.parametrize(("key", "says_model"), [
    pytest.param("model", True, id="model"), pytest.param("OPENAI_MODEL", True, id="env-var"),
    pytest.param("deployment_name", True, id="deployment"), pytest.param("--model", True, id="flag"),
    pytest.param("fallback_models", True, id="fallbacks"),
    pytest.param("custom_llm_provider", False, id="llm-provider"),
    pytest.param("model_version", False, id="model-version"), pytest.param("model_type", False, id="model-type"),
])
def test_weak_ids_only_under_keys_that_name_a_model(key: str, says_model: bool) -> None:
    """Weak ids (`o1`, `mistral`) count only under keys that name a model."""
    assert is_model_key(key) is says_model
    assert (IDENTIFIER.identify("o1", key=key) is not None) is says_model
