"""Big JSON files: every model id an object written as plain JSON can hold is reported.

The JSON extractor takes plain objects and arrays (no comment, no escape) in one match
and finds what they hold to report without their tokens; these ids sit in each place
such an object can hold one, in price tables small and big (a big file's outermost
object is always opened), and must come out with the key and position they have.
"""

from __future__ import annotations

import pytest

from tests.helpers import spans

# Written as they sit in the file, each once; (line, column) are looked up in the text.
IDS = [
    ('"tiers": {"default": {"model": "gpt-4o-mini"}}', "gpt-4o-mini", "model"),
    ('"fallbacks": ["claude-3-5-haiku-20241022"]', "claude-3-5-haiku-20241022", "fallbacks"),
    ('"args": ["--port", "8000", "--model", "gpt-4o-2024-08-06"]', "gpt-4o-2024-08-06", "model"),
    ('"deployments": [{"region": "eu", "model": "gpt-4.1-nano"}]', "gpt-4.1-nano", "model"),
    ('"hub": {"repo_id": "acme/support-7b"}', "acme/support-7b", "repo_id"),
    ('"llm": {"provider": "openai", "name": "o1"}', "o1", "llm.name"),
    ('"escaped": {"deployment_name": "o3-mini\\u002d2025-01-31"}', "o3-mini\\u002d2025-01-31",
     "deployment_name"),
]


def _price_table(entries: int) -> str:
    body = [f'  "acme-chat-{i}": {{"input_cost_per_token": 1e-06, "litellm_provider": "acme", '
            f'"mode": "chat", "supported_regions": ["us-east-1", "eu-west-1"], '
            f'"tiers": {{"default": {{"max_tokens": {i}}}}}}}' for i in range(entries)]
    # An id as a key names an entry: reported, keyed by the key its object sits under
    # (none: the table is the top-level object).
    body[entries // 2] = '  "gpt-4o": {"litellm_provider": "openai",\n    ' + ",\n    ".join(
        member for member, _, _ in IDS) + "\n  }"
    return "{\n" + ",\n".join(body) + "\n}\n"


def _at(text: str, written: str) -> tuple[int, int]:
    assert text.count(written) == 1
    start = text.index(written)
    return text.count("\n", 0, start) + 1, start - text.rfind("\n", 0, start)


@pytest.mark.parametrize("entries", [pytest.param(3, id="small"), pytest.param(1500, id="big")])
def test_price_table_ids_keys_and_positions(entries: int) -> None:
    text = _price_table(entries)
    assert (len(text) > 65_536) == (entries > 3)
    line, column = _at(text, '"gpt-4o": {')
    assert spans("model_prices.json", text) == [(line, column + 1, "gpt-4o", None, "config")] + [
        (*_at(text, written), written, key, "config") for _, written, key in IDS]


def test_jsonc_comment_inside_a_big_table() -> None:
    text = _price_table(1500).replace('"mode": "chat", ', '"mode": "chat", // was gpt-4-turbo\n', 1)
    found = spans("settings.jsonc", text)
    assert found[0] == (*_at(text, "gpt-4-turbo"), "gpt-4-turbo", None, "comment")
    line, column = _at(text, '"gpt-4o": {')
    assert found[1:] == [(line, column + 1, "gpt-4o", None, "config")] + [
        (*_at(text, written), written, key, "config") for _, written, key in IDS]


@pytest.mark.parametrize("entries", [pytest.param(3, id="small"), pytest.param(1500, id="big")])
def test_weak_id_in_a_model_object_of_plain_json(entries: int) -> None:
    """A plain entry holding a model object is taken token by token where a weak id sits
    in it, so that the id gets its dotted key (the plain fast path knows only the nearest)."""
    body = [f'  "acme-chat-{i}": {{"litellm_provider": "mistral", "mode": "chat"}}' for i in range(entries)]
    body[entries // 2] = '  "acme-router": {"mode": "chat", "llm": {"provider": "acme", "name": "o1"}}'
    text = "{\n" + ",\n".join(body) + "\n}\n"
    line, column = _at(text, '"o1"')
    assert spans("router_table.json", text) == [(line, column + 1, "o1", "llm.name", "config")]
