"""The compiled catalog is what the YAML says, and its prefilter stems cover every id."""

from __future__ import annotations

import json

from scanner.catalog import CATALOG_FILE, compile_catalog, load_catalog, rules_dir
from scanner.prefilter import default_prefilter


def test_compiled_catalog_is_current() -> None:
    committed = json.loads((rules_dir() / CATALOG_FILE).read_text(encoding="utf-8"))
    assert committed == compile_catalog(), "run: python -m scanner.catalog"


def test_every_catalog_id_passes_the_prefilter() -> None:
    prefilter = default_prefilter()
    missed = [i for i in load_catalog().by_id if not prefilter.hit(f'model = "{i}"')]
    assert missed == []


def test_every_grammar_provider_has_a_lifecycle_page() -> None:
    for grammar in load_catalog().providers.values():
        assert grammar.lifecycle_page.startswith("https://"), grammar.key
