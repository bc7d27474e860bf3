"""Config formats: exact spans and keys of model ids in YAML, JSON, TOML, INI, .env, Dockerfile."""

from __future__ import annotations

import pytest

from tests.helpers import spans

CASES = [
    pytest.param("config/models.yaml",
                 "tasks:\n  summarize:\n    model: gpt-4o-mini\n    temperature: 0.2\n  extract:\n"
                 "    model: \"gpt-4o-2024-08-06\"\n  embed:\n    model: 'text-embedding-3-small'\n",
                 [(3, 12, "gpt-4o-mini", "model", "config"), (6, 13, "gpt-4o-2024-08-06", "model", "config"),
                  (8, 13, "text-embedding-3-small", "model", "config")], id="yaml-plain-and-quoted"),
    pytest.param("proxy/config.yaml",
                 "model_list:\n  - model_name: fast\n    litellm_params:\n      model: bedrock/anthropic.claude-3-haiku-20240307-v1:0\n"
                 "---\nrouter_settings:\n  fallbacks: [{fast: [gpt-4o-mini]}]\n",
                 [(4, 14, "bedrock/anthropic.claude-3-haiku-20240307-v1:0", "model", "config"),
                  (7, 23, "gpt-4o-mini", "fast", "config")], id="yaml-litellm-multidoc"),
    pytest.param(".github/workflows/eval.yml",
                 "jobs:\n  eval:\n    steps:\n      - run: python eval.py\n        env:\n          OPENAI_MODEL: gpt-4o-2024-11-20\n",
                 [(6, 25, "gpt-4o-2024-11-20", "OPENAI_MODEL", "config")], id="yaml-workflow-env"),
    pytest.param("deploy/app.yaml",
                 "containers:\n  - name: api\n    env:\n      - name: CHAT_MODEL\n        value: claude-3-5-haiku-20241022\n",
                 [(5, 16, "claude-3-5-haiku-20241022", "CHAT_MODEL", "config")], id="yaml-k8s-env-list"),
    pytest.param("defaults.yaml",
                 "base: &base\n  model: mistral-large-2411\nprod:\n  <<: *base\n  timeout: 30\n",
                 [(2, 10, "mistral-large-2411", "model", "config")], id="yaml-anchor-reported-once"),
    pytest.param("docker-compose.yml",
                 "services:\n  api:\n    environment:\n      CHAT_MODEL: ${CHAT_MODEL:-gpt-4o-mini}\n"
                 "  worker:\n    environment:\n      - EMBED_MODEL=text-embedding-3-large\n",
                 [(4, 33, "gpt-4o-mini", "CHAT_MODEL", "config"),
                  (7, 21, "text-embedding-3-large", "EMBED_MODEL", "config")], id="compose-default-and-list"),
    pytest.param("config/agents.yaml",
                 "llm:\n  provider: openai\n  name: o1\n  api_key: os.environ/OPENAI_API_KEY\n"
                 "models:\n  default: o3\n  fast: gpt-4o-mini\n  reasoning: [o1, o3]\n"
                 "service:\n  name: o1\n  llm:\n    command: serve\n",
                 [(3, 9, "o1", "llm.name", "config"), (6, 12, "o3", "models.default", "config"),
                  (7, 9, "gpt-4o-mini", "fast", "config"), (8, 15, "o1", "models.reasoning", "config"),
                  (8, 19, "o3", "models.reasoning", "config")], id="yaml-weak-ids-under-a-model-mapping"),
    pytest.param("litellm_config.yaml",
                 "model_list:\n  - model_name: gpt-4o-mini\n    litellm_params:\n"
                 "      model: os.environ/AZURE_CHAT_MODEL\n      api_key: os.environ/AZURE_API_KEY\n"
                 "      base_model: env/BASE_MODEL\n",
                 [(2, 17, "gpt-4o-mini", "model_name", "config")], id="litellm-environment-references"),
    pytest.param("config/agents.json",
                 '{\n  "llm": {"provider": "openai", "name": "o1", "api_key": "os.environ/OPENAI_API_KEY"},\n'
                 '  "models": {"default": "o3", "fast": "gpt-4o-mini", "reasoning": ["o1", "o3"]},\n'
                 '  "service": {"name": "o1", "tags": ["o1"]}\n}\n',
                 [(2, 42, "o1", "llm.name", "config"), (3, 26, "o3", "models.default", "config"),
                  (3, 40, "gpt-4o-mini", "fast", "config"), (3, 69, "o1", "models.reasoning", "config"),
                  (3, 75, "o3", "models.reasoning", "config")], id="json-weak-ids-under-a-model-object"),
    pytest.param("prompts/routes.json",
                 '{\n  "routes": [\n    {"name": "support", "model": "claude-3-5-sonnet-20241022"},\n'
                 '    {"name": "search", "models": ["gemini-1.5-pro-002", "gemini-1.5-flash-002"]}\n  ]\n}\n',
                 [(3, 35, "claude-3-5-sonnet-20241022", "model", "config"),
                  (4, 36, "gemini-1.5-pro-002", "models", "config"),
                  (4, 58, "gemini-1.5-flash-002", "models", "config")], id="json-keys-and-arrays"),
    pytest.param("config/models.json",
                 '{\n  "default": "gpt-4o-mini",\n  "models": {\n    "gpt-4o-2024-08-06": {"max_tokens": 16384},\n'
                 '    "claude-3-5-haiku-20241022": {"max_tokens": 8192, "fallback": "gpt-4o-mini"},\n'
                 '    "o1": {"max_tokens": 100000},\n    "gpt4_enabled": true\n  },\n'
                 '  "pricing": {"gemini-1.5-flash-002": {"input": 0.075}}\n}\n',
                 [(2, 15, "gpt-4o-mini", "default", "config"),
                  (4, 6, "gpt-4o-2024-08-06", "models", "config"),
                  (5, 6, "claude-3-5-haiku-20241022", "models", "config"),
                  (5, 68, "gpt-4o-mini", "fallback", "config"),
                  (9, 16, "gemini-1.5-flash-002", "pricing", "config")], id="json-ids-as-keys"),
    pytest.param("settings.jsonc",
                 '{\n  // was "gpt-4-0613" until October\n  "model": "gpt-4o-2024-08-06",\n}\n',
                 [(2, 11, "gpt-4-0613", None, "comment"), (3, 13, "gpt-4o-2024-08-06", "model", "config")],
                 id="jsonc-comment-and-trailing-comma"),
    pytest.param("config.toml",
                 '[models.openai]\nprimary = "gpt-4o"\nreasoning = "o1"\n\n[eval]\ncandidates = [\n  "gpt-4.1-2025-04-14",\n]\n',
                 [(2, 12, "gpt-4o", "models.openai.primary", "config"),
                  (3, 14, "o1", "models.openai.reasoning", "config"),
                  (7, 4, "gpt-4.1-2025-04-14", "eval.candidates", "config")], id="toml-tables-and-arrays"),
    pytest.param("setup.cfg",
                 "[llm]\nmodel = command-r-08-2024\n; fallback: command-r-plus-08-2024\n",
                 [(2, 9, "command-r-08-2024", "model", "config"),
                  (3, 13, "command-r-plus-08-2024", None, "comment")], id="ini-value-and-comment"),
    pytest.param(".env.example",
                 'OPENAI_MODEL=gpt-4o-2024-08-06\nexport FALLBACK_MODEL="gpt-4o-mini"\nMODELS=gpt-4o,gpt-4o-mini\n# MODEL=gpt-3.5-turbo\n',
                 [(1, 14, "gpt-4o-2024-08-06", "OPENAI_MODEL", "config"),
                  (2, 24, "gpt-4o-mini", "FALLBACK_MODEL", "config"),
                  (3, 8, "gpt-4o", "MODELS", "config"), (3, 15, "gpt-4o-mini", "MODELS", "config"),
                  (4, 9, "gpt-3.5-turbo", None, "comment")], id="dotenv"),
    pytest.param("Dockerfile",
                 'FROM python:3.12-slim\nARG CHAT_MODEL=gpt-4o\nENV EMBED_MODEL text-embedding-3-small\n'
                 'CMD ["python", "-m", "app", "--model", "gpt-4o-mini-2024-07-18"]\n',
                 [(2, 16, "gpt-4o", "CHAT_MODEL", "config"),
                  (3, 17, "text-embedding-3-small", "EMBED_MODEL", "config"),
                  (4, 41, "gpt-4o-mini-2024-07-18", None, "config")], id="dockerfile"),
    pytest.param("docker-compose.yml",
                 "services:\n  llm:\n    image: vllm/vllm-openai:v0.6.4\n"
                 "    command: [\"--model\", \"meta-llama/Llama-3.1-8B-Instruct\", \"--port\", \"8000\"]\n"
                 "  judge:\n    image: vllm/vllm-openai:v0.6.4\n    command:\n      - --served-model-name\n"
                 "      - judge\n      - --model\n      - Qwen/Qwen2.5-7B-Instruct\n      - --dtype\n      - auto\n",
                 [(4, 27, "meta-llama/Llama-3.1-8B-Instruct", "model", "config"),
                  (11, 9, "Qwen/Qwen2.5-7B-Instruct", "model", "config")], id="compose-command-list-flags"),
    pytest.param(".devcontainer/devcontainer.json",
                 '{\n  "name": "serve",\n  "runArgs": ["--gpus", "all"],\n'
                 '  "postStartCommand": ["vllm", "serve", "--model", "mistralai/Mistral-7B-Instruct-v0.3"],\n'
                 '  "args": ["--model", {"nested": true}, "meta-llama/Llama-3.2-1B"]\n}\n',
                 [(4, 53, "mistralai/Mistral-7B-Instruct-v0.3", "model", "config")], id="json-args-list-flags"),
    pytest.param("Dockerfile",
                 "FROM ollama/ollama:0.5.7\n"
                 "RUN ollama serve & sleep 5 && ollama pull llama3.1:8b  # pulled at build time, not gpt-4o\n"
                 "ENV OPENAI_MODEL=gpt-4o-2024-08-06\n",
                 [(2, 43, "llama3.1:8b", "ollama pull", "config"), (2, 84, "gpt-4o", None, "comment"),
                  (3, 18, "gpt-4o-2024-08-06", "OPENAI_MODEL", "config")], id="dockerfile-run-ollama-pull"),
]


@pytest.mark.parametrize(("path", "text", "expected"), CASES)
def test_config_references(path: str, text: str, expected: list[tuple[int, int, str, str | None, str]]) -> None:
    assert spans(path, text) == expected


DECOYS = [
    pytest.param("requirements.txt", "gpt-tokenizer==0.1.0\ngpt-researcher>=0.8\ntiktoken\n", id="requirements"),
    pytest.param("package.json", '{"dependencies": {"gpt-tokenizer": "^2.1.0", "@anthropic-ai/sdk": "^0.30.0"}}\n', id="package-json"),
    pytest.param("docs.yaml", "link: https://platform.openai.com/docs/models/gpt-4o\ntitle: GPT-4 Turbo\n", id="links-and-display-names"),
    pytest.param(".env", "GPT4_ENABLED=true\nASTROLOGY_SIGN=gemini\nWIND=mistral\n", id="env-words"),
    pytest.param("tsconfig.json", '{"compilerOptions": {"paths": {"@gpt-4o/*": ["src/gpt-4o/*"]}}}\n',
                 id="json-key-holding-an-id"),
    pytest.param("aliases.yaml", "results:\n  data/gpt-4o/run1.jsonl: 0.91\n  \"@claude-3-opus-20240229/*\": src\n",
                 id="yaml-keys-holding-ids"),
]


@pytest.mark.parametrize(("path", "text"), DECOYS)
def test_config_decoys(path: str, text: str) -> None:
    assert spans(path, text) == []
