"""A directory scan with worker processes finds exactly what one process finds.

Above a few hundred files ``scan`` hands batches to a process pool while discovery is still
listing the tree; this checks that path (which the fixture tests, all small, never take):
every file is counted once, and references, findings and errors are the same as with
``jobs=1``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scanner import api
from scanner.api import ScanOptions, scan
from scanner.config import Policy
from tests.helpers import TODAY

SERVICE = '''"""Ticket triage service {n}."""
import os

from openai import OpenAI

CHAT_MODEL = os.getenv("CHAT_MODEL", "gpt-4o-mini-2024-07-18")
FALLBACK = "gpt-3.5-turbo"


def triage(client: OpenAI, text: str) -> str:
    reply = client.chat.completions.create(model=CHAT_MODEL, messages=[{{"role": "user", "content": text}}])
    return reply.choices[0].message.content
'''
HELPER = '''"""Date helpers {n}: nothing to find here, only gpt4_enabled-style decoys."""
import datetime as dt

gpt4_enabled = False


def week_of(day: dt.date) -> int:
    return day.isocalendar()[1]
'''
SETTINGS = '''# Deployment {n}
llm:
  model: claude-3-5-sonnet-20241022
  max_tokens: 1024
'''


def _tree(root: Path, count: int) -> int:
    """A repository of ``count`` files (one in ten names models), and how many there are."""
    for n in range(count):
        package = root / f"pkg{n // 50:02d}"
        package.mkdir(parents=True, exist_ok=True)
        if n % 10 == 0:
            (package / f"service_{n}.py").write_text(SERVICE.format(n=n), encoding="utf-8")
        elif n % 10 == 5:
            (package / f"deploy_{n}.yaml").write_text(SETTINGS.format(n=n), encoding="utf-8")
        else:
            (package / f"helpers_{n}.py").write_text(HELPER.format(n=n), encoding="utf-8")
    (root / "pkg00" / "broken.json").write_bytes(b"PK\x03\x04\x00\x00 a zip, not JSON")
    os.symlink("/etc", root / "pkg00" / "outside")  # reported, not followed
    return count + 2


def _view(result: api.ScanResult) -> tuple[object, ...]:
    return (
        sorted((r.path, r.line, r.column, r.model, r.key, r.context) for r in result.references),
        sorted((f.rule, f.reference.path, f.reference.line) for f in result.findings),
        sorted((e.path, e.message) for e in result.errors),
        result.stats.files_seen, result.stats.files_parsed,
    )


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the pool forks")
def test_a_pooled_scan_while_listing_equals_a_serial_scan(tmp_path: Path) -> None:
    files = _tree(tmp_path, 3 * api._POOL_MIN_FILES)
    pooled = scan([str(tmp_path)], ScanOptions(today=TODAY, jobs=2))
    serial = scan([str(tmp_path)], ScanOptions(today=TODAY, jobs=1))
    assert _view(pooled) == _view(serial)
    assert pooled.stats.files_seen == files - 1  # the symlink is an error, not a file
    services = 3 * api._POOL_MIN_FILES // 10
    assert sum(r.model == "gpt-4o-mini-2024-07-18" for r in pooled.references) == services
    assert sum(r.model == "claude-3-5-sonnet-20241022" for r in pooled.references) == services
    assert ("pkg00/outside", "symlink points outside the scanned root, not followed") in [
        (e.path, e.message) for e in pooled.errors]
    assert any(e.path == "pkg00/broken.json" for e in pooled.errors)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the pool forks")
def test_a_policy_include_filters_the_stream(tmp_path: Path) -> None:
    _tree(tmp_path, 2 * api._POOL_MIN_FILES)
    policy = Policy(include=("*.py",))  # still enough files for the pool
    pooled = scan([str(tmp_path)], ScanOptions(today=TODAY, jobs=2, policy=policy))
    serial = scan([str(tmp_path)], ScanOptions(today=TODAY, jobs=1, policy=policy))
    assert _view(pooled) == _view(serial)
    assert {Path(r.path).suffix for r in pooled.references} == {".py"}
    assert pooled.stats.files_seen == 2 * api._POOL_MIN_FILES * 9 // 10 > api._POOL_MIN_FILES


def _children() -> set[int]:
    """This process's live children (any thread's), from /proc."""
    out: set[int] = set()
    for task in os.listdir("/proc/self/task"):
        try:
            with open(f"/proc/self/task/{task}/children") as fh:
                out.update(int(pid) for pid in fh.read().split())
        except OSError:
            pass  # a thread that ended meanwhile
    return out


@pytest.mark.skipif(not os.path.exists("/proc/self/task"), reason="/proc lists the children")
def test_a_pooled_scan_returns_once_its_workers_are_gone(tmp_path: Path) -> None:
    """The console script ends with os._exit, which skips the executor's clean-up at exit:
    workers that were still waiting on their queue then lived on for good, a pair per
    scan. scan() now returns only once they have exited."""
    # Files without a model id: nothing to judge or report after the last batch, so
    # scan() returns right after it, before workers could have stopped on their own.
    for n in range(3 * api._POOL_MIN_FILES):
        package = tmp_path / f"pkg{n // 50:02d}"
        package.mkdir(exist_ok=True)
        (package / f"helpers_{n}.py").write_text(HELPER.format(n=n), encoding="utf-8")
    before = _children()
    for _ in range(3):
        result = scan([str(tmp_path)], ScanOptions(today=TODAY, jobs=2))
        assert result.stats.files_seen == 3 * api._POOL_MIN_FILES
        assert _children() - before == set()


def test_a_scan_result_survives_pickling_whole(tmp_path: Path) -> None:
    """An org-wide scan runs one repository per process: its result must pickle and come
    back equal, references (which pickle by their own __reduce__) included."""
    import pickle

    _tree(tmp_path, 40)
    result = scan([str(tmp_path)], ScanOptions(today=TODAY, jobs=1))
    assert result.references and result.findings and result.errors
    back = pickle.loads(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == result
    assert [r.to_json() for r in back.references] == [r.to_json() for r in result.references]
    assert (back.references[0].start, back.references[0].end) == (result.references[0].start,
                                                                   result.references[0].end)


def test_extraction_leaves_no_reference_cycles() -> None:
    """Scans run with the cyclic garbage collector off: an extractor that made a reference
    cycle per file (a recursive closure holding the visitor did) would keep every file's
    text and tables alive until the scan ends."""
    import gc

    from scanner.engine import scan_text
    from tests.test_python_extractor import LARGE_MODULE, SDK_CLASS_MODULE
    from tests.test_treesitter_partial import MODULE as TS_MODULE

    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        for path, text in (("app/router.py", LARGE_MODULE), ("sdk/completions.py", SDK_CLASS_MODULE),
                           ("src/answer.ts", TS_MODULE)):
            assert scan_text(path, text, today=TODAY).references
        gc.collect()
        left = sorted({type(o).__qualname__ for o in gc.garbage
                       if type(o).__module__.startswith("scanner.")})
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert left == []
