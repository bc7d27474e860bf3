"""Dockerfiles: ``ENV``/``ARG`` defaults (``ENV KEY=value`` and the legacy ``ENV KEY value``),
flags or quoted strings in ``RUN``/``CMD`` lines, and model commands there (``ollama pull``,
``vllm serve``); a ``#`` after whitespace starts a comment.
"""

from __future__ import annotations

import re

from ..model import Occurrence
from . import Extraction, register
from .text import scan_plain_text

# ENV KEY value (the one-pair form without "=").
_LEGACY_ENV = re.compile(r"^\s*ENV\s+(?P<key>[A-Za-z_]\w*)\s+(?P<value>[^\s=\"']+)\s*$", re.MULTILINE)


@register("dockerfile")
def extract(text: str, *, path: str, context: str) -> Extraction:
    ctx = "config" if context == "code" else context
    # "#" marks comments, and turns on model commands: RUN ollama pull llama3.1:8b.
    occurrences = scan_plain_text(text, context=ctx, language="dockerfile", comment="#")
    taken = {(o.start, o.end) for o in occurrences if not o.prose}
    legacy = []
    for m in _LEGACY_ENV.finditer(text):
        if (m.start("value"), m.end("value")) not in taken:
            legacy.append(Occurrence(m.start("value"), m.end("value"), m.group("value"), ctx,
                                     "dockerfile", key=m.group("key")))
    spans = {(o.start, o.end) for o in legacy}
    occurrences = [o for o in occurrences if not (o.prose and (o.start, o.end) in spans)]
    return Extraction(occurrences=occurrences + legacy)
