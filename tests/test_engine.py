"""The engine's cheap screens: which files are worth parsing at all."""

from __future__ import annotations

import pytest

from scanner.engine import scan_text
from tests.helpers import TODAY

SCREENED = [
    pytest.param("etl/jobs.py", "from etl import pipeline\n\nresult = pipeline(load(), clean(), save())\n"
                 "gpt4_enabled = False\nclaude_client = None\n", False, id="data-pipeline-and-identifiers"),
    pytest.param("app/hf.py", 'from transformers import pipeline\nclf = pipeline("text-generation", model="acme-labs/router-7b")\n',
                 True, id="hub-pipeline-with-a-repo-id"),
    pytest.param("app/llm.py", 'MODEL = "gpt-4o-2024-08-06"\n', True, id="an-id"),
    pytest.param("deploy/compose.yml", "services:\n  api:\n    environment:\n      MODEL: ${MODEL:-gpt-4o-mini}\n",
                 True, id="an-id-in-a-placeholder-default"),
]


@pytest.mark.parametrize(("path", "text", "parsed"), SCREENED)
def test_files_are_parsed_only_when_a_hit_could_be_an_id(path: str, text: str, parsed: bool) -> None:
    result = scan_text(path, text, today=TODAY)
    assert result.parsed is parsed
    assert bool(result.references) is parsed
