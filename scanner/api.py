"""The library API: what the CLI, the pre-commit hook, the Action and tests call.

``scan(paths)`` returns a :class:`~scanner.model.ScanResult` made of plain frozen
dataclasses, safe to pickle across a process pool or an org-wide fan-out.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import time
from itertools import islice
from operator import itemgetter
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Iterable, Sequence

from .config import Policy
from .discover import DEFAULT_EXCLUDES, DiscoveryStream, is_excluded
from .engine import DEFAULT_MAX_BYTES, scan_file_or_none, scan_text
from .feed import Feed, load_feed, load_overlay, relabel, with_overlay
from .feed_store import DEFAULT_MAX_AGE_DAYS, age_warning, select_feed
from .judge import judge
from .model import (FINDING_ORDER, FileResult, Finding, Reference, ScanError,
                    ScanResult, ScanStats)
from .policy_pass import after_judge, own_lines

if TYPE_CHECKING:
    from concurrent.futures import Executor

# Below this many files a pool costs more to start than it saves.
_POOL_MIN_FILES = 400
_BATCH = 200
# The last files listed go out in batches this small: the scan ends when the slower worker
# ends its last batch, and a batch of 200 model-heavy files left one worker idle for ~30 ms.
_TAIL_BATCH = 25
_TAIL_FILES = 800

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
    # None: every rule at its default severity, no allow/deny, no overlay (see config.py).
    policy: Policy | None = None
    # Report only findings whose fingerprint is not in this baseline file.
    baseline: str | None = None


def _scan_one(root: str, rel: str, options: ScanOptions) -> FileResult | None:
    return scan_file_or_none(root, rel, max_bytes=options.max_bytes, today=options.today,
                             feed_path=options.feed_path, include_comments=options.include_comments)


def _scan_batch(root: str, rels: Sequence[str], options: ScanOptions) -> list[FileResult]:
    return [_scan_one(root, rel, options) or FileResult(rel) for rel in rels]


def _scan_batch_sparse(root: str, rels: Sequence[str], options: ScanOptions) -> list[FileResult]:
    """:func:`_scan_batch` for a worker: only the results that carry something cross back
    (most files yield nothing, and every result sent costs the parent CPU the workers need)."""
    results = (_scan_one(root, rel, options) for rel in rels)
    return [r for r in results if r is not None and (r.references or r.errors or r.dynamic or r.parsed)]


def _warm() -> None:
    """Load the catalog and the prefilter: in the parent before it forks its workers, or
    as each worker's initializer where processes are spawned."""
    from .identify import default_identifier
    from .prefilter import default_prefilter

    default_identifier()
    default_prefilter()


def _workers(paths: Sequence[str], options: ScanOptions) -> int:
    """How many worker processes a scan may use: none for explicit files (a pre-commit run)."""
    jobs = options.jobs or os.cpu_count() or 1
    return jobs if jobs > 1 and len(paths) == 1 and os.path.isdir(paths[0]) else 0


def _start_pool(jobs: int) -> Executor:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    if method == "fork":
        _warm()  # once, in the parent: forked workers inherit it ready to use
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method),
                               initializer=None if method == "fork" else _warm)
    pool.submit(int)  # the executor forks its workers at the first task, not before
    return pool


def _run(root: str, files: Iterable[str], options: ScanOptions, jobs: int,
         listed: list[str], pools: list[Executor]) -> Iterable[tuple[int, list[FileResult]]]:
    """Scan ``files`` as discovery yields them, appending each to ``listed``; yields (files
    scanned, their results worth keeping). Once the tree proves large enough for a pool
    (started then, into ``pools``), batches go to the workers while the parent lists the
    rest; a small tree is scanned in this process, with no workers to start."""
    it = iter(files)
    first = list(islice(it, _POOL_MIN_FILES))
    listed.extend(first)
    if not jobs or len(first) < _POOL_MIN_FILES:
        listed.extend(it)
        for rel in listed:
            yield 1, _scan_batch(root, (rel,), options)
        return
    pool = _start_pool(jobs)
    pools.append(pool)
    futures = []

    def submit(batch: list[str]) -> None:
        futures.append((len(batch), pool.submit(_scan_batch_sparse, root, batch, options)))

    # Listed, not yet submitted. A batch for each worker goes at once; then _TAIL_FILES
    # are held back until the listing ends, to go out in small batches.
    pending = first
    for rel in it:
        pending.append(rel)
        listed.append(rel)
        if len(pending) >= _BATCH + (_TAIL_FILES if len(futures) >= jobs else 0):
            submit(pending[:_BATCH])
            del pending[:_BATCH]
    while pending:
        size = _BATCH if len(pending) > _TAIL_FILES else _TAIL_BATCH
        submit(pending[:size])
        del pending[:size]
    for count, future in futures:
        yield count, future.result()


BASELINE_NAME = ".modeltrail-baseline.json"
_PATH = itemgetter(0)


def _own_files(paths: Sequence[str], options: ScanOptions, policy: Policy | None) -> tuple[str, ...]:
    root = os.path.abspath(paths[0]) if len(paths) == 1 and os.path.isdir(paths[0]) else os.getcwd()
    out = []
    for file in (options.baseline, policy.overlay if policy else None):
        if file:
            rel = os.path.relpath(os.path.abspath(file), root).replace(os.sep, "/")
            if not rel.startswith("../"):
                out.append(rel)
    return tuple(out)


def scan(paths: Sequence[str] = (".",), options: ScanOptions | None = None,
         on_progress: "callable[[int, int], None] | None" = None) -> ScanResult:  # type: ignore[valid-type]
    """Scan files and directories; never raises for a bad file (see ``errors``)."""
    # Parsing allocates millions of short-lived objects (AST nodes), none in reference
    # cycles: the cyclic collector's passes over them were ~8% of a scan. Forked workers
    # inherit the setting; it is restored on return.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _scan(paths, options, on_progress)
    finally:
        if collecting:
            gc.enable()


def _scan(paths: Sequence[str], options: ScanOptions | None,
          on_progress: "callable[[int, int], None] | None") -> ScanResult:  # type: ignore[valid-type]
    options = options or ScanOptions()
    today = options.today or dt.date.today()
    policy = options.policy
    # Raises FeedError for an unreadable --feed: a usage error, not a per-file one.
    choice = select_feed(options.feed_path)
    # The bundled feed is passed as None: workers then load it without a stat per file.
    feed_path = None if choice.origin == "bundled" else choice.path
    options = replace(options, today=today, feed_path=feed_path,
                      include_comments=options.include_comments
                      and not (policy is not None and policy.comments == "skip"))
    started = time.perf_counter()
    # The baseline and the overlay list model ids by design: they are not code.
    excludes = (options.excludes + options.extra_excludes + (policy.exclude if policy else ())
                + (BASELINE_NAME,) + _own_files(paths, options, policy))
    pools: list[Executor] = []
    feed = load_feed(feed_path)  # the call scan_file makes: one load (and one cache) for both
    referencing: list[tuple[str, Sequence[Reference]]] = []  # (path, its references)
    findings: list[Finding] = []
    parsed = 0
    feed_meta: dict[str, str] = feed.meta()
    try:
        found = DiscoveryStream(list(paths), excludes=excludes, include_docs=options.include_docs)
        root = str(found.root)
        # What the policy does to a file's references, done (and the judging too) as each
        # file's results come in, while the workers still scan.
        skip: set[str] = set()
        own: dict[str, frozenset[int] | None] = {}
        merged: Feed | None = None
        if policy is not None:
            skip = {c for c, how in (("comment", policy.comments), ("test", policy.tests)) if how == "skip"}
            own = own_lines(root, policy)
            if policy.overlay:
                merged = with_overlay(feed, load_overlay(policy.overlay))
                feed_meta["overlay"] = policy.overlay
        scan_errors: list[ScanError] = []
        stream: Iterable[str] = found
        if policy is not None and policy.include:
            include = policy.include
            stream = (f for f in found if is_excluded(f, excludes=include, include_docs=True))
        files: list[str] = []
        done = 0
        for count, results in _run(root, stream, options, _workers(paths, options), files, pools):
            for result in results:
                refs: Sequence[Reference] = result.references
                dynamic: Sequence[Reference] = result.dynamic
                if policy is not None:
                    refs = [r for r in refs if r.context not in skip and not (
                        r.path in own and (own[r.path] is None or r.line in own[r.path]))]  # type: ignore[operator]
                    dynamic = [d for d in dynamic if d.context not in skip]
                    if merged is not None:
                        refs = [relabel(r, merged, today=today) for r in refs]
                if refs:
                    referencing.append((result.path, refs))
                if refs or dynamic:
                    findings.extend(judge(refs, dynamic, policy=policy, today=today))
                scan_errors.extend(result.errors)
                parsed += result.parsed
            if on_progress is not None and (done + count) // 500 > done // 500:
                on_progress(done + count, len(files))
            done += count
        errors = found.errors + scan_errors  # complete once the stream is read
    finally:
        # Waited for (3-4 ms): a process that exits right after the scan, as the console
        # script does with os._exit, skips the executor's own clean-up, and workers not yet
        # told to stop were left waiting on their queue for good, a pair per scan.
        for pool in pools:
            pool.shutdown(wait=True, cancel_futures=True)
    # A file's references come in (line, column) order (scan_text sorts them), so files in
    # path order, joined, are the references in REFERENCE_ORDER, ties in the order a sort
    # (stable) would leave them: 1,500 files sorted rather than 15,000 references.
    referencing.sort(key=_PATH)
    references = [ref for _, refs in referencing for ref in refs]
    findings.sort(key=FINDING_ORDER)
    passed = after_judge(root, findings, today=today, policy=policy, baseline=options.baseline)
    errors.extend(passed.errors)
    errors.sort(key=lambda e: e.path)
    warnings = list(choice.warnings)
    stale = age_warning(feed.generated_at, today=today, max_age_days=policy.feed_max_age_days
                        if policy else DEFAULT_MAX_AGE_DAYS)
    if stale:
        warnings.append(stale)
    return ScanResult(
        references=tuple(references),
        findings=passed.findings,
        errors=tuple(errors),
        stats=ScanStats(files_seen=len(files), files_parsed=parsed,
                        seconds=round(time.perf_counter() - started, 3)),
        feed=feed_meta,
        root=root,
        warnings=tuple(warnings),
        suppressed=passed.suppressed,
        baselined=passed.baselined,
    )
