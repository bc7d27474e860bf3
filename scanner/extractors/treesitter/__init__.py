"""tree-sitter extractors: JavaScript, TypeScript/TSX, Go, Java, Kotlin, C#, Ruby, Rust,
PHP and Swift, one shared walker (``walker.py``) over per-language node tables
(``languages.py``).

Importing this package loads no grammar and not even ``tree_sitter``: each grammar
wheel is imported the first time a file of its language is scanned (``grammar.py``).
"""

from __future__ import annotations

from .. import Extraction, ExtractFn, register
from .languages import LANGUAGES


def _extractor(key: str) -> ExtractFn:
    def extract(text: str, *, path: str, context: str) -> Extraction:
        from .walker import extract_with

        return extract_with(LANGUAGES[key], text, path=path, context=context)
    extract.__name__ = f"extract_{key}"
    return extract


for _key in LANGUAGES:
    register(_key)(_extractor(_key))
