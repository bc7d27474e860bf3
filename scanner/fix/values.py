"""The values a fix is made of: options in, edits and "needs a human" notes out.

All frozen and picklable, like the scan's values. An :class:`Edit` is a character span of
one file's decoded text (the same offsets a :class:`~scanner.model.Reference` carries);
bytes only appear again when a :class:`FileChange` is encoded for writing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

PIN, REPLACE, TO, AZURE_PIN = "pin", "replace", "to", "azure-pin"
STRATEGIES = frozenset({PIN, REPLACE})


@dataclass(frozen=True, slots=True)
class FixOptions:
    """What to fix. ``mappings`` (``--to OLD=NEW``) replace the strategies when given:
    a rollback must not be undone by the replace strategy in the same run."""

    strategies: frozenset[str] = STRATEGIES
    mappings: tuple[tuple[str, str], ...] = ()
    rules: frozenset[str] | None = None
    providers: frozenset[str] | None = None
    model_globs: tuple[str, ...] = ()
    today: dt.date | None = None
    feed_path: str | None = None


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``old`` (exactly ``text[start:end]``) with ``new`` in one file."""

    path: str
    start: int
    end: int
    old: str
    new: str
    strategy: str
    reason: str
    line: int = 0
    column: int = 0
    rule: str | None = None
    provider: str = ""
    model: str = ""
    target: str = ""
    shutdown_on: str | None = None
    source: str | None = None
    # What a person reads as "from -> to" when old/new are not the ids themselves
    # (an Azure deployment's inserted version line), and the model name it belongs to.
    shown: tuple[str, str] | None = None
    anchor: int = -1

    @property
    def shown_old(self) -> str:
        return self.shown[0] if self.shown else self.old

    @property
    def shown_new(self) -> str:
        return self.shown[1] if self.shown else self.new


@dataclass(frozen=True, slots=True)
class Manual:
    """A reference a strategy would change but that is left for a person, and why."""

    path: str
    line: int
    column: int
    text: str
    reason: str
    rule: str | None = None


@dataclass(frozen=True, slots=True)
class FileChange:
    """One file's old and new bytes; ``old_sha256`` is what a write checks first."""

    path: str
    old: bytes
    new: bytes
    edits: tuple[Edit, ...]
    old_sha256: str = ""

    @staticmethod
    def of(path: str, old: bytes, new: bytes, edits: tuple[Edit, ...]) -> "FileChange":
        return FileChange(path, old, new, edits, hashlib.sha256(old).hexdigest())


@dataclass(frozen=True, slots=True)
class FixPlan:
    root: str
    changes: tuple[FileChange, ...] = ()
    manual: tuple[Manual, ...] = ()
    errors: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    @property
    def edits(self) -> tuple[Edit, ...]:
        return tuple(e for c in self.changes for e in c.edits)
