"""``modeltrail feed update``: fetch a newer feed into the user cache, or change nothing.

Every failure leaves the feed in use exactly as it was: the download is checked
(status, size cap, overall deadline, optional sha256, JSON, schema, not older than the
feed in use) before a byte reaches the cache, and the cache file is replaced with one
``os.replace`` of a fully written, fsynced temporary file beside it. requests is
imported here only; scans never load this module.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import json
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from .feed import Feed, FeedError
from .feed_schema import validate_feed
from .feed_store import FEED_FILE, META_FILE, cache_dir, read_meta, select_feed, sha256_file

DEFAULT_URL = "https://modeltrail.dev/feed/v1/feed.json"
URL_ENV = "MODELTRAIL_FEED_URL"
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_BYTES = 32 * 1024 * 1024  # the bundled feed is ~0.5 MB
_USER_AGENT = "modeltrail-feed-update"
_MAX_REDIRECTS = 5


class UpdateError(Exception):
    """The update failed; the message says why. The feed in use is unchanged."""


@dataclass(frozen=True, slots=True)
class Fetched:
    status: int
    body: bytes
    url: str
    etag: str | None
    last_modified: str | None


@dataclass(frozen=True, slots=True)
class UpdateResult:
    changed: bool
    path: str
    generated_at: str
    message: str


def url_problem(url: str, *, allow_http: bool) -> str | None:
    """Why ``url`` may not be fetched, or None."""
    parts = urlsplit(url)
    if parts.scheme == "https":
        return None
    if parts.scheme != "http":
        return ("only https:// URLs are fetched (plain http:// only to this machine, or with "
                "--allow-http)")
    host = parts.hostname or ""
    if allow_http or _loopback(host):
        return None
    return (f"refusing plain http:// to {host}: anyone on the path could change the feed. "
            "Use https://, or --allow-http if you really mean it")


def check_url(url: str, *, allow_http: bool) -> None:
    problem = url_problem(url, allow_http=allow_http)
    if problem:
        raise UpdateError(f"{url}: {problem}")


def _loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def fetch(url: str, *, allow_http: bool = False, timeout: float = DEFAULT_TIMEOUT,
          max_bytes: int = DEFAULT_MAX_BYTES, headers: dict[str, str] | None = None) -> Fetched:
    """GET ``url`` within ``timeout`` seconds overall and ``max_bytes``; never raises
    anything but :class:`UpdateError`."""
    import requests  # the only module that needs it

    check_url(url, allow_http=allow_http)
    deadline = time.monotonic() + timeout
    current = url
    try:
        # Redirects are followed by hand so that each hop is checked before it is
        # requested: an https feed must not be sent on to plain http.
        for _hop in range(_MAX_REDIRECTS + 1):
            resp = requests.get(current, headers={"User-Agent": _USER_AGENT, **(headers or {})},
                                timeout=(timeout, timeout), stream=True, allow_redirects=False)
            if not resp.is_redirect:
                break
            resp.close()
            current = urljoin(current, resp.headers["Location"])
            problem = url_problem(current, allow_http=allow_http)
            if problem:
                raise UpdateError(f"{url}: redirected to {current}: {problem}")
        else:
            raise UpdateError(f"{url}: more than {_MAX_REDIRECTS} redirects")
        with resp:
            return _read(url, resp, deadline=deadline, timeout=timeout, max_bytes=max_bytes)
    except requests.exceptions.Timeout:
        raise UpdateError(f"{url}: timed out after {timeout:g} s") from None
    except requests.exceptions.SSLError as exc:
        raise UpdateError(f"{url}: TLS failed: {exc}") from None
    except requests.exceptions.RequestException as exc:
        text = str(exc)
        if "timed out" in text:  # a read timeout while streaming arrives as ConnectionError
            reason = f"timed out after {timeout:g} s"
        elif "IncompleteRead" in text or "Connection broken" in text:
            reason = "the connection broke before the download finished"
        elif isinstance(exc, requests.exceptions.ConnectionError):
            reason = f"cannot connect ({text})"
        else:
            reason = f"the download failed ({text})"
        raise UpdateError(f"{url}: {reason}") from None


def _read(url: str, resp: Any, *, deadline: float, timeout: float, max_bytes: int) -> Fetched:
    if resp.status_code == 304:
        return Fetched(304, b"", resp.url, resp.headers.get("ETag"), resp.headers.get("Last-Modified"))
    if resp.status_code != 200:
        raise UpdateError(f"{url}: the server answered {resp.status_code} {resp.reason or ''}".rstrip())
    declared = resp.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise UpdateError(f"{url}: the feed is {int(declared):,} bytes, over the {max_bytes:,}-byte "
                          "limit; not downloaded")
    chunks: list[bytes] = []
    size = 0
    for chunk in resp.iter_content(64 * 1024):
        size += len(chunk)
        if size > max_bytes:
            raise UpdateError(f"{url}: the download passed the {max_bytes:,}-byte limit; stopped")
        if time.monotonic() > deadline:  # requests' timeout is per read, not for the whole
            raise UpdateError(f"{url}: timed out after {timeout:g} s")
        chunks.append(chunk)
    return Fetched(200, b"".join(chunks), resp.url, resp.headers.get("ETag"),
                   resp.headers.get("Last-Modified"))


def parse_feed(body: bytes, origin: str) -> tuple[dict[str, Any], Feed]:
    try:
        data = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise UpdateError(f"{origin}: not UTF-8 text ({exc})") from None
    except json.JSONDecodeError as exc:
        raise UpdateError(f"{origin}: not valid JSON ({exc}); a truncated download?") from None
    problems = validate_feed(data)
    if problems:
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        raise UpdateError(f"{origin}: not a valid modeltrail feed: " + "; ".join(problems[:5]) + more)
    try:
        return data, Feed(data, origin=origin)
    except FeedError as exc:
        raise UpdateError(str(exc)) from None


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def update_feed(url: str | None = None, *, sha256: str | None = None, allow_older: bool = False,
                allow_http: bool = False, timeout: float = DEFAULT_TIMEOUT,
                max_bytes: int = DEFAULT_MAX_BYTES) -> UpdateResult:
    url = url or os.environ.get(URL_ENV) or DEFAULT_URL
    directory = cache_dir()
    target = directory / FEED_FILE
    meta = read_meta(directory)
    current = select_feed()
    headers: dict[str, str] = {}
    # Conditional GET only when the cached file is the one the metadata describes, came
    # from this URL, and no checksum pins specific bytes.
    if (not sha256 and meta.get("url") == url and target.exists()
            and meta.get("sha256") == sha256_file(target)):
        if meta.get("etag"):
            headers["If-None-Match"] = meta["etag"]
        if meta.get("last_modified"):
            headers["If-Modified-Since"] = meta["last_modified"]
    got = fetch(url, allow_http=allow_http, timeout=timeout, max_bytes=max_bytes, headers=headers)
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    if got.status == 304:
        if not headers:
            raise UpdateError(f"{url}: the server answered 304 Not Modified to a request that "
                              "was not conditional")
        atomic_write(directory / META_FILE, _meta_bytes({**meta, "checked_at": now}))
        return UpdateResult(False, str(target), str(meta.get("generated_at", "")),
                            f"the cached feed is up to date (304 Not Modified from {url}); "
                            f"generated {meta.get('generated_at', '?')}")
    digest = hashlib.sha256(got.body).hexdigest()
    if sha256 and digest != sha256.lower():
        raise UpdateError(f"{url}: sha256 {digest} does not match the expected {sha256.lower()}")
    _data, feed = parse_feed(got.body, url)
    older = feed.generated_at < current.generated_at
    if older and not allow_older:
        raise UpdateError(f"{url}: the feed was generated on {feed.generated_at}, before the one in "
                          f"use ({current.generated_at}, {current.origin}); refusing a rollback "
                          "(--allow-older accepts it)")
    atomic_write(target, got.body)
    atomic_write(directory / META_FILE, _meta_bytes({
        "url": url, "etag": got.etag, "last_modified": got.last_modified, "sha256": digest,
        "generated_at": feed.generated_at, "fetched_at": now, "checked_at": now,
        "accepted_older": bool(older)}))
    return UpdateResult(True, str(target), feed.generated_at,
                        f"updated the feed: generated {feed.generated_at} by "
                        f"{feed.publisher or 'an unnamed publisher'}, {len(feed.records):,} records, "
                        f"written to {target} (was {current.generated_at}, {current.origin})")


def _meta_bytes(meta: dict[str, Any]) -> bytes:
    return (json.dumps(meta, indent=1, sort_keys=True) + "\n").encode("utf-8")
