"""Open-weights models: Hugging Face Hub repos (pinned by a commit revision) and Ollama tags.

Both grammars are context-only: a ``vendor/name`` or ``name:tag`` string counts only where
the call or key says "model".
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from scanner.judge import judge
from tests.goldens import assert_matches_golden
from tests.helpers import refs

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "fixtures" / "open-weights"
HAND_WRITTEN = ("huggingface", "ollama")


def test_fixture_scans_to_its_golden() -> None:
    assert_matches_golden(FIXTURE)


@pytest.mark.parametrize("provider", HAND_WRITTEN)
def test_hand_written_catalog_is_valid_sorted_sourced_and_its_own(provider: str) -> None:
    schema = json.loads((REPO / "rules" / "schema" / "catalog.schema.json").read_text(encoding="utf-8"))
    doc = yaml.safe_load((REPO / "rules" / "providers" / f"{provider}.yaml").read_text(encoding="utf-8"))
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(doc)) == []
    ids = [m["id"] for m in doc["models"]]
    assert ids == sorted(ids, key=lambda i: (i.casefold(), i))
    site = "https://huggingface.co/" if provider == "huggingface" else "https://ollama.com/library/"
    # A bare Hub name (sentence-transformers' short names) is sourced to the repo it loads.
    assert [m["source"] for m in doc["models"]] == [
        site + ("sentence-transformers/" if provider == "huggingface" and "/" not in i else "") + i
        for i in ids]
    others = set()
    for path in (REPO / "rules" / "providers").glob("*.yaml"):
        if path.stem != provider:
            others |= {m["id"] for m in yaml.safe_load(path.read_text(encoding="utf-8"))["models"]}
    assert sorted(set(ids) & others) == []


def rows(path: str, text: str) -> list[tuple[int, int, str, str, bool, str | None, str | None]]:
    return [(r.line, r.column, r.text, r.provider, r.pinned, r.key, r.version)
            for r in refs(path, text)]


SHA = "5f0b02c75b57c5855da9ae460ce51323ea669d8a"
CASES = [
    pytest.param('AutoModel.from_pretrained("mistralai/Mistral-7B-Instruct-v0.2")\n',
                 [(1, 28, "mistralai/Mistral-7B-Instruct-v0.2", "huggingface", False, "from_pretrained", None)],
                 id="from-pretrained-no-revision"),
    pytest.param(f'AutoModel.from_pretrained("mistralai/Mistral-7B-Instruct-v0.2", revision="{SHA}")\n',
                 [(1, 28, "mistralai/Mistral-7B-Instruct-v0.2", "huggingface", True, "from_pretrained", SHA)],
                 id="from-pretrained-commit-revision"),
    pytest.param('AutoModel.from_pretrained("Qwen/Qwen2.5-7B-Instruct", revision="v1.0")\n',
                 [(1, 28, "Qwen/Qwen2.5-7B-Instruct", "huggingface", False, "from_pretrained", "v1.0")],
                 id="tag-revision-still-moves"),
    pytest.param(f'MODEL = "meta-llama/Meta-Llama-3-8B-Instruct"\nREV = "{SHA}"\n'
                 'tok = AutoTokenizer.from_pretrained(MODEL, revision=REV)\n',
                 [(1, 10, "meta-llama/Meta-Llama-3-8B-Instruct", "huggingface", True, "MODEL", SHA)],
                 id="constant-passed-with-a-constant-revision"),
    pytest.param('snapshot_download("openai/whisper-large-v3")\n',
                 [(1, 20, "openai/whisper-large-v3", "huggingface", False, "snapshot_download", None)],
                 id="hub-call-wins-over-provider-routing"),
    pytest.param('pipe = pipeline("text-generation", model="acme-labs/router-7b")\n',
                 [(1, 43, "acme-labs/router-7b", "huggingface", False, "pipeline", None)],
                 id="pipeline-model-unlisted-org"),
    pytest.param('snapshot_download(repo_id="acme-labs/evals", repo_type="dataset")\n', [],
                 id="dataset-repo-is-not-a-model"),
    pytest.param('AutoModel.from_pretrained("./checkpoints/ft")\nAutoModel.from_pretrained("models/ft-v2")\n'
                 'AutoTokenizer.from_pretrained("gpt2")\n', [],
                 id="local-paths-and-single-word-names"),
    pytest.param('st = SentenceTransformer("all-MiniLM-L6-v2")\n'
                 'emb = HuggingFaceEmbeddings(model_name="paraphrase-multilingual-MiniLM-L12-v2")\n'
                 'ef = SentenceTransformerEmbeddingFunction(model_name="all-mpnet-base-v2")\n'
                 'ALL_MINILM = "all-MiniLM-L6-v2 is the default"\nMODE = "all-mpnet-base-v2"\n',
                 [(1, 27, "all-MiniLM-L6-v2", "huggingface", False, "SentenceTransformer", None),
                  (2, 41, "paraphrase-multilingual-MiniLM-L12-v2", "huggingface", False, "model_name", None),
                  (3, 55, "all-mpnet-base-v2", "huggingface", False, "model_name", None)],
                 id="sentence-transformers-short-names"),
    pytest.param('UPSTREAM = "huggingface/transformers"\nIMAGE = "vllm/vllm-openai"\n', [],
                 id="vendor-name-outside-a-model-context"),
    pytest.param('ollama.chat(model="llama3", messages=[])\n',
                 [(1, 20, "llama3", "ollama", False, "model", None)], id="ollama-bare-name-floats"),
    pytest.param('ChatOllama(model="llama3.1:8b-instruct-q4_K_M")\n',
                 [(1, 19, "llama3.1:8b-instruct-q4_K_M", "ollama", True, "model", None)],
                 id="ollama-quantized-tag-pinned"),
    pytest.param('ChatOllama(model="qwen2.5-coder:7b")\n',
                 [(1, 19, "qwen2.5-coder:7b", "ollama", False, "model", None)], id="ollama-size-tag-floats"),
    pytest.param('WIND = {"mistral": 90}\nFAMILY = "llama3"\n', [], id="library-names-as-words"),
    pytest.param('ChatOllama(model="deepseek-r1:7b")\nollama.chat(model="gpt-oss:20b", messages=[])\n'
                 'client.chat.completions.create(model="mistral-nemo:12b-instruct-2407-q4_K_M")\n'
                 'image = "ghcr.io/acme/worker:7b"\n',
                 [(1, 19, "deepseek-r1:7b", "ollama", False, "model", None),
                  (2, 20, "gpt-oss:20b", "ollama", False, "model", None),
                  (3, 39, "mistral-nemo:12b-instruct-2407-q4_K_M", "ollama", True, "model", None)],
                 id="ollama-size-tags-under-a-model-key"),
    pytest.param('completion(model="ollama/llama3:70b")\n',
                 [(1, 19, "ollama/llama3:70b", "ollama", False, "model", None)], id="litellm-ollama-prefix"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_python_open_weights(text: str, expected: list[tuple[object, ...]]) -> None:
    assert rows("app/local.py", text) == expected


@pytest.mark.parametrize(("path", "text", "expected"), [
    pytest.param("Modelfile", "FROM llama3.1:8b-instruct-q4_0\nPARAMETER temperature 0.2\n",
                 [(1, 6, "llama3.1:8b-instruct-q4_0", "ollama", True, "FROM", None)], id="modelfile-pinned"),
    pytest.param("Modelfile.chat", "FROM mistral\nPARAMETER num_ctx 4096\n",
                 [(1, 6, "mistral", "ollama", False, "FROM", None)], id="modelfile-weak-name"),
    pytest.param("Modelfile", "FROM ./support-q4.gguf\nPARAMETER temperature 0\n", [], id="modelfile-local-weights"),
    pytest.param("compose.yaml", "services:\n  ollama:\n    image: ollama/ollama:0.4.1\n", [], id="ollama-image-is-not-a-model"),
    pytest.param("compose.yaml", "services:\n  tgi:\n    environment:\n      MODEL_ID: acme-labs/router-7b\n",
                 [(4, 17, "acme-labs/router-7b", "huggingface", False, "MODEL_ID", None)], id="tgi-model-id"),
])
def test_config_open_weights(path: str, text: str, expected: list[tuple[object, ...]]) -> None:
    assert rows(path, text) == expected


@pytest.mark.parametrize(("text", "message"), [
    pytest.param('AutoModel.from_pretrained("Qwen/Qwen2.5-7B-Instruct")\n',
                 "Qwen/Qwen2.5-7B-Instruct is downloaded from the Hugging Face Hub with no revision, "
                 "so its files can change under you; pin revision=<40-hex commit sha>", id="hub-no-revision"),
    pytest.param('AutoModel.from_pretrained("Qwen/Qwen2.5-7B-Instruct", revision="main")\n',
                 "Qwen/Qwen2.5-7B-Instruct is downloaded from the Hugging Face Hub with revision 'main', "
                 "not a commit sha, so its files can change under you; pin revision=<40-hex commit sha>",
                 id="hub-branch-revision"),
    pytest.param('ChatOllama(model="llama3:latest")\n',
                 "llama3:latest is the Ollama tag 'latest', which the library re-points; pin a tag naming "
                 "size, variant and quantization (e.g. llama3:8b-instruct-q4_0)", id="ollama-latest"),
])
def test_mt001_says_how_to_pin(text: str, message: str) -> None:
    assert [(f.rule, f.message) for f in judge(refs("app/local.py", text))] == [("MT001", message)]


def test_pinned_open_weights_raise_nothing() -> None:
    text = (f'AutoModel.from_pretrained("Qwen/Qwen2.5-7B-Instruct", revision="{SHA}")\n'
            'ChatOllama(model="llama3:8b-instruct-q4_0")\n')
    assert judge(refs("app/local.py", text)) == []


@pytest.mark.parametrize(("text", "rules"), [
    pytest.param('client.chat.completions.create(model="meta-llama/Llama-3.3-70B-Instruct")\n', [],
                 id="served-by-an-api-inventory-only"),
    pytest.param('AutoModel.from_pretrained("meta-llama/Llama-3.3-70B-Instruct")\n', ["MT001"],
                 id="downloaded-weights"),
    pytest.param('VLLM_MODEL = "meta-llama/Llama-3.3-70B-Instruct"\n', ["MT001"], id="vllm-setting"),
])
def test_hub_mt001_only_where_weights_are_fetched(text: str, rules: list[str]) -> None:
    assert [f.rule for f in judge(refs("app/local.py", text))] == rules
