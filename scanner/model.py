"""The values that flow through a scan: small, frozen, picklable.

Everything here crosses a process pool, so nothing holds a file handle, a compiled
regex or a parser. Errors are data too (:class:`ScanError`), never an exception that
ends a run.
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields
from operator import attrgetter
from typing import Any, TypeVar, cast

_T = TypeVar("_T")


def _slot_init(cls: type[_T]) -> type[_T]:
    """Give a frozen slots dataclass an ``__init__`` that fills each slot through its
    descriptor, with the same signature and defaults: the generated one goes through
    ``object.__setattr__`` for every field (frozen), ~40% slower, and scans build tens of
    thousands of occurrences and references (and unpickle the references once more).
    The class stays frozen: assigning to an attribute still raises."""
    params, lines = [], []
    namespace: dict[str, Any] = {}
    for f in fields(cast(Any, cls)):  # a dataclass, which TypeVar bounds cannot say here
        if f.default_factory is not MISSING:
            raise TypeError(f"{cls.__name__}.{f.name}: default factories are not supported")
        if f.default is MISSING:
            params.append(f.name)
        else:
            params.append(f"{f.name}=_default_{f.name}")
            namespace[f"_default_{f.name}"] = f.default
        namespace[f"_set_{f.name}"] = getattr(cls, f.name).__set__
        lines.append(f"    _set_{f.name}(self, {f.name})")
    exec(f"def __init__(self, {', '.join(params)}):\n" + "\n".join(lines), namespace)  # noqa: S102
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    setattr(cls, "__init__", init)
    return cls


# Where a string sits. ``code`` and ``config`` raise findings; ``comment``, ``test``,
# ``docs`` and ``notebook-output`` are inventoried only (unless policy says otherwise).
CONTEXTS = ("code", "config", "comment", "test", "docs", "notebook")


@_slot_init
@dataclass(frozen=True, slots=True)
class Occurrence:
    """A string value an extractor found, before the catalog has looked at it.

    ``start``/``end`` are 0-based character offsets into the decoded file text and
    ``text`` is exactly ``file_text[start:end]`` (a literal's content, without quotes).
    ``value`` is what it means when that differs: escapes, implicit concatenation, or
    an id ``composed`` from constants (``"gpt-4" + "-0613"``), whose span covers the
    whole expression and which fixes must never rewrite. ``key`` is the name around
    it: keyword argument, dict/YAML key, assignment target, env var name. ``prose``
    marks free text (comments, docstrings), where only catalog ids count. ``whole`` marks
    a mapping's key of one word, which names a model only as a whole ("gpt-4o": {...}),
    never by a part of it ("@gpt-4o/*", a path alias).
    """

    start: int
    end: int
    text: str
    context: str
    language: str
    key: str | None = None
    value: str | None = None
    composed: bool = False
    prose: bool = False
    # Azure deployments pair a model name with a version; IaC extractors fill these.
    version: str | None = None
    upgrade_policy: str | None = None
    cell: int | None = None
    whole: bool = False

    @property
    def meaning(self) -> str:
        return self.text if self.value is None else self.value


@_slot_init
@dataclass(frozen=True, slots=True)
class ModelRef:
    """What the catalog says a string is."""

    provider: str
    model: str
    pinned: bool
    resolves_to: str | None
    known: bool
    kind: str | None = None
    # An alias with no dated snapshot at all: floating, but nothing to pin to.
    no_snapshot: bool = False
    version: str | None = None


@dataclass(frozen=True, slots=True)
class Lifecycle:
    status: str
    shutdown_on: str | None
    announced_on: str | None
    replacement: str | None
    shutdown_is_earliest: bool = False
    source: str | None = None
    days_left: int | None = None


@_slot_init
@dataclass(frozen=True, slots=True)
class Reference:
    """One model identifier in one file: the inventory row."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    text: str
    provider: str
    model: str
    pinned: bool
    resolves_to: str | None
    status: str
    shutdown_on: str | None
    replacement: str | None
    context: str
    language: str
    key: str | None = None
    known: bool = True
    kind: str | None = None
    composed: bool = False
    version: str | None = None
    upgrade_policy: str | None = None
    cell: int | None = None
    start: int = 0
    end: int = 0

    def to_json(self) -> dict[str, Any]:
        # Every field but the offsets, in declaration order. (dataclasses.asdict deep-copies
        # and took ~70 µs a reference: seconds on a large inventory.)
        return {name: getattr(self, name) for name in REFERENCE_JSON_FIELDS}

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # References cross the process pool by the thousand. The slots dataclass's own
        # __setstate__ calls fields() for every object it unpickles: ~3x slower.
        return Reference, _REFERENCE_VALUES(self)


REFERENCE_JSON_FIELDS = tuple(f.name for f in fields(Reference) if f.name not in ("start", "end"))
_REFERENCE_VALUES = attrgetter(*(f.name for f in fields(Reference)))


@_slot_init
@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    severity: str
    message: str
    reference: Reference
    # Line-independent identity (scanner.fingerprint): baseline, SARIF, PR de-duplication.
    fingerprint: str = ""

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"rule": self.rule, "severity": self.severity, "message": self.message,
                **self.reference.to_json()}
        if self.fingerprint:
            data["fingerprint"] = self.fingerprint
        return data


@dataclass(frozen=True, slots=True)
class ScanError:
    path: str
    message: str

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "message": self.message}


@_slot_init
@dataclass(frozen=True, slots=True)
class FileResult:
    """What scanning one file produced; crosses the process pool."""

    path: str
    references: tuple[Reference, ...] = ()
    errors: tuple[ScanError, ...] = ()
    parsed: bool = False
    dynamic: tuple[Reference, ...] = ()


@dataclass(frozen=True, slots=True)
class ScanStats:
    files_seen: int
    files_parsed: int
    seconds: float


@dataclass(frozen=True, slots=True)
class ScanResult:
    references: tuple[Reference, ...]
    findings: tuple[Finding, ...]
    errors: tuple[ScanError, ...]
    stats: ScanStats
    feed: dict[str, Any] = field(default_factory=dict)
    # Not errors: a stale feed, a cache that could not be used.
    warnings: tuple[str, ...] = ()
    # Hidden by an inline or config suppression, or by the baseline (scan --baseline).
    suppressed: tuple[Finding, ...] = ()
    baselined: tuple[Finding, ...] = ()
    # Absolute directory the result's relative paths start from (SARIF %SRCROOT%).
    root: str = ""


# Report order, as sort keys that run in C (attrgetter): a lambda per item cost ~10 ms on
# an inventory of 15,000 references.
REFERENCE_ORDER = attrgetter("path", "line", "column")
FINDING_ORDER = attrgetter("reference.path", "reference.line", "reference.column", "rule")
