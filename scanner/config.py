"""The team's policy: ``[tool.modeltrail]`` in pyproject.toml or a ``.modeltrail.toml``.

Found from the scan root upward to the git root (the first file that has a policy
wins; a pyproject.toml without the table is passed over), or named with ``--config``.
Every key is checked: an unknown key, a value of the wrong type, a glob that cannot
compile or a date that is not a date is a :class:`ConfigError` naming the file and
the key, because a misspelt ``fail-on`` that is silently ignored is worse than none.
The keys are documented in docs/policy.md.
"""

from __future__ import annotations

import datetime as dt
import difflib
import fnmatch
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .rules import RULES, SEVERITIES

CONFIG_FILE = ".modeltrail.toml"
HANDLING = ("inventory", "judge", "skip")
DEFAULT_WARN_DAYS = 180  # OpenAI's usual notice period


class ConfigError(ValueError):
    def __init__(self, file: str, key: str | None, message: str) -> None:
        self.file, self.key = file, key
        where = f"{file}: {key}: " if key else f"{file}: "
        super().__init__(where + message)


@dataclass(frozen=True, slots=True)
class Ignore:
    """A suppression kept in the config (JSON has no comments)."""

    path: str | None = None
    rules: tuple[str, ...] = ()  # empty: every rule
    models: tuple[str, ...] = ()  # globs; empty: every model
    until: dt.date | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Policy:
    source: str | None = None
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    disabled: frozenset[str] = frozenset()
    severities: tuple[tuple[str, str], ...] = ()
    fail_on: str | None = None
    warn_days: int = DEFAULT_WARN_DAYS
    escalate_days: int | None = None
    allow: tuple[str, ...] = ()
    deny: tuple[str, ...] = ()
    overlay: str | None = None
    comments: str = "inventory"
    tests: str = "inventory"
    max_file_size: int | None = None
    feed_max_age_days: int = 45
    baseline: str | None = None
    ignore: tuple[Ignore, ...] = field(default_factory=tuple)

    def severity(self, rule: str) -> str:
        return dict(self.severities).get(rule, RULES[rule].severity)

    def enabled(self, rule: str) -> bool:
        return rule not in self.disabled


# --- finding and reading -----------------------------------------------------------------

def _git_root(start: Path) -> Path | None:
    for d in (start, *start.parents):
        if (d / ".git").exists():
            return d
    return None


def find_config(start: str | os.PathLike[str]) -> Path | None:
    """The policy file for a scan rooted at ``start``: from there up to the git root
    (only ``start`` itself outside a repository, so a scan of /tmp/x never picks up a
    stray file higher up)."""
    here = Path(start).resolve()
    if here.is_file():
        here = here.parent
    top = _git_root(here) or here
    for d in (here, *here.parents):
        if (d / CONFIG_FILE).is_file():
            return d / CONFIG_FILE
        pyproject = d / "pyproject.toml"
        if pyproject.is_file() and _has_table(pyproject):
            return pyproject
        if d == top:
            break
    return None


def _has_table(pyproject: Path) -> bool:
    try:
        data = _read_toml(pyproject)
    except ConfigError:
        return True  # let load_policy report the broken file rather than skip it
    return isinstance(data.get("tool"), dict) and "modeltrail" in data["tool"]


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef,import-not-found,unused-ignore]
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(str(path), None, f"cannot read: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), None, f"not valid TOML: {exc}") from None


def load_policy(path: str | os.PathLike[str]) -> Policy:
    file = Path(path)
    data = _read_toml(file)
    if file.name == "pyproject.toml":
        table = data.get("tool", {}).get("modeltrail", {}) if isinstance(data.get("tool"), dict) else {}
        prefix = "tool.modeltrail."
    else:
        table, prefix = data, ""
        if "tool" in data:
            raise ConfigError(str(file), "tool", f"in {CONFIG_FILE} write the keys at the top "
                              "level, without a [tool.modeltrail] header")
    return parse_policy(table, file=str(file), prefix=prefix)


def policy_for(paths: list[str] | tuple[str, ...], config: str | None = None) -> Policy:
    """The policy for a scan of ``paths``: ``config`` if given, else the one found."""
    if config:
        return load_policy(config)
    first = paths[0] if paths else "."
    start = first if os.path.isdir(first) else os.path.dirname(os.path.abspath(first))
    found = find_config(start)
    return load_policy(found) if found else Policy()


# --- parsing -----------------------------------------------------------------------------

class _Reader:
    def __init__(self, table: dict[str, Any], file: str, prefix: str) -> None:
        self.table, self.file, self.prefix = table, file, prefix

    def error(self, key: str, message: str) -> ConfigError:
        return ConfigError(self.file, self.prefix + key, message)

    def get(self, key: str, kind: type | tuple[type, ...], default: Any = None) -> Any:
        if key not in self.table:
            return default
        value = self.table[key]
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
            names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            raise self.error(key, f"expected {_toml_type(names)}, got {value!r}")
        return value

    def choice(self, key: str, options: tuple[str, ...], default: str | None) -> str | None:
        value: str | None = self.get(key, str, default)
        if value is not None and value not in options:
            raise self.error(key, f"{value!r} is not one of {', '.join(options)}")
        return value

    def globs(self, key: str, *, paths: bool) -> tuple[str, ...]:
        value = self.get(key, list, [])
        return tuple(check_glob(v, lambda m: self.error(key, m), paths=paths) for v in value)

    def count(self, key: str, default: int | None, minimum: int = 0) -> Any:
        value = self.get(key, int, default)
        if value is not None and value < minimum:
            raise self.error(key, f"must be {minimum} or more, got {value}")
        return value


def _toml_type(names: str) -> str:
    return (names.replace("str", "a string").replace("int", "an integer").replace("list", "an array")
            .replace("dict", "a table").replace("bool", "true or false"))


def check_glob(value: Any, error: Any, *, paths: bool) -> str:
    """``value`` if it is a glob that can match something; raises ``error(message)``."""
    if not isinstance(value, str) or not value.strip():
        raise error(f"{value!r} is not a glob (a non-empty string)")
    if any(c in value for c in "\n\r\0"):
        raise error(f"{value!r}: a glob cannot contain a line break or NUL")
    if value.count("[") != value.count("]"):
        raise error(f"{value!r}: unbalanced [ ] in the glob")
    try:
        re.compile(fnmatch.translate(value))
    except re.error as exc:
        raise error(f"{value!r} is not a valid glob ({exc})") from None
    if paths and (value.startswith("/") or re.match(r"[A-Za-z]:[\\/]", value)):
        raise error(f"{value!r}: path globs are relative to the scanned root, not absolute")
    return value


def _date_value(value: Any, error: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise error(f"{value!r} is not a date (YYYY-MM-DD)") from None


def _rule_id(name: str, error: Any) -> str:
    if name in RULES:
        return name
    by_name = {r.name: r.id for r in RULES.values()}
    if name in by_name:
        return by_name[name]
    raise error(f"unknown rule {name!r} (rules: {', '.join(RULES)})")


_KEYS = ("include", "exclude", "rules", "fail-on", "warn-days", "escalate-days", "allow", "deny", "overlay",
         "comments", "tests", "max-file-size", "feed-max-age-days", "baseline", "ignore")
_IGNORE_KEYS = ("path", "rules", "models", "until", "reason")


def _unknown(key: str, known: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(key, known, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"unknown key{hint} (known keys: {', '.join(known)})"


def parse_policy(table: dict[str, Any], *, file: str, prefix: str = "") -> Policy:
    r = _Reader(table, file, prefix)
    for key in table:
        if key not in _KEYS:
            raise r.error(key, _unknown(key, _KEYS))
    base = Path(file).parent
    disabled: set[str] = set()
    severities: dict[str, str] = {}
    for name, value in r.get("rules", dict, {}).items():
        rule = _rule_id(name, lambda m, n=name: r.error(f"rules.{n}", m))
        if value is False or value == "off":
            disabled.add(rule)
        elif value is True or value == "on":
            continue
        elif isinstance(value, str) and value in SEVERITIES[1:]:
            severities[rule] = value
        else:
            raise r.error(f"rules.{name}", f"{value!r}: use true, false, \"off\" or a severity "
                          f"({', '.join(SEVERITIES[1:])})")
    ignores = []
    for i, entry in enumerate(r.get("ignore", list, [])):
        where = f"ignore[{i}]"
        if not isinstance(entry, dict):
            raise r.error(where, "each entry is a table: [[tool.modeltrail.ignore]] or {path = ...}")
        for key in entry:
            if key not in _IGNORE_KEYS:
                raise r.error(f"{where}.{key}", _unknown(key, _IGNORE_KEYS))
        sub = _Reader(entry, file, f"{prefix}{where}.")
        path = sub.get("path", str)
        if path is not None:
            check_glob(path, lambda m: sub.error("path", m), paths=True)
        rules = tuple(_rule_id(str(x), lambda m: sub.error("rules", m)) for x in sub.get("rules", list, []))
        until = entry.get("until")
        ignores.append(Ignore(
            path=path, rules=rules, models=sub.globs("models", paths=False),
            until=None if until is None else _date_value(until, lambda m: sub.error("until", m)),
            reason=sub.get("reason", str)))
    overlay = r.get("overlay", str)
    baseline = r.get("baseline", str)
    return Policy(
        source=file,
        include=r.globs("include", paths=True),
        exclude=r.globs("exclude", paths=True),
        disabled=frozenset(disabled),
        severities=tuple(sorted(severities.items())),
        fail_on=r.choice("fail-on", SEVERITIES, None),
        warn_days=r.count("warn-days", DEFAULT_WARN_DAYS),
        escalate_days=r.count("escalate-days", None),
        allow=r.globs("allow", paths=False),
        deny=r.globs("deny", paths=False),
        overlay=str(base / overlay) if overlay else None,
        comments=r.choice("comments", HANDLING, "inventory") or "inventory",
        tests=r.choice("tests", HANDLING, "inventory") or "inventory",
        max_file_size=r.count("max-file-size", None, minimum=1),
        feed_max_age_days=r.count("feed-max-age-days", 45),
        baseline=str(base / baseline) if baseline else None,
        ignore=tuple(ignores),
    )


# --- model globs -------------------------------------------------------------------------

def model_matches(pattern: str, *, provider: str, model: str, text: str,
                  providers: frozenset[str]) -> bool:
    """``pattern`` names this reference: ``gpt-3.5*`` (matched against the model id and
    the text as written) or ``provider:glob`` (``aws_bedrock:anthropic.claude-v2*``;
    only a provider key counts as a qualifier, since Bedrock ids contain colons)."""
    head, sep, rest = pattern.partition(":")
    if sep and head in providers:
        return head == provider and fnmatch.fnmatchcase(model, rest)
    return fnmatch.fnmatchcase(model, pattern) or fnmatch.fnmatchcase(text, pattern)

