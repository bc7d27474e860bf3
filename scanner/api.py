"""The library API: what the CLI, the pre-commit hook, the Action and tests call.

``scan(paths)`` returns a :class:`~scanner.model.ScanResult` made of plain frozen
dataclasses, safe to pickle across a process pool or an org-wide fan-out.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from .discover import DEFAULT_EXCLUDES, discover
from .engine import DEFAULT_MAX_BYTES, scan_file, scan_text
from .feed import load_feed
from .judge import judge
from .model import FileResult, Finding, Reference, ScanError, ScanResult, ScanStats

# Below this many files a pool costs more to start than it saves.
_POOL_MIN_FILES = 400
_BATCH = 200

__all__ = ["ScanOptions", "scan", "scan_text", "ScanResult", "Reference", "Finding", "ScanError"]


@dataclass(frozen=True, slots=True)
class ScanOptions:
    today: dt.date | None = None
    jobs: int = 0  # 0: one per CPU
    max_bytes: int = DEFAULT_MAX_BYTES
    include_docs: bool = False
    include_comments: bool = True
    feed_path: str | None = None
    excludes: tuple[str, ...] = DEFAULT_EXCLUDES
    extra_excludes: tuple[str, ...] = field(default_factory=tuple)


def _scan_batch(root: str, rels: Sequence[str], options: ScanOptions) -> list[FileResult]:
    return [scan_file(root, rel, max_bytes=options.max_bytes, today=options.today,
                      feed_path=options.feed_path, include_comments=options.include_comments)
            for rel in rels]


def _run(root: str, files: Sequence[str], options: ScanOptions) -> Iterable[FileResult]:
    jobs = options.jobs or os.cpu_count() or 1
    if jobs <= 1 or len(files) < _POOL_MIN_FILES:
        yield from _scan_batch(root, files, options)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    batches = [files[i:i + _BATCH] for i in range(0, len(files), _BATCH)]
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method)) as pool:
        for results in pool.map(_scan_batch, [root] * len(batches), batches,
                                [options] * len(batches)):
            yield from results


def scan(paths: Sequence[str] = (".",), options: ScanOptions | None = None,
         on_progress: "callable[[int, int], None] | None" = None) -> ScanResult:  # type: ignore[valid-type]
    """Scan files and directories; never raises for a bad file (see ``errors``)."""
    options = options or ScanOptions()
    if options.today is None:
        options = ScanOptions(**{**{f: getattr(options, f) for f in options.__dataclass_fields__},
                                 "today": dt.date.today()})
    started = time.perf_counter()
    found = discover(list(paths), excludes=options.excludes + options.extra_excludes,
                     include_docs=options.include_docs)
    feed = load_feed(options.feed_path)
    references: list[Reference] = []
    dynamic: list[Reference] = []
    errors: list[ScanError] = list(found.errors)
    parsed = 0
    for i, result in enumerate(_run(found.root, found.files, options), 1):
        references.extend(result.references)
        dynamic.extend(result.dynamic)
        errors.extend(result.errors)
        parsed += result.parsed
        if on_progress is not None and i % 500 == 0:
            on_progress(i, len(found.files))
    references.sort(key=lambda r: (r.path, r.line, r.column))
    findings = judge(references, dynamic)
    findings.sort(key=lambda f: (f.reference.path, f.reference.line, f.reference.column, f.rule))
    errors.sort(key=lambda e: e.path)
    return ScanResult(
        references=tuple(references),
        findings=tuple(findings),
        errors=tuple(errors),
        stats=ScanStats(files_seen=len(found.files), files_parsed=parsed,
                        seconds=round(time.perf_counter() - started, 3)),
        feed=feed.meta(),
        root=found.root,
    )
