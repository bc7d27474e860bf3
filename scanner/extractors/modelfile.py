"""Ollama Modelfiles: ``FROM <model>[:<tag>]`` names the base model.

The instruction's argument is reported under the key ``FROM`` (an Ollama context, see
``scanner.open_weights``); a ``FROM`` of a local weights file (``./model.gguf``) is not a
model id. ``SYSTEM``/``TEMPLATE`` text and comments are prose.
"""

from __future__ import annotations

import re

from ..model import Occurrence
from . import Extraction, register
from .text import comment_occurrences

_FROM = re.compile(r"^[ \t]*FROM[ \t]+(?P<value>[^\s#]+)", re.MULTILINE | re.IGNORECASE)
_PROSE = re.compile(r"^[ \t]*(?:#|SYSTEM\b|TEMPLATE\b|MESSAGE\b|LICENSE\b)[^\n]*", re.MULTILINE | re.IGNORECASE)


@register("modelfile")
def extract(text: str, *, path: str, context: str) -> Extraction:
    ctx = "config" if context == "code" else context
    out = [Occurrence(m.start("value"), m.end("value"), m.group("value"), ctx, "modelfile",
                      key="FROM") for m in _FROM.finditer(text)]
    for m in _PROSE.finditer(text):
        out.extend(comment_occurrences(text, m.start(), m.end(), "modelfile"))
    return Extraction(occurrences=out)
