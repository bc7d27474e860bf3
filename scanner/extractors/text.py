"""The conservative extractor for every other text file, and shared helpers.

Shell scripts, SQL, Makefiles, templates, ``.properties``... and any file whose real
parser failed. Only lines the prefilter hits are looked at. Quoted strings,
``KEY=value`` / ``key: value`` values and ``--model value`` flags are values; comment
lines and any other words are prose, where only catalog ids count.
"""

from __future__ import annotations

import re
from typing import Iterator

from ..model import Occurrence
from . import Extraction, register

WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/@%+-]*[A-Za-z0-9]|[A-Za-z0-9]")
_QUOTED = re.compile(r"""(?P<q>["'`])(?P<body>(?:\\.|(?!(?P=q))[^\\\n])*)(?P=q)""")
# Assignments: shell/.env `=`, Makefile `:=`, `?=`, `+=`, `::=`, `!=`, YAML-ish `:`, `=>`.
_KEY_BEFORE = re.compile(r"""(?P<key>[A-Za-z_][\w.-]*)["']?\s*(?:=>|::=|[?:+!]?=|:)\s*$""")
# A value never ends at another `=`: in Environment=OPENAI_MODEL=x the assignment is the inner one.
# A shell expansion with a default (MODEL=${MODEL:-gpt-4o}) is one value, braces and all.
_ASSIGN = re.compile(r"""(?:^|[\s;,{(=])(?:export\s+)?(?P<key>[A-Za-z_][\w.-]*)\s*(?:::=|[?:+!]?=|:)\s*(?P<value>\$\{[^{}\s"'`]*\}|[^\s"'`;,#)}\]=]+)(?![^\s"'`;,#)}\]])""")
_FLAG = re.compile(r"""--?(?P<key>[\w-]*model[\w-]*)(?:\s+|=)(?P<value>[^\s"'`;,)]+)""", re.IGNORECASE)
_COMMENT_LEAD = re.compile(r"^\s*(?:#|//|--|;|\*|/\*|<!--|\{#|%|REM\b|rem\b)")
# Commands that take a model as their argument: Ollama's CLI, vLLM, the Hub's CLIs. The key
# is the command (scanner.open_weights knows them); --model/--model-id flags join them when
# a --revision on the same line pins what they load.
_COMMAND = re.compile(
    r"(?:^|[\s;&|(`$])(?P<key>ollama[ \t]+(?:run|pull)|vllm[ \t]+serve|huggingface-cli[ \t]+download|"
    r"hf[ \t]+download|--model-id|--model)(?:[ \t]+|=)(?P<value>[A-Za-z0-9][^\s\"'`;|&)]*)")
# A long option alone in a list item (YAML, JSON): the next item is its value.
_FLAG_ITEM = re.compile(r"--[A-Za-z][A-Za-z0-9_-]*\Z")


def list_flag(item: str) -> str | None:
    """The option a list item names (``--model`` -> ``model``), keying the item after it."""
    return item[2:] if _FLAG_ITEM.match(item) else None
_REVISION = re.compile(r"--revision(?:[ \t]+|=)[\"']?(?P<rev>[A-Za-z0-9._/-]+)")
# Package metadata whose body is the project's README (sdists, wheels' .dist-info).
_DOC_NAMES = frozenset({"pkg-info", "metadata"})
# Comment markers after code, by file type (a marker must follow whitespace; none inside
# quotes). Files of other types keep every line's words as code.
COMMENT_MARKERS = {
    ".sql": ("--",), ".sh": ("#",), ".bash": ("#",), ".zsh": ("#",), ".mk": ("#",),
    "makefile": ("#",), ".properties": ("#", "!"), ".conf": ("#",), ".gradle": ("//",),
    ".groovy": ("//",), ".j2": ("#",), ".jinja": ("#",), ".tmpl": ("#",), ".ps1": ("#",),
    ".rego": ("#",), ".nix": ("#",), ".r": ("#",), ".pl": ("#",),
}


_WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:/@%+-")


def url_anchor(text: str, at: int) -> bool:
    """Whether the word at ``at`` is a URL's #fragment (a documentation anchor such as
    ``https://ai.google.dev/gemini-api/docs/models#gemini-2.5-flash``): not a reference."""
    if at == 0 or text[at - 1] != "#":
        return False
    start = at
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return "://" in text[start:at]


def word_start(text: str, at: int, lo: int = 0) -> int:
    """Where the word around position ``at`` begins (not before ``lo``): back over id
    characters, then forward to the first letter or digit, as a word starts with one."""
    i = at
    while i > lo and text[i - 1] in _WORD_CHARS:
        i -= 1
    while i < at and not text[i].isalnum():
        i += 1
    return i


def hit_words(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Spans of the words between ``start`` and ``end`` that contain a prefilter hit.

    Free text can be long (a minified line, a docstring); only the words where a model
    id may start are worth a look.
    """
    from ..prefilter import default_prefilter

    prefilter = default_prefilter()
    known = prefilter.known_positions(text, start, end)
    last_end = -1
    for pos in known if known is not None else prefilter.positions(text[start:end]):
        i = start + pos
        while i < end and text[i] not in _WORD_CHARS:
            i += 1
        i = word_start(text, i, start)
        while i < end and not text[i].isalnum():
            i += 1
        if i < last_end:
            continue
        m = WORD.match(text, i, end)
        if m is not None and not url_anchor(text, i):
            last_end = m.end()
            yield m.start(), m.end()


def comment_occurrences(text: str, start: int, end: int, language: str,
                        context: str = "comment") -> Iterator[Occurrence]:
    """Words of free text between ``start`` and ``end`` that may hold an id, as prose."""
    for ws, we in hit_words(text, start, end):
        yield Occurrence(ws, we, text[ws:we], context, language, prose=True)


def scan_plain_text(text: str, *, context: str, language: str,
                    comment: str | tuple[str, ...] | None = None) -> list[Occurrence]:
    """Values and prose of the lines the prefilter hits. ``comment`` (one marker or
    several, possibly none) turns on trailing comments and model commands
    (``ollama run``, ``vllm serve``); extractors that leave it ``None`` see neither."""
    from ..prefilter import default_prefilter

    out: list[Occurrence] = []
    done: set[int] = set()
    for hit in default_prefilter().offsets(text):
        line_start = text.rfind("\n", 0, hit) + 1
        if line_start in done:
            continue
        done.add(line_start)
        line_end = text.find("\n", hit)
        if line_end == -1:
            line_end = len(text)
        if comment is not None:
            out.extend(_split_line(text, line_start, line_end, context=context,
                                   language=language,
                                   markers=(comment,) if isinstance(comment, str) else comment))
        else:
            out.extend(_line(text, line_start, line_end, context=context, language=language))
    return out


def _split_line(text: str, start: int, end: int, *, context: str, language: str,
                markers: tuple[str, ...]) -> Iterator[Occurrence]:
    """A line's code, its model commands first (their keys win a span), then its trailing
    comment as prose."""
    code_end = _code_end(text, start, end, markers)
    line = text[start:code_end]
    if not _COMMENT_LEAD.match(line):
        revision = _REVISION.search(line)
        for m in _COMMAND.finditer(line):
            key = " ".join(m.group("key").split())
            if key.startswith("--") and revision is None:
                continue  # a plain flag: the generic flag rule below has it
            version = revision.group("rev") if revision and not key.startswith("ollama") else None
            yield Occurrence(start + m.start("value"), start + m.end("value"), m.group("value"),
                             context, language, key=key.lstrip("-"), version=version)
    yield from _line(text, start, code_end, context=context, language=language)
    if code_end < end:
        yield from comment_occurrences(text, code_end, end, language)


def _code_end(text: str, start: int, end: int, markers: tuple[str, ...]) -> int:
    """Where a trailing comment starts: a marker after whitespace, outside quotes."""
    if not any(text.find(m, start + 1, end) > 0 for m in markers):
        return end  # no marker on the line (or none for the format): no character loop
    quote = ""
    i = start
    while i < end:
        c = text[i]
        if quote:
            if c == "\\":
                i += 1
            elif c == quote:
                quote = ""
        elif c in "\"'":
            quote = c
        elif i > start and text[i - 1] in " \t" and any(text.startswith(m, i) for m in markers):
            return i
        i += 1
    return end


def _line(text: str, start: int, end: int, *, context: str, language: str) -> Iterator[Occurrence]:
    line = text[start:end]
    if _COMMENT_LEAD.match(line):
        yield from comment_occurrences(text, start, end, language)
        return
    # Characters already claimed by a value; a mask keeps long lines linear.
    covered = bytearray(len(line) + 1)
    for m in _QUOTED.finditer(line):
        body_start, body_end = m.start("body"), m.end("body")
        key_m = _KEY_BEFORE.search(line, 0, m.start())
        covered[m.start():m.end()] = b"\1" * (m.end() - m.start())
        yield Occurrence(start + body_start, start + body_end, m.group("body"), context, language,
                         key=key_m.group("key") if key_m else None)
    for pattern in (_FLAG, _ASSIGN):
        for m in pattern.finditer(line):
            vs, ve = m.start("value"), m.end("value")
            if covered[vs]:
                continue
            covered[m.start():m.end()] = b"\1" * (m.end() - m.start())
            yield Occurrence(start + vs, start + ve, m.group("value"), context, language,
                             key=m.group("key"))
    for ws, we in hit_words(text, start, end):
        if covered[ws - start]:
            continue
        yield Occurrence(ws, we, text[ws:we], context, language, prose=True)


@register("text")
def extract(text: str, *, path: str, context: str) -> Extraction:
    name = path.rsplit("/", 1)[-1].lower()
    if name in _DOC_NAMES and context == "code":
        context = "docs"  # a package's README, rendered into its metadata
    markers = COMMENT_MARKERS.get(name) or COMMENT_MARKERS.get("." + name.rsplit(".", 1)[-1])
    return Extraction(occurrences=scan_plain_text(text, context=context, language="text",
                                                  comment=markers or ()))
