"""The scan of one file and of one tree: read, prefilter, extract, identify, enrich.

:func:`scan_text` is pure (no I/O). :func:`scan_file` reads one file and never raises:
unreadable, binary, huge or mis-encoded input comes back as a :class:`ScanError`.
Both return plain picklable data, so a process pool can run them.
"""

from __future__ import annotations

import codecs
import datetime as dt
import os
import re
import stat
from functools import lru_cache
from typing import Callable, Iterator, Optional

from .catalog import WEAK_ID
from .extractors import SPECS, Extraction, extractor, spec_for
from .extractors.text import WORD, hit_words, url_anchor, word_start
from .feed import Feed, load_feed
from .identify import MODEL_KEY_WORD, Identifier, Match, default_identifier, is_model_key
from .model import FileResult, Lifecycle, ModelRef, Occurrence, Reference, ScanError
from .open_weights import is_context_key
from .pinning import refine
from .prefilter import default_prefilter
from .text_io import DecodeError, decode_bytes

DEFAULT_MAX_BYTES = 2 * 1024 * 1024
_TEST_PATH = re.compile(
    r"(?:^|/)(?:tests?|__tests__|spec|specs|testing|test_?data|fixtures|cassettes|e2e)/"
    r"|(?:^|/)(?:test_[^/]*|[^/]*_test\.[a-z]+|[^/]*\.(?:test|spec)\.[a-z]+|conftest\.py|[^/]*Tests?\.[a-z]+)$")
# Defaults in placeholders: shell/compose "${CHAT_MODEL:-gpt-4o}", azd "${AZURE_MODEL=gpt-4o}",
# Spring "${llm.model:gpt-4o}".
_SHELL_DEFAULT = re.compile(r"\$\{(?P<var>[A-Za-z_][A-Za-z0-9_.]*)(?::-|:=|:|-|=)(?P<default>[^}\s]*)\}")
_DOC_SUFFIXES = (".md", ".markdown", ".rst", ".txt", ".adoc", ".mdx")


def _dynamic_hint(path: str, text: str) -> bool:
    # A model argument read from the environment with no default (MT005) mentions no
    # model id, so the prefilter cannot see it; this cheap second look keeps such files.
    if not path.endswith(".py"):
        return False
    from .extractors.python import reads_model_from_env

    return reads_model_from_env(text)


# A superset of DYNAMIC_MODEL_ARG for the prefilter's pass over a Python file's bytes
# ([^\s=] for \w): a miss here is a miss there. One pass for both costs ~25% less than
# searching each file for "getenv" and "environ" after the stems.
_DYNAMIC_BYTES = r"(?i:model[^\s=]*\s*=\s*(?:os\.)?(?:getenv|environ))"


def file_context(path: str) -> str:
    lower = path.lower()
    if lower.endswith(_DOC_SUFFIXES):
        return "docs"
    if _TEST_PATH.search(path):
        return "test"
    return "code"


class _Lines:
    """(line, column) of offsets, counted in C from the last offset asked about: the
    engine asks in nearly ascending order (the extractor's order), so each stretch of
    the text is counted about once, with no table of line starts to build."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.offset = 0
        self.line = 1  # the line of self.offset
        self.line_start = 0  # where it starts

    def position(self, offset: int) -> tuple[int, int]:
        text = self.text
        if offset >= self.offset:
            crossed = text.count("\n", self.offset, offset)
            line = self.line + crossed
            if crossed:  # the newline before offset is in what was just counted
                self.line_start = text.rfind("\n", self.offset, offset) + 1
        else:
            crossed = text.count("\n", offset, self.offset)
            line = self.line - crossed
            if crossed:
                self.line_start = text.rfind("\n", 0, offset) + 1
        self.offset, self.line = offset, line
        return line, offset - self.line_start + 1


# Prose longer than this is looked at only where the prefilter hit.
_LONG_PROSE = 200


def _matches(occ: Occurrence, identifier: Identifier, may_be_id: Callable[[str], bool],
             file_text: str) -> list[tuple[Match, int]]:
    """Model ids in one occurrence, as (match, file offset of its text or -1 when the
    occurrence is not the literal characters of the id, so the whole span is used)."""
    if not occ.prose:
        whole = identifier.identify(occ.meaning, key=occ.key)
        if whole is not None:
            exact = occ.value is None and not occ.composed
            return [(whole, occ.start + whole.start if exact else -1)]
        if occ.composed or occ.whole:
            return []
    # A list written as one string ("gpt-4o,gpt-4o-mini"), or text that mentions ids:
    # words with spaces around them are prose, where only catalog ids count.
    text = occ.text
    prose = occ.prose or any(c.isspace() for c in text.strip())
    out: list[tuple[Match, int]] = []
    covered: list[tuple[int, int]] = []
    # Shell-style defaults: compose "${CHAT_MODEL:-gpt-4o}", azd "${AZURE_MODEL=gpt-4o}".
    if "${" in text:
        for d in _SHELL_DEFAULT.finditer(text):
            covered.append((d.start(), d.end()))
            m = identifier.identify(d.group("default"), key=d.group("var"))
            if m is not None:
                out.append((m, occ.start + d.start("default") + m.start))
    for start, end in _words(occ, text, file_text):
        part = text[start:end]
        if (part == text and not occ.prose) or not may_be_id(part):
            continue
        if covered and any(a <= start < b for a, b in covered):
            continue
        if url_anchor(text, start):
            continue  # a documentation anchor: https://.../docs/models#gemini-2.5-flash
        m = identifier.identify(part, key=occ.key, prose=prose)
        if m is not None:
            out.append((m, occ.start + start + m.start))
    return out


def _words(occ: Occurrence, text: str, file_text: str) -> Iterator[tuple[int, int]]:
    """Spans (in ``text``, the occurrence's) of the words worth a look. In prose that is
    the file's own text (a docstring runs to kilobytes), only the words where the
    prefilter hit: a word without a hit has no catalog id, and prose has no other kind."""
    if occ.prose and len(text) > _LONG_PROSE and file_text.startswith(text, occ.start):
        return ((a - occ.start, b - occ.start) for a, b in hit_words(file_text, occ.start, occ.end))
    return (word.span() for word in WORD.finditer(text))


_HUB_ARGUMENT = re.compile(r"""["'][\w.-]+/[\w.-]+["']|\bmodel\s*=""")


def _any_id(text: str, offsets: list[int], identifier: Identifier, language: str) -> bool:
    """Whether any word where a stem hits could be a model id at all. Most hits in
    ordinary code are words like ``gpt4_enabled`` or ``claude_client``; a file whose hits
    are all of that kind is not worth parsing (on a generated tree with 2% of files naming
    models this halved the files parsed)."""
    triggers = identifier.catalog.context_triggers
    for pos in offsets:
        start = pos if text[pos].isalnum() else pos + 1
        trigger = triggers.match(text, start) if triggers is not None else None
        if trigger is not None and (not trigger.group().startswith("pipeline")
                                    or _HUB_ARGUMENT.search(text, start, start + 300)):
            # A Hub call or setting: its id may name any vendor. `pipeline(` is also every
            # data pipeline; it counts when a repo id or a model= argument follows.
            return True
        # The word from the stem on ("gpt-4o-mini" of "${CHAT_MODEL:-gpt-4o-mini}") and the
        # whole word around it ("openai/gpt-4o", an ARN, an API path).
        tail = WORD.match(text, start)
        if tail is not None and _may_name(tail.group(), text, start, identifier, language):
            return True
        whole = WORD.match(text, word_start(text, start))
        if (whole is not None and whole.group() != (tail.group() if tail else None)
                and _may_name(whole.group(), text, whole.start(), identifier, language)):
            return True
    return False


# How far before a weak word its key may be: a YAML or JSON list's key sits above its
# items, a few lines up for a list of a handful of models.
_KEY_WINDOW = 512
# Formats whose values are quoted string literals: a weak word outside quotes there is
# code (`const command = ...`, `o5(t, i)` in a bundle), never a value.
_QUOTED_VALUES = frozenset({"python", "json"}
                           | {spec.name for spec in SPECS if spec.module == ".treesitter"})
_QUOTES = "\"'`"
_JSON_KEY_END = re.compile(r"[\"']\s*:")


def _may_name(word: str, text: str, start: int, identifier: Identifier, language: str) -> bool:
    """Whether ``word`` at ``start`` may be a model id. A weak word (``command``, ``o1``,
    ``mistral``) is one only as a value under a model key, which precedes it closely (on
    its line, or a list's key above); a file whose only hits are weak words outside such
    places (a tokenizer vocabulary, a JavaScript bundle's short names) is not parsed."""
    if identifier.identify(word, key="model") is None:
        return False
    if not WEAK_ID.match(word):
        return True
    if language in _QUOTED_VALUES:
        # The whole string, but for spaces around it: a weak word among other words is
        # prose ("command s" in a tokenizer's merges), where weak words never count.
        before, end = start, start + len(word)
        while before > 0 and text[before - 1] in " \t":
            before -= 1
        quote = text[before - 1] if before > 0 else ""
        if not quote or quote not in _QUOTES:
            return False
        after = end
        while after < len(text) and text[after] in " \t":
            after += 1
        if after > end and not text.startswith(quote, after):
            return False
        if language == "json" and _JSON_KEY_END.match(text, end):
            return False  # a JSON key: a plain word there is a name, never a weak id
    line_end = text.find("\n", start)
    window = text[max(0, start - _KEY_WINDOW):line_end if line_end >= 0 else len(text)]
    return MODEL_KEY_WORD.search(window.lower()) is not None



def scan_text(path: str, text: str, *, identifier: Identifier | None = None,
              feed: Feed | None = None, today: dt.date | None = None,
              include_comments: bool = True) -> FileResult:
    """Every model reference in one file's decoded text. Pure: no I/O."""
    identifier = identifier or default_identifier()
    prefilter = default_prefilter()
    # The offsets are needed below anyway: one pass both screens the file and finds them.
    offsets = prefilter.offsets(text)
    spec = spec_for(path)
    # The environment read only where the stems say no: the Python extractor looks for it
    # again in every file it parses.
    worth = offsets and _any_id(text, offsets, identifier, spec.name)
    if not worth and not _dynamic_hint(path, text):
        return FileResult(path=path)
    feed = feed or load_feed()
    today = today or dt.date.today()
    context = file_context(path)
    errors: list[ScanError] = []
    try:
        extraction: Extraction = extractor(spec)(text, path=path, context=context)
    except Exception as exc:  # noqa: BLE001 - one bad file must not end the scan
        return FileResult(path=path, errors=(ScanError(path, f"{spec.name} extractor failed: "
                                                       f"{type(exc).__name__}: {exc}"),))
    errors.extend(ScanError(path, msg) for msg in extraction.errors)
    lines = _Lines(text)
    refs: list[Reference] = []
    seen: set[tuple[int, int]] = set()
    for occ in extraction.occurrences:
        if occ.prose and not include_comments and occ.context == "comment":
            continue
        if occ.value is None and not occ.composed:
            if not prefilter.may_hold(offsets, occ.start, occ.end) and not _open_context(occ):
                continue
        elif not prefilter.hit(occ.meaning) and not _open_context(occ):
            continue
        for match, at in _matches(occ, identifier, prefilter.hit, text):
            if at >= 0:
                start, end = at, at + (match.end - match.start)
                written = text[start:end]
            else:
                start, end = occ.start, occ.end
                written = occ.text
            if (start, end) in seen:
                continue
            seen.add((start, end))
            ref = refine(match.ref, occ, catalog=identifier.catalog, feed=feed, today=today)
            refs.append(_reference(path, occ, ref, written, start, end, lines, feed, today))
    dynamic = tuple(_dynamic(path, occ, lines) for occ in extraction.dynamic)
    refs.sort(key=lambda r: (r.line, r.column))
    return FileResult(path=path, references=tuple(refs), errors=tuple(errors), parsed=True,
                      dynamic=dynamic)


@lru_cache(maxsize=4096)
def worth_identifying(key: str | None) -> bool:
    """A model argument or an open-weights call: its value is worth identifying even
    without a catalog stem (Hub repo ids name any vendor: ``acme/support-7b``)."""
    return key is not None and (is_context_key(key) or is_model_key(key))


def _open_context(occ: Occurrence) -> bool:
    return not occ.prose and worth_identifying(occ.key)


def _reference(path: str, occ: Occurrence, ref: ModelRef, written: str, start: int, end: int,
               lines: _Lines, feed: Feed, today: dt.date) -> Reference:
    line, col = lines.position(start)
    end_line, end_col = lines.position(end)
    life = _lifecycle(feed, today, ref.provider, ref.model, ref.version or occ.version,
                      ref.resolves_to if ref.version is None else None, ref.known)
    # A deployment's version is what its file says (the version used for dates may be
    # inferred); an id that spells its version (azure/gpt-4o-2024-08-06) carries it.
    version = (occ.version if occ.version is not None
               else ref.version if ref.version and ref.version in written else None)
    # Positional, in the order of Reference's fields: a call with its 24 keywords took
    # twice as long (1.8 vs 0.9 us), once for every reference of a scan.
    return Reference(
        path, line, col, end_line, end_col, written, ref.provider, ref.model, ref.pinned,
        ref.resolves_to, life.status, life.shutdown_on, life.replacement, occ.context,
        occ.language, occ.key, ref.known, ref.kind, occ.composed, version,
        occ.upgrade_policy, occ.cell, start, end)


_LifeQuestion = tuple[str, str, Optional[str], Optional[str], bool]
# Lifecycles asked of one feed on one day: a repository names few distinct models, each
# many times. Kept for the last (feed, day) only; a feed is not changed once loaded
# (an overlay makes a new one).
_life_memo: tuple[Feed | None, dt.date | None, dict[_LifeQuestion, Lifecycle]] = (None, None, {})


def _lifecycle(feed: Feed, today: dt.date, provider: str, model: str, version: str | None,
               resolves_to: str | None, known: bool) -> Lifecycle:
    global _life_memo
    memo_feed, memo_day, memo = _life_memo
    if memo_feed is not feed or memo_day != today:
        memo = {}
        _life_memo = (feed, today, memo)
    question = (provider, model, version, resolves_to, known)
    life = memo.get(question)
    if life is None:
        # An alias without a record of its own lives as long as its snapshot.
        life = memo[question] = feed.reference_lifecycle(
            provider, model, today=today, version=version, resolves_to=resolves_to, known=known)
    return life


def _dynamic(path: str, occ: Occurrence, lines: _Lines) -> Reference:
    line, col = lines.position(occ.start)
    end_line, end_col = lines.position(occ.end)
    return Reference(path=path, line=line, column=col, end_line=end_line, end_column=end_col,
                     text=occ.text, provider="", model="", pinned=False, resolves_to=None,
                     status="dynamic", shutdown_on=None, replacement=None, context=occ.context,
                     language=occ.language, key=occ.key, known=False, composed=True,
                     start=occ.start, end=occ.end)


_UTF_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_BUNDLE_SUFFIXES = (".js", ".mjs", ".cjs", ".css")
_MINIFIED_MIN_BYTES = 20_000
_MINIFIED_LINE_LENGTH = 1_000
# How the chunks of a bundler's output begin (webpack 4 and 5, Turbopack: Next.js builds
# and static exports). Their lines average less than a minified file's where template
# literals keep their newlines, yet they are one build's output all the same.
_CHUNK_PREAMBLES = (b"(globalThis.TURBOPACK", b"(self.webpackChunk", b"(window.webpackJsonp",
                    b"(self.webpackJsonp", b'"use strict";(self.webpackChunk')


def _minified(rel: str, data: bytes) -> str | None:
    """Why a built bundle is skipped, or None. Minified JavaScript repeats the ids of the
    sources it was built from (the *.min.js convention is excluded by name; bundlers'
    hashed chunk names are not), and parsing it is the slowest thing a scan can do."""
    if len(data) < _MINIFIED_MIN_BYTES or not rel.lower().endswith(_BUNDLE_SUFFIXES):
        return None
    lines = data.count(b"\n") + (not data.endswith(b"\n"))  # a last line may lack its newline
    average = len(data) // lines
    if average >= _MINIFIED_LINE_LENGTH:
        return (f"minified or generated bundle (lines average {average:,} characters); "
                "skipped, scan its sources instead")
    if data[:64].lstrip().startswith(_CHUNK_PREAMBLES):
        return "generated bundle (a webpack or Turbopack chunk); skipped, scan its sources instead"
    return None


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


# Most files of a repository are smaller than this: one read takes all of one, with no
# fstat first (~15% of the time to read 16,000 files).
_FIRST_READ = 65_536


def _read(path: str, max_bytes: int) -> bytes | int:
    """The file's bytes, or its size when that is over ``max_bytes``. os.open and os.read
    rather than open(): no buffered file object per file, ~40% less time on 11,000 files."""
    # Never through a symlink, never waiting on a FIFO: git's index may say "a file" of
    # what the work tree now holds as a link or a pipe. (Listing let only regular files
    # through; the fstat below catches a device put in one's place since, once it gives
    # more than a first read.)
    fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK)
    try:
        data = os.read(fd, _FIRST_READ)
        if len(data) < _FIRST_READ and len(data) <= max_bytes:
            return data  # a short read of a regular file: all of it
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(0, "not a regular file")
        if info.st_size > max_bytes:
            return info.st_size
        chunks = [data]
        while chunk := os.read(fd, max(info.st_size + 1 - len(data), 1 << 20)):
            chunks.append(chunk)
        data = b"".join(chunks)
        return len(data) if len(data) > max_bytes else data  # it grew since the fstat
    finally:
        os.close(fd)


def scan_file(root: str, rel: str, *, max_bytes: int = DEFAULT_MAX_BYTES,
              today: dt.date | None = None, feed_path: str | None = None,
              include_comments: bool = True) -> FileResult:
    """Read and scan one file; every failure is reported, none is raised."""
    return scan_file_or_none(root, rel, max_bytes=max_bytes, today=today, feed_path=feed_path,
                             include_comments=include_comments) or FileResult(rel)


def scan_file_or_none(root: str, rel: str, *, max_bytes: int = DEFAULT_MAX_BYTES,
                      today: dt.date | None = None, feed_path: str | None = None,
                      include_comments: bool = True) -> FileResult | None:
    """:func:`scan_file`, None for the most common result: a file without a stem, read and
    dropped (a pool's batch builds no result for the 90% of files that hold nothing)."""
    full = os.path.join(root, rel)
    try:
        data = _read(full, max_bytes)
    except OSError as exc:
        return FileResult(rel, errors=(ScanError(rel, f"cannot read: {exc.strerror or exc}"),))
    if isinstance(data, int):
        return FileResult(rel, errors=(ScanError(
            rel, f"file is {data:,} bytes, over the {max_bytes:,}-byte limit; skipped "
                 "(raise max-file-size to scan it)"),))
    minified = _minified(rel, data)
    if minified:
        return FileResult(rel, errors=(ScanError(rel, minified),))
    # A file with a byte-order mark is UTF-16/32 as often as not: only its text can tell.
    prefilter = default_prefilter()
    first_hit = prefilter.first_hit_bytes(data, also=_DYNAMIC_BYTES if rel.endswith(".py") else None)
    marked = data.startswith(_UTF_BOMS)
    worth = first_hit >= 0 or marked
    if not worth and data.isascii() and data.find(b"\0", 0, 8192) < 0:
        # Most files: ASCII text (so valid UTF-8, nothing to decode) without a stem.
        return None
    try:
        text = decode_bytes(data)
    except DecodeError as exc:
        return FileResult(rel, errors=(ScanError(rel, str(exc)),))
    if text is None or not worth:
        return None  # empty, or decoded only to report bad text: no stem anywhere
    if first_hit >= 0 and not marked:  # text is data decoded as UTF-8
        prefilter.prime(text, data, first_hit)  # the offsets scan_text asks for
    return scan_text(rel, text, feed=load_feed(feed_path), today=today,
                     include_comments=include_comments)

