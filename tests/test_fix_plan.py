"""What each strategy does with one reference, rewrite and no-op cases side by side."""

from __future__ import annotations

import pytest

from scanner.engine import scan_text
from scanner.fix import PIN, REPLACE, FixOptions, plan_text
from scanner.fix.files import default_context
from tests.fix_support import TODAY

BOTH = FixOptions(today=TODAY)
PIN_ONLY = FixOptions(strategies=frozenset({PIN}), today=TODAY)
REPLACE_ONLY = FixOptions(strategies=frozenset({REPLACE}), today=TODAY)


def _plan(path: str, text: str, options: FixOptions):
    ctx = default_context(options)
    refs = scan_text(path, text, feed=ctx.feed, today=TODAY).references
    edits, manual = plan_text(path, text, refs, options, ctx)
    return ([(e.line, e.column, e.old, e.new, e.strategy) for e in edits],
            [(m.line, m.text, m.reason) for m in manual])


@pytest.mark.parametrize(("source", "options", "edits", "manual"), [
    pytest.param('MODEL = "gpt-4o"\n', PIN_ONLY,
                 [(1, 10, "gpt-4o", "gpt-4o-2024-08-06", "pin")], [], id="pin-double-quotes"),
    pytest.param("MODEL = 'gpt-4o'\n", PIN_ONLY,
                 [(1, 10, "gpt-4o", "gpt-4o-2024-08-06", "pin")], [], id="pin-single-quotes"),
    pytest.param('MODEL = f"gpt-4o"\n', PIN_ONLY,
                 [(1, 11, "gpt-4o", "gpt-4o-2024-08-06", "pin")], [], id="pin-f-string"),
    pytest.param('MODEL = "gpt-4o-2024-08-06"\n', PIN_ONLY, [], [], id="pinned-noop"),
    pytest.param('MODEL = "gpt-5.6-sol"\n', BOTH, [], [], id="active-noop"),
    pytest.param('MODEL = "text-embedding-3-small"\n', BOTH, [], [], id="no-snapshot-noop"),
    pytest.param('import os\nMODEL = os.getenv("MODEL", "gpt-4o")\n', PIN_ONLY,
                 [(2, 29, "gpt-4o", "gpt-4o-2024-08-06", "pin")], [], id="getenv-default"),
    pytest.param('MODEL = "gpt-4o"\nprint("using " + MODEL)\n', PIN_ONLY,
                 [(1, 10, "gpt-4o", "gpt-4o-2024-08-06", "pin")], [], id="logged-not-composed"),
    pytest.param('BASE = "gpt-4o"\nFULL = BASE + "-2024-08-06"\n', PIN_ONLY, [],
                 [(1, "gpt-4o", "BASE is also used to compose other ids; rewriting it would "
                                "change those too")], id="part-of-a-composed-id"),
    pytest.param('BASE = "gpt-4"\nFULL = f"{BASE}-0613"\n', REPLACE_ONLY, [],
                 [(1, "gpt-4", "BASE is also used to compose other ids; rewriting it would "
                               "change those too"),
                  (2, 'f"{BASE}-0613"', "composed from parts at run time: change the parts "
                                        "by hand")], id="f-string-composition"),
    pytest.param('MODEL = ("gpt-4o" "-mini")\n', BOTH, [],
                 [(1, 'gpt-4o" "-mini', "gpt-4o-mini is not written out as one piece in "
                                        "'gpt-4o\" \"-mini' (joined strings, escapes or an "
                                        "encoded form)")], id="implicit-concatenation"),
    pytest.param('# pin gpt-4o before launch\nX = 1\n', PIN_ONLY, [],
                 [(1, "gpt-4o", "inside a comment or docstring: prose is not rewritten")],
                 id="comment"),
    pytest.param('MODEL = "ft:gpt-4o-mini-2024-07-18:acme::x1"\n', REPLACE_ONLY, [],
                 [(1, "ft:gpt-4o-mini-2024-07-18:acme::x1",
                   "a fine-tuned model: it must be retrained on the new base model")],
                 id="fine-tuned"),
    pytest.param('MODEL = "gpt-3.5-turbo-instruct"\n', BOTH, [],
                 [(1, "gpt-3.5-turbo-instruct", "the feed suggests gpt-5.6-terra, a chat model, "
                                                "for a completion model")], id="kind-mismatch"),
    pytest.param('MODEL = "cohere.command-text-v14"\n', BOTH, [],
                 [(1, "cohere.command-text-v14", "its replacement chain ends at "
                                                 "cohere.command-r-v1:0, which is retired too")],
                 id="chain-ends-retired"),
    # claude-haiku-4-5-20251001's date is "no sooner than": a planning date, so the chain
    # ends at a model that still works.
    pytest.param('MODEL = "claude-3-haiku-20240307"\n', BOTH,
                 [(1, 10, "claude-3-haiku-20240307", "claude-haiku-4-5-20251001", "replace")], [],
                 id="chain-ends-at-a-planning-date"),
    pytest.param('MODEL = "gpt-4-turbo"\n', PIN_ONLY, [],
                 [(1, "gpt-4-turbo", "it resolves to gpt-4-turbo-2024-04-09, and "
                                     "gpt-4-turbo-2024-04-09 is retired: pinning would not "
                                     "help; replace it")], id="pin-retired"),
    pytest.param('MODEL = "gpt-4-turbo"\n', BOTH,
                 [(1, 10, "gpt-4-turbo", "gpt-5.6-sol", "replace")], [], id="replace-wins"),
    pytest.param('MODEL = "openai/gpt-4o"\n', PIN_ONLY,
                 [(1, 10, "openai/gpt-4o", "openai/gpt-4o-2024-08-06", "pin")], [],
                 id="prefix-kept"),
    pytest.param('MODEL = "azure/gpt-35-turbo"\nOTHER = "gpt-4-turbo"\n', BOTH,
                 [(2, 10, "gpt-4-turbo", "gpt-5.6-sol", "replace")], [],
                 id="active-azure-untouched"),
    pytest.param('from transformers import AutoModel\n'
                 'm = AutoModel.from_pretrained("meta-llama/Llama-3.1-8B-Instruct")\n', BOTH, [],
                 [(2, "meta-llama/Llama-3.1-8B-Instruct",
                   "a Hugging Face download with no revision: add revision=<40-hex commit sha> "
                   "of the files you tested")], id="hub-download-without-revision"),
])
def test_python_decisions(source, options, edits, manual):
    assert _plan("app/models.py", source, options) == (edits, manual)


@pytest.mark.parametrize(("path", "source", "options", "edits", "manual"), [
    pytest.param("config.yaml", "model: gpt-4o\n", PIN_ONLY,
                 [(1, 8, "gpt-4o", "gpt-4o-2024-08-06", "pin")], [], id="yaml-plain"),
    pytest.param("config.yaml", "model: 'claude-3-5-sonnet-latest'\n", REPLACE_ONLY,
                 [(1, 9, "claude-3-5-sonnet-latest", "claude-sonnet-5-5", "replace")], [],
                 id="yaml-quoted-replace"),
    pytest.param("config.yaml", "model: claude-sonnet-latest\n", PIN_ONLY,
                 [(1, 8, "claude-sonnet-latest", "claude-sonnet-5-5", "pin")], [],
                 id="yaml-latest-alias"),
    pytest.param("routes.json", '{"model": "models/gemini-1.5-flash"}\n', REPLACE_ONLY,
                 [(1, 12, "models/gemini-1.5-flash", "models/gemini-3.5-flash-lite", "replace")],
                 [], id="json-gemini-prefix"),
    pytest.param("config.yaml", "model: azure/gpt-35-turbo\n",
                 FixOptions(mappings=(("gpt-35-turbo", "gpt-4o-mini"),), today=TODAY), [],
                 [(1, "azure/gpt-35-turbo", "names an Azure OpenAI deployment: deploy the new "
                                            "model first, then point this name at that deployment")],
                 id="azure-deployment-name"),
    pytest.param(".env", "EMBEDDING_MODEL=text-embedding-3-small\n",
                 FixOptions(mappings=(("text-embedding-3-small", "gpt-4o"),), today=TODAY), [],
                 [(1, "text-embedding-3-small", "--to text-embedding-3-small=gpt-4o maps a "
                                                "embedding model to a chat model")],
                 id="to-kind-mismatch"),
    pytest.param(".env", "CHAT_MODEL=gpt-6-luna\n",
                 FixOptions(mappings=(("gpt-6-luna", "gpt-4o-2024-08-06"),), today=TODAY),
                 [(1, 12, "gpt-6-luna", "gpt-4o-2024-08-06", "to")], [], id="to-rollback"),
    pytest.param(".env", "CHAT_MODEL=gpt-4o\n",
                 FixOptions(mappings=(("gpt-4o", "gpt-9-nova"),), today=TODAY),
                 [(1, 12, "gpt-4o", "gpt-9-nova", "to")], [], id="to-newer-than-catalog"),
    pytest.param(".env", "CHAT_MODEL=gpt-4o\n",
                 FixOptions(providers=frozenset({"anthropic"}), today=TODAY), [], [],
                 id="provider-filter"),
    pytest.param(".env", "CHAT_MODEL=gpt-4o\nFAST_MODEL=gpt-4o-mini\n",
                 FixOptions(model_globs=("gpt-4o-m*",), strategies=frozenset({PIN}), today=TODAY),
                 [(2, 12, "gpt-4o-mini", "gpt-4o-mini-2024-07-18", "pin")], [], id="model-glob"),
    pytest.param(".env", "CHAT_MODEL=gpt-4o\nOLD_MODEL=gpt-4-turbo\n",
                 FixOptions(rules=frozenset({"MT003"}), today=TODAY),
                 [(2, 11, "gpt-4-turbo", "gpt-5.6-sol", "replace")], [], id="rule-filter"),
])
def test_config_decisions(path, source, options, edits, manual):
    assert _plan(path, source, options) == (edits, manual)
