"""Parsing only the part of a large Python file that can hold a model id.

``ast`` parses ~2-5 MB/s: in model-heavy trees parsing is most of a scan, and most of a
large file is code that mentions no model. Only the statements around the lines worth
walking are parsed, as one text in which every other line is blank, so that lines and
columns stay the file's. Top-level statements are found by a regex; a large compound
statement among them (a def, a class, an if, for, while, with or try: an SDK resource runs
to thousands of lines, a test function or an ``if provider == ...`` chain to hundreds) is
cut down to the header of each of its clauses and the statements of its bodies that hold
such a line, the large compound ones among those cut the same way, at any depth. A class
keeps its one-line literal attributes (other members may compose them), a body left with
nothing a ``pass``, and a docstring that holds such a line is not parsed at all: it is
read from the text (see PartialTree).

A body statement begins at a line at the body's indentation that is not inside a
triple-quoted string, does not continue a backslashed line or a decorator, and is outside
brackets (see _in_brackets). That is checked only at the starts and ends of the statements
kept. When the pieces do not parse, the top-level statements are parsed whole, each span
of them on its own, widened where one does not parse alone; in the end the caller parses
the whole file. On the bench's mixed corpus this parses 2.9 MB of 7.3 MB (top-level
statements alone: 7.3 of 11.0), with the same references (tests compare partial and whole
parses).
"""

from __future__ import annotations

import ast
import bisect
import re
from functools import lru_cache
from typing import NamedTuple, Optional, Tuple

# A top-level statement may start here: a line that begins with a name or a decorator,
# and does not continue the statement before it.
# (The newline is matched rather than ^: sre then skips from newline to newline, 6x faster.)
_TOP_LEVEL = re.compile(r"\n(?=[A-Za-z_@])(?!(?:else|elif|except|finally|case)\b)")
# NAME = "literal" at module level: the constants a partial parse must still know.
_SIMPLE_CONSTANT = re.compile(
    r"""\n(?P<name>[A-Za-z_]\w*)[ \t]*(?::[^=\n]*)?=[ \t]*[rRuU]?(?P<q>["'])(?P<value>(?:(?!(?P=q))[^\\\n])*)(?P=q)[ \t]*(?:\#.*)?$""",
    re.MULTILINE)
# Below this size a file is parsed whole; above it only the statements around the hits,
# unless they are nearly all of it.
PARTIAL_MIN_CHARS = 2_000
PARTIAL_MAX_SHARE = 0.9
# A def or class this large is parsed at its header and at the statements of its body
# around the lines worth walking only: a model id in one statement used to cost a parse
# of all of them.
BLOCK_SPLIT_MIN_CHARS = 1_000
# A compound statement (a decorated one is a def or class): "cls" for a class, "compound"
# for one that may have more clauses (elif, else, except, finally).
_BLOCK_START = re.compile(r"(?P<indent>[ \t]*)(?:(?P<cls>class\b)|@|(?:async[ \t]+)?def\b"
                          r"|(?P<compound>(?:async[ \t]+)?(?:for|with)\b|if\b|while\b|try\b))")
# What a header is lexed by: brackets, the colon that ends it, comments and strings.
_HEADER_TOKEN = re.compile(r"""[][(){}:#"']""")
# Comments and string literals (one left open runs to the end): what is not code.
_NOT_CODE = re.compile(
    r"#[^\n]*"
    r'|"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*(?:"""|\Z)'
    r"|'''[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*(?:'''|\Z)"
    r'|"[^"\\\n]*(?:\\.[^"\\\n]*)*"?'
    r"|'[^'\\\n]*(?:\\.[^'\\\n]*)*'?", re.DOTALL)
# A header on one line, with no string or comment before its colon.
_ONE_LINE_HEADER = re.compile(r"""(?P<code>[^\n"'#]*):[ \t\r]*(?:#[^\n]*)?(?:\n|\Z)""")
_ONE_LINE_STRING = {'"': re.compile(r'"(?:[^"\\\n]|\\(?:.|\n))*"'),
                    "'": re.compile(r"'(?:[^'\\\n]|\\(?:.|\n))*'")}
# Blank and comment lines after a header, then the first line of the body.
_FIRST_BODY_LINE = re.compile(r"(?:[ \t\r\f]*(?:#[^\n]*)?\n)*(?P<indent>[ \t]+)(?=[^ \t\r\n#])")
# A one-line attribute of a class with a literal value: kept even where no hit is, as other
# members may compose it (f"{MODEL}-mini").
_SIMPLE_MEMBER = re.compile(
    r"""[ \t]+[A-Za-z_]\w*[ \t]*(?::[^=\n]*)?=[ \t]*[rRuUbB]?["'][^\n]*\n(?:[ \t\r]*\n)*\Z""")
_OPENERS, _CLOSERS = "([{", ")]}"
_QUOTE_OR_HASH = re.compile(r"""["'#]""")
# How a line that the next one continues may end: a comma, an opening bracket, an operator.
_RUNS_ON = frozenset(",([{+-*/%&|^<>=.:@~\\")
# A statement that is a string literal (a docstring): its indentation, prefix and quote.
_BARE_STRING = re.compile(r"""(?P<indent>[ \t]*)(?P<prefix>[rRuU]?)["']""")
# The rest of a statement's lines: comments and blank lines only.
_ONLY_COMMENTS = re.compile(r"[ \t\r\f]*(?:#[^\n]*)?(?:\n[ \t\r\f]*(?:#[^\n]*)?)*\Z")

# (start, end, replacement): whole lines of the text, kept as they are or, for a body left
# with no statement, replaced by a line of ``pass``.
Piece = Tuple[int, int, Optional[str]]


def simple_constants(text: str) -> dict[str, str]:
    """Module-level ``NAME = "literal"`` assignments, found without a parse."""
    return {m.group("name"): m.group("value") for m in _SIMPLE_CONSTANT.finditer("\n" + text)}


class PartialTree(NamedTuple):
    module: ast.Module
    # (start, end) of the string literals standing alone as statements (docstrings) that
    # span a line worth walking and were left out of the parse: the caller reads them as
    # the walk would have, from the text.
    bare_strings: list[tuple[int, int]]


def partial_tree(text: str, lines: list[int], line_starts: list[int],
                 path: str) -> PartialTree | None:
    """The top-level statements spanning ``lines`` (large compound ones cut down to the
    statements of theirs that do), parsed with the file's lines and columns, or None when
    the whole file should be parsed instead."""
    # A line at column 0 inside a triple-quoted string (a prompt, a test's expected
    # output) starts no statement; cutting there made parses fail and widen.
    strings = _triple_quoted(text, 0, len(text))
    string_starts = [a for a, _ in strings]
    starts = []
    decorated = text.startswith("@")  # the file begins with a decorated statement
    for m in _TOP_LEVEL.finditer(text):
        at = m.end()
        if _inside(strings, string_starts, at):
            continue
        if not decorated:  # a decorator's statement runs on to its def or class
            starts.append(at)
        decorated = text.startswith("@", at)
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    first_lines = [bisect.bisect_right(line_starts, start) for start in starts]
    wanted = sorted({bisect.bisect_right(first_lines, line) - 1 for line in lines})
    blocks = _Blocks(text, lines, line_starts, strings, string_starts)

    def bounds(a: int, b: int) -> tuple[int, int]:
        return starts[a], starts[b + 1] if b + 1 < len(starts) else len(text)

    pieces: list[Piece] = []
    for c in wanted:
        lo, hi = bounds(c, c)
        cut = blocks.pieces(lo, hi) if hi - lo >= BLOCK_SPLIT_MIN_CHARS else None
        pieces.extend(cut or [(lo, hi, None)])
    if sum(end - start for start, end, _ in pieces) > PARTIAL_MAX_SHARE * len(text):
        return None
    statements = _parse_pieces(text, pieces, path)
    if statements is not None:
        return PartialTree(ast.Module(body=statements, type_ignores=[]), blocks.bare)
    # The chunks whole, each span of adjacent ones on its own, widened where it does not
    # parse: a decorator apart from its def, a chunk begun inside a string.
    spans: list[list[int]] = []  # [first chunk, last chunk]
    for c in wanted:
        if spans and spans[-1][1] + 1 >= c:
            spans[-1][1] = c
        else:
            spans.append([c, c])
    if sum(bounds(a, b)[1] - bounds(a, b)[0] for a, b in spans) > PARTIAL_MAX_SHARE * len(text):
        return None
    parsed: list[ast.stmt] = []
    for a, b in spans:
        step = 1
        for attempt in range(8):
            lo, hi = bounds(a, b)
            try:
                # Leading newlines give the chunk its real line numbers: cheaper than
                # ast.increment_lineno, which walks every node.
                part = ast.parse("\n" * (first_lines[a] - 1) + text[lo:hi], filename=path)
                break
            except SyntaxError:
                # Widen by twice as many chunks each time (a template string at column 0
                # can hold dozens of lines that look like statements).
                if b + 1 >= len(starts) and a == 0:
                    return None
                b = min(b + step, len(starts) - 1)
                a = max(a - (step if attempt % 2 else 0), 0)
                step *= 2
            except (ValueError, RecursionError, MemoryError):
                return None
        else:
            return None
        while parsed and part.body and parsed[-1].lineno >= part.body[0].lineno:
            parsed.pop()  # widened back over the span before: parsed again here
        parsed.extend(part.body)
    return PartialTree(ast.Module(body=parsed, type_ignores=[]), [])


def _parse_pieces(text: str, pieces: list[Piece], path: str) -> list[ast.stmt] | None:
    """The pieces parsed as one text, every other line blank: the statements come out with
    the file's lines and columns. None when that does not parse."""
    out = []
    previous = 0
    for start, end, replacement in pieces:
        out.append("\n" * text.count("\n", previous, start))
        out.append(text[start:end] if replacement is None else replacement)
        previous = end
    try:
        return ast.parse("".join(out), filename=path).body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _triple_quoted(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Spans of the triple-quoted strings between ``lo`` and ``hi``, found without
    tokenizing: a delimiter opens one unless its line has put it in a comment or in a
    one-line string before (a triple quote written in quotes or named in a comment). One
    such misread put a test module's code in strings and its strings in code, and a cut in
    the middle of a string parsed."""
    spans: list[tuple[int, int]] = []
    at = lo  # where to look for the next delimiter
    code = lo  # where code resumes: after the last string
    # The next of each delimiter, looked up again only once passed: str.find runs in C,
    # where a regex for either delimiter stepped through every character.
    double, single = text.find('"""', at, hi), text.find("'''", at, hi)
    while True:
        if double != -1 and double < at:
            double = text.find('"""', at, hi)
        if single != -1 and single < at:
            single = text.find("'''", at, hi)
        if double == -1 and single == -1:
            return spans
        if single == -1 or (double != -1 and double < single):
            start, delimiter = double, '"""'
        else:
            start, delimiter = single, "'''"
        if _in_line_string_or_comment(text, max(code, text.rfind("\n", 0, start) + 1), start):
            at = start + 1
            continue
        close = start + 3
        while True:
            close = text.find(delimiter, close, hi)
            if close < 0:
                spans.append((start, hi))
                return spans
            escapes = close
            while text[escapes - 1] == "\\":
                escapes -= 1
            if (close - escapes) % 2 == 0:
                break
            close += 1
        spans.append((start, close + 3))
        at = code = close + 3


def _in_line_string_or_comment(text: str, lo: int, at: int) -> bool:
    """Whether ``at`` is inside a comment or a one-line string begun in ``text[lo:at]``
    (the line up to it, from where code resumes)."""
    if not _QUOTE_OR_HASH.search(text, lo, at):
        return False  # most docstrings: only indentation or `x = ` before
    quote = ""
    i = lo
    while i < at:
        c = text[i]
        if quote:
            if c == "\\":
                i += 1
            elif c == quote:
                quote = ""
        elif c == "#":
            return True
        elif c in "\"'":
            quote = c
        i += 1
    return bool(quote)


def _enclosing(spans: list[tuple[int, int]], span_starts: list[int], at: int) -> tuple[int, int] | None:
    """The span of ``spans`` (sorted, with their starts) that ``at`` lies in, if any."""
    i = bisect.bisect_right(span_starts, at) - 1
    return spans[i] if i >= 0 and at < spans[i][1] else None


def _inside(spans: list[tuple[int, int]], span_starts: list[int], at: int) -> bool:
    return _enclosing(spans, span_starts, at) is not None


def _continues_line(text: str, at: int) -> bool:
    """Whether the line before the one that begins at ``at`` ends in a backslash."""
    before = text[max(at - 3, 0):at - 1]
    return before.endswith("\\") or before == "\\\r"


@lru_cache(maxsize=16)
def _simple_member_at(indent: str) -> re.Pattern[str]:
    """A line at exactly this indentation that assigns a one-line literal (see _SIMPLE_MEMBER)."""
    return re.compile(r"\n" + re.escape(indent) + r"""[A-Za-z_]\w*[ \t]*(?::[^=\n]*)?=[ \t]*[rRuUbB]?["']""")


@lru_cache(maxsize=16)
def _clause_at(indent: str) -> re.Pattern[str]:
    """A line at exactly this indentation that begins a clause continuing a statement."""
    return re.compile(r"\n" + re.escape(indent) + r"(?:elif|else|except|finally)\b")


@lru_cache(maxsize=16)
def _statement_at(indent: str) -> re.Pattern[str]:
    """A line at exactly this indentation that may begin a statement: not a comment, not
    a closing bracket, not the else/elif/except/finally that continues the one before."""
    return re.compile(r"\n" + re.escape(indent) + r"(?![ \t\r\n#)\]}]|(?:else|elif|except|finally)\b)")


def _string_end(text: str, at: int, hi: int) -> int:
    """Where the string literal whose opening quote is at ``at`` ends, or -1."""
    quote = text[at]
    if text.startswith(quote * 3, at):
        close = at + 3
        while True:
            close = text.find(quote * 3, close, hi)
            if close < 0:
                return -1
            escapes = close
            while text[escapes - 1] == "\\":
                escapes -= 1
            if (close - escapes) % 2 == 0:
                return close + 3
            close += 1
    m = _ONE_LINE_STRING[quote].match(text, at, hi)
    return m.end() if m else -1


def _header_end(text: str, lo: int, hi: int) -> int:
    """Where the body of the clause whose header (a def's or class's with its decorators)
    begins at ``lo`` begins: after the line of the colon that ends the header. -1 for a
    body on the header's line, or a header that does not end within 20,000 characters."""
    one_line = _ONE_LINE_HEADER.match(text, lo, hi)
    if one_line and not _bracket_count(text, lo, one_line.end("code")):
        return one_line.end()
    depth = 0
    at = lo
    limit = min(hi, lo + 20_000)
    while True:
        m = _HEADER_TOKEN.search(text, at, limit)
        if m is None:
            return -1
        token, at = m.group(), m.end()
        if token in _OPENERS:
            depth += 1
        elif token in _CLOSERS:
            depth -= 1
        elif token == "#":
            at = text.find("\n", at, limit)
            if at < 0:
                return -1
        elif token == ":":
            if depth == 0:
                end = text.find("\n", at, hi)
                rest = text[at:hi if end < 0 else end].strip()
                if rest and not rest.startswith("#"):
                    return -1  # def f(): return 1
                return hi if end < 0 else end + 1
        else:
            at = _string_end(text, m.start(), limit)
            if at < 0:
                return -1


def _last_code_line(text: str, lo: int, hi: int) -> int:
    """Where the last line of ``text[lo:hi]`` that is neither blank nor a comment begins
    (``lo``, which begins one, when there is none after it)."""
    end = hi
    while end > lo:
        start = max(text.rfind("\n", lo, end - 1) + 1, lo)
        line = text[start:end].strip()
        if line and not line.startswith("#"):
            return start
        end = start
    return lo


def _bracket_count(text: str, lo: int, hi: int) -> int:
    """Brackets opened minus brackets closed in ``text[lo:hi]``, strings and comments
    included: counted in C."""
    return (text.count("(", lo, hi) + text.count("[", lo, hi) + text.count("{", lo, hi)
            - text.count(")", lo, hi) - text.count("]", lo, hi) - text.count("}", lo, hi))


def _in_brackets(text: str, lo: int, at: int) -> bool:
    """Whether the line that begins at ``at`` is inside brackets opened after ``lo`` (a
    statement start). Counting every bracket is right unless strings or comments hold
    some: then strings and comments are lexed out and the code's counted. That is done
    only when the count is not 0, or the code line before ends as a statement cannot (in
    a comma, an opening bracket, an operator, or a comment that may hide one): lexing
    every range cost ~7% of a scan, and a count of 0 is wrong only where a string's
    bracket and a run-on line at the body's indentation meet."""
    if not _bracket_count(text, lo, at):
        start = _last_code_line(text, lo, at)
        end = text.find("\n", start, at)
        line = text[start:at if end < 0 else end].strip()
        if not line or line.startswith("#") or ("#" not in line and line[-1] not in _RUNS_ON):
            return False
    code = _NOT_CODE.sub("", text[lo:at])
    return bool(_bracket_count(code, 0, len(code)))


class _Blocks:
    """Cuts the compound statements of one text down to the pieces worth parsing."""

    def __init__(self, text: str, lines: list[int], line_starts: list[int],
                 strings: list[tuple[int, int]], string_starts: list[int]) -> None:
        self.text = text
        self.lines = lines
        self.line_starts = line_starts
        self.strings = strings
        self.string_starts = string_starts
        self.bare: list[tuple[int, int]] = []  # see PartialTree.bare_strings

    def pieces(self, lo: int, hi: int) -> list[Piece] | None:
        """The compound statement at ``text[lo:hi]`` (a def, a class, an if, for, while,
        with or try) as the pieces to parse: the header of each of its clauses, then the
        statements of each body that hold a line worth walking (a class's one-line literal
        attributes too), the large compound ones among them in pieces of their own. None
        when that is not much smaller than the whole, or the text is not such a statement."""
        text = self.text
        start = _BLOCK_START.match(text, lo)
        if start is None:
            return None
        own = start.group("indent")
        clauses = [lo]
        if start.group("compound"):  # if/elif/else, try/except/else/finally, for/else...
            clauses.extend(self._clauses(lo, hi, own))
        is_class = start.group("cls") is not None
        out: list[Piece] = []
        bare = len(self.bare)
        for c_lo, c_hi in zip(clauses, clauses[1:] + [hi]):
            if not self._clause(c_lo, c_hi, own, is_class, out):
                del self.bare[bare:]  # parsed whole, strings included
                return None
        if sum(end - start for start, end, _ in out) > PARTIAL_MAX_SHARE * (hi - lo):
            del self.bare[bare:]
            return None
        return out

    def _clauses(self, lo: int, hi: int, own: str) -> list[int]:
        """Where the clauses after the first of the statement at ``text[lo:hi]`` begin."""
        text = self.text
        out = []
        previous = lo
        for m in _clause_at(own).finditer(text, lo, hi):
            at = m.start() + 1
            if (_inside(self.strings, self.string_starts, at) or _continues_line(text, at)
                    or _in_brackets(text, previous, at)):
                continue
            out.append(at)
            previous = at
        return out

    def _clause(self, lo: int, hi: int, own: str, is_class: bool, out: list[Piece]) -> bool:
        """Appends the pieces of one clause (its header, then what its body keeps) to
        ``out``; False when its header or body cannot be told apart."""
        text = self.text
        body_at = _header_end(text, lo, hi)
        first = _FIRST_BODY_LINE.match(text, body_at, hi) if 0 <= body_at < hi else None
        if first is None:
            return False
        indent = first.group("indent")
        if not indent.startswith(own) or len(indent) <= len(own):
            return False
        body = first.end() - len(indent)
        is_class = is_class or (text.startswith("@", lo + len(own)) and self._is_class(lo, body))
        out.append((lo, body, None))
        if not self._body(body, hi, indent, is_class, out):
            return False
        # The body's last line of code, as `pass` when what was kept ends before it (or is
        # nothing): the clause then spans the lines it spans in a whole parse, and the walk
        # visits its header (a def's defaults) on the same lines worth walking.
        last = _last_code_line(text, body, hi)
        if out[-1][1] <= last:
            end = text.find("\n", last, hi)
            out.append((last, hi if end < 0 else end + 1, indent + "pass\n"))
        return True

    def _body(self, body: int, hi: int, indent: str, is_class: bool, out: list[Piece]) -> bool:
        """Appends to ``out`` the pieces of a clause's body, whose statements begin at
        ``body`` with ``indent`` and end at ``hi``: the statements that hold a line worth
        walking. False when they cannot be told apart."""
        text = self.text
        # Lines at the body's indentation: where its statements may begin. Which of them
        # really do is checked only where a kept piece begins or ends.
        starts = [body]
        starts.extend(m.start() + 1 for m in _statement_at(indent).finditer(text, body, hi))
        cuts = _Cuts(self, starts, len(indent))
        covered = body  # where the statements already taken end
        for k in self._kept(body, hi, starts, is_class, indent):
            if starts[k] < covered:
                continue  # a line of a statement taken already
            # The statement around this start: from the real start at or before it to
            # the next real one (which cannot be before ``covered``: that is one).
            i = cuts.at_or_before(k)
            j = cuts.after(k) if i >= 0 else -1
            if j < 0:
                return False
            a = starts[i]
            b = covered = starts[j] if j < len(starts) else hi
            string_end = self._bare_string(a, b)
            if string_end >= 0:
                # A `pass` on its last line instead: the def or class that holds it ends
                # where it did, so that the walk visits its header as a whole parse's would.
                last = max(a, text.rfind("\n", a, string_end) + 1)
                line_end = text.find("\n", string_end, b)
                out.append((last, b if line_end < 0 else line_end + 1, indent + "pass\n"))
                continue
            inner = self.pieces(a, b) if b - a >= BLOCK_SPLIT_MIN_CHARS else None
            out.extend(inner or [(a, b, None)])
        return True

    def _bare_string(self, a: int, b: int) -> int:
        """Where the statement at ``text[a:b]`` ends if it is a string literal alone (a
        docstring) that need not be parsed: no f-string or bytes, nothing after it but
        comments; else -1. If it spans a line worth walking, it goes to ``bare``."""
        text = self.text
        m = _BARE_STRING.match(text, a, b)
        if m is None:
            return -1
        end = _string_end(text, m.end("prefix"), b)
        if end < 0 or not _ONLY_COMMENTS.match(text, end, b):
            return -1
        if self._wanted_in(m.end("indent"), end):
            self.bare.append((m.end("indent"), end))
        return end

    def _wanted_in(self, start: int, end: int) -> bool:
        lines, line_starts = self.lines, self.line_starts
        i = bisect.bisect_left(lines, bisect.bisect_right(line_starts, start))
        return i < len(lines) and lines[i] <= bisect.bisect_right(line_starts, end - 1)

    def _kept(self, body: int, hi: int, starts: list[int], is_class: bool,
              indent: str) -> list[int]:
        """The statements (indexes into ``starts``, in order) that hold a line worth
        walking, or (in a class) are one-line literal attributes."""
        lines, line_starts, text = self.lines, self.line_starts, self.text
        first_line = bisect.bisect_right(line_starts, body)
        last_line = bisect.bisect_right(line_starts, hi - 1)
        wanted = lines[bisect.bisect_left(lines, first_line):bisect.bisect_right(lines, last_line)]
        indexes = {bisect.bisect_right(starts, line_starts[line - 1]) - 1 for line in wanted}
        if is_class:
            for m in _simple_member_at(indent).finditer(text, body - 1, hi):
                k = bisect.bisect_left(starts, m.start() + 1)
                if k < len(starts) and starts[k] == m.start() + 1 and _SIMPLE_MEMBER.match(
                        text, starts[k], starts[k + 1] if k + 1 < len(starts) else hi):
                    indexes.add(k)
        return sorted(indexes)

    def _is_class(self, lo: int, body: int) -> bool:
        """Whether the decorated statement at ``lo`` (its header ends at ``body``) is a class."""
        return re.search(r"^[ \t]*class\b", self.text[lo:body], re.MULTILINE) is not None


class _Cuts:
    """Which of a body's candidate statement starts really begin a statement: outside
    triple-quoted strings and brackets, not after a backslash or a decorator. Worked out
    only where asked, each from the nearest start below already known to be one."""

    # Candidates passed over in one search before the block is parsed whole instead.
    MAX_STEPS = 200

    def __init__(self, blocks: _Blocks, starts: list[int], indent: int) -> None:
        self.blocks = blocks
        self.starts = starts
        self.indent = indent
        self.known = [0]  # indexes known to be real starts, sorted
        self.answers: dict[int, bool] = {0: True, len(starts): True}

    def at_or_before(self, k: int) -> int:
        """The real start at or before candidate ``k`` (-1: too far to look)."""
        for _ in range(self.MAX_STEPS):
            if self._valid(k):
                return k
            string = self._string(k)
            # In a triple-quoted string: on to the last candidate before it begins.
            k = bisect.bisect_right(self.starts, string[0]) - 1 if string else k - 1
        return -1

    def after(self, k: int) -> int:
        """The real start after candidate ``k`` (len(starts): the end; -1: too far)."""
        k += 1
        for _ in range(self.MAX_STEPS):
            if self._valid(k):
                return k
            string = self._string(k)
            k = max(bisect.bisect_left(self.starts, string[1]), k + 1) if string else k + 1
        return -1

    def _string(self, k: int) -> tuple[int, int] | None:
        return _enclosing(self.blocks.strings, self.blocks.string_starts, self.starts[k])

    def _valid(self, k: int) -> bool:
        answer = self.answers.get(k)
        if answer is not None:
            return answer
        starts, text = self.starts, self.blocks.text
        at = starts[k]
        base = self.known[bisect.bisect_right(self.known, k) - 1]
        answer = not (
            self._string(k)
            or _continues_line(text, at)
            or text.startswith("@", starts[k - 1] + self.indent)  # a decorator runs on to its def
            or _in_brackets(text, starts[base], at))
        self.answers[k] = answer
        if answer:
            bisect.insort(self.known, k)
        return answer
