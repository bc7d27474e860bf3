#!/usr/bin/env python3
"""Prefilter throughput: google-re2 vs stdlib ``re`` vs pyahocorasick (not a test).

    python scripts/bench_prefilter.py [--mb 50] [--corpus DIR]

1. One large text: ordinary Python (this interpreter's site-packages, no LLM code) repeated
   to ``--mb`` MB with five model ids inserted; every backend finds all hits.
2. Per file: every file under ``--corpus`` (default: bench/.corpus/real, the LLM-heavy
   sdists of bench/run.py, when prepared), ``hit()`` on each.
Aho-Corasick needs literals: it searches the literal heads of the stems, then checks each
candidate with the stem regex anchored there. The figures go in scanner/prefilter.py.
"""
from __future__ import annotations

import argparse
import os
import re
import site
import sys
import time
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scanner.catalog import load_catalog  # noqa: E402
from scanner.prefilter import pattern_source  # noqa: E402

IDS = ("gpt-4o-2024-08-06", "claude-3-5-sonnet-20241022",
       "us.anthropic.claude-3-5-sonnet-20241022-v2:0", "gemini-1.5-pro-002", "mistral-large-2411")


def big_text(mb: int) -> str:
    parts: list[str] = []
    for root in site.getsitepackages():
        for dirpath, dirs, files in sorted(os.walk(root)):
            dirs.sort()
            parts.extend(Path(dirpath, f).read_text("utf-8", "replace")
                         for f in sorted(files) if f.endswith(".py") and "scanner" not in dirpath)
    text = "".join(parts)
    while len(text) < mb * 1_000_000:
        text += text
    text = text[:mb * 1_000_000]
    for i, model in enumerate(IDS):
        at = text.find("\n", (i + 1) * len(text) // (len(IDS) + 1)) + 1
        text = f'{text[:at]}MODEL = "{model}"\n{text[at:]}'
    return text


def timed(label: str, fn: Callable[[], int], size: int, repeat: int = 3) -> None:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    print(f"  {label:42} {best * 1000:8.0f} ms {size / best / 1e6:8.1f} MB/s  hits={result}")


def aho(stems: tuple[str, ...], weak: tuple[str, ...]) -> tuple[Any, Callable[[str], Any]]:
    import ahocorasick  # type: ignore[import-not-found]

    automaton = ahocorasick.Automaton()
    for stem in stems:
        m = re.match(r"\(\?:([A-Za-z0-9|]+)\)(.*)", stem) or re.match(r"\[([A-Za-z0-9]+)\](.*)", stem)
        heads, tail = (m.group(1).replace("|", " ").split() if "|" in m.group(1) else list(m.group(1)),
                       m.group(2)) if m else ([""], stem)
        literal = re.sub(r"\\(.)", r"\1", re.match(r"(?:\\.|[A-Za-z0-9_:/@%+-])*", tail).group(0))
        for head in heads:
            automaton.add_word(head + literal, len(head + literal))
    for word in weak:
        automaton.add_word(word, len(word))
    automaton.make_automaton()
    verify = re.compile(pattern_source(stems, weak), re.ASCII)
    return automaton, verify.match


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=50)
    parser.add_argument("--corpus", default=str(Path(__file__).resolve().parent.parent / "bench/.corpus/real"))
    args = parser.parse_args(argv)
    catalog = load_catalog()
    source = pattern_source(catalog.stems, catalog.weak_stems)
    flat = r"(?:^|[^A-Za-z0-9_])(?:" + "|".join(catalog.stems) + ")"
    slow = re.compile(source, re.ASCII)
    import re2  # type: ignore[import-not-found]

    options = re2.Options()
    options.max_mem = 64 << 20
    fast, fast_b = re2.compile(source, options), re2.compile(source.encode(), options)
    automaton, verify = aho(catalog.stems, catalog.weak_stems)

    def ac_hits(text: str, first: bool = False) -> int:
        n = 0
        for end, length in automaton.iter(text):
            start = end - length + 1
            lead = max(0, start - 12)  # room for a weak word's `--model ` lead
            if any(verify(text, s) for s in range(lead, start + 1)):
                n += 1
                if first:
                    return n
        return n

    text = big_text(args.mb)
    print(f"{len(catalog.stems)} stems + {len(catalog.weak_stems)} weak words")
    print(f"one text of {len(text) / 1e6:.0f} MB (ordinary Python, {len(IDS)} ids): all hits")
    timed("re, factored (the fallback)", lambda: sum(1 for _ in slow.finditer(text)), len(text), 1)
    timed("re, flat alternation (before)", lambda: sum(1 for _ in re.compile(flat).finditer(text[:5_000_000])),
          5_000_000, 1)
    timed("google-re2, str", lambda: sum(1 for _ in fast.finditer(text)), len(text))
    data = text.encode()
    timed("google-re2, bytes", lambda: sum(1 for _ in fast_b.finditer(data)), len(data))
    timed("pyahocorasick + anchored re check", lambda: ac_hits(text), len(text), 1)
    files = []
    for dirpath, _, names in os.walk(args.corpus):
        for name in names:
            try:
                files.append(Path(dirpath, name).read_text("utf-8"))
            except (OSError, UnicodeDecodeError):
                pass
    if files:
        size = sum(map(len, files))
        print(f"{len(files)} files, {size / 1e6:.0f} MB under {args.corpus}: hit() per file")
        timed("re, factored", lambda: sum(slow.search(f) is not None for f in files), size, 1)
        timed("google-re2, str", lambda: sum(fast.search(f) is not None for f in files), size)
        timed("google-re2, bytes (encode included)",
              lambda: sum(fast_b.search(f.encode()) is not None for f in files), size)
        timed("pyahocorasick + anchored re check", lambda: sum(ac_hits(f, True) > 0 for f in files), size, 1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
