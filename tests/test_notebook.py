"""Notebooks: code cells scanned as Python, positions where ``grep -n`` sees them in the
raw ``.ipynb``, the cell index, and one error line for a corrupt notebook.

Regenerate the fixture's golden with ``python -m tests.test_notebook``.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from scanner.api import ScanOptions, scan
from scanner.engine import scan_text
from tests.test_languages import FIXTURES, ROOT, TODAY, golden

NOTEBOOKS = FIXTURES / "notebooks-eval"


def _notebook(cells: list[dict[str, Any]], *, ensure_ascii: bool = False) -> str:
    data = {"cells": cells, "metadata": {"kernelspec": {"name": "python3"}}, "nbformat": 4,
            "nbformat_minor": 5}
    return json.dumps(data, indent=1, ensure_ascii=ensure_ascii) + "\n"


def _code(source: Any, outputs: list[Any] | None = None) -> dict[str, Any]:
    return {"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": outputs or [],
            "source": source}


def _markdown(source: Any) -> dict[str, Any]:
    return {"cell_type": "markdown", "metadata": {}, "source": source}


def test_fixture_matches_golden() -> None:
    expected = json.loads((NOTEBOOKS / "expected.json").read_text(encoding="utf-8"))
    assert golden(NOTEBOOKS) == expected["references"]


def test_positions_match_grep_on_the_raw_file() -> None:
    result = scan([str(NOTEBOOKS)], ScanOptions(today=TODAY, jobs=1, extra_excludes=("expected.json",)))
    in_notebooks = [r for r in result.references if r.path.endswith(".ipynb")]
    assert len(in_notebooks) >= 10
    for ref in in_notebooks:
        grep = subprocess.run(["grep", "-n", "-F", "--", ref.text, ref.path], cwd=NOTEBOOKS,
                              capture_output=True, text=True, check=True).stdout
        hits = {int(line.split(":", 1)[0]): line.split(":", 1)[1] for line in grep.splitlines()}
        assert ref.line in hits, (ref, grep)
        raw_line = hits[ref.line]
        assert raw_line[ref.column - 1:ref.end_column - 1] == ref.text
        assert ref.cell is not None and ref.language == "python"


ESCAPES = _notebook([
    _markdown(["# Try gpt-4o-mini\n"]),
    _code(["# café ☕ and 😀 before the id\n",
           "x = \"say \\\"hi\\\"\"; MODEL = \"gpt-4o-2024-08-06\"  # \u00e9\n",
           "client.create(model='claude-3-5-haiku-20241022')"]),
    _code("emoji = '😀'; fast = \"gpt-4o-mini\"",
          outputs=[{"output_type": "stream", "name": "stdout", "text": ["gpt-4o-mini-2024-07-18\n"]}]),
], ensure_ascii=True)


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param(ESCAPES, [
        (17, 40, 57, "gpt-4o-2024-08-06", "MODEL", "code", 1),
        (18, 27, 52, "claude-3-5-haiku-20241022", "model", "code", 1),
        # 12 raw characters (a \ud83d\ude00 pair) for one decoded emoji before the id
        (34, 48, 59, "gpt-4o-mini", "fast", "code", 2),
    ], id="json-escapes-and-surrogate-pairs-ascii-notebook"),
    pytest.param(json.dumps(json.loads(ESCAPES), indent=1, ensure_ascii=False) + "\n", [
        (17, 40, 57, "gpt-4o-2024-08-06", "MODEL", "code", 1),
        (18, 27, 52, "claude-3-5-haiku-20241022", "model", "code", 1),
        (34, 37, 48, "gpt-4o-mini", "fast", "code", 2),
    ], id="same-notebook-written-with-utf8"),
    pytest.param(_notebook([_code(["%pip install openai\n", "!ls data\n",
                                   "resp = client.chat.completions.create(model=\"gpt-4o\")\n",
                                   "await asyncio.sleep(1)"])]), [
        (11, 52, 58, "gpt-4o", "model", "code", 0),
    ], id="magics-and-top-level-await-keep-python-context"),
])
def test_notebook_references(text: str, expected: list[tuple[Any, ...]]) -> None:
    result = scan_text("analysis.ipynb", text, today=TODAY)
    assert result.errors == ()
    got = [(r.line, r.column, r.end_column, r.text, r.key, r.context, r.cell) for r in result.references]
    assert got == expected
    lines = text.splitlines()
    for r in result.references:
        assert lines[r.line - 1][r.column - 1:r.end_column - 1] == r.text


def test_markdown_and_outputs_only_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    from scanner.extractors import notebook

    monkeypatch.setattr(notebook, "INCLUDE_MARKDOWN", True)
    monkeypatch.setattr(notebook, "INCLUDE_OUTPUTS", True)
    result = scan_text("analysis.ipynb", ESCAPES, today=TODAY)
    got = [(r.line, r.text, r.context, r.cell, r.language) for r in result.references]
    assert got == [
        (7, "gpt-4o-mini", "comment", 0, "markdown"),
        (17, "gpt-4o-2024-08-06", "code", 1, "python"),
        (18, "claude-3-5-haiku-20241022", "code", 1, "python"),
        (30, "gpt-4o-mini-2024-07-18", "comment", 2, "python"),
        (34, "gpt-4o-mini", "code", 2, "python"),
    ]


def test_test_notebook_gets_test_context() -> None:
    text = _notebook([_code("assert pick() == \"gpt-4o\"")])
    result = scan_text("tests/regression.ipynb", text, today=TODAY)
    assert [(r.text, r.context, r.cell) for r in result.references] == [("gpt-4o", "test", 0)]


def test_corrupt_notebook_costs_one_error_line(tmp_path: Path) -> None:
    good = _notebook([_code("MODEL = \"gpt-4o\"")])
    (tmp_path / "good.ipynb").write_text(good, encoding="utf-8")
    # A merge conflict committed as is: what a corrupt notebook usually is.
    line = '   "source": "MODEL = \\"gpt-4o\\""\n'
    assert line in good
    conflict = good.replace(line, "<<<<<<< HEAD\n" + line + "=======\n"
                            + line.replace("gpt-4o", "gpt-4o-mini") + ">>>>>>> feature/mini\n")
    (tmp_path / "broken.ipynb").write_text(conflict, encoding="utf-8")
    result = scan([str(tmp_path)], ScanOptions(today=TODAY, jobs=1))
    assert [e.to_json() for e in result.errors] == [{
        "path": "broken.ipynb",
        "message": "notebook is not valid JSON at line 8: Expecting property name enclosed in "
                   "double quotes; scanned as plain text instead"}]
    # The plain-text fallback still inventories both sides; the good notebook is scanned.
    assert [(r.path, r.line, r.column, r.text, r.cell) for r in result.references] == [
        ("broken.ipynb", 9, 25, "gpt-4o", None),
        ("broken.ipynb", 11, 25, "gpt-4o-mini", None),
        ("good.ipynb", 8, 25, "gpt-4o", 0),
    ]


def _write_golden() -> None:
    out = NOTEBOOKS / "expected.json"
    out.write_text(json.dumps({"references": golden(NOTEBOOKS)}, indent=1, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    print(out.relative_to(ROOT))


if __name__ == "__main__":
    _write_golden()
