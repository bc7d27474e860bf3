"""UTF-8 byte offsets (tree-sitter's) to character offsets (the engine's), both ways."""

from __future__ import annotations

import bisect

_CHUNK = 4096


class Offsets:
    """UTF-8 byte offsets (tree-sitter's) to character offsets (the engine's), both ways."""

    def __init__(self, text: str, data: bytes) -> None:
        self.text, self.data = text, data
        self.ascii = len(text) == len(data)
        self.byte_starts: list[int] = []
        if not self.ascii:  # fixed chunks, so a 2 MB one-line bundle is not quadratic
            pos = 0
            for i in range(0, len(text), _CHUNK):
                self.byte_starts.append(pos)
                pos += len(text[i:i + _CHUNK].encode("utf-8", "surrogatepass"))

    def char(self, b: int) -> int:
        if self.ascii:
            return b
        i = bisect.bisect_right(self.byte_starts, b) - 1
        return i * _CHUNK + len(self.data[self.byte_starts[i]:b].decode("utf-8", "ignore"))

    def byte(self, c: int) -> int:
        if self.ascii:
            return c
        i = c // _CHUNK
        return self.byte_starts[i] + len(self.text[i * _CHUNK:c].encode("utf-8", "surrogatepass"))
