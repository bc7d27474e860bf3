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
_KEY_BEFORE = re.compile(r"""(?P<key>[A-Za-z_][\w.-]*)["']?\s*(?:=>|:=|[:=])\s*$""")
_ASSIGN = re.compile(r"""(?:^|[\s;,{(])(?:export\s+)?(?P<key>[A-Za-z_][\w.-]*)\s*[:=]\s*(?P<value>[^\s"'`;,#)}\]]+)""")
_FLAG = re.compile(r"""--?(?P<key>[\w-]*model[\w-]*)(?:\s+|=)(?P<value>[^\s"'`;,)]+)""", re.IGNORECASE)
_COMMENT_LEAD = re.compile(r"^\s*(?:#|//|--|;|\*|/\*|<!--|%|REM\b|rem\b)")


def comment_occurrences(text: str, start: int, end: int, language: str,
                        context: str = "comment") -> Iterator[Occurrence]:
    """Words of free text between ``start`` and ``end``, as prose occurrences."""
    for m in WORD.finditer(text, start, end):
        yield Occurrence(m.start(), m.end(), m.group(), context, language, prose=True)


def scan_plain_text(text: str, *, context: str, language: str, comment: str | None = None,
                    ) -> list[Occurrence]:
    from ..prefilter import default_prefilter

    out: list[Occurrence] = []
    done: set[int] = set()
    for hit in default_prefilter().positions(text):
        line_start = text.rfind("\n", 0, hit) + 1
        if line_start in done:
            continue
        done.add(line_start)
        line_end = text.find("\n", hit)
        if line_end == -1:
            line_end = len(text)
        out.extend(_line(text, line_start, line_end, context=context, language=language))
    return out


def _line(text: str, start: int, end: int, *, context: str, language: str) -> Iterator[Occurrence]:
    line = text[start:end]
    if _COMMENT_LEAD.match(line):
        yield from comment_occurrences(text, start, end, language)
        return
    covered: list[tuple[int, int]] = []
    for m in _QUOTED.finditer(line):
        body_start, body_end = m.start("body"), m.end("body")
        key_m = _KEY_BEFORE.search(line, 0, m.start())
        covered.append((m.start(), m.end()))
        yield Occurrence(start + body_start, start + body_end, m.group("body"), context, language,
                         key=key_m.group("key") if key_m else None)
    for pattern in (_FLAG, _ASSIGN):
        for m in pattern.finditer(line):
            vs, ve = m.start("value"), m.end("value")
            if any(a <= vs < b for a, b in covered):
                continue
            covered.append((m.start(), m.end()))
            yield Occurrence(start + vs, start + ve, m.group("value"), context, language,
                             key=m.group("key"))
    for m in WORD.finditer(line):
        if any(a <= m.start() < b for a, b in covered):
            continue
        yield Occurrence(start + m.start(), start + m.end(), m.group(), context, language,
                         prose=True)


@register("text")
def extract(text: str, *, path: str, context: str) -> Extraction:
    return Extraction(occurrences=scan_plain_text(text, context=context, language="text"))
