"""``.env`` files: ``KEY=value`` lines, ``export`` optional, values quoted or not.

A value may list several ids (``MODELS=gpt-4o,gpt-4o-mini``); the engine splits it.
``${VAR:-default}`` values resolve to their default in the engine too.
"""

from __future__ import annotations

import re

from ..model import Occurrence
from . import Extraction, register
from .text import comment_occurrences

_LINE = re.compile(
    r"""^[ \t]*(?:export[ \t]+)?(?P<key>[A-Za-z_][A-Za-z0-9_.-]*)[ \t]*=[ \t]*"""
    r"""(?:"(?P<dq>(?:[^"\\\n]|\\.)*)"|'(?P<sq>[^'\n]*)'|(?P<raw>[^\s#'"][^\n#]*?))?[ \t]*(?:#.*)?$""",
    re.MULTILINE)
_COMMENT = re.compile(r"^[ \t]*#(?P<body>.*)$", re.MULTILINE)


@register("dotenv")
def extract(text: str, *, path: str, context: str) -> Extraction:
    ctx = "config" if context == "code" else context
    out: list[Occurrence] = []
    for m in _LINE.finditer(text):
        group = next((g for g in ("dq", "sq", "raw") if m.group(g) is not None), None)
        if group is None:
            continue
        out.append(Occurrence(m.start(group), m.end(group), m.group(group), ctx, "dotenv",
                              key=m.group("key")))
    for m in _COMMENT.finditer(text):
        out.extend(comment_occurrences(text, m.start("body"), m.end("body"), "dotenv"))
    return Extraction(occurrences=out)
