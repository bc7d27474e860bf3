"""Bad input is reported, skipped where it must be, and never stops the scan."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scanner.api import ScanOptions, scan
from tests.helpers import TODAY

GOOD = 'from openai import OpenAI\nclient = OpenAI()\nclient.chat.completions.create(model="gpt-4o-2024-08-06", messages=[])\n'


def _scan(root: Path) -> tuple[dict[str, str], list[tuple[str, int, str]]]:
    result = scan([str(root)], ScanOptions(today=TODAY, jobs=1))
    errors = {e.path: e.message for e in result.errors}
    found = [(r.path, r.line, r.text) for r in result.references]
    return errors, found


def _tree(tmp_path: Path, name: str, content: bytes) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "app.py").write_text(GOOD, encoding="utf-8")
    (root / name).write_bytes(content)
    return root


BAD_FILES = [
    pytest.param("model.bin.py", b"\x00\x01gpt-4o\x00" * 100, "binary file (NUL bytes), skipped", id="binary"),
    pytest.param("latin1.py", 'x = "caf\xe9 gpt-4o"\n'.encode("latin-1"),
                 "not valid UTF-8 (byte 0xe9 at offset 8) and no byte-order mark names another encoding; skipped",
                 id="invalid-utf8"),
    pytest.param("big.yaml", b"model: gpt-4o\n" + b"# filler line\n" * (50 * 1024 * 1024 // 14),
                 "file is 52,428,810 bytes, over the 2,097,152-byte limit; skipped (raise max-file-size to scan it)",
                 id="50MB-file"),
    pytest.param("broken.py", b'def f(:\n    model = "gpt-4o-mini"\n',
                 "Python syntax error at line 1: invalid syntax; scanned as plain text instead", id="syntax-error"),
    pytest.param("bomb.yaml",
                 b"a: &a [\"gpt-4o\", \"gpt-4o\"]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                 b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                 b"e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
                 b"g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\nmodel: [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n",
                 None, id="yaml-alias-bomb"),
    pytest.param("deep.json", b"[" * 100_000 + b'"gpt-4o"' + b"]" * 100_000,
                 "JSON nested deeper than 10,000 levels; scanned as plain text instead", id="json-100k-deep"),
    pytest.param("bad.yaml", b"model: [gpt-4o\nother: {\n", "YAML parse error at line 2: did not find expected ',' or ']'; scanned as plain text instead",
                 id="malformed-yaml"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_FILES)
def test_bad_file_is_reported_and_the_scan_goes_on(tmp_path: Path, name: str, content: bytes,
                                                    message: str | None) -> None:
    errors, found = _scan(_tree(tmp_path, name, content))
    assert ("app.py", 3, "gpt-4o-2024-08-06") in found
    if message is None:
        assert name not in errors
    else:
        assert errors[name] == message


def test_alias_bomb_reports_the_anchor_once(tmp_path: Path) -> None:
    content = next(p.values[1] for p in BAD_FILES if p.id == "yaml-alias-bomb")
    _, found = _scan(_tree(tmp_path, "bomb.yaml", content))
    assert [f for f in found if f[0] == "bomb.yaml"] == [("bomb.yaml", 1, "gpt-4o"), ("bomb.yaml", 1, "gpt-4o")]


def test_utf16_with_bom_is_decoded_and_scanned(tmp_path: Path) -> None:
    text = 'model = "gpt-4o-2024-08-06"\n'
    errors, found = _scan(_tree(tmp_path, "utf16.py", b"\xff\xfe" + text.encode("utf-16-le")))
    assert "utf16.py" not in errors
    assert ("utf16.py", 1, "gpt-4o-2024-08-06") in found


def test_symlink_loop_and_link_outside_root(tmp_path: Path) -> None:
    root = _tree(tmp_path, "ok.txt", b"nothing here\n")
    (root / "loop_a").symlink_to(root / "loop_b")
    (root / "loop_b").symlink_to(root / "loop_a")
    outside = tmp_path / "secret.py"
    outside.write_text('model = "gpt-4o-mini"\n', encoding="utf-8")
    (root / "escape.py").symlink_to(outside)
    (root / "inside.py").symlink_to(root / "app.py")
    errors, found = _scan(root)
    assert errors == {
        "escape.py": "symlink points outside the scanned root, not followed",
        "loop_a": "symlink loop, skipped",
        "loop_b": "symlink loop, skipped",
    }
    assert [f for f in found if f[0] != "app.py"] == []  # nothing read through links


def test_unreadable_file(tmp_path: Path) -> None:
    root = _tree(tmp_path, "secret.py", b'model = "gpt-4o-mini"\n')
    os.chmod(root / "secret.py", 0)
    if os.geteuid() != 0:
        errors, found = _scan(root)
    else:
        # root reads anything: run the scan as an unprivileged user instead.
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv to drop privileges")
        os.chmod(tmp_path, 0o755)
        for p in (tmp_path.parent, tmp_path.parent.parent):
            os.chmod(p, os.stat(p).st_mode | 0o755)
        os.chmod(root, 0o755)
        os.chmod(root / "app.py", 0o644)
        code = ("import json,sys,datetime;from scanner.api import scan,ScanOptions;"
                "r=scan([sys.argv[1]],ScanOptions(today=datetime.date(2026,11,25),jobs=1));"
                "print(json.dumps([{e.path:e.message for e in r.errors},[(x.path,x.line,x.text) for x in r.references]]))")
        proc = subprocess.run([setpriv, "--reuid=65534", "--regid=65534", "--clear-groups",
                               sys.executable, "-c", code, str(root)],
                              capture_output=True, text=True, cwd=str(Path(__file__).parent.parent),
                              env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent),
                                   "HOME": str(tmp_path),
                                   "MODELTRAIL_CACHE_DIR": str(tmp_path / "no-cache")})
        if proc.returncode != 0 and "Permission denied" in proc.stderr:
            pytest.skip(f"the unprivileged user cannot reach the interpreter: {proc.stderr[-200:]}")
        import json

        assert proc.returncode == 0, proc.stderr
        errors, found_lists = json.loads(proc.stdout)
        found = [tuple(f) for f in found_lists]
    assert errors["secret.py"] == "cannot read: Permission denied"
    assert ("app.py", 3, "gpt-4o-2024-08-06") in found


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_is_reported_not_read(tmp_path: Path) -> None:
    """Reading a FIFO blocks until something writes to it: a scan must not wait."""
    import threading

    root = _tree(tmp_path, "notes.txt", b"nothing here\n")
    os.mkfifo(root / "events.py")
    outcome: list[tuple[dict[str, str], list[tuple[str, int, str]]]] = []
    worker = threading.Thread(target=lambda: outcome.append(_scan(root)), daemon=True)
    worker.start()
    worker.join(timeout=30)
    assert outcome, "the scan is still waiting on the pipe"
    errors, found = outcome[0]
    assert errors == {"events.py": "not a regular file (a FIFO, socket or device), skipped"}
    assert found == [("app.py", 3, "gpt-4o-2024-08-06")]


@pytest.mark.parametrize("size", [65_535, 65_536, 65_537, 200_000])
def test_files_around_the_first_read_are_read_whole_or_reported_by_size(tmp_path: Path, size: int) -> None:
    """A file is read in one call up to 64 KiB, with an fstat only beyond: the last line of a
    file on either side of that is scanned, and the size limit holds on both sides."""
    from scanner.engine import scan_file

    tail = 'MODEL = "gpt-4o-2024-08-06"\n'
    filler = "# filler line without any model id in it, to reach the size\n"
    body = filler * ((size - len(tail)) // len(filler))
    body += "#" * (size - len(tail) - len(body) - 1) + "\n" + tail
    assert len(body) == size
    (tmp_path / "big.py").write_text(body, encoding="ascii")
    found = scan_file(str(tmp_path), "big.py", today=TODAY)
    assert [(r.line, r.text) for r in found.references] == [(body.count("\n"), "gpt-4o-2024-08-06")]
    assert scan_file(str(tmp_path), "big.py", max_bytes=size, today=TODAY).references
    too_big = scan_file(str(tmp_path), "big.py", max_bytes=size - 1, today=TODAY)
    assert not too_big.references
    assert [e.message.startswith(f"file is {size:,} bytes, over the {size - 1:,}-byte limit")
            for e in too_big.errors] == [True]
