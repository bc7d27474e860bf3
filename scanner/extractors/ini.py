"""INI, ``.cfg``, ``.conf`` and ``.properties``: ``key = value`` / ``key: value`` lines."""

from __future__ import annotations

from . import Extraction, register
from .text import scan_plain_text


@register("ini")
def extract(text: str, *, path: str, context: str) -> Extraction:
    ctx = "config" if context == "code" else context
    return Extraction(occurrences=scan_plain_text(text, context=ctx, language="ini"))
