"""Write a set of file changes all-or-nothing.

1. Check every file still holds the bytes the plan was made from (SHA-256); one that
   changed since the scan refuses the whole write, nothing is touched.
2. Stage: for each file, a temp file with the new bytes beside it (same directory, so
   the rename is atomic), fsynced, with the original's permission bits (and owner when
   allowed), and a backup hard link to the original (a copy where links are not
   supported).
3. Commit: rename each temp file over its original. If one rename fails, the files
   already renamed are put back from their backups, so every file ends either old or
   new, never half-written.

Nothing here decodes or re-encodes: the bytes were produced by the planner with the
file's own encoding, BOM and newlines.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from typing import Sequence

from .values import FileChange


class WriteError(RuntimeError):
    """The write was refused or failed; no file was changed (or every change was undone)."""


@dataclass(slots=True)
class _Staged:
    target: str
    temp: str
    backup: str | None = None
    committed: bool = False


def _sha(path: str) -> str:
    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


def check_unchanged(root: str, changes: Sequence[FileChange]) -> None:
    for change in changes:
        full = os.path.join(root, change.path)
        try:
            current = _sha(full)
        except OSError as exc:
            raise WriteError(f"{change.path}: cannot read ({exc.strerror or exc}); nothing "
                             "written") from None
        if current != change.old_sha256:
            raise WriteError(f"{change.path} changed since it was scanned; nothing written "
                             "(run the fix again)")


def _stage(root: str, change: FileChange) -> _Staged:
    target = os.path.join(root, change.path)
    info = os.stat(target)
    directory, name = os.path.split(target)
    fd, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".modeltrail", dir=directory)
    staged = _Staged(target=target, temp=temp)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(change.new)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(temp, info.st_mode & 0o7777)
        try:
            os.chown(temp, info.st_uid, info.st_gid)
        except (PermissionError, AttributeError):
            pass  # not ours to give away; the mode bits are kept
        backup = temp[:-len(".modeltrail")] + ".orig.modeltrail"
        try:
            os.link(target, backup)
        except OSError:
            with open(backup, "wb") as fh:
                fh.write(change.old)
        staged.backup = backup
    except BaseException:
        _remove(staged.temp)
        if staged.backup:
            _remove(staged.backup)
        raise
    return staged


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def write_changes(root: str, changes: Sequence[FileChange]) -> list[str]:
    """Write every change or none; returns the paths written. Raises :class:`WriteError`."""
    check_unchanged(root, changes)
    staged: list[_Staged] = []
    try:
        for change in changes:
            staged.append(_stage(root, change))
        # The window between the check and the renames is as short as it can be made;
        # look once more so an editor's save during staging is not overwritten.
        check_unchanged(root, changes)
        for item in staged:
            os.replace(item.temp, item.target)
            item.committed = True
    except (OSError, WriteError) as exc:
        undone = _roll_back(staged)
        if isinstance(exc, WriteError):
            raise
        where = getattr(exc, "filename", None) or ""
        raise WriteError(f"writing failed ({exc.strerror or exc}{': ' + str(where) if where else ''}); "
                         f"{'every file was put back' if undone else 'no file was changed'}") from None
    finally:
        for item in staged:
            _remove(item.temp)
            if item.backup:
                _remove(item.backup)
    return [c.path for c in changes]


def _roll_back(staged: list[_Staged]) -> bool:
    undone = False
    for item in staged:
        if item.committed and item.backup:
            os.replace(item.backup, item.target)
            undone = True
    return undone
