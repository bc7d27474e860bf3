"""Bytes to text and back, losing nothing: encoding, BOM and line endings.

Scans decode; fixes (which must write a file back byte-identical except for the edited
ids) keep the :class:`TextFile` description to encode with.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class DecodeError(ValueError):
    """The bytes are not text this tool can read; the message says why."""


@dataclass(frozen=True, slots=True)
class TextFile:
    text: str
    encoding: str
    bom: bytes

    def encode(self, text: str) -> bytes:
        return self.bom + text.encode(self.encoding)


def sniff(data: bytes) -> TextFile | None:
    """Decode ``data``; None for an empty file; :class:`DecodeError` when not text."""
    if not data:
        return None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return TextFile(data[len(bom):].decode(encoding), encoding, bom)
            except UnicodeDecodeError as exc:
                raise DecodeError(f"has a {encoding.upper()} byte-order mark but is not valid "
                                  f"{encoding.upper()} at byte {exc.start + len(bom)}; skipped") from None
    if b"\0" in data[:8192]:
        raise DecodeError("binary file (NUL bytes), skipped")
    try:
        return TextFile(data.decode("utf-8"), "utf-8", b"")
    except UnicodeDecodeError as exc:
        raise DecodeError(f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}) "
                          "and no byte-order mark names another encoding; skipped") from None


def decode_bytes(data: bytes) -> str | None:
    decoded = sniff(data)
    return None if decoded is None else decoded.text
