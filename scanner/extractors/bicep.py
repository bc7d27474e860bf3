"""Bicep templates and parameter files (``.bicep``, ``.bicepparam``).

``param``/``var`` declarations give their value the declared name and can be
referenced by bare name, so a deployment's ``model: { name: chatModelName }`` is judged
at ``param chatModelName string = 'gpt-4o'``. In ``.bicepparam`` files
``param chatModelName = readEnvironmentVariable('AZURE_OPENAI_CHAT_MODEL', 'gpt-4o')``
reports the default under the parameter's name. Model names here are Azure's
(``scanner.pinning``).
"""

from __future__ import annotations

from . import Extraction, register
from .iac import Symbols, extract_tree
from .iac_tree import Dialect, Obj, parse

BICEP = Dialect(quote="'", hash_comments=False, heredocs=False, decorators=True)


def _symbols(root: Obj) -> Symbols:
    out: Symbols = {}
    for item in root.items:
        words = item.words
        if len(words) >= 2 and words[0] in ("param", "var") and item.value is not None:
            out[words[1]] = (item.value, words[1])
    return out


@register("bicep")
def extract(text: str, *, path: str, context: str) -> Extraction:
    return extract_tree(text, language="bicep", context=context,
                        build=lambda t: parse(t, BICEP), symbols=_symbols)
