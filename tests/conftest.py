"""Shared pytest set-up."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _isolated_feed_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Scans read the user's cached feed when it is newer than the bundled one: point
    the cache at an empty directory, so a developer's `modeltrail feed update` can never
    change what a test sees. Tests that exercise the cache set their own."""
    cache = tmp_path_factory.mktemp("modeltrail-cache")
    monkeypatch.setenv("MODELTRAIL_CACHE_DIR", str(cache))
    return cache
