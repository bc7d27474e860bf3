"""Python: exact spans and the name around each model id, in the places real code puts them."""

from __future__ import annotations

import pytest

from tests.helpers import TODAY, refs, spans

CASES = [
    pytest.param(
        'from openai import OpenAI\n\nclient = OpenAI()\nresp = client.chat.completions.create(\n'
        '    model="gpt-4o-2024-08-06",\n    messages=[{"role": "user", "content": "hi"}],\n)\n',
        [(5, 12, "gpt-4o-2024-08-06", "model", "code")], id="keyword-argument"),
    pytest.param(
        'import os\n\nMODEL = os.getenv("OPENAI_MODEL", "gpt-4o-mini")\n',
        [(3, 36, "gpt-4o-mini", "OPENAI_MODEL", "code")], id="getenv-default"),
    pytest.param(
        'import os\nmodel = os.environ.get("CHAT_MODEL", "claude-3-5-sonnet-20241022")\n',
        [(2, 39, "claude-3-5-sonnet-20241022", "CHAT_MODEL", "code")], id="environ-get-default"),
    pytest.param(
        'def build(settings, kwargs, cfg):\n'
        '    fast = settings.get("fast_model", "o3")\n'
        '    chat = kwargs.pop("model", "claude-3-5-haiku-latest")\n'
        '    judge = getattr(cfg, "judge_model", "gemini-1.5-flash")\n'
        '    price = PRICES.get("gpt-4o-2024-08-06")\n',
        [(2, 40, "o3", "fast_model", "code"), (3, 33, "claude-3-5-haiku-latest", "model", "code"),
         (4, 42, "gemini-1.5-flash", "judge_model", "code"), (5, 25, "gpt-4o-2024-08-06", "get", "code")],
        id="defaults-read-under-a-name"),
    pytest.param(
        'def route(model):\n'
        '    match model:\n'
        '        case "gpt-4o" | "o1":\n'
        '            return "openai"\n'
        '        case _:\n'
        '            return "other"\n',
        [(3, 15, "gpt-4o", "model", "code"), (3, 26, "o1", "model", "code")],
        id="match-cases-are-the-subjects"),
    pytest.param(
        'import pytest\n\n\n'
        '@pytest.mark.parametrize("model", ["gpt-4o-2024-08-06", "o1"])\n'
        'def test_one(model):\n    pass\n\n\n'
        '@pytest.mark.parametrize(("model", "expected"), [("o3", "o1"),\n'
        '                                               pytest.param("claude-3-5-haiku-latest", 2, id="claude")])\n'
        'def test_two(model, expected):\n    pass\n',
        [(4, 37, "gpt-4o-2024-08-06", "model", "code"), (4, 58, "o1", "model", "code"),
         (9, 52, "o3", "model", "code"),
         (10, 62, "claude-3-5-haiku-latest", "model", "code")],
        id="pytest-parametrize-values-keyed-by-their-names"),
    pytest.param(
        'import argparse\np = argparse.ArgumentParser()\np.add_argument("--model", default="gpt-4o")\n',
        [(3, 36, "gpt-4o", "--model", "code")], id="argparse-default"),
    pytest.param(
        'from pydantic import BaseModel, Field\n\nclass Settings(BaseModel):\n'
        '    chat_model: str = Field(default="gemini-1.5-pro-002")\n'
        '    embed_model: str = "text-embedding-3-small"\n',
        [(4, 38, "gemini-1.5-pro-002", "chat_model", "code"),
         (5, 25, "text-embedding-3-small", "embed_model", "code")], id="pydantic-field-and-default"),
    pytest.param(
        'from fastapi import Query\nfrom pydantic import BaseModel, Field\n\n\nclass Settings(BaseModel):\n'
        '    model: str = Field("o1", description="Which model answers")\n'
        '    writer: str = Field("claude-3-5-sonnet-latest")\n\n\n'
        'def ask(model: str = Query("o3")):\n    return model\n',
        [(6, 25, "o1", "model", "code"), (7, 26, "claude-3-5-sonnet-latest", "writer", "code"),
         (10, 29, "o3", "model", "code")],
        id="field-and-query-defaults-given-first"),
    pytest.param(
        'import enum\n\nclass Model(str, enum.Enum):\n    FAST = "gpt-4o-mini-2024-07-18"\n'
        '    SMART = "o3"\n    model_name: str = "o1"\n\n    def label(self):\n        tag = "o1"\n\n\n'
        'class Tier(str, enum.Enum):\n    FAST = "o1"\n    DEFAULT = "gpt-4o"\n',
        [(4, 13, "gpt-4o-mini-2024-07-18", "Model.FAST", "code"), (5, 14, "o3", "Model.SMART", "code"),
         (6, 24, "o1", "model_name", "code"), (14, 16, "gpt-4o", "DEFAULT", "code")],
        id="enum-members-keyed-by-a-model-class"),
    pytest.param(
        'MODELS = {"reasoning": "o1", "fast": "gpt-4o-mini"}\nTIERS = {"top": "o1"}\n'
        'CONFIG = {"llm": {"provider": "openai", "name": "o3"}}\n',
        [(1, 25, "o1", "MODELS.reasoning", "code"), (1, 39, "gpt-4o-mini", "fast", "code"),
         (3, 50, "o3", "llm.name", "code")],
        id="weak-ids-in-a-dict-named-for-models"),
    pytest.param(
        'PRICES = {\n    "gpt-4o-2024-08-06": 2.5,\n    "mistral-large-2411": 2.0,\n}\n',
        [(2, 6, "gpt-4o-2024-08-06", "PRICES", "code"), (3, 6, "mistral-large-2411", "PRICES", "code")],
        id="dict-keys"),
    pytest.param(
        'ROUTES = {"fast": "gpt-4o-mini", "slow": ["o1", "claude-3-opus-20240229"]}\n',
        [(1, 20, "gpt-4o-mini", "fast", "code"), (1, 50, "claude-3-opus-20240229", "slow", "code")],
        id="dict-values-and-list-members"),
    pytest.param(
        'def answer(prompt, model="gpt-4-turbo-2024-04-09"):\n    return prompt\n',
        [(1, 27, "gpt-4-turbo-2024-04-09", "model", "code")], id="function-default"),
    pytest.param(
        'BASE = "gpt-4"\nPINNED = BASE + "-0613"\n',
        [(1, 9, "gpt-4", "BASE", "code"), (2, 10, 'BASE + "-0613"', "PINNED", "code")],
        id="composed-concatenation"),
    pytest.param(
        'FAMILY = "gpt-4o"\nDATE = "2024-08-06"\nMODEL = f"openai/{FAMILY}-{DATE}"\n',
        [(1, 11, "gpt-4o", "FAMILY", "code"), (3, 9, 'f"openai/{FAMILY}-{DATE}"', "MODEL", "code")],
        id="composed-fstring"),
    pytest.param(
        'model = "gpt-4o-2024-08-06"  # was gpt-4-0613 until the retirement\n',
        [(1, 10, "gpt-4o-2024-08-06", "model", "code"), (1, 36, "gpt-4-0613", None, "comment")],
        id="trailing-comment"),
    pytest.param(
        'def f():\n    """Summarise with claude-3-haiku-20240307, cheap and fast."""\n',
        [(2, 23, "claude-3-haiku-20240307", None, "comment")], id="docstring-is-comment"),
    pytest.param(
        'if model == "gpt-3.5-turbo-0125":\n    pass\n',
        [(1, 14, "gpt-3.5-turbo-0125", "model", "code")], id="comparison"),
    pytest.param(
        "x = 'bedrock/anthropic.claude-3-haiku-20240307-v1:0'\n",
        [(1, 6, "bedrock/anthropic.claude-3-haiku-20240307-v1:0", "x", "code")], id="single-quotes-prefix"),
    pytest.param(
        'from typing import Literal, Optional\n\n\n'
        'def ask(q: str, model: Literal["gpt-4o-mini", "o3-mini"] = "o3-mini", *,\n'
        '        fallback: Optional[Literal["claude-3-5-haiku-latest"]] = None) -> str:\n'
        '    return q\n',
        [(4, 33, "gpt-4o-mini", "model", "code"), (4, 48, "o3-mini", "model", "code"),
         (4, 61, "o3-mini", "model", "code"), (5, 37, "claude-3-5-haiku-latest", "fallback", "code")],
        id="parameter-annotations-like-a-typescript-union"),
    pytest.param(
        'from typing import Literal\nfrom pydantic import BaseModel\n\n\nclass Settings(BaseModel):\n'
        '    model: Literal["gpt-4o-2024-08-06", "claude-3-5-sonnet-latest"] = "gpt-4o-2024-08-06"\n'
        '    judge: Literal["gemini-1.5-pro-002"]\n',
        [(6, 21, "gpt-4o-2024-08-06", "model", "code"), (6, 42, "claude-3-5-sonnet-latest", "model", "code"),
         (6, 72, "gpt-4o-2024-08-06", "model", "code"), (7, 21, "gemini-1.5-pro-002", "judge", "code")],
        id="field-annotations-with-and-without-a-value"),
    pytest.param(
        'name = "é—gpt"\nmodel = "gpt-4o-2024-08-06"\ntitle = "café"; m2 = "gpt-4o-2024-11-20"\n',
        [(2, 10, "gpt-4o-2024-08-06", "model", "code"), (3, 23, "gpt-4o-2024-11-20", "m2", "code")],
        id="non-ascii-columns-are-characters"),
]


@pytest.mark.parametrize(("source", "expected"), CASES)
def test_python_references(source: str, expected: list[tuple[int, int, str, str | None, str]]) -> None:
    assert spans("app/llm.py", source) == expected


DECOYS = [
    pytest.param('from transformers import GPT2Tokenizer\ngpt4_enabled = True\n', id="identifiers"),
    pytest.param('import gpt4all\nPACKAGES = ["gpt-tokenizer", "gpt-researcher"]\n', id="package-names"),
    pytest.param('LABEL = "GPT-4 Turbo"\nNAME = "Claude"\nSIGN = "gemini"\nWIND = "mistral"\n', id="display-names-and-words"),
    pytest.param('DOCS = "https://platform.openai.com/docs/models/gpt-4o"\nOUT = "data/gpt-4o/results.jsonl"\n', id="links-and-paths"),
    pytest.param('import re\nPATTERN = re.compile(r"gpt-\\d+")\nVERSION = "2024-08-06"\n', id="regex-and-dates"),
    pytest.param('painter = "Claude Monet"\nsonnet = "Shall I compare thee"\n', id="names-and-poetry"),
    pytest.param('def build(client: "gpt_client.GPTClient", model: "ModelName" = None) -> "Answer":\n'
                 '    return client\n', id="string-annotations-name-types"),
]


@pytest.mark.parametrize("source", DECOYS)
def test_python_decoys_are_not_references(source: str) -> None:
    assert refs("app/decoys.py", source) == []


def test_test_files_get_test_context() -> None:
    found = spans("tests/test_llm.py", 'def test_x():\n    assert call(model="gpt-4o-mini") == 1\n')
    assert found == [(2, 24, "gpt-4o-mini", "model", "test")]


def test_composed_reference_is_not_exact_and_keeps_resolved_model() -> None:
    (base, composed) = refs("m.py", 'BASE = "gpt-4"\nPINNED = BASE + "-0613"\n')
    assert (base.model, base.composed) == ("gpt-4", False)
    assert (composed.model, composed.composed, composed.pinned) == ("gpt-4-0613", True, True)


def test_syntax_error_is_reported_and_file_still_scanned() -> None:
    from scanner.engine import scan_text
    from tests.helpers import TODAY

    result = scan_text("broken.py", 'def f(:\n    model = "gpt-4o-2024-08-06"\n', today=TODAY)
    assert [(r.line, r.column, r.text) for r in result.references] == [(2, 14, "gpt-4o-2024-08-06")]
    assert [e.message for e in result.errors] == [
        "Python syntax error at line 1: invalid syntax; scanned as plain text instead"]


def test_dynamic_model_from_env_without_default_is_mt005() -> None:
    from scanner.engine import scan_text
    from scanner.judge import judge
    from tests.helpers import TODAY

    source = 'import os\nresp = client.chat.completions.create(model=os.environ["OPENAI_MODEL"])\n'
    result = scan_text("app.py", source, today=TODAY)
    assert result.references == ()
    (finding,) = judge((), result.dynamic)
    assert (finding.rule, finding.reference.line, finding.reference.column, finding.reference.text) == (
        "MT005", 2, 45, 'os.environ["OPENAI_MODEL"]')


LARGE_MODULE = '''"""Routing for the support bot.

gpt-4o-mini handles triage; this docstring is long enough to matter.
"""
from __future__ import annotations

import os
import pytest

FAMILY = "gpt-4o"
DATE = "2024-08-06"
PINNED = f"{FAMILY}-{DATE}"
PROMPT = """
You are a helpful assistant.
model = not code, just prose at column zero
Use claude-3-5-haiku-20241022 style answers.
"""


class Router:
    default = os.getenv("ROUTER_MODEL", "gpt-4o-mini-2024-07-18")

    def route(self, task: str) -> str:
        if task == "summarize":
            return "claude-3-5-sonnet-20241022"
        return self.default
''' + "\n\n".join(f'''
def helper_{i}(value: int) -> int:
    """Pure arithmetic with nothing to find {i}."""
    total = value * {i}
    for step in range(3):
        total += step
    return total
''' for i in range(40)) + '''


@pytest.mark.parametrize(
    "model",
    [
        "mistral-large-2411",
        "o3-mini",
    ],
)
def test_models(model: str) -> None:
    assert model
try:
    FALLBACK = "gemini-1.5-pro-002"
except ImportError:
    FALLBACK = "gemini-1.5-flash-002"
'''


def test_partial_parse_of_a_large_module_finds_what_a_full_parse_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    """Large files are parsed only around their hits; the references must not change."""
    from scanner.extractors import python_partial

    assert len(LARGE_MODULE) > python_partial.PARTIAL_MIN_CHARS
    partial = spans("app/router.py", LARGE_MODULE)
    monkeypatch.setattr(python_partial, "PARTIAL_MIN_CHARS", 10**9)
    full = spans("app/router.py", LARGE_MODULE)
    assert partial == full
    assert [(t, k) for _, _, t, k, _ in full] == [
        ("gpt-4o-mini", None), ("gpt-4o", "FAMILY"), ('f"{FAMILY}-{DATE}"', "PINNED"),
        ("claude-3-5-haiku-20241022", "PROMPT"), ("gpt-4o-mini-2024-07-18", "ROUTER_MODEL"),
        ("claude-3-5-sonnet-20241022", None), ("mistral-large-2411", "model"), ("o3-mini", "model"),
        ("gemini-1.5-pro-002", "FALLBACK"), ("gemini-1.5-flash-002", "FALLBACK")]


SDK_CLASS_MODULE = '''"""A client resource in the style of the generated SDKs: one class, many methods."""
from __future__ import annotations

import click

BASE = "gpt-4o"


class Completions(
    SyncAPIResource,
    metaclass=ResourceMeta,
):
    """Chat completions.

    Args:
    model: a line of the class docstring at the members' indentation
    """

    DEFAULT_MODEL = "gpt-4o-mini"
    FALLBACK: str = "claude-3-5-haiku-20241022"
''' + "".join(f"""
    @property
    def helper_{i}(self) -> int:
        '''Arithmetic with nothing to find ({i}).'''
        total = {i}
        for step in range(3):
            total += step * {i}
        return total
""" for i in range(40)) + '''
    def create(self, *, model: str = "o3-mini-2025-01-31", stream: bool = False) -> dict:
        """Create a completion.

        Args:
          model: ID of the model to use, like `gpt-4o` or `o1`.
        """
        if stream:
            return self._post(model=f"{BASE}-2024-08-06")
        return self._post(model=model)

    async def acreate(self, model: str = DEFAULT_MODEL + "-2024-07-18") -> dict:
        prompt = """
Answer like claude-3-opus-20240229 would.
class NotAMember: this line sits in a string
"""
        return await self._post(model=model, prompt=prompt)

    class Options:
        model = "gemini-1.5-pro-002"  # nested class, kept whole


@click.command()
@click.option("--model", default="mistral-large-2411")
@click.option("--verbose", is_flag=True)
def main(model: str, verbose: bool) -> None:
    print(model)
'''


def _parsed_chars(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Characters (other than line breaks) of each text handed to ast.parse from now on."""
    import ast

    sizes: list[int] = []
    parse = ast.parse

    def counting(source: str, *args: object, **kwargs: object) -> object:
        sizes.append(len(source) - source.count("\n"))
        return parse(source, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ast, "parse", counting)
    return sizes


def _pieces_parsed(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each text made of pieces parsed (False: the file's chunks were parsed whole
    instead, which hides a wrong cut that did not parse)."""
    from scanner.extractors import python_partial

    outcomes: list[bool] = []
    parse_pieces = python_partial._parse_pieces

    def recording(*args: object) -> object:
        statements = parse_pieces(*args)  # type: ignore[arg-type]
        outcomes.append(statements is not None)
        return statements

    monkeypatch.setattr(python_partial, "_parse_pieces", recording)
    return outcomes


def _scan_everything(path: str, source: str) -> tuple[object, ...]:
    from scanner.engine import scan_text

    result = scan_text(path, source, today=TODAY)
    return result.references, result.dynamic, result.errors


def test_a_large_class_is_parsed_in_pieces_and_finds_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """A class of an SDK is parsed only at its members that hold a hit (and its one-line
    literal attributes), with the real lines and columns: the references must not change."""
    from scanner.extractors import python_partial

    assert len(SDK_CLASS_MODULE) > 4 * python_partial.BLOCK_SPLIT_MIN_CHARS
    parsed = _parsed_chars(monkeypatch)
    partial = spans("sdk/completions.py", SDK_CLASS_MODULE)
    assert sum(parsed) < len(SDK_CLASS_MODULE) / 3  # the class was cut down
    monkeypatch.setattr(python_partial, "PARTIAL_MIN_CHARS", 10**9)
    full = spans("sdk/completions.py", SDK_CLASS_MODULE)
    assert partial == full
    found = [(t, k, c) for _, _, t, k, c in full]
    assert ("gpt-4o-mini", "DEFAULT_MODEL", "code") in found
    assert ("claude-3-5-haiku-20241022", "FALLBACK", "code") in found
    assert ("o3-mini-2025-01-31", "model", "code") in found
    assert ('f"{BASE}-2024-08-06"', "model", "code") in found
    assert ("claude-3-opus-20240229", "prompt", "code") in found
    assert ("gemini-1.5-pro-002", "model", "code") in found
    assert ("mistral-large-2411", "--model", "code") in found
    assert ("gpt-4o", None, "comment") in found


# Statements a cut could get wrong: bodies of every compound kind, clauses, decorators over
# several lines, continuation lines at the body's indentation, brackets and colons in
# strings, docstrings (raw, escaped, CRLF-free, with a comment after) and one-line bodies.
STATEMENTS_MODULE = '''"""Routing for the chat service; the default was gpt-4-0613 until 2024."""
import os

BASE = "gpt-4o"
TIMEOUT = 30


def pick(task: str, *, fallback: str = "claude-3-5-haiku-20241022") -> str:
    """Choose a model for a task.

    Args:
      task: what to do; "summarise" goes to gemini-1.5-flash-002.
    """
    weights = {"(": 1, "[": 2, "{": 3}
    label = "a:b # not a comment (" + ")"
    if task == "summarise":
        return "gemini-1.5-flash-002"
    elif task == "reason":
        for attempt in range(3):
            if attempt > weights["("]:
                break
        else:
            return "o3-mini-2025-01-31"
        return f"{BASE}-2024-08-06"
    elif task == "legacy":
        try:
            import legacy
        except ImportError:
            return "gpt-3.5-turbo-0125"
        finally:
            label = "done"
    else:
        while TIMEOUT > 100:
            pass
    client = make_client(timeout=TIMEOUT,
    model="gpt-4o-mini-2024-07-18",
    retries=2)
    total = 1 + \\
    2
    with open(os.devnull) as sink, \\
            open(os.devnull) as other:
        sink.write(label)
        other.write("mistral-large-2411")
    return client.name + fallback


class Router:
    r"""Routes requests; claude-3-opus-20240229 for the hard ones (\\d+ tokens)."""

    DEFAULT = "gpt-4o-mini"
    SMART: str = f"{BASE}-2024-11-20"

    @staticmethod
    @retry(
        attempts=3,
        on=("timeout", "rate-limit"),
    )
    def route(request) -> str:
        """Route one request.

        Example: route(Request(model="o1-2024-12-17")) -> "o1-2024-12-17"
        """  # a comment after the docstring naming gpt-4-turbo-2024-04-09
        if request.fast: return "gpt-4o-mini-2024-07-18"
        async def inner():
            async with session() as s:
                async for chunk in s.stream(model="claude-3-5-sonnet-20241022"):
                    yield chunk
        return Router.DEFAULT

    def describe(self) -> str:
        """Escapes: \\u2014 and a tab\\t before gemini-1.5-pro-002."""

    def idle(self, model="text-embedding-3-large"):
        return model


def untouched():
    return 1
''' + "".join(f'''

def helper_{i}(values: list[int]) -> int:
    """Arithmetic with nothing to find ({i})."""
    total = 0
    for value in values:
        if value % 2:
            total += value * {i}
        else:
            total -= value
    return total
''' for i in range(12))


@pytest.mark.parametrize("split_from", [1, 200, 1_000])
def test_statements_in_pieces_find_what_a_whole_parse_finds(monkeypatch: pytest.MonkeyPatch,
                                                            split_from: int) -> None:
    """Cut down to the statements that hold a hit, down to any depth, a module gives the
    same references, dynamic models and errors as parsed whole."""
    from scanner.extractors import python_partial

    monkeypatch.setattr(python_partial, "BLOCK_SPLIT_MIN_CHARS", split_from)
    parsed = _parsed_chars(monkeypatch)
    outcomes = _pieces_parsed(monkeypatch)
    partial = _scan_everything("app/routing.py", STATEMENTS_MODULE)
    # Parsed in pieces (twice: the class's constants, known once parsed, are used elsewhere).
    assert outcomes == [True, True]
    assert parsed[-1] < len(STATEMENTS_MODULE) * (0.5 if split_from < 1_000 else 0.9)
    monkeypatch.setattr(python_partial, "PARTIAL_MIN_CHARS", 10**9)
    whole = _scan_everything("app/routing.py", STATEMENTS_MODULE)
    assert partial == whole
    found = {(r.text, r.key, r.context) for r in whole[0]}  # type: ignore[attr-defined]
    assert {("gpt-4-0613", None, "comment"), ("claude-3-5-haiku-20241022", "fallback", "code"),
            ("gemini-1.5-flash-002", None, "comment"), ("gemini-1.5-flash-002", None, "code"),
            ("o3-mini-2025-01-31", None, "code"), ('f"{BASE}-2024-08-06"', None, "code"),
            ("gpt-3.5-turbo-0125", None, "code"), ("gpt-4o-mini-2024-07-18", "model", "code"),
            ("mistral-large-2411", "write", "code"), ("claude-3-opus-20240229", None, "comment"),
            ("gpt-4o-mini", "DEFAULT", "code"), ('f"{BASE}-2024-11-20"', "SMART", "code"),
            ("o1-2024-12-17", None, "comment"), ("gpt-4-turbo-2024-04-09", None, "comment"),
            ("claude-3-5-sonnet-20241022", "model", "code"), ("gemini-1.5-pro-002", None, "comment"),
            ("text-embedding-3-large", "model", "code")} <= found


@pytest.mark.parametrize("source", [
    # A continuation line at the body's indentation inside brackets, and a list whose
    # members sit at it: a cut there would parse ("gpt-4o",) as a statement of its own.
    "def f():\n    x = call(1,\n    model=\"gpt-4o\",\n    n=2)\n    return x\n",
    "def f():\n    models = [\n    \"gpt-4o\",\n    \"o1\",\n    ]\n    return models\n",
    "def f():\n    x = call(1,\n    \"gpt-4o-2024-08-06\",\n    2)\n    return x\n",
    # A bracket in a string before it: the cheap count is off, the exact one is not.
    "def f():\n    s = \")\"\n    x = g(s,\n    \"gpt-4o\",\n    1)\n    return x\n",
    "def f():\n    s = \"([\"  # ]) in a comment\n    x = g(s,\n    \"gpt-4o\",\n    1)\n    return x\n",
    # A decorator runs on to its def, a backslash on to the next line.
    "class A:\n    @retry(\n        model=\"gpt-4o-mini\",\n    )\n    def f(self):\n        return 1\n",
    "def f():\n    model = \"gpt-4o-mini\" + \\\n    \"-2024-07-18\"\n    return model\n",
    # A triple quote in a one-line string and in a comment opens no string: the real one
    # after them holds lines that look like statements.
    "def f():\n    marker = '\"\"\"'  # the delimiter\n    # ''' is the other\n    text = \"\"\"\n"
    "    model = \"gpt-4o\"\n    \"\"\"\n    return text\n",
    # The docstring holds lines that look like statements at the body's indentation.
    'def f():\n    """Usage:\n    model = "gpt-4o"\n    """\n    return 1\n',
    # A clause keyword inside brackets, at the statement's indentation.
    "def f(a, b):\n    if (a if b\n    else None):\n        return \"gpt-4o\"\n    return None\n",
    # A bytes and an f-string docstring are no docstrings for the walk.
    'def f(x):\n    b"gpt-4o-2024-08-06"\n    f"gpt-4o-2024-08-06 {x}"\n    return x\n',
])
def test_cuts_inside_brackets_and_strings_are_not_taken(monkeypatch: pytest.MonkeyPatch, source: str) -> None:
    """Where a line only looks like the start of a statement, the piece runs on to the real
    end of the statement, and parses (not merely falls back to a whole parse)."""
    from scanner.extractors import python_partial

    monkeypatch.setattr(python_partial, "BLOCK_SPLIT_MIN_CHARS", 1)
    monkeypatch.setattr(python_partial, "PARTIAL_MIN_CHARS", 1)
    padded = source + "".join(f"\n\ndef filler_{i}():\n    return {i}\n" for i in range(40))
    outcomes = _pieces_parsed(monkeypatch)
    partial = _scan_everything("app/x.py", padded)
    assert outcomes == [True]
    monkeypatch.setattr(python_partial, "PARTIAL_MIN_CHARS", 10**9)
    assert partial == _scan_everything("app/x.py", padded)


def test_documentation_anchors_are_not_references() -> None:
    source = ('DOCS = "https://ai.google.dev/gemini-api/docs/models#gemini-2.5-flash"\n'
              '# see https://x.dev/docs#gemini-2.5-flash, we call gpt-4o-2024-08-06\n')
    assert spans("app/links.py", source) == [(2, 52, "gpt-4o-2024-08-06", None, "comment")]


def test_placeholder_defaults_shell_azd_and_spring() -> None:
    source = ('CHAT = "${CHAT_MODEL:-gpt-4o-mini}"\nAZD = "${AZURE_OPENAI_MODEL=gpt-4o-2024-08-06}"\n'
              'SPRING = "${llm.model:claude-3-5-haiku-20241022}"\n')
    assert [(line, col, text) for line, col, text, _, _ in spans("app/settings.py", source)] == [
        (1, 23, "gpt-4o-mini"), (2, 29, "gpt-4o-2024-08-06"), (3, 23, "claude-3-5-haiku-20241022")]


def test_docstrings_are_read_without_a_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    """An SDK method's docstring runs to kilobytes of prose naming models: it is read from
    the text, not parsed, and gives what the walk of a whole parse gives."""
    from scanner.extractors import python_partial

    prose = "".join(f"        line {i} of the reference; see gpt-4o-2024-08-06 for details.\n"
                    for i in range(60))
    source = ("class Completions:\n    def create(self, *, model: str) -> None:\n"
              f'        """Create a completion.\n\n{prose}        """\n'
              "        return self._post(model=model)\n\n"
              "    def list(self) -> None:\n        r\"\"\"Lists; \\d+ per page, o1-2024-12-17 too.\"\"\"\n") * 3
    parsed = _parsed_chars(monkeypatch)
    partial = _scan_everything("sdk/completions.py", source)
    assert sum(parsed) < len(prose)  # not even one docstring's worth
    monkeypatch.setattr(python_partial, "PARTIAL_MIN_CHARS", 10**9)
    whole = _scan_everything("sdk/completions.py", source)
    assert partial == whole
    assert [(r.line, r.context) for r in whole[0]][:2] == [(5, "comment"), (6, "comment")]  # type: ignore[index]
    assert len(whole[0]) == 3 * 61  # type: ignore[arg-type]


@pytest.mark.parametrize("module", ["argparse", "difflib", "doctest", "inspect", "typing",
                                    "dataclasses", "subprocess", "unittest.case"])
def test_random_lines_of_real_modules_walk_the_same_in_pieces(monkeypatch: pytest.MonkeyPatch,
                                                               module: str) -> None:
    """Real code, any lines: whichever lines are worth walking, the pieces give the
    occurrences a whole parse gives (prose's values aside: prose is read as written).
    Fuzzing the whole standard library this way found the cuts' last disagreements (a
    triple quote inside a one-line string; a def whose kept statements ended before its
    body did); what remains there is a constant composed from another in a statement
    that was not parsed."""
    import importlib
    import inspect
    import random

    from scanner.extractors import python as extractor, python_partial

    text = inspect.getsource(importlib.import_module(module))
    rng = random.Random(module)
    line_count = text.count("\n") + 1
    wanted: list[int] = []
    monkeypatch.setattr(extractor, "_lines_worth_walking", lambda _text, _visitor: wanted)

    def walked() -> tuple[object, ...]:
        result = extractor.extract(text, path=f"{module}.py", context="code")
        return (sorted((o.start, o.end, o.key, None if o.prose else o.value, o.prose, o.composed)
                       for o in result.occurrences), result.errors)

    outcomes = _pieces_parsed(monkeypatch)
    for size in (1, 3, 10, 40):
        wanted[:] = sorted({rng.randint(1, line_count) for _ in range(size)})
        monkeypatch.setattr(python_partial, "PARTIAL_MIN_CHARS", 2_000)
        outcomes.clear()
        in_pieces = walked()
        assert outcomes and all(outcomes)  # cut, and the cut parsed
        monkeypatch.setattr(python_partial, "PARTIAL_MIN_CHARS", 10**9)
        assert in_pieces == walked(), wanted


def test_constants_composed_or_kept_in_classes_are_followed_to_their_uses(monkeypatch: pytest.MonkeyPatch) -> None:
    """An id composed from a constant that is itself composed (PINNED = f"{BASE}-..."), or
    from a class's constant, is known only once that constant's statement is parsed; the
    statements composing it elsewhere in a large module must then be parsed too, as a
    whole parse resolves them."""
    from scanner.extractors import python_partial

    filler = "".join(f"\n\ndef helper_{i}(values):\n    total = 0\n    for v in values:\n"
                     f"        total += v * {i}\n    return total\n" for i in range(60))
    source = ('BASE_MODEL = "gpt-4o"\nPINNED = f"{BASE_MODEL}-2024-08-06"\n'
              "\n\nclass Settings:\n    CHEAP = \"gpt-4o-mini-2024-07-18\"\n" + filler +
              "\n\ndef answer(prompt):\n    return litellm.completion(\n"
              "        model=f\"openai/{PINNED}\", messages=[prompt])\n"
              "\n\ndef summarise(client, text):\n    return client.create(model=\"azure/\" + Settings.CHEAP, input=text)\n")
    assert len(source) > 3 * python_partial.PARTIAL_MIN_CHARS
    partial = spans("app/llm.py", source)
    monkeypatch.setattr(python_partial, "PARTIAL_MIN_CHARS", 10**9)
    whole = spans("app/llm.py", source)
    assert partial == whole
    assert [(text, key) for _, _, text, key, _ in whole if key == "model"] == [
        ('f"openai/{PINNED}"', "model"), ('"azure/" + Settings.CHEAP', "model")]
