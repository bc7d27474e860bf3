"""Large JavaScript/TypeScript files are parsed only around their hits (included ranges);
what they yield must be what a parse of the whole file yields."""

from __future__ import annotations

from typing import Any

import pytest

from scanner.engine import scan_text
from scanner.extractors.treesitter import partial, walker
from tests.helpers import TODAY

FILLER = "".join(f"""
/**
 * Formats record {i} for the audit log. Nothing here names a model.
 */
export function formatRecord{i}(record: AuditRecord): string {{
  const parts = [record.id, record.actor, String(record.at)];
  return parts.filter(Boolean).join(" | ");
}}
""" for i in range(120))

MODULE = """import OpenAI from "openai";

export const BASE_MODEL = "gpt-4o";
const FALLBACK = process.env.FALLBACK_MODEL ?? "claude-3-5-haiku-20241022";
""" + FILLER + """
/** The default, pinned: see gpt-4o-2024-08-06 in the provider's changelog. */
export interface CompletionOptions {
  /** Model ID used to generate the response, like `gpt-4o` or `o3`. */
  model: "gpt-4o-mini" | "o3-mini-2025-01-31" | (string & {});
  temperature?: number;
}
""" + FILLER.replace("formatRecord", "formatEntry") + """
export const SYSTEM_PROMPT = `
You are a support assistant.
claude-3-opus
Answer briefly.
`;

export async function answer(client: OpenAI, question: string) {
  return client.chat.completions.create({
    model: `${BASE_MODEL}-2024-08-06`,
    messages: [{ role: "system", content: SYSTEM_PROMPT }, { role: "user", content: question }],
  });
}
"""


def _view(path: str, text: str) -> list[tuple[Any, ...]]:
    result = scan_text(path, text, today=TODAY)
    return [(r.line, r.column, r.end_column, r.text, r.model, r.key, r.context, r.composed)
            for r in result.references]


def test_a_partial_parse_finds_what_a_whole_parse_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    threshold = partial.PARTIAL_MIN_BYTES
    assert len(MODULE.encode()) > 2 * threshold
    taken: list[bool] = []
    partial_walk = walker._partial_walk

    def spy(*args: Any) -> Any:
        walk = partial_walk(*args)
        taken.append(walk is not None)
        return walk

    monkeypatch.setattr(walker, "_partial_walk", spy)
    # The prompt's bare "claude-3-opus" line parses as code when cut out: the whole file
    # is parsed instead. Without that line, the partial tree is kept.
    without_prompt_line = MODULE.replace("claude-3-opus\n", "")
    for text, kept in ((MODULE, False), (without_prompt_line, True)):
        taken.clear()
        cut = _view("src/answer.ts", text)
        assert taken == [kept]
        monkeypatch.setattr(partial, "PARTIAL_MIN_BYTES", 10**12)
        whole = _view("src/answer.ts", text)
        monkeypatch.setattr(partial, "PARTIAL_MIN_BYTES", threshold)
        assert cut == whole
    found = {(ref[3], ref[5], ref[6], ref[7]) for ref in _view("src/answer.ts", without_prompt_line)}
    assert {("gpt-4o", "BASE_MODEL", "code", False),
            ("claude-3-5-haiku-20241022", "FALLBACK_MODEL", "code", False),
            ("gpt-4o-mini", "model", "code", False),  # a literal type keyed by its property
            ("o3-mini-2025-01-31", "model", "code", False),
            ("gpt-4o-2024-08-06", None, "comment", False),
            # composed from a constant declared in another statement of the file
            ("`${BASE_MODEL}-2024-08-06`", "model", "code", True)} <= found


def test_ranges_keep_the_files_rows_and_bytes() -> None:
    from scanner.extractors.treesitter.languages import _TS

    data = MODULE.encode()
    hit = data.index(b"gpt-4o-mini")
    (only,) = partial.included_ranges(_TS, data, [hit]) or [None]
    assert only is not None
    assert data[only.start_byte:only.end_byte].startswith(b"export interface CompletionOptions")
    assert only.start_point == (data.count(b"\n", 0, only.start_byte), 0)
    assert only.end_point == (data.count(b"\n", 0, only.end_byte), 0)


def test_typescript_literal_types_are_keyed_by_their_property_or_alias() -> None:
    """`model: "gpt-4o" | "o1"` in an interface and `type ChatModel = ...` name model ids;
    keyed, even the weak one-word ids among them count (they need a model key)."""
    source = ("export type ChatModel = 'gpt-4o-2024-08-06' | 'o1' | (string & {});\n"
              "export interface Options {\n  model?: 'o3-mini' | 'gpt-4o-mini';\n  voice: 'alloy' | 'echo';\n}\n")
    got = [(ref[3], ref[5]) for ref in _view("src/models.ts", source)]
    assert got == [("gpt-4o-2024-08-06", "ChatModel"), ("o1", "ChatModel"),
                   ("o3-mini", "model"), ("gpt-4o-mini", "model")]
