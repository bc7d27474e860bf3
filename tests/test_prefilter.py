"""The prefilter is the scan's recall gate: a string it misses is never parsed, never
identified, and never reported. Every catalog id, every wrapped form the identification
tables accept, and every grammar-only example must hit it, in google-re2 and in the stdlib
fallback alike. Its precision is speed only (a false hit costs a parse), so ordinary code
should mostly not hit it.

Throughput of the backends is measured by ``scripts/bench_prefilter.py`` (figures in
``scanner/prefilter.py``), not here.
"""

from __future__ import annotations

import builtins
import re
from typing import Any

import pytest

from scanner.catalog import load_catalog, stem_of
from scanner.prefilter import Prefilter, default_prefilter, pattern_source
from tests.test_identify import (ADDRESSED, FINE_TUNES, INFERENCE_PROFILES, PREFIXED,
                                 PROVIDER_TABLES, UNKNOWN)

CATALOG = load_catalog()
FAST = default_prefilter()
SLOW = Prefilter.__new__(Prefilter)


def _stdlib_only(monkeypatch: pytest.MonkeyPatch | None = None) -> Prefilter:
    real_import = builtins.__import__

    def no_re2(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "re2":
            raise ImportError("re2 hidden for this test")
        return real_import(name, *args, **kwargs)

    builtins.__import__ = no_re2
    try:
        return Prefilter(CATALOG.stems, CATALOG.weak_stems)
    finally:
        builtins.__import__ = real_import


STDLIB = _stdlib_only()
BACKENDS = [pytest.param(FAST, id="re2"), pytest.param(STDLIB, id="re")]

# How ids sit in files: code, YAML, .env, JSON, CLI flags, line starts, after a prefix.
CONTEXTS = (
    'model = "{}"', "model: {}", "  - {}", "OPENAI_MODEL={}", '{{"model": "{}"}}', "--model {}",
    "{}", "x\n{}\n", "engine='{}'", "models: [{}, gpt-4o]", "llm({})",
)


def _values(*tables: list[Any]) -> list[str]:
    return sorted({p.values[0] for table in tables for p in table})


TABLE_VALUES = _values(*PROVIDER_TABLES.values(), PREFIXED, INFERENCE_PROFILES, FINE_TUNES,
                       ADDRESSED, UNKNOWN)


def test_the_accelerator_is_in_use() -> None:
    assert FAST._fast is not None, "google-re2 is a declared dependency"
    assert STDLIB._fast is None


@pytest.mark.parametrize("prefilter", BACKENDS)
def test_every_catalog_id_hits(prefilter: Prefilter) -> None:
    weak = set(CATALOG.weak_stems)
    missed = [(i, c) for i in CATALOG.by_id for c in CONTEXTS
              if not prefilter.hit(c.format(i)) and not (i in weak and c == "x\n{}\n")]
    assert missed == []
    # A weak id (ada, o1) alone on a line is a word, not a value: by design no hit.
    assert not prefilter.hit("x\nada\n")


@pytest.mark.parametrize("prefilter", BACKENDS)
def test_every_catalog_id_hits_where_it_starts(prefilter: Prefilter) -> None:
    """Extractors select lines and words by hit offsets: an offset is where the id starts."""
    wrong = []
    for model_id in CATALOG.by_id:
        for context in ('model = "{}"', "model: {}", "x\n  {}\n"[:None if model_id not in
                                                                  CATALOG.weak_stems else 0]):
            if not context:
                continue
            text = context.format(model_id)
            if text.find(model_id) not in list(prefilter.positions(text)):
                wrong.append((model_id, context))
    assert wrong == []


@pytest.mark.parametrize("prefilter", BACKENDS)
@pytest.mark.parametrize("value", TABLE_VALUES)
def test_every_identified_form_hits(prefilter: Prefilter, value: str) -> None:
    """Prefixed, profiled, fine-tuned, ARN, URL and grammar-only forms of test_identify."""
    weak_first = any(re.fullmatch(w, re.split(r"[:/]", value)[0]) for w in CATALOG.weak_stems)
    for context in CONTEXTS:
        if weak_first and context == "x\n{}\n":
            continue  # a weak word alone on a line is a word (test_every_catalog_id_hits)
        assert prefilter.hit(context.format(value)), context
    # The engine re-checks each string on its own before identifying it.
    assert prefilter._slow.search(value) is not None


@pytest.mark.parametrize("prefilter", BACKENDS)
def test_every_prefix_form_of_a_catalog_id_hits(prefilter: Prefilter) -> None:
    missed = []
    for grammar in CATALOG.providers.values():
        for prefix in grammar.prefixes + CATALOG.neutral_prefixes:
            for model_id in ("gpt-4o", "claude-3-5-haiku-20241022", "amazon.nova-pro-v1:0",
                             "gemini-2.0-flash-001", "Phi-4", "o1", "command"):
                if not prefilter.hit(f'model = "{prefix}{model_id}"'):
                    missed.append(prefix + model_id)
    assert missed == []


@pytest.mark.parametrize("prefilter", BACKENDS)
@pytest.mark.parametrize(("text", "expected"), [
    # Weak one-word ids: only where a value sits.
    pytest.param('model="o1"', True, id="o1-quoted"),
    pytest.param("model: o1", True, id="o1-yaml"),
    pytest.param("REASONING_MODEL=o3", True, id="o3-env"),
    pytest.param("--model ada", True, id="ada-flag"),
    pytest.param("  - davinci", True, id="davinci-yaml-list"),
    pytest.param("models: [o1, o3]", True, id="o1-flow-list"),
    pytest.param("engine=davinci", True, id="davinci-kwarg"),
    pytest.param("command", True, id="command-alone"),
    pytest.param("run the command to start", False, id="command-prose"),
    pytest.param("x\n    command line\n", False, id="command-line-start"),
    pytest.param("x\nfor o1 in pairs:\n    total += o1.size\n", False, id="o1-python-names"),
    pytest.param("x\nx = o1\n", True, id="o1-assigned-name"),  # a name, but it costs a parse only
    pytest.param("Ada Lovelace", False, id="ada-person"),
    pytest.param('"ada.lovelace"', False, id="ada-dotted"),
    pytest.param('"command-line"', False, id="command-line"),
    # Common words of ordinary code that earlier stems hit.
    pytest.param("args = parser.parse_args()", False, id="parse_args"),
    pytest.param("value = parse(text)", False, id="parse"),
    pytest.param("Copyright Microsoft Corporation", False, id="Microsoft"),
    pytest.param("from google.cloud import storage", False, id="google.cloud"),
    pytest.param("meta.description = 'x'", False, id="meta-dot"),
    pytest.param("https://amazon.com/", False, id="amazon.com"),
    pytest.param("text-align: center; text-decoration: none", False, id="css"),
    pytest.param("gpt4_enabled = True", False, id="gpt4_enabled"),
    pytest.param("GPT2Tokenizer.from_pretrained('gpt2')", True, id="hub-call"),
    # Ids inside identifiers never start at a word boundary.
    pytest.param("my_gpt-4o", False, id="underscore-glued"),
    pytest.param("xgpt-4o", False, id="letter-glued"),
    pytest.param("2gpt-4o", False, id="digit-glued"),
    pytest.param("(gpt-4o)", True, id="parenthesised"),
    pytest.param("us.anthropic.claude-3-5-sonnet-20241022-v2:0", True, id="profile"),
    pytest.param("é gpt-4o", True, id="after-non-ascii"),
])
def test_boundaries(prefilter: Prefilter, text: str, expected: bool) -> None:
    assert prefilter.hit(text) is expected


def test_backends_agree_on_every_offset() -> None:
    lines = [c.format(v) for v in TABLE_VALUES for c in CONTEXTS[:4]]
    lines += ["run the command", "parse_args()", "o1, o2 = 1, 2", "model: o1", "  - ada"]
    text = "\n".join(lines)
    assert list(FAST.positions(text)) == list(STDLIB.positions(text))
    assert [FAST.hit(line) for line in lines] == [STDLIB.hit(line) for line in lines]


def test_pattern_is_valid_for_both_engines() -> None:
    source = pattern_source(CATALOG.stems, CATALOG.weak_stems)
    re.compile(source)
    re2 = pytest.importorskip("re2")
    re2.compile(source)
    with pytest.raises(ValueError, match="must start with a letter or digit"):
        pattern_source(("-gpt",))


@pytest.mark.parametrize(("model_id", "stem"), [
    ("gpt-4o-2024-08-06", ("gpt-", "prefix")),
    ("claude-3-5-sonnet-20241022", ("claude-", "prefix")),
    ("anthropic.claude-v2", ("anthropic.claude-", "prefix")),
    ("text-embedding-3-small", ("text-embedding-3-", "prefix")),
    ("parse-v5.0", ("parse-v5.", "prefix")),
    ("Microsoft-Decision-1", ("Microsoft-Decision-", "prefix")),
    ("command-r", ("command-r", "token")),
    ("command", ("command", "word")),
    ("o1-mini", ("o1-mini", "token")),
    ("meta.llama3-8b-instruct-v1:0", ("meta.llama3-", "prefix")),
])
def test_stems(model_id: str, stem: tuple[str, str]) -> None:
    generic = frozenset(["text", "embedding", "parse", "Microsoft", "command", "meta.",
                         "anthropic."])
    assert stem_of(model_id, generic) == stem


def test_weak_words_are_exactly_the_weak_catalog_ids() -> None:
    from scanner.catalog import WEAK_ID

    words = {w for w in CATALOG.weak_stems if re.fullmatch(r"[a-z0-9]+", w)}
    assert words == {i for i in CATALOG.by_id if WEAK_ID.match(i)}
    assert {"ada", "o1", "command", "davinci", "whisper"} <= words
    assert "o[1-9]" in CATALOG.weak_stems  # grammar-only weak ids (o5)


def test_comment_words_are_the_same_from_the_files_hits_and_from_a_search_of_the_comment() -> None:
    """hit_words() reuses the file's hits when the prefilter has them (the engine asked
    first) and searches the comment itself otherwise: the words must not differ."""
    from scanner.extractors.text import hit_words

    text = (
        "// Routing: gpt-4o-mini for triage, claude-3-5-haiku-20241022 for long threads.\n"
        "const FALLBACK = 'gemini-1.5-flash'; // was text-davinci-003 until 2024\n"
        "/* See https://platform.openai.com/docs/models#gpt-4o and\n"
        " * mistral-large-latest (EU traffic), anthropic.claude-v2 on Bedrock. */\n"
        "export const plain = 'nothing here'; // llama_index and gpt4_enabled are not ids\n"
    )
    comments = [(m.start(), m.end()) for m in re.finditer(r"//[^\n]*|/\*.*?\*/", text, re.S)]
    FAST.offsets("another text")  # nothing known about `text`
    searched = [list(hit_words(text, a, b)) for a, b in comments]
    FAST.offsets(text)
    assert FAST.known_positions(text, 0, len(text)) is not None
    reused = [list(hit_words(text, a, b)) for a, b in comments]
    assert reused == searched
    words = [text[a:b] for spans in reused for a, b in spans]
    assert words == ["gpt-4o-mini", "claude-3-5-haiku-20241022", "text-davinci-003",
                     "mistral-large-latest", "anthropic.claude-v2"]


@pytest.mark.parametrize("also", [None, r"model\w*\s*=\s*(?:os\.)?(?:getenv|environ)"])
def test_offsets_primed_from_the_screens_first_hit_are_those_of_a_search(also: str | None) -> None:
    """scan_file screens a file's bytes, then has the prefilter go on from the first hit
    (or from the environment read that made a .py file worth a look) instead of encoding
    and searching the text again: the offsets must be those of a search of the text."""
    lines = [c.format(v) for v in TABLE_VALUES for c in CONTEXTS[:4]]
    text = ("import os\nMODEL = os.getenv('CHAT_MODEL')\nx = 'gpt4_enabled'\nrun('command')\n"
            + "\n".join(lines) + "\nmodel: o1\n  - ada\nlast = 'gpt-4o'")
    data = text.encode("ascii")
    first = FAST.first_hit_bytes(data, also=also)
    assert 0 <= first <= min(FAST.positions(text))
    expected = list(FAST.positions(text))
    FAST.offsets("another text")
    FAST.prime(text, data, first)
    assert FAST.known_positions(text, 0, len(text)) == expected
    assert FAST.offsets(text) == expected
    assert FAST.first_hit_bytes(b"nothing = 'here'\n") == -1
    # Characters of several bytes before and between the hits: offsets are characters'.
    other = "# café — “smart”\nmodel = 'gpt-4o'  # ✓ not claude-3-haiku-20240307\n"
    encoded = other.encode("utf-8")
    first = FAST.first_hit_bytes(encoded)
    FAST.prime(other, encoded, first)
    assert FAST.known_positions(other, 0, len(other)) == [other.index("gpt"), other.index("claude")]


def test_re2s_own_matcher_and_its_public_api_find_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """Offsets come from google-re2's own matcher (its Python wrapper costs more per call
    than a file's search); where a version lacks it, the public API gives the same."""
    from scanner import prefilter as module

    lines = [c.format(v) for v in TABLE_VALUES for c in CONTEXTS[:4]] + ["run the command", "model: o1"]
    text = "\n".join(lines)
    data = text.encode("ascii")
    fast = FAST._fast
    assert module.raw_matcher(fast) is not None  # in use here
    own = list(module._spans(fast, data))
    monkeypatch.setattr(module, "raw_matcher", lambda _fast: None)
    public = list(module._spans(fast, data))
    assert [tuple(map(tuple, s)) for s in own] == [tuple(map(tuple, s)) for s in public]
    assert len(own) > 100 and [s[0][0] for s in own] == [m.start() for m in fast.finditer(data)]
    without = module.Prefilter(CATALOG.stems, CATALOG.weak_stems)
    assert without._raw is None
    assert list(without.positions(text)) == list(FAST.positions(text))
    assert without.first_hit_bytes(data) == FAST.first_hit_bytes(data) >= 0


def test_match_starts_are_character_offsets_in_any_text() -> None:
    """re2 is given the UTF-8 bytes; the offsets it returns are the text's characters',
    with characters of several bytes before, between and after the matches."""
    from scanner.prefilter import fast_compile, match_starts

    source = r"\b(?:MODEL|FALLBACK)\b"
    fast, slow = fast_compile(source), re.compile(source)
    for text in ("MODEL = 1\nx = FALLBACK", "é = MODEL + 'ü' + FALLBACK",
                 "“MODEL” — FALLBACK 🙂 MODEL", "no match — at all"):
        assert match_starts(fast, slow, text) == [m.start() for m in slow.finditer(text)]
        assert match_starts(None, slow, text) == [m.start() for m in slow.finditer(text)]


def test_re2s_own_matcher_is_used_only_when_it_answers_as_expected() -> None:
    """A private API: another google-re2 whose matcher is missing, answers something else
    or raises leaves the public one in use, never a crash."""
    from types import SimpleNamespace

    from scanner.prefilter import raw_matcher

    def pattern(match: Any, groups: int = 0) -> Any:
        return SimpleNamespace(_regexp=SimpleNamespace(Match=match), groups=groups)

    def failing(*_args: Any) -> Any:
        raise TypeError("another signature")

    assert raw_matcher(SimpleNamespace(groups=0)) is None
    assert raw_matcher(pattern(lambda *_args: "spans")) is None
    assert raw_matcher(pattern(lambda *_args: [(-1, -1)], groups=1)) is None  # a group short
    assert raw_matcher(pattern(failing)) is None
    assert raw_matcher(pattern(lambda *_args: [(-1, -1), (-1, -1)], groups=1)) is not None
