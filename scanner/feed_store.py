"""Where feeds live and which one a scan uses. No network here: scans never fetch.

The cache holds at most one feed, written only by ``feed update`` (atomically, after
validation), with ``feed.meta.json`` beside it for conditional GETs. A scan uses, in
order: the ``--feed FILE`` it was given (an explicit choice is never second-guessed),
else the newer of the cached and the bundled feed, so upgrading modeltrail (a newer
bundled snapshot) is never undone by an old cache. The one exception is a feed the
user accepted with ``feed update --allow-older``: the cache remembers that choice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .catalog import rules_dir
from .feed import BUNDLED_FEED, Feed, FeedError, load_feed

CACHE_ENV = "MODELTRAIL_CACHE_DIR"
FEED_FILE = "feed.json"
META_FILE = "feed.meta.json"
DEFAULT_MAX_AGE_DAYS = 45


def cache_dir() -> Path:
    """``$MODELTRAIL_CACHE_DIR``, else the platform's user cache directory (the places
    platformdirs picks; written out here to keep a dependency off the scan path)."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override)
    home = Path.home()
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "modeltrail"
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(home / "AppData" / "Local")
        return Path(base) / "modeltrail" / "Cache"
    xdg = os.environ.get("XDG_CACHE_HOME")
    # XDG says a relative path is invalid and must be ignored.
    base_dir = Path(xdg) if xdg and os.path.isabs(xdg) else home / ".cache"
    return base_dir / "modeltrail"


def bundled_path() -> Path:
    return rules_dir() / BUNDLED_FEED


def read_meta(directory: Path | None = None) -> dict[str, Any]:
    try:
        with open((directory or cache_dir()) / META_FILE, encoding="utf-8") as fh:
            meta = json.load(fh)
        return meta if isinstance(meta, dict) else {}
    except (OSError, ValueError):
        return {}


def sha256_file(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


@dataclass(frozen=True, slots=True)
class FeedChoice:
    path: str
    origin: str  # "file" (--feed), "cache" or "bundled"
    reason: str
    generated_at: str
    warnings: tuple[str, ...] = ()

    def meta(self) -> dict[str, str]:
        return {"origin": self.origin, "path": self.path}


def cached_feed(directory: Path | None = None) -> tuple[Feed | None, str | None]:
    """The cached feed, or None and why it cannot be used (None, None: there is none)."""
    directory = directory or cache_dir()
    path = directory / FEED_FILE
    try:
        if not path.exists():
            return None, None
    except OSError as exc:  # an unreadable cache must not stop a scan
        return None, f"the cache directory {directory} cannot be read ({exc.strerror or exc})"
    meta = read_meta(directory)
    digest = sha256_file(path)
    if meta.get("sha256") and digest != meta["sha256"]:
        return None, f"the cached feed {path} does not match the checksum recorded when it was written"
    try:
        return load_feed(str(path)), None
    except FeedError as exc:
        return None, f"the cached feed is unusable ({exc})"


def select_feed(explicit: str | None = None) -> FeedChoice:
    """Which feed a scan uses and why. Raises :class:`FeedError` for a bad ``explicit``."""
    if explicit:
        feed = load_feed(explicit)
        return FeedChoice(explicit, "file", "given with --feed", feed.generated_at)
    bundled = load_feed()  # the bundled feed, as scans load it: parsed once per process
    cached, problem = cached_feed()
    warnings = (f"{problem}; using the bundled feed",) if problem else ()
    if cached is None:
        reason = "bundled with modeltrail" + (
            "" if problem else " (no cached feed: run `modeltrail feed update`)")
        return FeedChoice(bundled.origin, "bundled", reason, bundled.generated_at, warnings)
    meta = read_meta()
    if cached.generated_at >= bundled.generated_at:
        return FeedChoice(cached.origin, "cache",
                          f"cached by `feed update` from {meta.get('url', 'an unknown URL')}; "
                          f"generated {cached.generated_at}, not older than the bundled "
                          f"{bundled.generated_at}", cached.generated_at)
    if meta.get("accepted_older"):
        return FeedChoice(cached.origin, "cache",
                          f"cached by `feed update --allow-older` from {meta.get('url', '?')}; "
                          f"older ({cached.generated_at}) than the bundled {bundled.generated_at} "
                          "by the user's choice", cached.generated_at)
    return FeedChoice(bundled.origin, "bundled",
                      f"bundled with modeltrail, generated {bundled.generated_at}: newer than the "
                      f"cached feed ({cached.generated_at})", bundled.generated_at)


def age_warning(generated_at: str, *, today: dt.date, max_age_days: int) -> str | None:
    if not generated_at:
        return "the deprecation feed in use has no generated_at date; its age is unknown"
    age = (today - dt.date.fromisoformat(generated_at)).days
    if age <= max_age_days:
        return None
    return (f"the deprecation feed in use was generated on {generated_at}, {age} days ago "
            f"(more than feed-max-age-days = {max_age_days}); providers move dates every month: "
            "run `modeltrail feed update`")
