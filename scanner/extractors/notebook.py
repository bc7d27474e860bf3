"""Jupyter notebooks: code cells through the Python extractor, positions in the raw file.

A reference must point where an editor, GitHub and ``grep -n`` see it: in the
``.ipynb`` JSON, not in the cell's source. So the JSON is tokenized with positions
(the ``"source"`` strings of each cell), every decoded character of a cell's source
is mapped back to the raw characters it came from (``\\"``, ``\\n`` and ``\\uXXXX``
escapes included), and each occurrence the Python extractor finds is moved there.
``cell`` is the 0-based index of the cell in the notebook's ``cells`` array.

IPython magics and shell escapes (``%pip``, ``!curl``) are turned into comments of
the same length before parsing, so one magic does not make a whole cell plain text.
Markdown cells and outputs are skipped unless :data:`INCLUDE_MARKDOWN` /
:data:`INCLUDE_OUTPUTS` ask for them; they are inventoried as ``comment`` prose.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Iterator

from ..model import Occurrence
from . import SPECS, Extraction, extractor, register
from .text import comment_occurrences, scan_plain_text

INCLUDE_MARKDOWN = False
INCLUDE_OUTPUTS = False

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]', re.DOTALL)
_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|(.))", re.DOTALL)
_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "/": "/", "\\": "\\", '"': '"'}
_MAGIC = re.compile(r"^([ \t]*)[%!]", re.MULTILINE)
_OUTPUT_TEXT = ("text", "data")


class _Cell:
    __slots__ = ("index", "cell_type", "source", "outputs")

    def __init__(self, index: int) -> None:
        self.index = index
        self.cell_type: str | None = None
        self.source: list[tuple[int, int]] = []  # raw (start, end) of each source string body
        self.outputs: list[tuple[int, int]] = []


def _cells(raw: str) -> list[_Cell]:
    """The cells' source (and output text) string bodies, with their raw spans.

    A position-keeping walk over the tokens: json.loads has validated the file, so
    only the path to each string is tracked (``["cells", 3, "source", 0]``). Each
    frame holds its current key (object) or index (array).
    """
    cells: list[_Cell] = []
    frames: list[list[object]] = []  # [container char, current key or index]
    for m in _TOKEN.finditer(raw):
        c = m.group()[0]
        if c == '"':
            if frames and frames[-1][0] == "{" and frames[-1][1] is None:
                frames[-1][1] = json.loads(m.group())
            else:
                _record(cells, [f[1] for f in frames], (m.start() + 1, m.end() - 1), raw)
        elif c == "{" or c == "[":
            frames.append([c, None if c == "{" else 0])
        elif c == "}" or c == "]":
            if frames:
                frames.pop()
        elif c == "," and frames:
            top = frames[-1]
            top[1] = None if top[0] == "{" else int(top[1]) + 1  # type: ignore[call-overload]
    return cells


def _record(cells: list[_Cell], where: list[object], body: tuple[int, int], raw: str) -> None:
    # where: ["cells", i, "source"(, j)] or ["cells", i, "cell_type"] or outputs...
    if len(where) < 3 or where[0] != "cells" or not isinstance(where[1], int):
        return
    index = where[1]
    while len(cells) <= index:
        cells.append(_Cell(len(cells)))
    cell = cells[index]
    if where[2] == "cell_type" and len(where) == 3:
        cell.cell_type = json.loads('"' + raw[body[0]:body[1]] + '"')
    elif where[2] == "source" and len(where) in (3, 4):
        cell.source.append(body)
    elif where[2] == "outputs" and any(k in _OUTPUT_TEXT for k in where[3:] if isinstance(k, str)):
        cell.outputs.append(body)


def _decode(raw: str, spans: list[tuple[int, int]]) -> tuple[str, list[int], list[int]]:
    """Joined source text, and for each of its characters the raw start and end."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for start, end in spans:
        pos = start
        for m in _ESCAPE.finditer(raw, start, end):
            for i in range(pos, m.start()):
                out.append(raw[i])
                starts.append(i)
                ends.append(i + 1)
            if m.group(1) is not None:
                code = int(m.group(1), 16)
                if 0xDC00 <= code <= 0xDFFF and out and 0xD800 <= ord(out[-1]) <= 0xDBFF:
                    high = ord(out.pop())
                    out.append(chr(0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00)))
                    ends[-1] = m.end()
                    pos = m.end()
                    continue
                out.append(chr(code))
            else:
                out.append(_SIMPLE.get(m.group(2), m.group(2)))
            starts.append(m.start())
            ends.append(m.end())
            pos = m.end()
        for i in range(pos, end):
            out.append(raw[i])
            starts.append(i)
            ends.append(i + 1)
    return "".join(out), starts, ends


def _mask_magics(source: str) -> str:
    # Same length, so offsets hold: "%pip install x" -> "#pip install x".
    return _MAGIC.sub(lambda m: m.group(1) + "#", source)


def _moved(occ: Occurrence, raw: str, starts: list[int], ends: list[int], cell: int) -> Occurrence | None:
    if occ.end <= occ.start or occ.end > len(starts):
        return None
    start, end = starts[occ.start], ends[occ.end - 1]
    written = raw[start:end]
    meaning = occ.meaning
    return replace(occ, start=start, end=end, text=written,
                   value=None if written == meaning and occ.value is None else meaning, cell=cell)


def _cell_occurrences(raw: str, cell: _Cell, *, path: str, context: str,
                      errors: list[str]) -> Iterator[Occurrence]:
    source, starts, ends = _decode(raw, cell.source)
    if not source.strip():
        return
    python = extractor(next(spec for spec in SPECS if spec.name == "python"))
    found = python(_mask_magics(source), path=path, context=context)
    errors.extend(f"cell {cell.index}: {msg}" for msg in found.errors)
    for occ in found.occurrences:
        moved = _moved(occ, raw, starts, ends, cell.index)
        if moved is not None:
            yield moved


@register("notebook")
def extract(text: str, *, path: str, context: str) -> Extraction:
    result = Extraction()
    try:
        data = json.loads(text)
        if not isinstance(data, dict) or not isinstance(data.get("cells", []), list):
            raise ValueError("no 'cells' list at the top level")
    except (ValueError, RecursionError) as exc:
        where = f" at line {exc.lineno}" if isinstance(exc, json.JSONDecodeError) else ""
        msg = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc) or type(exc).__name__
        result.errors.append(f"notebook is not valid JSON{where}: {msg}; scanned as plain text instead")
        result.occurrences = scan_plain_text(text, context=context, language="python")
        return result
    for cell in _cells(text):
        if cell.cell_type == "code":
            result.occurrences.extend(_cell_occurrences(text, cell, path=path, context=context,
                                                        errors=result.errors))
        elif INCLUDE_MARKDOWN and cell.cell_type == "markdown":
            for start, end in cell.source:
                result.occurrences.extend(replace(o, cell=cell.index) for o in
                                          comment_occurrences(text, start, end, "markdown"))
        if INCLUDE_OUTPUTS:
            for start, end in cell.outputs:
                result.occurrences.extend(replace(o, cell=cell.index) for o in
                                          comment_occurrences(text, start, end, "python"))
    return result
