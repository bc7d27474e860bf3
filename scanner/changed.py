"""Which lines a pull request or a push changed: the Action's ``only-changed`` mode.

The base comes from the event (``pull_request.base.sha``, ``merge_group.base_sha``,
``push``'s ``before``); the other side is the checked-out working tree, because that is
what was scanned and whose line numbers the findings carry. For a pull request
GitHub checks out a merge commit of head into base: diffing the base tip against it
gives exactly the pull request's changes in the merge commit's numbering. With head
checked out instead, the merge base of base and head is the right start, and is used
whenever the history to find it is there (``fetch-depth: 0``).
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from typing import Any, Mapping

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
_ZERO = re.compile(r"^0+$")
_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v",
            '"': '"', "\\": "\\"}
PULL_REQUEST_EVENTS = ("pull_request", "pull_request_target", "pull_request_review",
                       "pull_request_review_comment")


@dataclass(frozen=True, slots=True)
class Range:
    base: str | None
    head: str | None
    why_not: str | None = None  # set when the event has no usable base


def event_range(event_name: str, event: Mapping[str, Any]) -> Range:
    """The base and head commits of a workflow event."""
    if event_name in PULL_REQUEST_EVENTS and isinstance(event.get("pull_request"), dict):
        pr = event["pull_request"]
        return Range(pr.get("base", {}).get("sha"), pr.get("head", {}).get("sha"))
    if event_name == "merge_group" and isinstance(event.get("merge_group"), dict):
        group = event["merge_group"]
        return Range(group.get("base_sha"), group.get("head_sha"))
    if event_name == "push":
        before, after = event.get("before"), event.get("after")
        if not before or _ZERO.match(before):
            return Range(None, after, "the push created the branch, so every line is new")
        return Range(before, after)
    return Range(None, None, f"a {event_name or 'manual'} event has no base commit to compare with")


def unquote_path(raw: str) -> str:
    """A path as git prints it in a diff header, C-quoted when it has odd characters."""
    if not (raw.startswith('"') and raw.endswith('"')):
        return raw
    body, out, i = raw[1:-1], bytearray(), 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            if nxt in "01234567":
                out.append(int(body[i + 1:i + 4], 8))
                i += 4
                continue
            out.extend(_ESCAPES.get(nxt, nxt).encode())
            i += 2
            continue
        out.extend(ch.encode("utf-8"))
        i += 1
    return out.decode("utf-8", "surrogateescape")


def parse_diff(diff: str) -> dict[str, frozenset[int]]:
    """Added or modified line numbers per file, from ``git diff --unified=0`` output
    made with ``--dst-prefix=b/``. Deleted files and pure deletions add nothing."""
    lines: dict[str, set[int]] = {}
    current: set[int] | None = None
    for line in diff.split("\n"):
        if line.startswith("+++ "):
            target = unquote_path(line[4:].rstrip("\t"))
            if target.startswith("b/"):
                current = lines.setdefault(target[2:], set())
            else:  # /dev/null: the file was deleted
                current = None
        elif line.startswith("@@ ") and current is not None:
            m = _HUNK.match(line)
            if m:
                start, count = int(m.group(1)), int(m.group(2) or 1)
                current.update(range(start, start + count))
    return {path: frozenset(nums) for path, nums in lines.items() if nums}


def _git(root: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", root, *args], capture_output=True, text=True,
                          encoding="utf-8", errors="surrogateescape", check=False)


def _has_commit(root: str, sha: str) -> bool:
    return _git(root, "cat-file", "-e", f"{sha}^{{commit}}").returncode == 0


def changed_lines(root: str, rng: Range, *, fetch: bool = True) -> tuple[dict[str, frozenset[int]] | None, str]:
    """Changed lines under ``root`` (paths relative to it) and how they were found, or
    ``None`` and the reason when they cannot be known (then everything counts)."""
    if rng.base is None:
        return None, rng.why_not or "no base commit"
    if not _has_commit(root, rng.base) and fetch:
        # A shallow checkout (actions/checkout's default depth of 1) lacks the base.
        _git(root, "fetch", "--no-tags", "--quiet", "--depth=1", "origin", rng.base)
    if not _has_commit(root, rng.base):
        return None, f"base commit {rng.base[:12]} is not in the checkout (use fetch-depth: 0)"
    merge_base = _git(root, "merge-base", rng.base, "HEAD")
    start = merge_base.stdout.strip() if merge_base.returncode == 0 else rng.base
    how = (f"changes since {start[:12]}" + ("" if start == rng.base else
                                            f", the merge base of {rng.base[:12]} and HEAD"))
    proc = _git(root, "-c", "core.quotePath=true", "diff", "--no-color", "--no-ext-diff",
                "--unified=0", "--find-renames", "--relative", "--src-prefix=a/",
                "--dst-prefix=b/", start, "--")
    if proc.returncode != 0:
        return None, f"git diff failed: {proc.stderr.strip()}"
    return parse_diff(proc.stdout), how


def touches(changed: Mapping[str, frozenset[int]], path: str, line: int, end_line: int) -> bool:
    lines = changed.get(path)
    return lines is not None and any(n in lines for n in range(line, max(line, end_line) + 1))
