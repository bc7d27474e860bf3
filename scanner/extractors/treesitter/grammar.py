"""Loading a grammar, once per process, only when a file of its language is scanned.

Each grammar is its own PyPI wheel (``tree-sitter-typescript``...) that bundles the
compiled parser, so nothing is downloaded at run time (unlike tree-sitter-language-pack
1.x, which fetches grammars on first use and fails offline).
"""

from __future__ import annotations

import importlib
from typing import Any

from .languages import LangSpec

_PARSERS: dict[str, Any] = {}


def parser_for(spec: LangSpec) -> Any:
    """A ``tree_sitter.Parser`` for ``spec``; raises whatever loading raised."""
    parser = _PARSERS.get(spec.key)
    if parser is None:
        import tree_sitter

        module = importlib.import_module(spec.module)
        language = tree_sitter.Language(getattr(module, spec.function)())
        parser = tree_sitter.Parser(language)
        _PARSERS[spec.key] = parser
    return parser
