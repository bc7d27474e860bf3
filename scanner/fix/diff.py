"""Unified diffs that ``git apply`` accepts, computed on bytes.

Lines are split on ``\\n`` only, so a CRLF file's ``\\r`` stays part of each line and
the patch reproduces it; a last line without a newline gets git's marker. A file that
git would treat as binary (UTF-16/32 text has NUL bytes) gets a ``GIT binary patch``
with full blob ids, which is the only form ``git apply`` takes for such files.
"""

from __future__ import annotations

import base64
import difflib
import hashlib
import zlib
from typing import Iterable, Sequence

from .values import FileChange

_NO_NEWLINE = b"\\ No newline at end of file\n"
_B85_LEN = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def blob_id(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def _lines(data: bytes) -> list[bytes]:
    # Not bytes.splitlines: it also splits on a lone \r, which git does not.
    parts = data.split(b"\n")
    out = [p + b"\n" for p in parts[:-1]]
    if parts[-1]:
        out.append(parts[-1])
    return out


def _range(start: int, count: int) -> str:
    if count == 1:
        return str(start + 1)
    return f"{start + 1 if count else start},{count}"


def _emit(line: bytes, mark: bytes) -> Iterable[bytes]:
    yield mark + line
    if not line.endswith(b"\n"):
        yield b"\n" + _NO_NEWLINE


def _text_hunks(old: bytes, new: bytes, context: int) -> Iterable[bytes]:
    a, b = _lines(old), _lines(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for group in matcher.get_grouped_opcodes(context):
        i1, i2, j1, j2 = group[0][1], group[-1][2], group[0][3], group[-1][4]
        yield f"@@ -{_range(i1, i2 - i1)} +{_range(j1, j2 - j1)} @@\n".encode()
        for tag, a1, a2, b1, b2 in group:
            if tag == "equal":
                for line in a[a1:a2]:
                    yield from _emit(line, b" ")
                continue
            for line in a[a1:a2]:
                yield from _emit(line, b"-")
            for line in b[b1:b2]:
                yield from _emit(line, b"+")


def _base85_block(data: bytes) -> Iterable[bytes]:
    packed = zlib.compress(data, 9)
    for i in range(0, len(packed), 52):
        chunk = packed[i:i + 52]
        yield _B85_LEN[len(chunk) - 1].encode() + base64.b85encode(chunk, pad=True) + b"\n"


def _binary_patch(old: bytes, new: bytes) -> Iterable[bytes]:
    yield b"GIT binary patch\n"
    yield b"literal %d\n" % len(new)
    yield from _base85_block(new)
    yield b"\n"
    yield b"literal %d\n" % len(old)  # the reverse half, so `git apply -R` works too
    yield from _base85_block(old)
    yield b"\n"


def is_binary(data: bytes) -> bool:
    return b"\0" in data


def file_diff(path: str, old: bytes, new: bytes, *, mode: int = 0o100644,
              context: int = 3) -> bytes:
    """One file's patch, or ``b""`` when nothing changed."""
    if old == new:
        return b""
    quoted = path.encode("utf-8")
    head = [b"diff --git a/%s b/%s\n" % (quoted, quoted)]
    if is_binary(old) or is_binary(new):
        head.append(f"index {blob_id(old)}..{blob_id(new)} {mode:o}\n".encode())
        return b"".join(head) + b"".join(_binary_patch(old, new))
    head.append(f"index {blob_id(old)[:12]}..{blob_id(new)[:12]} {mode:o}\n".encode())
    head.append(b"--- a/%s\n+++ b/%s\n" % (quoted, quoted))
    return b"".join(head) + b"".join(_text_hunks(old, new, context))


def render_diff(changes: Sequence[FileChange], *, prefix: str = "",
                modes: dict[str, int] | None = None) -> bytes:
    """The patch for every change, paths prefixed by ``prefix`` (``sub/dir/``)."""
    modes = modes or {}
    return b"".join(file_diff(prefix + c.path, c.old, c.new, mode=modes.get(c.path, 0o100644))
                    for c in changes)
