"""Which files a scan reads: the ones the user means.

Inside a git work tree that is what git tracks plus untracked files it does not ignore
(``git ls-files -co --exclude-standard``); elsewhere a walk that honours ``.gitignore``.
Vendored trees, build output, lock files and minified bundles are skipped by default;
symlinks are never followed (a link to a file inside the root is scanned as its
target; one that leaves the root, or loops, is reported).
"""

from __future__ import annotations

import errno
import fnmatch
import os
import re
import stat
import subprocess
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from operator import attrgetter
from typing import Any, Iterable, Iterator, NamedTuple

from .model import ScanError

DEFAULT_EXCLUDES = (
    "node_modules/", ".venv/", "venv/", "env/", ".env/", ".tox/", ".nox/", "dist/", "build/",
    "vendor/", "vendored/", "third_party/", "third-party/", "site-packages/", "__pycache__/",
    ".git/", ".hg/", ".svn/", ".mypy_cache/", ".pytest_cache/", ".ruff_cache/", ".next/",
    ".nuxt/", "bower_components/", ".terraform/", "target/", ".idea/", ".gradle/",
    "*.min.js", "*.min.css", "*.map", "*.lock", "package-lock.json", "yarn.lock",
    "pnpm-lock.yaml", "poetry.lock", "Cargo.lock", "uv.lock", "Pipfile.lock", "composer.lock",
    "go.sum", "Gemfile.lock", "*.pyc", "*.so", "*.dll", "*.dylib", "*.exe", "*.o", "*.a",
    "*.png", "*.jpg", "*.jpeg", "*.gif", "*.ico", "*.pdf", "*.zip", "*.gz", "*.tgz", "*.bz2",
    "*.xz", "*.whl", "*.jar", "*.class", "*.woff", "*.woff2", "*.ttf", "*.otf", "*.mp3",
    "*.mp4", "*.wav", "*.webp", "*.svg", "*.parquet", "*.pkl", "*.pt", "*.bin", "*.onnx",
    "*.safetensors", "*.npy", "*.npz", "*.sqlite", "*.db",
)
DOC_SUFFIXES = (".md", ".markdown", ".rst", ".txt", ".adoc", ".mdx")


@dataclass(frozen=True, slots=True)
class Discovery:
    root: str
    files: tuple[str, ...]  # paths relative to root, with "/"
    errors: tuple[ScanError, ...] = field(default_factory=tuple)


class _Excludes(NamedTuple):
    """Exclude patterns, sorted by how cheaply a path is checked against them: matching
    each path against dozens of globs one by one cost a second per 10,000 files, and one
    regex of them all still ~1.5 us a file (each glob begins with ``.*``)."""

    names: frozenset[str]  # directory names (`node_modules/`)
    suffixes: tuple[str, ...]  # file names ending so (`*.min.js`)
    files: frozenset[str]  # file names (`package-lock.json`)
    name_re: re.Pattern[str] | None  # other file-name globs
    path_re: re.Pattern[str] | None  # globs over the whole path


_GLOB = frozenset("*?[")


@lru_cache(maxsize=32)
def _compiled(patterns: tuple[str, ...]) -> _Excludes:
    names: set[str] = set()
    suffixes: list[str] = []
    files: set[str] = set()
    name_globs: list[str] = []
    path_globs: list[str] = []
    for pattern in patterns:
        if pattern.endswith("/"):
            directory = pattern[:-1]
            if "/" in directory or not _GLOB.isdisjoint(directory):
                path_globs.append(directory + "/*")
                path_globs.append("*/" + directory + "/*")
            else:
                names.add(directory)
        elif "/" in pattern:
            path_globs.append(pattern)
        elif _GLOB.isdisjoint(pattern):
            files.add(pattern)
        elif pattern.startswith("*") and _GLOB.isdisjoint(pattern[1:]):
            suffixes.append(pattern[1:])
        else:
            name_globs.append(pattern)

    def union(globs: list[str]) -> re.Pattern[str] | None:
        return re.compile("|".join(fnmatch.translate(g) for g in globs)) if globs else None

    return _Excludes(frozenset(names), tuple(suffixes), frozenset(files), union(name_globs),
                     union(path_globs))


_last_compiled: list[Any] = [None, None]  # (patterns, _compiled(patterns)): one scan's, hashed once


def _matches(rel: str, patterns: tuple[str, ...]) -> bool:
    if patterns is _last_compiled[0]:
        excludes = _last_compiled[1]
    else:
        excludes = _compiled(patterns)
        _last_compiled[:] = [patterns, excludes]
    slash = rel.rfind("/")
    base = rel[slash + 1:]
    if excludes.names and slash > 0 and not excludes.names.isdisjoint(rel[:slash].split("/")):
        return True
    if base.endswith(excludes.suffixes) or base in excludes.files:
        return True
    if excludes.name_re is not None and excludes.name_re.match(base):
        return True
    return excludes.path_re is not None and excludes.path_re.match(rel) is not None


def is_excluded(rel: str, *, excludes: tuple[str, ...] = DEFAULT_EXCLUDES,
                include_docs: bool = False) -> bool:
    if not include_docs and rel.lower().endswith(DOC_SUFFIXES):
        return True
    return _matches(rel, excludes)


class _GitListing:
    """What git lists under ``root``: tracked files, with what the index says they are
    (so that most need no lstat), then untracked ones it does not ignore, as (path, kind).
    The untracked listing walks the tree (0.15 s of system time on 18,000 files) while
    the index is read at once: it runs while the tracked files are being scanned."""

    def __init__(self, root: Path) -> None:
        base = ["git", "-C", str(root), "ls-files", "-z"]
        self.ok = False
        self.tracked: list[tuple[str, int]] = []
        self._others: subprocess.Popen[bytes] | None = None
        try:
            self._others = subprocess.Popen([*base, "-o", "--exclude-standard", "--", "."],
                                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            index = subprocess.run([*base, "-c", "-s", "--", "."], capture_output=True,
                                   check=False, timeout=120)
        except (OSError, subprocess.TimeoutExpired):
            self.close()
            return
        if index.returncode != 0:
            self.close()
            return
        self.ok = True
        for entry in index.stdout.decode("utf-8", "surrogateescape").split("\0"):
            if entry:  # "<mode> <object> <stage>\t<path>"
                mode, _, path = entry.partition("\t")
                kind = _INDEX_KINDS.get(mode[:6], 0)
                if kind != _SKIP:
                    self.tracked.append((path, kind))

    def untracked(self) -> list[tuple[str, int]]:
        if self._others is None:
            return []
        try:
            out, _ = self._others.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            self.close()
            return []
        if self._others.returncode != 0:
            return []
        return [(p, 0) for p in out.decode("utf-8", "surrogateescape").split("\0") if p]

    def close(self) -> None:
        if self._others is not None and self._others.poll() is None:
            self._others.kill()
            self._others.wait()


def _git_files(root: Path) -> Iterator[tuple[str, int]] | None:
    """git's listing of ``root`` as it comes, or None outside a work tree or when git
    lists nothing there (an ignored directory: walk it instead)."""
    git = _GitListing(root)
    if not git.ok:
        return None
    if git.tracked:
        def stream() -> Iterator[tuple[str, int]]:
            try:
                yield from git.tracked
                yield from git.untracked()
            finally:
                git.close()
        return stream()
    rest = git.untracked()
    return iter(rest) if rest else None


# What a walk (or git's index) already knows of a file, so that the filter need not
# lstat it again; 0: only an lstat can tell.
_FILE, _LINK, _SKIP = 1, 2, 3
# Index modes: regular and executable files, symlinks, submodules (a directory: skipped).
_INDEX_KINDS = {"100644": _FILE, "100755": _FILE, "120000": _LINK, "160000": _SKIP}


_NAME = attrgetter("name")


def _ignored(specs: tuple[tuple[str, Any], ...], rel: str) -> bool:
    """Whether a .gitignore of ``specs`` (each applying to ``rel``) ignores it; a directory's
    ``rel`` ends with "/"."""
    for base, spec in specs:
        if spec.match_file(rel[len(base):]):
            return True
    return False


def _walk_files(root: Path, errors: list[ScanError]) -> Iterator[tuple[str, int]]:
    """(relative path, kind) of every file under ``root`` that no ``.gitignore`` ignores,
    directory by directory in sorted order; kind is 0 when only an lstat can tell.
    os.scandir gives each entry's type without a system call of its own."""
    # Each directory is listed with the .gitignore specs that apply to it: its own and its
    # ancestors', as (directory, pathspec.GitIgnoreSpec).
    no_specs: tuple[tuple[str, Any], ...] = ()
    pending = [(str(root), "", no_specs)]
    while pending:
        dirpath, rel_dir, specs = pending.pop()
        try:
            with os.scandir(dirpath) as it:
                entries = sorted(it, key=_NAME)
        except OSError as exc:
            errors.append(ScanError(rel_dir.rstrip("/") or ".", f"cannot list directory: {exc.strerror}"))
            continue
        if any(e.name == ".gitignore" for e in entries):
            try:
                with open(os.path.join(dirpath, ".gitignore"), encoding="utf-8", errors="replace") as fh:
                    lines = fh.read().splitlines()
                import pathspec  # on the first .gitignore only: ~30 ms to import

                specs = specs + ((rel_dir, pathspec.GitIgnoreSpec.from_lines(lines)),)
            except OSError:
                pass
        subdirs = []
        for entry in entries:
            rel = rel_dir + entry.name
            try:
                link = entry.is_symlink()
                is_dir = not link and entry.is_dir(follow_symlinks=False)
            except OSError:
                link = is_dir = False
            if is_dir or (link and os.path.isdir(entry.path)):
                if entry.name == ".git" or (specs and _ignored(specs, rel + "/")) or _matches(rel + "/x", DEFAULT_EXCLUDES):
                    continue
                if link:
                    yield rel, _LINK  # reported (or dropped) by the symlink check
                else:
                    subdirs.append((entry.path, rel + "/", specs))
            elif not (specs and _ignored(specs, rel)):
                yield rel, _LINK if link else _FILE if entry.is_file(follow_symlinks=False) else 0
        pending.extend(reversed(subdirs))  # depth-first, in sorted order


def _rel(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


class DiscoveryStream:
    """:func:`discover` as files are found, so that a pool can scan the first ones while
    the rest of the tree is listed. ``root`` is known at once; ``errors`` fills in as the
    stream is read."""

    def __init__(self, paths: list[str] | tuple[str, ...], *,
                 excludes: tuple[str, ...] = DEFAULT_EXCLUDES, include_docs: bool = False,
                 explicit_excludes: bool = True) -> None:
        self.paths = list(paths) or ["."]
        self.excludes, self.include_docs = excludes, include_docs
        self.explicit_excludes = explicit_excludes
        self.errors: list[ScanError] = []
        one_dir = len(self.paths) == 1 and os.path.isdir(self.paths[0])
        self.root = Path(self.paths[0]).resolve() if one_dir else Path.cwd().resolve()
        self._one_dir = one_dir

    def _candidates(self) -> Iterator[tuple[str, int]]:
        root, errors = self.root, self.errors
        if self._one_dir:
            tracked = _git_files(root)
            if tracked:
                yield from tracked
            else:
                # Not a work tree, or a directory git ignores (an unpacked corpus, a build
                # folder the user named explicitly): walk it instead.
                yield from _walk_files(root, errors)
            return
        for p in self.paths:
            path = Path(p)
            if path.is_dir():
                sub = path.resolve()
                prefix = _rel(root, sub)
                git = _git_files(sub)
                listing: Iterable[tuple[str, int]] = git if git else _walk_files(sub, errors)
                for f, kind in listing:
                    yield (f"{prefix}/{f}" if prefix not in ("", ".") else f), kind
            elif path.exists() or path.is_symlink():
                yield _rel(root, path.absolute()), 0
            else:
                errors.append(ScanError(p.replace(os.sep, "/"), "no such file or directory"))

    def __iter__(self) -> Iterator[str]:
        seen: set[str] = set()
        root_str = str(self.root)
        filtered = self.explicit_excludes or len(self.paths) == 1
        for rel, kind in self._candidates():
            if os.sep != "/":
                rel = rel.replace(os.sep, "/")
            if rel in seen:
                continue
            seen.add(rel)
            if filtered and is_excluded(rel, excludes=self.excludes, include_docs=self.include_docs):
                continue
            if kind == _FILE:
                yield rel
                continue
            full = os.path.join(root_str, rel)
            try:
                mode = os.lstat(full).st_mode  # one system call; pathlib made three
            except OSError:
                mode = 0  # vanished or unreadable: scan_file reports it
            if stat.S_ISLNK(mode):
                problem = _symlink_problem(self.root, Path(full))
                if problem:
                    self.errors.append(ScanError(rel, problem))
                continue
            if stat.S_ISDIR(mode):
                continue
            if mode and not stat.S_ISREG(mode):
                # Reading a FIFO would wait for a writer forever; a socket or device is no source.
                self.errors.append(ScanError(rel, "not a regular file (a FIFO, socket or device), skipped"))
                continue
            yield rel


def discover(paths: list[str] | tuple[str, ...], *, excludes: tuple[str, ...] = DEFAULT_EXCLUDES,
             include_docs: bool = False, explicit_excludes: bool = True) -> Discovery:
    """Resolve the PATH arguments of a scan into a root and the files under it.

    One directory: it is the root. Files (as pre-commit passes them) or several
    paths: the current directory is the root and paths stay as the user wrote them.
    """
    stream = DiscoveryStream(paths, excludes=excludes, include_docs=include_docs,
                             explicit_excludes=explicit_excludes)
    files = sorted(stream)
    return Discovery(root=str(stream.root), files=tuple(files), errors=tuple(stream.errors))


def _symlink_problem(root: Path, link: Path) -> str | None:
    try:
        os.stat(link)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symlink loop, skipped"
        return "broken symlink, skipped"
    target = Path(os.path.realpath(link))
    try:
        target.relative_to(root)
    except ValueError:
        return "symlink points outside the scanned root, not followed"
    return None  # its target inside the root is scanned in its own right
