"""``.env`` files: ``KEY=value`` lines (``export`` optional, values quoted or not).

Values of ``${VAR:-default}`` form are resolved to their default by the engine.
"""

from __future__ import annotations

from . import Extraction, register
from .text import scan_plain_text


@register("dotenv")
def extract(text: str, *, path: str, context: str) -> Extraction:
    ctx = "config" if context == "code" else context
    return Extraction(occurrences=scan_plain_text(text, context=ctx, language="dotenv"))
