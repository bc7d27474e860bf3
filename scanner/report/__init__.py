"""Reporters: pure functions of a :class:`~scanner.model.ScanResult` to text.

One module per format, each with ``render(result, *, color=False) -> str``; modules
are imported only when their format is asked for (jinja2 stays unloaded otherwise).
"""

from __future__ import annotations

import importlib
from typing import Protocol

from ..model import ScanResult

FORMATS: dict[str, str] = {
    "text": ".text",
    "json": ".json_",
    "sarif": ".sarif",
    "github": ".github",
    "markdown": ".markdown",
    "csv": ".csv_",
    "concise": ".concise",
}


class Render(Protocol):
    def __call__(self, result: ScanResult, *, color: bool = False) -> str: ...


def renderer(fmt: str) -> Render:
    module = importlib.import_module(FORMATS[fmt], __name__)
    return module.render  # type: ignore[no-any-return]
