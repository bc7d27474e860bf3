"""``feed update`` against a real HTTP server on 127.0.0.1: every failure is one clear
line, exit 2, and the feed in use stays exactly as it was."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Iterator

import pytest

from scanner.cli import main
from scanner.feed_store import select_feed
from scanner.feed_update import UpdateError, check_url
from tests.helpers import make_repo

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = json.loads((ROOT / "rules" / "feed" / "feed.json").read_text(encoding="utf-8"))


def _feed(generated_at: str, **changes: Any) -> bytes:
    """The bundled feed re-dated, with gpt-4o-2024-08-06's record changed."""
    data = json.loads(json.dumps(BUNDLED))
    data["generated_at"] = generated_at
    data["publisher"] = "test publisher"
    for rec in data["records"]:
        if (rec["provider"], rec["model"]) == ("openai", "gpt-4o-2024-08-06"):
            rec.update(changes)
    return json.dumps(data).encode("utf-8")


GOOD = _feed("2026-12-01", shutdown_on="2027-02-01")
NEWER = _feed("2026-12-15", shutdown_on="2027-03-01")
OLDER = _feed("2026-11-01")
INVALID = _feed("2026-12-20", shutdown_on="next spring")


class _Handler(BaseHTTPRequestHandler):
    release: threading.Event
    seen: list[dict[str, str]]

    def log_message(self, *args: Any) -> None:  # keep pytest output clean
        pass

    def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if "Content-Length" not in (headers or {}):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.seen.append({"path": self.path, **{k: v for k, v in self.headers.items()}})
        route = self.path
        if route == "/good.json":
            self._send(200, GOOD)
        elif route == "/newer.json":
            self._send(200, NEWER)
        elif route == "/etag.json":
            if self.headers.get("If-None-Match") == '"v1"':
                self._send(304, headers={"ETag": '"v1"'})
            else:
                self._send(200, GOOD, {"ETag": '"v1"', "Last-Modified": "Tue, 01 Dec 2026 06:00:00 GMT"})
        elif route == "/always-304.json":
            self._send(304)
        elif route == "/error.json":
            self._send(500, b"boom")
        elif route == "/slow.json":
            self.send_response(200)
            self.send_header("Content-Length", str(len(GOOD)))
            self.end_headers()
            self.release.wait(10)
        elif route == "/truncated.json":
            self._send(200, GOOD[: len(GOOD) // 2])
        elif route == "/cut.json":  # announces the whole body, sends half, hangs up
            self.send_response(200)
            self.send_header("Content-Length", str(len(GOOD)))
            self.end_headers()
            self.wfile.write(GOOD[:1000])
            self.close_connection = True
        elif route == "/invalid.json":
            self._send(200, INVALID)
        elif route == "/older.json":
            self._send(200, OLDER)
        elif route == "/big.json":
            self._send(200, GOOD + b" " * 2048)
        elif route == "/big-chunked.json":  # no Content-Length: the cap must hold while reading
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for _ in range(64):
                self.wfile.write(b"400\r\n" + b" " * 1024 + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
        elif route == "/redirect-to-http.json":
            self._send(302, headers={"Location": "http://198.51.100.7/feed.json"})
        else:
            self._send(404, b"not found")


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client hanging up on an oversized body is the point of that test


@pytest.fixture()
def server() -> Iterator[tuple[str, list[dict[str, str]]]]:
    release = threading.Event()
    seen: list[dict[str, str]] = []
    handler = type("Handler", (_Handler,), {"release": release, "seen": seen})
    httpd = _QuietServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", seen
    finally:
        release.set()
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture()
def cache(_isolated_feed_cache: Path) -> Path:
    return _isolated_feed_cache


def _update(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["feed", "update", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_good_feed_is_cached_and_used(server: tuple[str, list[dict[str, str]]], cache: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    url, _ = server
    code, out, err = _update(capsys, "--url", f"{url}/good.json")
    assert (code, err) == (0, "")
    assert out == (f"updated the feed: generated 2026-12-01 by test publisher, {len(BUNDLED['records']):,} "
                   f"records, written to {cache / 'feed.json'} (was 2026-11-25, bundled)\n")
    assert (cache / "feed.json").read_bytes() == GOOD
    assert sorted(p.name for p in cache.iterdir()) == ["feed.json", "feed.meta.json"]
    choice = select_feed()
    assert (choice.origin, choice.generated_at) == ("cache", "2026-12-01")
    # A scan now reads the cached record: gpt-4o-2024-08-06 shuts down on the new date.
    repo = make_repo(cache.parent / "repo", {"app.py": 'MODEL = "gpt-4o-2024-08-06"\n'})
    assert main(["scan", str(repo), "--format", "json", "--today", "2026-12-02", "--fail-on", "none"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["feed"] == {"generated_at": "2026-12-01", "source": BUNDLED["source"]}
    assert [(r["text"], r["shutdown_on"]) for r in report["references"]] == [("gpt-4o-2024-08-06", "2027-02-01")]


def test_conditional_get_and_304(server: tuple[str, list[dict[str, str]]], cache: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    url, seen = server
    assert _update(capsys, "--url", f"{url}/etag.json")[0] == 0
    before = (cache / "feed.json").read_bytes()
    code, out, err = _update(capsys, "--url", f"{url}/etag.json")
    assert (code, err) == (0, "")
    assert out == f"the cached feed is up to date (304 Not Modified from {url}/etag.json); generated 2026-12-01\n"
    assert seen[0].get("If-None-Match") is None
    assert (seen[1]["If-None-Match"], seen[1]["If-Modified-Since"]) == ('"v1"', "Tue, 01 Dec 2026 06:00:00 GMT")
    assert (cache / "feed.json").read_bytes() == before
    meta = json.loads((cache / "feed.meta.json").read_text(encoding="utf-8"))
    assert (meta["etag"], meta["generated_at"], meta["url"]) == ('"v1"', "2026-12-01", f"{url}/etag.json")


FAILURES = [
    pytest.param("/error.json", [], "the server answered 500 Internal Server Error", id="http-500"),
    pytest.param("/slow.json", ["--timeout", "0.3"], "timed out after 0.3 s", id="timeout"),
    pytest.param("/truncated.json", [], "not valid JSON (Unterminated string", id="truncated-json"),
    pytest.param("/cut.json", [], "the connection broke before the download finished", id="cut-connection"),
    pytest.param("/invalid.json", [], "not a valid modeltrail feed: records[", id="schema-invalid"),
    pytest.param("/older.json", [], "the feed was generated on 2026-11-01, before the one in use "
                 "(2026-12-01, cache); refusing a rollback (--allow-older accepts it)", id="older"),
    pytest.param("/big.json", ["--max-size", str(len(GOOD) + 1024)],
                 f"the feed is {len(GOOD) + 2048:,} bytes, over the {len(GOOD) + 1024:,}-byte limit",
                 id="oversized-declared"),
    pytest.param("/big-chunked.json", ["--max-size", "10000"], "the download passed the 10,000-byte limit",
                 id="oversized-streamed"),
    pytest.param("/good.json", ["--sha256", "0" * 64], "does not match the expected " + "0" * 64,
                 id="wrong-sha256"),
    pytest.param("/always-304.json", ["--sha256", "1" * 64],
                 "the server answered 304 Not Modified to a request that was not conditional", id="bogus-304"),
    pytest.param("/redirect-to-http.json", [], "redirected to http://198.51.100.7/feed.json: refusing plain "
                 "http:// to 198.51.100.7", id="redirect-downgrade"),
    pytest.param("/missing.json", [], "the server answered 404 Not Found", id="http-404"),
]


@pytest.mark.parametrize(("route", "extra", "message"), FAILURES)
def test_failures_leave_the_feed_in_use_intact(server: tuple[str, list[dict[str, str]]], cache: Path,
                                               capsys: pytest.CaptureFixture[str], route: str,
                                               extra: list[str], message: str) -> None:
    url, _ = server
    assert _update(capsys, "--url", f"{url}/good.json")[0] == 0
    feed_before = (cache / "feed.json").read_bytes()
    meta_before = (cache / "feed.meta.json").read_bytes()
    code, out, err = _update(capsys, "--url", f"{url}{route}", *extra)
    assert code == 2
    assert out == ""
    assert err.startswith(f"error: {url}{route}: ")
    assert message in err
    assert err.endswith("; the feed in use is unchanged\n")
    assert (cache / "feed.json").read_bytes() == feed_before
    assert (cache / "feed.meta.json").read_bytes() == meta_before
    assert sorted(p.name for p in cache.iterdir()) == ["feed.json", "feed.meta.json"]  # no temp files
    assert select_feed().generated_at == "2026-12-01"


def test_allow_older_is_remembered(server: tuple[str, list[dict[str, str]]], cache: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    url, _ = server
    code, out, _err = _update(capsys, "--url", f"{url}/older.json", "--allow-older")
    assert code == 0 and "generated 2026-11-01" in out
    choice = select_feed()
    assert (choice.origin, choice.generated_at) == ("cache", "2026-11-01")
    assert "by the user's choice" in choice.reason
    # A later normal update moves forward again and forgets the choice.
    assert _update(capsys, "--url", f"{url}/newer.json")[0] == 0
    assert json.loads((cache / "feed.meta.json").read_text(encoding="utf-8"))["accepted_older"] is False


def test_an_older_cache_loses_to_a_newer_bundled_feed(server: tuple[str, list[dict[str, str]]], cache: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    url, _ = server
    assert _update(capsys, "--url", f"{url}/good.json")[0] == 0
    meta = json.loads((cache / "feed.meta.json").read_text(encoding="utf-8"))
    # As if modeltrail were upgraded after the update: the bundled feed is now newer.
    (cache / "feed.json").write_bytes(OLDER)
    meta["sha256"] = __import__("hashlib").sha256(OLDER).hexdigest()
    (cache / "feed.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    choice = select_feed()
    assert (choice.origin, choice.generated_at) == ("bundled", "2026-11-25")
    assert choice.reason == ("bundled with modeltrail, generated 2026-11-25: newer than the cached feed "
                             "(2026-11-01)")


def test_a_tampered_cache_is_not_used(server: tuple[str, list[dict[str, str]]], cache: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    url, _ = server
    assert _update(capsys, "--url", f"{url}/good.json")[0] == 0
    (cache / "feed.json").write_bytes(GOOD[:100])
    choice = select_feed()
    assert choice.origin == "bundled"
    assert choice.warnings == (f"the cached feed {cache / 'feed.json'} does not match the checksum recorded "
                               "when it was written; using the bundled feed",)
    assert main(["feed", "path"]) == 0
    assert "  warning: the cached feed" in capsys.readouterr().out


@pytest.mark.parametrize(("url", "allow_http", "ok"), [
    pytest.param("https://feeds.example.com/feed.json", False, True, id="https"),
    pytest.param("http://127.0.0.1:8080/feed.json", False, True, id="loopback-v4"),
    pytest.param("http://127.5.5.5/feed.json", False, True, id="loopback-range"),
    pytest.param("http://[::1]:8080/feed.json", False, True, id="loopback-v6"),
    pytest.param("http://localhost/feed.json", False, True, id="localhost"),
    pytest.param("http://feeds.example.com/feed.json", False, False, id="plain-http"),
    pytest.param("http://feeds.example.com/feed.json", True, True, id="plain-http-allowed"),
    pytest.param("http://127.0.0.1.example.com/feed.json", False, False, id="loopback-lookalike"),
    pytest.param("ftp://feeds.example.com/feed.json", True, False, id="ftp"),
    pytest.param("file:///etc/passwd", True, False, id="file"),
])
def test_url_policy(url: str, allow_http: bool, ok: bool) -> None:
    if ok:
        check_url(url, allow_http=allow_http)
    else:
        with pytest.raises(UpdateError):
            check_url(url, allow_http=allow_http)


def test_cache_dir_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from scanner.feed_store import cache_dir

    monkeypatch.delenv("MODELTRAIL_CACHE_DIR")
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "modeltrail"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # invalid per the XDG spec: ignored
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_dir() == tmp_path / "home" / ".cache" / "modeltrail"


def test_the_scan_path_does_not_import_requests(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", {"app.py": 'MODEL = "gpt-4o"\n', ".modeltrail.toml": "warn-days = 90\n"})
    code = ("import sys; from scanner.cli import main; "
            f"rc = main(['scan', {str(repo)!r}, '--format', 'json', '-o', {os.devnull!r}]); "
            "print(rc, sorted(m for m in ('requests', 'urllib3', 'jsonschema') if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "MODELTRAIL_CACHE_DIR": str(tmp_path / "cache")}, check=True)
    assert proc.stdout == "0 []\n"
