"""One cheap pass over a file for anything that could start a model id.

Most files of a repository mention no model; they stop here, unparsed. The pattern is
built from the catalog's stems (``gpt-``, ``claude-``, ``text-embedding-``..., see
:func:`scanner.catalog.stem_of`) after a word boundary, plus the weak one-word ids
(``ada``, ``command``, ``o1``) only after a quote, ``=``, ``:``, ``/``, ``[``, ``(``, ``,``, a
YAML ``- `` or a ``--model`` flag: as plain words they made 8% of ordinary Python files look
worth parsing (2,545 site-packages files: 261 hit with them anywhere, 47 without).

Measured on this 2-core machine with ``scripts/bench_prefilter.py`` (311 stems, 18 weak
words): one 50 MB text of ordinary Python with 5 ids, all hits; and ``hit()`` on each of the
12,229 files (123 MB) of the LLM-heavy sdists of ``bench/run.py``:

====================================  ============  ============
backend                               50 MB text    123 MB files
====================================  ============  ============
google-re2 on str                     198 MB/s      646 MB/s
google-re2 on bytes (encode incl.)    829 MB/s      806 MB/s
``re``, alternation factored          27 MB/s       37 MB/s
``re``, flat alternation (before)     5 MB/s        6 MB/s
pyahocorasick + anchored ``re``       12 MB/s       16 MB/s
====================================  ============  ============

Aho-Corasick has no notion of a word boundary: its literals (``ada``, ``gpt-``) match inside
other words, and checking each raw hit in Python costs more than re2's whole pass.
So google-re2 (a DFA: linear, no backtracking) is used when installed; ``re`` with the
alternation factored by first character is the fallback (sre tries every branch of a flat
alternation at every position; factoring cuts that to one branch per letter).
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from functools import lru_cache, partial
from typing import Any, Iterable, Iterator

from .catalog import WORD_END, load_catalog

# Where a weak id may sit as a value: right after an opening quote, `=`, `:`, `[`, `(`,
# `,`, a routing prefix's `/`, a YAML list dash or a `--model`-like flag (then spaces), or
# at the very start of the text (a value checked on its own). Not alone on a line.
_WEAK_LEAD = r"(?:^|[\"'`=:/\[(,]|- |(?i:model)[A-Za-z_-]*[ \t])[ \t]*"

# Texts up to this long have their hit() remembered, up to this many of them.
_SHORT = 64
_SHORT_CACHE = 100_000


def _expand(fragment: str) -> list[str]:
    """``(?:anthropic|amazon)\\.x`` -> ``anthropic\\.x``, ``amazon\\.x`` and ``[Oo]llama`` ->
    ``Ollama``, ``ollama``: fragments that start with a plain character can be grouped by it."""
    m = re.match(r"\(\?:([A-Za-z0-9|]+)\)(.*)\Z", fragment, re.S)
    if m is not None:
        return [head + m.group(2) for head in m.group(1).split("|")]
    m = re.match(r"\[([A-Za-z0-9]+)\](.*)\Z", fragment, re.S)  # [Oo]llama
    if m is not None:
        return [head + m.group(2) for head in m.group(1)]
    return [fragment]


def _factored(fragments: list[str]) -> str:
    groups: dict[str, list[str]] = defaultdict(list)
    for fragment in fragments:
        for part in _expand(fragment):
            if not part[:1].isalnum():
                raise ValueError(f"a prefilter stem must start with a letter or digit: {part!r}")
            groups[part[0]].append(part[1:])
    branches = []
    for first in sorted(groups):
        rest = sorted(set(groups[first]), key=lambda r: (-len(r), r))
        branches.append(first + "(?:" + "|".join(rest) + ")")
    return "|".join(branches)


def pattern_source(stems: tuple[str, ...], weak: tuple[str, ...] = ()) -> str:
    """One regex (valid for both ``re`` and google-re2) for the stems and the weak words.
    The group ``w`` holds a weak word, so a hit's offset is always where an id starts."""
    source = r"\b(?:" + _factored(list(stems)) + ")"
    if weak:
        words = "|".join(sorted(weak, key=lambda w: (-len(w), w)))
        source += "|" + _WEAK_LEAD + "(?P<w>" + words + ")" + WORD_END
    return source


class Prefilter:
    def __init__(self, stems: tuple[str, ...], weak: tuple[str, ...] = ()) -> None:
        source = pattern_source(stems, weak)
        self.source = source
        self._fast: Any = fast_compile(source)
        self._raw = None if self._fast is None else raw_matcher(self._fast)
        self._with: dict[str, tuple[Any, Any]] = {}  # also -> its pattern and raw matcher
        self._slow_pattern: re.Pattern[str] | None = None
        groups = (self._fast or self._slow).groupindex
        self._weak_group = groups.get("w", 0)
        self._last_text: str | None = None
        self._last_offsets: list[int] = []
        # hit() of short texts: the engine asks about every word of every string and
        # docstring that holds a hit, mostly the same words ("the", "model"), and re2's
        # wrapper costs ~1-3 us a call on a str (158,000 calls on the real corpus).
        self._short: dict[str, bool] = {}

    @property
    def _slow(self) -> re.Pattern[str]:
        # Compiled on first use only: with re2 installed a scan never needs it, and
        # compiling the alternation costs ~20 ms of a pre-commit run.
        if self._slow_pattern is None:
            # ASCII: \b is the boundary between [A-Za-z0-9_] and anything else, as in re2.
            self._slow_pattern = re.compile(self.source, re.ASCII)
        return self._slow_pattern

    def first_hit_bytes(self, data: bytes, also: str | None = None) -> int:
        """:meth:`hit` on UTF-8 bytes, ~4x faster with re2 (no re-encoding of the text): the
        offset of the first hit (no stem hits before it), -1 for none, 0 when only a look at
        the decoded text can tell. ``also`` is another pattern that makes a file worth a
        look, searched in the same pass."""
        fast, raw = (self._fast, self._raw) if also is None else self._fast_with(also)
        if fast is None:
            return 0
        if raw is not None:
            return int(raw(data, 0, len(data))[0][0])
        m = fast.search(data)
        return -1 if m is None else m.start()

    def prime(self, text: str, data: bytes, start: int) -> None:
        """Remember :meth:`offsets` of ``text``, found in ``data`` (the UTF-8 bytes it was
        decoded from) from ``start`` on, where :meth:`first_hit_bytes` stopped: a file worth
        a look is not encoded again, nor its first stretch searched twice."""
        if self._fast is None:
            return
        self._last_offsets = self._byte_positions(data, len(data) == len(text), start)
        self._last_text = text

    def _fast_with(self, also: str) -> tuple[Any, Any]:
        """The prefilter's pattern or ``also``, compiled by re2, and its raw matcher."""
        if self._fast is None:
            return None, None
        pair = self._with.get(also)
        if pair is None:
            fast = fast_compile(self.source + "|" + also)
            pair = self._with[also] = (fast, None if fast is None else raw_matcher(fast))
        return pair

    def hit(self, text: str) -> bool:
        if len(text) <= _SHORT:
            known = self._short.get(text)
            if known is None:
                if len(self._short) >= _SHORT_CACHE:
                    self._short.clear()
                known = self._short[text] = self._search(text)
            return known
        return self._search(text)

    def _search(self, text: str) -> bool:
        if self._raw is not None:
            data = text.encode("utf-8", "surrogatepass")
            return bool(self._raw(data, 0, len(data))[0][0] >= 0)
        if self._fast is not None:
            return self._fast.search(text) is not None
        return self._slow.search(text) is not None

    def offsets(self, text: str) -> list[int]:
        """:meth:`positions` as a sorted list, remembered for the last text asked about:
        the engine and an extractor both want them for the same file."""
        if text is not self._last_text:
            self._last_offsets = list(self.positions(text))
            self._last_text = text
        return self._last_offsets

    def known_positions(self, text: str, start: int, end: int) -> list[int] | None:
        """The hits between ``start`` and ``end`` (relative to ``start``) if ``text`` is the
        one :meth:`offsets` last saw, else None: free text inside a file (its comments)
        need not be searched again."""
        if text is not self._last_text:
            return None
        offsets = self._last_offsets
        lo, hi = bisect.bisect_left(offsets, start), bisect.bisect_left(offsets, end)
        return [at - start for at in offsets[lo:hi]]

    def may_hold(self, offsets: list[int], start: int, end: int) -> bool:
        """Whether ``text[start:end]`` (whose hits are ``offsets``) contains a stem."""
        i = bisect.bisect_left(offsets, start - 1)
        return i < len(offsets) and offsets[i] < end

    def positions(self, text: str) -> Iterator[int]:
        """Offsets where a stem starts (the first character of a possible id)."""
        group = self._weak_group
        if self._fast is None:
            for m in self._slow.finditer(text):
                weak = m.start(group) if group else -1
                yield m.start() if weak < 0 else weak
            return
        # re2 on a str converts every offset it returns from UTF-8 in Python; matching the
        # UTF-8 bytes and counting characters between hits is ~2x faster.
        data = text.encode("utf-8", "surrogatepass")
        yield from self._byte_positions(data, len(data) == len(text), 0)

    def _byte_positions(self, data: bytes, ascii_only: bool, start: int) -> list[int]:
        """:meth:`positions` of the text whose UTF-8 bytes are ``data``, from byte ``start``
        (where a character begins) on, as character offsets."""
        starts = self._byte_starts(data, start)
        return starts if ascii_only else list(_characters(data, starts, start))

    def _byte_starts(self, data: bytes, start: int) -> list[int]:
        """Where a possible id starts in ``data``, from byte ``start`` on: each match's
        start, or its weak word's."""
        group = self._weak_group  # re2 wants the group's number
        return [spans[0][0] if not group or spans[group][0] < 0 else spans[group][0]
                for spans in _spans(self._fast, data, start, self._raw)]


def raw_matcher(fast: Any) -> Any:
    """google-re2's own matcher of a compiled pattern, ``(bytes, pos, endpos) -> spans``
    (``spans[0][0]`` is -1 for no match), or None when this version lacks it or gives
    something else. Its Python wrapper builds a generator and a match object per call
    (~1.5 us): more than screening a typical file, and more than finding a hit in a
    model-heavy one."""
    try:
        import re2  # type: ignore[import-untyped, import-not-found, unused-ignore]

        raw = partial(fast._regexp.Match, re2._Anchor.UNANCHORED)
        # A private API: used only if it answers as this code expects (one (start, end)
        # pair of ints for the match and each group), on a text it cannot be confused by.
        spans = raw(b"\0", 1, 1)
        if len(spans) != fast.groups + 1 or not all(
                len(span) == 2 and all(isinstance(x, int) for x in span) for span in spans):
            return None
        return raw
    except Exception:  # noqa: BLE001 - another version: the public API then
        return None


def _spans(fast: Any, data: bytes, pos: int = 0, raw: Any = None) -> Iterator[Any]:
    """The spans (the match's, then each group's) of every match of ``fast`` (whose
    :func:`raw_matcher` ``raw`` may be given) in ``data``."""
    raw = raw or raw_matcher(fast)
    if raw is None:
        for m in fast.finditer(data, pos):
            yield [m.span(i) for i in range(fast.groups + 1)]
        return
    end = len(data)
    while True:
        spans = raw(data, pos, end)
        at, after = spans[0]
        if at < 0:
            return
        yield spans
        pos = after if after > at else at + 1


def fast_compile(source: str) -> Any:
    """``source`` compiled by google-re2, or None where it is not installed or cannot
    take the pattern (then the caller uses ``re``)."""
    try:  # optional accelerator
        import re2  # type: ignore[import-untyped, import-not-found, unused-ignore]

        options = re2.Options()
        options.max_mem = 64 << 20
        return re2.compile(source, options)
    except Exception:  # noqa: BLE001 - any failure means: use the stdlib
        return None


def match_starts(fast: Any, slow: re.Pattern[str] | None, text: str) -> list[int]:
    """Where ``fast`` (re2) or, when it is None, ``slow`` (the same pattern for ``re``)
    matches in ``text``. re2 scans a rarely matching pattern in a fraction of sre's time;
    it is given the UTF-8 bytes (its wrapper on a str encodes them anyway, then converts
    every offset in Python)."""
    if fast is None:
        assert slow is not None
        return [m.start() for m in slow.finditer(text)]
    data = text.encode("utf-8", "surrogatepass")
    starts = [spans[0][0] for spans in _spans(fast, data)]
    return starts if len(data) == len(text) else list(_characters(data, starts))


def _characters(data: bytes, byte_offsets: Iterable[int], start: int = 0) -> Iterator[int]:
    """Ascending byte offsets into the UTF-8 ``data`` (from byte ``start``, where a
    character begins) as character offsets: the characters between one and the next are
    counted, so the text is decoded once in all."""
    last_byte = start
    last_char = len(data[:start].decode("utf-8", "surrogatepass"))
    for at in byte_offsets:
        last_char += len(data[last_byte:at].decode("utf-8", "surrogatepass"))
        last_byte = at
        yield last_char


@lru_cache(maxsize=1)
def default_prefilter() -> Prefilter:
    catalog = load_catalog()
    return Prefilter(catalog.stems, catalog.weak_stems)
