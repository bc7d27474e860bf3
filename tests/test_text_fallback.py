"""The plain-text fallback for every file no extractor claims: shell, SQL, Makefiles,
``.properties``, Gradle, templates, unit files. Conservative: quoted strings, assignments,
``--model`` flags and model commands are values; comments and other words are prose, where
only catalog ids count."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.goldens import assert_matches_golden
from tests.helpers import spans

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "ops-scripts"


def test_fixture_scans_to_its_golden() -> None:
    assert_matches_golden(FIXTURE)


def test_golden_positions_point_at_the_text() -> None:
    for ref in json.loads((FIXTURE / "expected.json").read_text(encoding="utf-8"))["references"]:
        line = (FIXTURE / ref["path"]).read_text(encoding="utf-8").splitlines()[ref["line"] - 1]
        assert line[ref["column"] - 1:ref["end_column"] - 1] == ref["text"], ref


CASES = [
    # Shell
    pytest.param("deploy.sh", 'export OPENAI_MODEL="${OPENAI_MODEL:-gpt-4o-2024-08-06}"\n',
                 [(1, 38, "gpt-4o-2024-08-06", "OPENAI_MODEL", "code")], id="sh-default-in-quotes"),
    pytest.param("eval.sh", "JUDGE_MODEL=${JUDGE_MODEL:-gpt-4o-2024-08-06}\n: ${EMBED_MODEL:=text-embedding-3-small}\n"
                 "python eval.py --model ${MODEL-claude-3-5-haiku-20241022} --judge \"$JUDGE_MODEL\"\n",
                 [(1, 28, "gpt-4o-2024-08-06", "JUDGE_MODEL", "code"),
                  (2, 18, "text-embedding-3-small", "EMBED_MODEL", "code"),
                  (3, 32, "claude-3-5-haiku-20241022", "model", "code")], id="sh-default-unquoted"),
    pytest.param("deploy.sh", "TRIAGE_MODEL=claude-3-5-haiku-20241022  # not claude-3-opus-20240229\n",
                 [(1, 14, "claude-3-5-haiku-20241022", "TRIAGE_MODEL", "code"),
                  (1, 47, "claude-3-opus-20240229", None, "comment")], id="sh-assignment-and-trailing-comment"),
    pytest.param("deploy.sh", 'LOG_TAG="gpt-4o-rollout"\nDIR=s3://artifacts/gpt-4o/evals\n'
                 "curl https://gpt-4o.internal.example.com/healthz\nkubectl rollout restart deploy/gpt-4o-gw\n",
                 [], id="sh-tags-paths-hosts-are-not-models"),
    pytest.param("pull.sh", "ollama pull llama3.1:8b-instruct-q4_K_M\nollama run mistral 'hi'\n",
                 [(1, 13, "llama3.1:8b-instruct-q4_K_M", "ollama pull", "code"),
                  (2, 12, "mistral", "ollama run", "code")], id="sh-ollama-commands"),
    pytest.param("serve.sh", "vllm serve Qwen/Qwen2.5-7B-Instruct --port 8000\n"
                 "python -m vllm.entrypoints.openai.api_server --model meta-llama/Llama-3.1-8B-Instruct "
                 "--revision 0e9e39f249a16976918f6564b8830bc894c89659\n",
                 [(1, 12, "Qwen/Qwen2.5-7B-Instruct", "vllm serve", "code"),
                  (2, 54, "meta-llama/Llama-3.1-8B-Instruct", "model", "code")], id="sh-vllm-serve-and-model-flag"),
    # SQL
    pytest.param("seed.sql", "INSERT INTO routes VALUES ('default', 'gpt-4o-2024-08-06'),  -- gpt-4o-mini next\n",
                 [(1, 40, "gpt-4o-2024-08-06", None, "code"), (1, 65, "gpt-4o-mini", None, "comment")],
                 id="sql-literal-and-trailing-comment"),
    pytest.param("seed.sql", "INSERT INTO routes VALUES ('gpt4o_shadow', 'route-gpt-4o-shadow');\n"
                 "DELETE FROM flags WHERE name = 'gpt-4o-experiment';\n", [], id="sql-names-containing-an-id"),
    pytest.param("seed.sql", "UPDATE settings SET value = 'mistral-large-latest' WHERE key = 'translator';\n",
                 [(1, 30, "mistral-large-latest", "value", "code")], id="sql-update"),
    # Makefile, properties, Gradle, unit files, templates
    pytest.param("Makefile", "MODEL ?= gpt-4o-mini\nJUDGE := claude-3-5-sonnet-20241022\n"
                 "IMAGE = ghcr.io/acme/gpt-4o-proxy:1.4.2\n",
                 [(1, 10, "gpt-4o-mini", "MODEL", "code"), (2, 10, "claude-3-5-sonnet-20241022", "JUDGE", "code")],
                 id="makefile-assignment-operators"),
    pytest.param("app.properties", "spring.ai.openai.chat.options.model=gpt-4o-mini\napp.title=GPT-4o Assistant\n",
                 [(1, 37, "gpt-4o-mini", "spring.ai.openai.chat.options.model", "config")], id="properties"),
    pytest.param("build.gradle", 'buildConfigField "String", "CHAT_MODEL", "\\"gpt-4o-mini\\""  // the app\'s model\n'
                 'implementation "com.openai:openai-java:0.8.0"\n',
                 [(1, 45, "gpt-4o-mini", None, "code")], id="gradle-escaped-quotes-and-comment"),
    pytest.param("assistant.service", "Environment=OPENAI_MODEL=gpt-4.1-2025-04-14\n",
                 [(1, 26, "gpt-4.1-2025-04-14", "OPENAI_MODEL", "code")], id="systemd-chained-assignment"),
    pytest.param("prompt.j2", "{# default: {{ model | default('gpt-4o') }} #}\nModel: {{ model | default('gpt-4o-mini') }}\n",
                 [(1, 33, "gpt-4o", None, "comment"), (2, 28, "gpt-4o-mini", None, "code")],
                 id="jinja-comment-and-default"),
]


@pytest.mark.parametrize(("path", "text", "expected"), CASES)
def test_plain_text(path: str, text: str, expected: list[tuple[object, ...]]) -> None:
    assert spans(f"ops/{path}", text) == expected


def test_package_metadata_is_documentation() -> None:
    text = "Metadata-Version: 2.1\nName: acme\n\n    client.chat(model=\"gpt-4o\")\n"
    assert spans("acme-1.0/PKG-INFO", text) == [(4, 24, "gpt-4o", "model", "docs")]
