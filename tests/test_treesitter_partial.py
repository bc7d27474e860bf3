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


def _doc_members(prefix: str, count: int) -> str:
    return "".join(f"""  /**
   * Setting {i} of the request; `auto` by default (see the guide).
   */
  {prefix}{i}?: number | null;
""" for i in range(count))


def _doc_declarations(prefix: str, count: int) -> str:
    return "".join(f"""    /**
     * Setting {i} of the request; `auto` by default (see the guide).
     */
    export type {prefix}{i} = number | null;
""" for i in range(count))


DECLARATIONS = ("/** Generated from the OpenAPI spec. */\n"
                "export interface ResponseCreateParams {\n" + _doc_members("setting_a", 30) + """  /**
   * Model ID used to generate the response, like `gpt-4o` or `o3`.
   */
  model: 'gpt-4o-2024-08-06' | 'o3-mini'
    | 'claude-3-5-haiku-20241022';
""" + _doc_members("setting_b", 30) + """}
export declare namespace ResponseCreateParams {
""" + _doc_declarations("InnerA", 20) + """    interface Reasoning {
        /** The reasoning model, `o1-2024-12-17` by default. */
        model?: 'o1-2024-12-17';
        effort?: 'low' | 'high';
    }
""" + _doc_declarations("InnerB", 20) + """}
export const ROUTES = {
""" + "".join(f"  route{i}: {{ path: '/v1/route/{i}', retries: {i % 3} }},\n" for i in range(60)) + """  fallback: { path: '/v1/chat', model: 'gpt-4o-mini' },
""" + "".join(f"  extra{i}: {{ path: '/v1/extra/{i}', retries: 1 }},\n" for i in range(40)) + "};\n"
                + FILLER)


@pytest.mark.parametrize(("source", "members_parse"), [
    (DECLARATIONS, True),
    # A member over several lines: its closing line, at the members' indentation, begins
    # no member.
    (DECLARATIONS.replace("  fallback: {", "  limits: {\n    perMinute: 60,\n  },\n  fallback: {"), True),
    # A template literal in code could hold lines that look like members (and parse as
    # such): its statement is kept whole.
    (DECLARATIONS.replace("  fallback: {", "  prompt: `Answer as\n  model: 'claude-3-opus',\n  done: true`,\n"
                                          "  fallback: {"), True),
    # A block comment's line at the members' indentation: the cut does not parse, and
    # whole statements are parsed instead (still not the whole file).
    (DECLARATIONS.replace("  fallback: {", "  /*\n  model: 'claude-3-opus' was the default\n  */\n  fallback: {"),
     False),
])
def test_large_bodies_are_cut_to_their_members_and_find_the_same(monkeypatch: pytest.MonkeyPatch,
                                                                  source: str, members_parse: bool) -> None:
    """An SDK's declaration file: interfaces and namespaces of hundreds of documented
    members, an object of routes. Only the members holding a hit (with the bodies'
    first and last lines) are parsed; that partial parse gives exactly what a whole
    parse gives."""
    parsed: list[int] = []
    included = partial.included_ranges

    def spy(*args: Any, **kwargs: Any) -> Any:
        ranges = included(*args, **kwargs)
        parsed.append(sum(r.end_byte - r.start_byte for r in ranges or ()))
        return ranges

    monkeypatch.setattr(partial, "included_ranges", spy)
    partial_walk = walker._partial_walk
    taken: list[bool] = []

    def walked(*args: Any) -> Any:
        walk = partial_walk(*args)
        taken.append(walk is not None)
        return walk

    monkeypatch.setattr(walker, "_partial_walk", walked)
    cut = _view("src/resources/responses.d.ts", source)
    assert taken == [True]  # a partial parse, not the whole file's
    body = len(source) - len(FILLER)
    if members_parse:
        assert len(parsed) == 1 and parsed[0] < body / (4 if "`Answer" not in source else 2)
    else:
        assert len(parsed) == 2 and parsed[0] < parsed[1] < body
    monkeypatch.setattr(partial, "PARTIAL_MIN_BYTES", 10**12)
    whole = _view("src/resources/responses.d.ts", source)
    assert cut == whole
    found = {(ref[3], ref[5], ref[6]) for ref in whole}
    assert {("gpt-4o-2024-08-06", "model", "code"), ("o3-mini", "model", "code"),
            ("claude-3-5-haiku-20241022", "model", "code"), ("gpt-4o", None, "comment"),
            ("o1-2024-12-17", "model", "code"), ("o1-2024-12-17", None, "comment"),
            ("gpt-4o-mini", "model", "code")} <= found
