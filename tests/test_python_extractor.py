"""Python: exact spans and the name around each model id, in the places real code puts them."""

from __future__ import annotations

import pytest

from tests.helpers import refs, spans

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
        'import argparse\np = argparse.ArgumentParser()\np.add_argument("--model", default="gpt-4o")\n',
        [(3, 36, "gpt-4o", "--model", "code")], id="argparse-default"),
    pytest.param(
        'from pydantic import BaseModel, Field\n\nclass Settings(BaseModel):\n'
        '    chat_model: str = Field(default="gemini-1.5-pro-002")\n'
        '    embed_model: str = "text-embedding-3-small"\n',
        [(4, 38, "gemini-1.5-pro-002", "chat_model", "code"),
         (5, 25, "text-embedding-3-small", "embed_model", "code")], id="pydantic-field-and-default"),
    pytest.param(
        'import enum\n\nclass Model(str, enum.Enum):\n    FAST = "gpt-4o-mini-2024-07-18"\n'
        '    SMART = "o3"\n',
        [(4, 13, "gpt-4o-mini-2024-07-18", "FAST", "code")], id="enum-member-weak-id-needs-model-key"),
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
        ("claude-3-5-sonnet-20241022", None), ("mistral-large-2411", "parametrize"), ("o3-mini", "parametrize"),
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


def test_a_large_class_is_parsed_member_by_member_and_finds_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """A class of an SDK is parsed only at its members that hold a hit (and its one-line
    literal attributes), with the real lines and columns: the references must not change."""
    from scanner.extractors import python_partial

    assert len(SDK_CLASS_MODULE) > 2 * python_partial.CLASS_SPLIT_MIN_CHARS
    split: list[int] = []
    members = python_partial._class_members

    def counting(*args: object) -> object:
        result = members(*args)  # type: ignore[arg-type]
        if result is not None:
            split.append(result[1])
        return result

    monkeypatch.setattr(python_partial, "_class_members", counting)
    partial = spans("sdk/completions.py", SDK_CLASS_MODULE)
    assert len(split) == 1 and split[0] < len(SDK_CLASS_MODULE) / 2  # the class was split
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


def test_documentation_anchors_are_not_references() -> None:
    source = ('DOCS = "https://ai.google.dev/gemini-api/docs/models#gemini-2.5-flash"\n'
              '# see https://x.dev/docs#gemini-2.5-flash, we call gpt-4o-2024-08-06\n')
    assert spans("app/links.py", source) == [(2, 52, "gpt-4o-2024-08-06", None, "comment")]


def test_placeholder_defaults_shell_azd_and_spring() -> None:
    source = ('CHAT = "${CHAT_MODEL:-gpt-4o-mini}"\nAZD = "${AZURE_OPENAI_MODEL=gpt-4o-2024-08-06}"\n'
              'SPRING = "${llm.model:claude-3-5-haiku-20241022}"\n')
    assert [(line, col, text) for line, col, text, _, _ in spans("app/settings.py", source)] == [
        (1, 23, "gpt-4o-mini"), (2, 29, "gpt-4o-2024-08-06"), (3, 23, "claude-3-5-haiku-20241022")]
