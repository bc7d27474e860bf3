"""Edits are exact and safe: checked spans, preserved bytes, all-or-nothing writes."""

from __future__ import annotations

import codecs
import errno
import os
import stat

import pytest

from scanner.cli import main
from scanner.fix import (Edit, EditConflict, FixOptions, WriteError, apply_edits, plan_paths,
                         write_changes)
from tests.fix_support import FIXTURES, TODAY, copy_before, tree


def _edit(start: int, end: int, old: str, new: str) -> Edit:
    return Edit("f.py", start, end, old, new, "pin", "test")


@pytest.mark.parametrize(("text", "edits", "expected"), [
    pytest.param('m = "gpt-4o"', [_edit(5, 11, "gpt-4o", "gpt-4o-2024-08-06")],
                 'm = "gpt-4o-2024-08-06"', id="one"),
    pytest.param('a="gpt-4o"; b="gpt-4o"',
                 [_edit(15, 21, "gpt-4o", "gpt-4.1"), _edit(3, 9, "gpt-4o", "gpt-4o-2024-08-06")],
                 'a="gpt-4o-2024-08-06"; b="gpt-4.1"', id="two-given-out-of-order"),
    pytest.param('m = "gpt-4o"', [], 'm = "gpt-4o"', id="noop"),
])
def test_apply_edits(text, edits, expected):
    assert apply_edits(text, edits) == expected


@pytest.mark.parametrize(("edits", "message"), [
    pytest.param([_edit(5, 11, "gpt-4", "x")], "f.py:0: expected 'gpt-4' at offset 5, found 'gpt-4o'",
                 id="stale-span"),
    pytest.param([_edit(5, 11, "gpt-4o", "x"), _edit(8, 11, "-4o", "y")],
                 "f.py: edits overlap at offset 8", id="overlap"),
    pytest.param([_edit(5, 99, "gpt-4o", "x")], "f.py: edit 5:99 is outside the file",
                 id="outside"),
])
def test_apply_edits_refuses_what_does_not_match(edits, message):
    with pytest.raises(EditConflict) as exc:
        apply_edits('m = "gpt-4o"', edits)
    assert str(exc.value) == message


# Each encodings fixture file after --pin-only is the original bytes with only the ids
# replaced, encoded the file's own way (BOM, UTF-16, CRLF, tabs, trailing spaces kept).
@pytest.mark.parametrize(("path", "encoding", "bom", "pairs"), [
    pytest.param("crlf_client.py", "utf-8", b"", [("gpt-4o-mini", "gpt-4o-mini-2024-07-18"),
                                                   ('"gpt-4o"', '"gpt-4o-2024-08-06"')], id="crlf-non-ascii"),
    pytest.param("bom_settings.yaml", "utf-8", codecs.BOM_UTF8,
                 [("gpt-4o-mini\t", "gpt-4o-mini-2024-07-18\t")], id="utf8-bom-no-final-newline"),
    pytest.param("utf16_models.yaml", "utf-16-le", codecs.BOM_UTF16_LE,
                 [("gpt-4o\r", "gpt-4o-2024-08-06\r")], id="utf16-crlf"),
    pytest.param("tabs.toml", "utf-8", b"", [('"gpt-4o"', '"gpt-4o-2024-08-06"')],
                 id="tabs-trailing-space"),
    pytest.param("untouched.py", "utf-8", b"", [], id="untouched"),
])
def test_bytes_are_kept_except_the_ids(path, encoding, bom, pairs):
    before = (FIXTURES / "encodings" / "before" / path).read_bytes()
    after = (FIXTURES / "encodings" / "after-pin" / path).read_bytes()
    assert before.startswith(bom) and after.startswith(bom)
    expected = before
    for old, new in pairs:
        assert expected.count(old.encode(encoding)) == 1
        expected = expected.replace(old.encode(encoding), new.encode(encoding))
    assert after == expected


def _plan(root):
    return plan_paths([str(root)], FixOptions(today=TODAY))


def test_a_file_changed_after_the_scan_is_refused_and_nothing_is_written(tmp_path):
    work = copy_before("configs", tmp_path / "w")
    plan = _plan(work)
    assert [c.path for c in plan.changes][:2] == [".env.example", "Dockerfile"]
    (work / "Dockerfile").write_bytes((work / "Dockerfile").read_bytes() + b"# edited\n")
    snapshot = tree(work)
    with pytest.raises(WriteError) as exc:
        write_changes(plan.root, plan.changes)
    assert str(exc.value) == "Dockerfile changed since it was scanned; nothing written (run the fix again)"
    assert tree(work) == snapshot


def test_a_failure_midway_puts_every_file_back(tmp_path, monkeypatch):
    work = copy_before("configs", tmp_path / "w")
    os.chmod(work / "Dockerfile", 0o640)
    os.chmod(work / ".env.example", 0o755)
    before = tree(work)
    plan = _plan(work)
    assert len(plan.changes) == 6
    real_replace = os.replace
    calls = []

    def flaky_replace(src, dst):
        calls.append(dst)
        if len(calls) == 2:  # the second file's rename
            raise OSError(errno.EACCES, "Permission denied", dst)
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", flaky_replace)
    with pytest.raises(WriteError) as exc:
        write_changes(plan.root, plan.changes)
    assert str(exc.value) == (f"writing failed (Permission denied: {work / 'Dockerfile'}); "
                              "every file was put back")
    assert calls == [str(work / ".env.example"), str(work / "Dockerfile"),
                     str(work / ".env.example")]  # the third call is the roll-back
    assert tree(work) == before  # no temp or backup file left either
    assert stat.S_IMODE(os.stat(work / ".env.example").st_mode) == 0o755


def test_write_keeps_permissions_and_skips_untouched_files(tmp_path):
    work = copy_before("encodings", tmp_path / "w")
    os.chmod(work / "crlf_client.py", 0o751)
    untouched = os.stat(work / "untouched.py")
    write_changes(str(work), _plan(work).changes)
    assert stat.S_IMODE(os.stat(work / "crlf_client.py").st_mode) == 0o751
    after = os.stat(work / "untouched.py")
    assert (after.st_ino, after.st_mtime_ns) == (untouched.st_ino, untouched.st_mtime_ns)


@pytest.mark.parametrize(("args", "code", "out", "err_tail"), [
    pytest.param(["--pin-only", "--replace-only"], 2, "", "--pin-only and --replace-only exclude each other\n",
                 id="exclusive-flags"),
    pytest.param(["--to", "gpt-4o"], 2, "", "'gpt-4o' is not OLD=NEW\n", id="bad-mapping"),
    pytest.param(["--model", "nothing-matches*"], 0, "", "0 changes in 0 files; 0 left for a human\n",
                 id="nothing-to-do"),
])
def test_fix_cli_usage_and_exit_codes(tmp_path, capsys, args, code, out, err_tail):
    work = copy_before("encodings", tmp_path / "w")
    assert main(["fix", "--today", TODAY.isoformat(), *args, str(work)]) == code
    captured = capsys.readouterr()
    assert captured.out == out
    assert captured.err.endswith(err_tail)


def test_fix_diff_exits_1_when_there_is_something_to_change(tmp_path, capsysbinary, monkeypatch):
    work = copy_before("encodings", tmp_path / "w")
    monkeypatch.chdir(work)
    assert main(["fix", "--today", TODAY.isoformat(), "--pin-only", "tabs.toml"]) == 1
    out = capsysbinary.readouterr()
    assert out.out == (b'diff --git a/tabs.toml b/tabs.toml\n'
                       b'index 2ca584af9ba8..b2bdeebd9d03 100644\n'
                       b'--- a/tabs.toml\n+++ b/tabs.toml\n'
                       b'@@ -1,3 +1,3 @@\n [bot]\n'
                       b'-\tdefault-model\t=\t"gpt-4o"   \n'
                       b'+\tdefault-model\t=\t"gpt-4o-2024-08-06"   \n'
                       b' \tretries = 2\t\n')
    assert out.err == (b"tabs.toml:2:19: gpt-4o -> gpt-4o-2024-08-06 (pin, MT001)\n"
                       b"1 change in 1 file; 0 left for a human\n")


def test_a_literal_annotation_migrates_with_its_default(tmp_path):
    """The ids of a parameter's Literal annotation are references too: a fix that replaced
    the default alone would leave a default its own type does not allow."""
    import ast

    (tmp_path / "ask.py").write_text(
        "from typing import Literal\n\n\n"
        'def ask(q: str, model: Literal["gpt-4-0613", "gpt-4o-mini-2024-07-18"] = "gpt-4-0613") -> str:\n'
        "    return q\n", encoding="utf-8")
    plan = plan_paths([str(tmp_path)], FixOptions(today=TODAY))
    [change] = plan.changes
    retired = [e for e in change.edits if e.old == "gpt-4-0613"]
    assert len(retired) == 2 and retired[0].new == retired[1].new != "gpt-4-0613"
    function = ast.parse(change.new.decode("utf-8")).body[1]
    assert isinstance(function, ast.FunctionDef)
    model = function.args.args[1]
    allowed = [c.value for c in ast.walk(model.annotation) if isinstance(c, ast.Constant)]
    default = function.args.defaults[0]
    assert isinstance(default, ast.Constant) and default.value in allowed
    assert "gpt-4-0613" not in allowed


@pytest.mark.parametrize(("name", "source"), [
    pytest.param("models.json", '{\n  "default": "gpt-4o",\n  "limits": {\n    "gpt-4o": 4096,\n'
                                '    "gpt-4o-mini": 2048\n  }\n}\n', id="json"),
    pytest.param("models.yaml", "default: gpt-4o\nlimits:\n  gpt-4o: 4096\n  gpt-4o-mini: 2048\n", id="yaml"),
    pytest.param("limits.py", 'DEFAULT = "gpt-4o"\nLIMITS = {\n    "gpt-4o": 4096,\n    "gpt-4o-mini": 2048,\n}\n',
                 id="python"),
    pytest.param("limits.ts", 'export const DEFAULT = "gpt-4o";\nexport const LIMITS = {\n  "gpt-4o": 4096,\n'
                              '  "gpt-4o-mini": 2048,\n};\n', id="typescript"),
])
def test_keys_that_would_become_equal_are_left_for_a_person(tmp_path, name, source):
    """gpt-4o and gpt-4o-mini share a replacement: renaming both keys of one mapping would
    lose an entry (JSON and Python keep the last, YAML refuses). The value is migrated; the
    keys are listed for a person, and the mapping keeps both entries."""
    (tmp_path / name).write_text(source, encoding="utf-8")
    plan = plan_paths([str(tmp_path)], FixOptions(today=TODAY))
    [change] = plan.changes
    [edit] = change.edits
    assert edit.old == "gpt-4o" and edit.line == (2 if name == "models.json" else 1)
    keys = [m for m in plan.manual if "two equal keys" in m.reason]
    assert sorted((m.text, m.line) for m in keys) == [("gpt-4o", 3 if name != "models.json" else 4),
                                                       ("gpt-4o-mini", 4 if name != "models.json" else 5)]
    new = change.new.decode("utf-8")
    assert new.count('gpt-4o"') + new.count("gpt-4o:") == 1 and "gpt-4o-mini" in new
