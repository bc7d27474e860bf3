"""The engine's cheap screens: which files are worth parsing at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.engine import scan_file, scan_text
from tests.helpers import TODAY

SCREENED = [
    pytest.param("etl/jobs.py", "from etl import pipeline\n\nresult = pipeline(load(), clean(), save())\n"
                 "gpt4_enabled = False\nclaude_client = None\n", False, id="data-pipeline-and-identifiers"),
    pytest.param("app/hf.py", 'from transformers import pipeline\nclf = pipeline("text-generation", model="acme-labs/router-7b")\n',
                 True, id="hub-pipeline-with-a-repo-id"),
    pytest.param("app/llm.py", 'MODEL = "gpt-4o-2024-08-06"\n', True, id="an-id"),
    pytest.param("deploy/compose.yml", "services:\n  api:\n    environment:\n      MODEL: ${MODEL:-gpt-4o-mini}\n",
                 True, id="an-id-in-a-placeholder-default"),
    # Weak words (command, o1, mistral) are ids only as values under a model key.
    pytest.param("tokenizers/vocab.json",
                 '{"version": "1.0", "model": {"type": "BPE", "vocab": {"objects": 2336, "ched": 2337, '
                 '"command": 2339, "grid": 2340, "\u0120develop": 2341}}}\n',
                 False, id="weak-word-as-a-json-key-in-a-tokenizer-vocabulary"),
    pytest.param("tokenizers/tokenizer.json",
                 '{"model": {"type": "BPE", "dropout": null, "merges": ["\u0120 t", "up dated", '
                 '"command s", "\u0120dim ension", "o1 a"]}}\n',
                 False, id="weak-word-among-words-in-a-tokenizer-merge-list"),
    pytest.param("static/chunks/4821.js",
                 "function m(e,t){var n=e.memoizedState;return null!==n?(o5(t,n),o4(e,t)):o2}"
                 "var model=m(a,b);\n",
                 False, id="weak-word-as-a-bundle-function-name"),
    pytest.param("src/realtime/tracker.ts",
                 "export function settle(id: string, model: Model) {\n"
                 "  const command = pending.get(id);\n  if (command == null) return;\n}\n",
                 False, id="weak-word-as-a-typescript-variable"),
    pytest.param("app/reasoning.py", 'response = client.responses.create(\n    model="o1",\n    input=prompt,\n)\n',
                 True, id="weak-id-under-a-model-argument"),
    pytest.param("app/reasoning_padded.py", 'response = client.responses.create(model=" o1 ", input=prompt)\n',
                 True, id="weak-id-with-spaces-inside-its-quotes"),
    pytest.param("config/llm.json", '{"llm": {"provider": "cohere", "fallbacks": ["command"]}}\n',
                 True, id="weak-id-in-a-json-list-under-a-model-key"),
    pytest.param("deploy/values.yaml", "models:\n  - o1\n  - o3-mini\n", True,
                 id="weak-id-in-a-yaml-list"),
    pytest.param("web/lib/models.ts", "export type ReasoningModel = 'o1' | 'o3';\n",
                 True, id="weak-id-in-a-typescript-type-alias"),
]


@pytest.mark.parametrize(("path", "text", "parsed"), SCREENED)
def test_files_are_parsed_only_when_a_hit_could_be_an_id(path: str, text: str, parsed: bool) -> None:
    result = scan_text(path, text, today=TODAY)
    assert result.parsed is parsed
    assert bool(result.references) is parsed


def test_positions_hold_when_references_come_out_of_order() -> None:
    """The extractor emits string values first and comment mentions after them, so the
    engine is asked for positions back and forth; every one must be where the text is."""
    text = (
        "# Routing table; gpt-4o-mini is the fallback (see below).\r\n"
        "FAST = \"gpt-4o-mini\"\r\n"
        "\r\n"
        "def pick(long_prompt: str) -> str:\r\n"
        "    # Long prompts go to claude-3-5-sonnet-20241022, which has the context for them.\r\n"
        "    if len(long_prompt) > 40_000:\r\n"
        "        return \"claude-3-5-sonnet-20241022\"\r\n"
        "    return FAST  # résumé: gpt-4o-mini\r\n"
        "\r\n"
        "CONFIG = {\"model\": \"gemini-1.5-pro-002\", \"fallbacks\": [\"gpt-4o-2024-08-06\"]}\r\n"
    )
    result = scan_text("app/routing.py", text, today=TODAY)
    lines = text.split("\n")
    assert len(result.references) == 7
    emitted = [(r.line, r.column) for r in result.references]
    assert emitted == sorted(emitted)
    for ref in result.references:
        line = lines[ref.line - 1]
        assert line[ref.column - 1:ref.column - 1 + len(ref.text)] == ref.text
        assert ref.end_line == ref.line and ref.end_column == ref.column + len(ref.text)
        offset = sum(len(x) + 1 for x in lines[:ref.line - 1]) + ref.column - 1
        assert (ref.start, ref.end) == (offset, offset + len(ref.text))


@pytest.mark.parametrize("line", [
    'resp = client.chat.completions.create(model=os.environ["OPENAI_MODEL"], messages=msgs)',
    'llm = init_chat_model(model=os.getenv("LLM_MODEL"), model_provider="openai")',
    'llm = ChatOpenAI(model_name=os.environ.get("CHAT_MODEL"), temperature=0)',
])
def test_a_file_reading_its_model_from_the_environment_is_read_though_it_names_no_model(
        tmp_path: Path, line: str) -> None:
    """No model id in the file, so the prefilter's stems miss it; the same pass over its
    bytes must still catch the environment read (MT005 needs the parse)."""
    source = tmp_path / "app" / "llm.py"
    source.parent.mkdir()
    source.write_text(f"import os\n\n\ndef build(client, msgs):\n    {line}\n", encoding="utf-8")
    result = scan_file(str(tmp_path), "app/llm.py", today=TODAY)
    assert result.parsed
    assert [(d.status, d.line) for d in result.dynamic] == [("dynamic", 5)]
