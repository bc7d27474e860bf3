#!/usr/bin/env python3
"""Benchmark harness for modeltrail (stdlib only; not a test).

    python bench/run.py [--corpus real|generated|js|mixed|sdk|all] [--repeat N] [--modeltrail CMD]
                        [--cache DIR] [--rg PATH] [--scan-args "..."] [--prepare-only]

1. Prepares corpora under bench/.corpus/ (cached, idempotent, git-ignored):
   - real:      pinned sdists of LLM-heavy packages (``pip download``), sha256-checked, unpacked;
   - generated: a seeded tree of 20,000 files (2% mention model ids), committed as a git repo;
   - js:        pinned npm tarballs of AI SDKs (``npm pack``), sha256-checked, unpacked;
   - mixed:     real + js in one tree of hard links, scanned together;
   - sdk:       one sdist of real (anthropic) as a tree of its own: a repository's size.
2. Finds ripgrep (``rg`` on PATH, else a ``ripgrep`` wheel in bench/.work/venv) and times one
   combined model-id regex over each corpus, with flags chosen so rg reads the files the
   scanner reads (same ignore rules, same default excludes).
3. Times ``modeltrail scan CORPUS --format json --output FILE`` (plus ``--version`` start-up and
   a 5-file "pre-commit hook" scan). If the CLI is missing or fails, only rg's figures are
   reported, with the reason.
4. Prints a table and writes bench/results.json, merged with the corpora of earlier runs that
   this run did not measure. See bench/README.md for targets.
"""
from __future__ import annotations

import argparse
import ast
import hashlib
import json
import os
import platform
import random
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import zipfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
WORK = BENCH / ".work"
DEFAULT_CACHE = BENCH / ".corpus"

# --------------------------------------------------------------------------------------
# Pinned inputs. Change a pin => change README.md ("Corpora") too.
# --------------------------------------------------------------------------------------
# (distribution, version, sdist file name, sha256). litellm is pinned at 1.90.0 because later
# sdists (>= ~1.100) build metadata with maturin/cargo, which needs crates.io (unreachable here).
REAL_SDISTS = (
    ("litellm", "1.90.0", "litellm-1.90.0.tar.gz",
     "55f2be4adfc350ae2931bf369aebf1229aa54ea8ceaa1c13ee65a07724572dae"),
    ("openai", "3.57.0", "openai-3.57.0.tar.gz",
     "5a0a89d6a542efc85e2a8cec701ca9265b795d578c777828e10fafdf80e333b6"),
    ("anthropic", "2.14.0", "anthropic-2.14.0.tar.gz",
     "afb02f4df8efba429ff769bbfd71340d8b244b41ba42c073a45cc307702549fe"),
    ("langchain-openai", "1.7.4", "langchain_openai-1.7.4.tar.gz",
     "8fd90e41588526d990f32262447adf8e130d7ce28ed66cefa315e64cc9dd12ce"),
    ("langchain-anthropic", "1.7.10", "langchain_anthropic-1.7.10.tar.gz",
     "72869686960b3d6665f99e7c91c9f6dd4a1d9ccf73d23edd8702eb603cc2e498"),
    ("llama-index-core", "0.14.25", "llama_index_core-0.14.25.tar.gz",
     "4ebfdc5317f0382501fa80262d7a7382715f80741cf41a7b11a52d4335e6f696"),
    ("google-genai", "3.6.1", "google_genai-3.6.1.tar.gz",
     "dfd4120a15ba5aff6a3de8a85d76e1d5d0af65c70a54c459b1c5e76f503e46e7"),
    ("mistralai", "3.7.0", "mistralai-3.7.0.tar.gz",
     "97cc525b8ddc96fb8b5bb08f466dd3d22f904f21ddfe45103da76c25fe601bf2"),
)
# (npm package, version, tarball name from ``npm pack``, sha256 of that tarball). These are the
# published packages (mostly bundled dist/ output, which the scanner's default excludes skip,
# plus the src/ trees and type declarations that most of them ship too).
JS_TARBALLS = (
    ("ai", "7.0.173", "ai-7.0.173.tgz",
     "9bb39977ac3471c0dfd2a541f3d03390eefd8a68140f07020d169d9d72667a2e"),
    ("@ai-sdk/openai", "4.0.118", "ai-sdk-openai-4.0.118.tgz",
     "1d804bf18815642f247ce290a44f20d5138758c470e0d735d3f9f92672badc42"),
    ("@ai-sdk/anthropic", "4.0.105", "ai-sdk-anthropic-4.0.105.tgz",
     "8995c06d8ca2468c515d69ecc9c7827f2c9ae5c5d1bae20622d72e280ba3a580"),
    ("@ai-sdk/google", "4.0.121", "ai-sdk-google-4.0.121.tgz",
     "2363820e0d783f65b4d9873550e7afe444d191abd20e0b9fdc7834516d5a0278"),
    ("openai", "7.57.0", "openai-7.57.0.tgz",
     "2e39589ca8d5a71aff84b921da8b7712d4ec7f0b1917b41fb0b7e69c34c609ce"),
    ("@anthropic-ai/sdk", "1.14.0", "anthropic-ai-sdk-1.14.0.tgz",
     "5db567ee1247e8d44d028a633ea26e83733efb0c60cae6d75b36ccb489eb4a7c"),
    ("@google/genai", "3.3.0", "google-genai-3.3.0.tgz",
     "1ba27a48d5c96c143deea1e2bdab30c5c16e61d35a24fc03aef0b9afd4c5c325"),
    ("@langchain/openai", "1.6.0", "langchain-openai-1.6.0.tgz",
     "b086af99656e597b74f5529d2059dbf067136590458d5508cc67c54b99db0262"),
)
MIXED_VERSION = 1        # bump when the layout of the mixed corpus changes
RIPGREP_WHEEL = "ripgrep==14.1.0"

GEN_VERSION = 1          # bump when the generator's output changes
GEN_SEED = 20241022
GEN_FILES = 20_000       # tracked files, .gitignore included
GEN_HIT_SHARE = 0.02     # share of tracked files that mention a model id
GIT_ENV = {
    "GIT_AUTHOR_NAME": "modeltrail bench", "GIT_AUTHOR_EMAIL": "bench@example.invalid",
    "GIT_AUTHOR_DATE": "2024-01-01T00:00:00+00:00",
    "GIT_COMMITTER_NAME": "modeltrail bench", "GIT_COMMITTER_EMAIL": "bench@example.invalid",
    "GIT_COMMITTER_DATE": "2024-01-01T00:00:00+00:00",
    "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
}

# The corpora, in the order they are run and reported.
CORPORA = ("generated", "real", "js", "mixed", "sdk")
# The sdist of the real corpus that "sdk" scans on its own (3,586 files, ~800 model ids).
SDK_DIST = "anthropic"

TARGETS = {
    "generated_ratio_max": 3.0,   # scanner wall / rg wall on the generated tree
    "real_ratio_max": 5.0,        # ... on the real sdist corpus
    "js_ratio_max": 3.0,          # ... on the npm tarball corpus
    "mixed_ratio_max": 3.0,       # ... on real + js scanned together
    "peak_rss_mb_max": 200.0,
    "version_s_max": 0.150,
    "hook_s_max": 0.150,
}

# One combined pattern for the model-id families (valid for both rg and Python ``re``).
# Bedrock-style "<vendor>." prefixes are tied to a model stem so that ``anthropic.Anthropic()``
# or ``cohere.Client`` do not count; ``llama`` needs a digit so that ``llama_index`` does not.
RG_ALTERNATIVES = (
    r"gpt-[0-9][\w.:-]*", r"gpt-oss-[\w.-]+", r"chatgpt-[\w.-]+",
    r"o[134](?:-(?:mini|pro|preview|deep-research))?(?:-20[0-9]{2}-[0-9]{2}-[0-9]{2})?\b",
    r"text-embedding-[\w.-]+", r"text-(?:davinci|curie|babbage|ada)-[0-9]+",
    r"(?:davinci|babbage)-002",
    r"claude-[\w.:-]+",
    r"gemini-[0-9][\w.-]*", r"gemini-(?:pro|ultra|exp)[\w.-]*",
    r"anthropic\.claude-[\w.:-]+", r"amazon\.(?:titan|nova)-[\w.:-]+", r"meta\.llama[\w.:-]+",
    r"mistral\.m[\w.:-]+", r"cohere\.(?:command|embed)-[\w.:-]+", r"ai21\.(?:j2|jamba)-[\w.:-]+",
    r"(?:open-)?(?:mistral|mixtral|codestral|pixtral|ministral|magistral|devstral)-[\w.-]+",
    r"command-(?:r|r-plus|a|light|nightly)\b[\w.-]*", r"embed-(?:english|multilingual)-[\w.-]+",
    r"grok-[\w.-]+", r"deepseek-[\w.-]+",
    r"meta-llama/[\w.-]+", r"[Ll]lama-?[0-9][\w.:-]*",
)
RG_PATTERN = r"\b(?:" + "|".join(RG_ALTERNATIVES) + ")"

# The scanner's default exclusions (scanner/discover.py), mirrored as rg globs so both tools
# read the same files. Read from the source tree when importable; this copy is the fallback.
FALLBACK_EXCLUDES = (
    "node_modules/", ".venv/", "venv/", "env/", ".env/", ".tox/", ".nox/", "dist/", "build/",
    "vendor/", "vendored/", "third_party/", "third-party/", "site-packages/", "__pycache__/",
    ".git/", ".hg/", ".svn/", ".mypy_cache/", ".pytest_cache/", ".ruff_cache/", ".next/",
    ".nuxt/", "bower_components/", ".terraform/", "target/", ".idea/", ".gradle/",
    "*.min.js", "*.min.css", "*.map", "*.lock", "package-lock.json", "yarn.lock",
    "pnpm-lock.yaml", "poetry.lock", "Cargo.lock", "uv.lock", "Pipfile.lock", "composer.lock",
    "go.sum", "Gemfile.lock", "*.pyc", "*.so", "*.dll", "*.dylib", "*.exe", "*.o", "*.a",
    "*.png", "*.jpg", "*.jpeg", "*.gif", "*.ico", "*.pdf", "*.zip", "*.gz", "*.tgz", "*.bz2",
    "*.xz", "*.whl", "*.jar", "*.class", "*.woff", "*.woff2", "*.ttf", "*.otf", "*.mp3",
    "*.mp4", "*.wav", "*.webp", "*.svg", "*.parquet", "*.pkl", "*.pt", "*.bin", "*.onnx",
    "*.safetensors", "*.npy", "*.npz", "*.sqlite", "*.db",
)
FALLBACK_DOC_SUFFIXES = (".md", ".markdown", ".rst", ".txt", ".adoc", ".mdx")


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# ======================================================================================
# Corpus: real (pinned sdists)
# ======================================================================================
def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _safe_extract(archive: Path, dest: Path) -> None:
    if archive.name.endswith(".zip"):
        with zipfile.ZipFile(archive) as zf:
            for name in zf.namelist():
                target = (dest / name).resolve()
                if not str(target).startswith(str(dest.resolve()) + os.sep):
                    raise RuntimeError(f"{archive.name}: unsafe member {name!r}")
            zf.extractall(dest)
        return
    with tarfile.open(archive) as tf:
        if hasattr(tarfile, "data_filter"):
            tf.extractall(dest, filter="data")
        else:  # Python < 3.11.4: refuse anything odd by hand
            for m in tf.getmembers():
                target = (dest / m.name).resolve()
                if not str(target).startswith(str(dest.resolve()) + os.sep) or m.issym() or m.islnk() or m.isdev():
                    raise RuntimeError(f"{archive.name}: unsafe member {m.name!r}")
            tf.extractall(dest)


def prepare_real(cache: Path) -> dict:
    sdists = cache / "sdists"
    real = cache / "real"
    sdists.mkdir(parents=True, exist_ok=True)
    real.mkdir(parents=True, exist_ok=True)
    packages = []
    for dist, version, filename, digest in REAL_SDISTS:
        unpacked = real / f"{dist}-{version}"
        stamp = cache / "stamps" / f"real-{dist}-{version}.ok"
        if unpacked.is_dir() and stamp.is_file():
            packages.append({"dist": dist, "version": version, "sha256": digest, "status": "cached"})
            continue
        archive = sdists / filename
        if not (archive.is_file() and sha256_of(archive) == digest):
            log(f"[real] pip download {dist}=={version} (sdist)")
            # --no-binary for this distribution only: with ":all:" pip would also build the
            # sdist's *build* dependencies (maturin, ...) from source, which fails offline.
            cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", dist,
                   "--disable-pip-version-check", "-q", "-d", str(sdists), f"{dist}=={version}"]
            proc = subprocess.run(cmd, capture_output=True, text=True)
            if proc.returncode != 0 or not archive.is_file():
                tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-5:])
                log(f"[real] WARNING: {dist}=={version} unavailable, skipped:\n{tail}")
                packages.append({"dist": dist, "version": version, "status": "unavailable"})
                continue
            got = sha256_of(archive)
            if got != digest:
                raise SystemExit(f"[real] {filename}: sha256 {got} != pinned {digest}; refusing to "
                                 "benchmark a different corpus (update the pin and README on purpose)")
        log(f"[real] unpack {filename}")
        if unpacked.exists():
            shutil.rmtree(unpacked)
        with tempfile.TemporaryDirectory(dir=real) as tmp:
            _safe_extract(archive, Path(tmp))
            entries = list(Path(tmp).iterdir())
            src = entries[0] if len(entries) == 1 and entries[0].is_dir() else Path(tmp)
            if src != Path(tmp):
                os.replace(src, unpacked)
            else:
                shutil.copytree(tmp, unpacked)
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(digest + "\n")
        packages.append({"dist": dist, "version": version, "sha256": digest, "status": "downloaded"})
    return {"path": str(real), "packages": packages}


# ======================================================================================
# Corpus: js (pinned npm tarballs) and mixed (real + js)
# ======================================================================================
def prepare_js(cache: Path) -> dict:
    tarballs = cache / "npm"
    js = cache / "js"
    tarballs.mkdir(parents=True, exist_ok=True)
    js.mkdir(parents=True, exist_ok=True)
    packages = []
    for name, version, filename, digest in JS_TARBALLS:
        unpacked = js / filename[: -len(".tgz")]
        stamp = cache / "stamps" / f"js-{filename[: -len('.tgz')]}.ok"
        archive = tarballs / filename
        if unpacked.is_dir() and stamp.is_file() and stamp.read_text().strip() == digest:
            # Reuse: the tarball, when still there, must be the pinned one.
            if archive.is_file() and sha256_of(archive) != digest:
                raise SystemExit(f"[js] {filename}: sha256 differs from the pin {digest}; delete "
                                 f"{archive} and {unpacked} to fetch it again")
            packages.append({"package": name, "version": version, "sha256": digest, "status": "cached"})
            continue
        if not (archive.is_file() and sha256_of(archive) == digest):
            npm = shutil.which("npm")
            if not npm:
                log(f"[js] WARNING: npm not found; {name}@{version} skipped")
                packages.append({"package": name, "version": version, "status": "unavailable"})
                continue
            log(f"[js] npm pack {name}@{version}")
            proc = subprocess.run([npm, "pack", f"{name}@{version}", "--pack-destination", str(tarballs),
                                   "--silent"], capture_output=True, text=True, cwd=tarballs)
            if proc.returncode != 0 or not archive.is_file():
                tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-5:])
                log(f"[js] WARNING: {name}@{version} unavailable, skipped:\n{tail}")
                packages.append({"package": name, "version": version, "status": "unavailable"})
                continue
            got = sha256_of(archive)
            if got != digest:
                raise SystemExit(f"[js] {filename}: sha256 {got} != pinned {digest}; refusing to "
                                 "benchmark a different corpus (update the pin and README on purpose)")
        log(f"[js] unpack {filename}")
        if unpacked.exists():
            shutil.rmtree(unpacked)
        with tempfile.TemporaryDirectory(dir=js) as tmp:
            _safe_extract(archive, Path(tmp))
            entries = list(Path(tmp).iterdir())  # npm tarballs hold one "package/" directory
            src = entries[0] if len(entries) == 1 and entries[0].is_dir() else Path(tmp)
            if src != Path(tmp):
                os.replace(src, unpacked)
            else:
                shutil.copytree(tmp, unpacked)
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(digest + "\n")
        packages.append({"package": name, "version": version, "sha256": digest, "status": "downloaded"})
    return {"path": str(js), "packages": packages}


def prepare_sdk(real: dict) -> dict:
    """One model-heavy sdist of the real corpus, scanned as a tree of its own: the size of a
    repository (a few thousand files), where start-up and each worker's first files weigh
    more than on the large corpora."""
    package = next((p for p in real["packages"] if p["dist"] == SDK_DIST), None)
    if package is None or package.get("status") == "unavailable":
        raise SystemExit(f"[sdk] the {SDK_DIST} sdist of the real corpus is unavailable")
    return {"path": str(Path(real["path"]) / f"{package['dist']}-{package['version']}"),
            "packages": [package]}


def prepare_mixed(cache: Path, real: dict, js: dict) -> dict:
    """real + js in one tree (mixed/real/..., mixed/js/...) made of hard links: the scanner
    does not follow symlinks, and hard links cost no space. Rebuilt when its inputs change."""
    mixed = cache / "mixed"
    key = json.dumps({"v": MIXED_VERSION,
                      "real": [(p["dist"], p["version"], p.get("sha256")) for p in real["packages"]],
                      "js": [(p["package"], p["version"], p.get("sha256")) for p in js["packages"]]},
                     sort_keys=True)
    stamp = cache / "stamps" / "mixed.ok"
    if mixed.is_dir() and stamp.is_file() and stamp.read_text() == key:
        return {"path": str(mixed), "status": "cached"}
    log("[mixed] linking real + js")
    if mixed.exists():
        shutil.rmtree(mixed)
    tmp = cache / "mixed.tmp"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir()

    def link(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:  # another file system: copy
            shutil.copy2(src, dst)

    for part, info in (("real", real), ("js", js)):
        root = os.path.abspath(info["path"])

        def leftovers(d: str, names: list[str], root=root) -> list[str]:
            # only at the top: an interrupted unpack's tempfile directory
            return [n for n in names if n.startswith("tmp")] if os.path.abspath(d) == root else []

        shutil.copytree(info["path"], tmp / part, symlinks=True, copy_function=link, ignore=leftovers)
    os.replace(tmp, mixed)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(key)
    return {"path": str(mixed), "status": "built"}


# ======================================================================================
# Corpus: generated (seeded, git repo)
# ======================================================================================
WORDS = (
    "account", "order", "invoice", "cache", "session", "token", "parse", "render", "config",
    "client", "request", "response", "payload", "batch", "queue", "worker", "retry", "metric",
    "event", "schema", "record", "report", "export", "search", "index", "user", "profile",
    "billing", "ledger", "audit", "policy", "quota", "limit", "window", "bucket", "stream",
    "chunk", "buffer", "handler", "router", "view", "store", "state", "action", "reducer",
    "filter", "mapper", "loader", "writer", "reader", "cursor", "page", "item", "entry",
    "tenant", "region", "shard", "replica", "backup", "snapshot", "job", "task", "schedule",
    "notify", "email", "webhook", "signal", "timer", "clock", "status", "health", "probe",
    "feature", "flag", "rollout", "experiment", "variant", "cohort", "segment", "summary",
    "document", "prompt", "template", "message", "thread", "reply", "score", "rank", "vector",
    "embedding", "retriever", "pipeline", "stage", "step", "graph", "node", "edge", "path",
    "file", "blob", "image", "upload", "download", "archive", "format", "codec", "locale",
)
DECOYS_PY = (
    'gpt4_enabled = settings.get("gpt4_enabled", False)',
    'if flags.use_claude_fallback:\n    active_client = fallback_client',
    'client = anthropic.Anthropic(api_key=os.environ["ANTHROPIC_API_KEY"])',
    'from llama_index.core import VectorStoreIndex',
    'GEMINI_API_KEY = os.getenv("GEMINI_API_KEY", "")',
    'response = client.chat.completions.create(model=model_name, messages=messages)',
    'o3_budget = int(os.getenv("O3_BUDGET", "0"))',
    'mistral_tokenizer = None  # loaded lazily',
    '# TODO: compare gpt vs claude quality on this task before switching',
    'openai_client = openai.OpenAI(timeout=30)',
    'deepseek_client = build_client("deepseek")',
    'llm_model = cfg.llm.model',
    'grok_mode = False',
)
DECOYS_TS = (
    "const gpt4Enabled = flags.gpt4 ?? false;",
    "import Anthropic from '@anthropic-ai/sdk';",
    "const model = process.env.LLM_MODEL;",
    "export const useClaude = () => settings.provider === 'anthropic';",
    "// TODO: gemini support",
)

# (model id, family): family picks the templates that make sense for it.
MODEL_IDS = (
    ("gpt-4o", "plain"), ("gpt-4o-mini", "plain"), ("gpt-4o-2024-08-06", "plain"),
    ("gpt-4o-mini-2024-07-18", "plain"), ("gpt-4-turbo", "plain"), ("gpt-4-0613", "plain"),
    ("gpt-4-0314", "plain"), ("gpt-3.5-turbo", "plain"), ("gpt-3.5-turbo-0125", "plain"),
    ("gpt-4.1", "plain"), ("gpt-4.1-mini", "plain"), ("o1", "plain"), ("o1-mini", "plain"),
    ("o3-mini", "plain"), ("o4-mini", "plain"), ("chatgpt-4o-latest", "plain"),
    ("text-embedding-3-small", "embed"), ("text-embedding-ada-002", "embed"),
    ("text-davinci-003", "plain"),
    ("claude-3-5-sonnet-20241022", "plain"), ("claude-3-5-sonnet-latest", "plain"),
    ("claude-3-haiku-20240307", "plain"), ("claude-3-opus-20240229", "plain"),
    ("claude-2.1", "plain"), ("claude-instant-1.2", "plain"),
    ("claude-3-7-sonnet-20250219", "plain"), ("claude-sonnet-4-20250514", "plain"),
    ("gemini-1.5-pro-002", "plain"), ("gemini-1.5-flash", "plain"), ("gemini-2.0-flash", "plain"),
    ("gemini-1.0-pro", "plain"), ("gemini-2.5-pro", "plain"), ("models/gemini-1.5-flash-001", "plain"),
    ("anthropic.claude-v2", "bedrock"), ("anthropic.claude-3-sonnet-20240229-v1:0", "bedrock"),
    ("amazon.titan-text-express-v1", "bedrock"), ("meta.llama3-70b-instruct-v1:0", "bedrock"),
    ("mistral.mistral-large-2402-v1:0", "bedrock"), ("cohere.command-r-plus-v1:0", "bedrock"),
    ("amazon.nova-pro-v1:0", "bedrock"),
    ("mistral-large-latest", "plain"), ("mistral-small-2409", "plain"),
    ("open-mistral-nemo", "plain"), ("codestral-latest", "plain"),
    ("command-r-plus", "plain"), ("command-r-08-2024", "plain"), ("embed-english-v3.0", "embed"),
    ("grok-2-1212", "plain"), ("deepseek-chat", "plain"), ("deepseek-reasoner", "plain"),
    ("llama-3.1-70b-versatile", "plain"), ("meta-llama/Llama-3.1-8B-Instruct", "plain"),
    ("openai/gpt-4o", "plain"), ("azure/gpt-4o", "plain"), ("vertex_ai/gemini-1.5-pro", "plain"),
    ("bedrock/anthropic.claude-3-haiku-20240307-v1:0", "plain"),
    ("mistral/mistral-large-latest", "plain"),
)

# Share of tracked files per kind (weights), with the path shape of each.
KINDS = (
    ("py", 40), ("ts", 12), ("tsx", 4), ("js", 5), ("yaml", 10), ("json", 10), ("md", 6),
    ("toml", 3), ("env", 2), ("ini", 2), ("sh", 2), ("docker", 1), ("txt", 3),
)
PLANTABLE = {"py", "ts", "tsx", "js", "yaml", "json", "toml", "env", "ini", "sh", "docker"}


class Gen:
    """Deterministic content generator (random.Random with a fixed seed; no hash(), no sets)."""

    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)

    def w(self) -> str:
        return self.r.choice(WORDS)

    def ident(self, n: int = 2) -> str:
        return "_".join(self.w() for _ in range(self.r.randint(1, n)))

    def camel(self, n: int = 2) -> str:
        return "".join(self.w().capitalize() for _ in range(self.r.randint(1, n)))

    def sentence(self, lo: int = 6, hi: int = 16) -> str:
        s = " ".join(self.w() for _ in range(self.r.randint(lo, hi)))
        return s.capitalize() + "."

    def target_size(self) -> int:
        # log-normal around ~3 KB, clamped: most files small, a long tail of big ones.
        return int(min(60_000, max(300, self.r.lognormvariate(7.9, 0.75))))

    # ---------------------------------------------------------------- model-id placements
    def model(self, family: str | None = None) -> str:
        while True:
            mid, fam = self.r.choice(MODEL_IDS)
            if family is None or fam == family:
                return mid

    def plant(self, kind: str) -> tuple[str, int]:
        """A block of the given kind that mentions model ids; returns (text, mentions)."""
        r = self.r
        a, b = self.model("plain"), self.model("plain")
        if kind == "py":
            choices = (
                (f'def ask_{self.ident(1)}(client, messages):\n'
                 f'    response = client.chat.completions.create(\n        model="{a}",\n'
                 f'        messages=messages,\n        temperature=0.2,\n    )\n    return response\n\n\n', 1),
                (f'DEFAULT_MODEL = "{a}"\n', 1),
                (f'MODEL = os.getenv("LLM_MODEL", "{a}")\n', 1),
                (f'llm = ChatOpenAI(model="{a}", temperature=0)\n', 1),
                (f'MODELS = {{\n    "fast": "{a}",\n    "smart": "{b}",\n}}\n', 2),
                (f'def invoke_{self.ident(1)}(bedrock, messages):\n'
                 f'    body = json.dumps({{"max_tokens": 512, "messages": messages}})\n'
                 f'    return bedrock.invoke_model(modelId="{self.model("bedrock")}", body=body)\n\n\n', 1),
                (f'def embed_{self.ident(1)}(client, texts):\n'
                 f'    vectors = client.embeddings.create(model="{self.model("embed")}", input=texts)\n'
                 f'    return [v.embedding for v in vectors.data]\n\n\n', 1),
                (f'def complete_{self.ident(1)}(prompt):\n'
                 f'    result = completion(model="{a}", messages=[{{"role": "user", "content": prompt}}])\n'
                 f'    return result.choices[0].message.content\n\n\n', 1),
                (f'def test_resolve_{self.ident(1)}():\n    assert resolve_model("{a}") is not None\n\n\n', 1),
            )
        elif kind in ("ts", "tsx", "js"):
            q = r.choice(('"', "'"))
            choices = (
                (f"const completion = await openai.chat.completions.create({{ model: {q}{a}{q}, messages }});\n", 1),
                (f"export const DEFAULT_MODEL = {q}{a}{q};\n", 1),
                (f"export const llmConfig = {{\n  model: process.env.MODEL ?? {q}{a}{q},\n  temperature: 0,\n}};\n", 1),
                (f"const MODELS = [{q}{a}{q}, {q}{b}{q}];\n", 2),
            )
        elif kind == "yaml":
            choices = (
                (f"model: {a}\n", 1),
                (f'llm:\n  provider: default\n  model: "{a}"\n  temperature: 0.1\n', 1),
                (f"models:\n  - {a}\n  - {b}\n", 2),
                (f"env:\n  - name: LLM_MODEL\n    value: {a}\n", 1),
            )
        elif kind == "json":
            choices = ((f'  "model": "{a}",\n', 1),)
        elif kind == "toml":
            choices = ((f'[llm]\nmodel = "{a}"\nmax_tokens = 1024\n', 1),)
        elif kind == "env":
            choices = ((f"OPENAI_MODEL={a}\n", 1), (f'LLM_MODEL="{a}"\n', 1),
                       (f"BEDROCK_MODEL_ID={self.model('bedrock')}\n", 1))
        elif kind == "ini":
            choices = ((f"[llm]\nmodel = {a}\n", 1),)
        elif kind == "sh":
            choices = ((f'export LLM_MODEL="${{LLM_MODEL:-{a}}}"\n', 1),
                       (f"python -m app.eval --model {a} --limit 50\n", 1))
        elif kind == "docker":
            choices = ((f"ENV LLM_MODEL={a}\n", 1),)
        else:
            raise ValueError(kind)
        return r.choice(choices)

    # ---------------------------------------------------------------- ordinary content
    def py_block(self) -> str:
        r = self.r
        kind = r.random()
        name = self.ident()
        if kind < 0.45:
            args = ", ".join(self.ident(1) for _ in range(r.randint(1, 4)))
            lines = [f"def {name}({args}):", f'    """{self.sentence()}"""']
            for _ in range(r.randint(3, 12)):
                v = self.ident()
                lines.append(r.choice((
                    f"    {v} = {self.ident()}.get({self.w()!r}, {r.randint(0, 100)})",
                    f"    if {v} is None:\n        raise ValueError(f\"missing {self.w()}: {{{v}!r}}\")",
                    f"    for {self.w()} in {self.ident()}:\n        {v}.append({self.w()})",
                    f"    logger.debug(\"{self.w()} %s\", {v})",
                    f"    {v} = [{self.w()} for {self.w()} in {self.ident()} if {self.w()}]",
                    f"    result[{self.w()!r}] = {v}",
                )))
            lines.append(f"    return {self.ident()}")
            return "\n".join(lines) + "\n\n\n"
        if kind < 0.75:
            cls = self.camel()
            lines = [f"class {cls}({r.choice(('object', 'BaseModel', 'Base', 'Protocol'))}):",
                     f'    """{self.sentence()}"""', ""]
            for _ in range(r.randint(1, 4)):
                lines.append(f"    {self.ident(1)}: {r.choice(('int', 'str', 'float', 'bool', 'list[str]'))} = "
                             f"{r.choice(('0', 'None', repr(self.w()), 'False', 'field(default_factory=list)'))}")
            for _ in range(r.randint(1, 3)):
                lines += ["", f"    def {self.ident()}(self, {self.ident(1)}):",
                          f"        self.{self.w()} = {self.ident(1)}",
                          f"        return self.{self.ident()}({self.w()}={r.randint(1, 9)})"]
            return "\n".join(lines) + "\n\n\n"
        if kind < 0.9:
            return f"{name.upper()} = {r.choice((repr(self.w()), str(r.randint(1, 5000)), repr(self.sentence(2, 5))))}\n\n"
        return r.choice(DECOYS_PY) + "\n\n"

    def py_file(self, size: int, plants: int) -> tuple[str, int]:
        r = self.r
        out = [f'"""{self.sentence()}"""\n\nfrom __future__ import annotations\n\n',
               "".join(sorted(f"import {m}\n" for m in ["logging", "os"] + r.sample(
                   ("json", "re", "time", "typing", "dataclasses", "pathlib"), 2))),
               f"\nfrom .{self.w()} import {self.ident()}\n\nlogger = logging.getLogger(__name__)\n\n"]
        return self._fill(out, size, plants, "py", self.py_block)

    def ts_block(self, typed: bool = True) -> str:
        r = self.r
        if r.random() < 0.1:
            return r.choice(DECOYS_TS) + "\n"
        fn = self.camel()
        fn = fn[0].lower() + fn[1:]
        body = "\n".join(r.choice((
            f"  const {self.w()} = await {self.w()}.{self.w()}({self.w()});",
            f"  if (!{self.w()}) {{\n    throw new Error('{self.sentence(2, 5)}');\n  }}",
            f"  {self.w()}.push({{ id: {self.w()}.id, {self.w()}: {r.randint(0, 99)} }});",
            f"  return {self.w()}.map(({self.w()}) => {self.w()}.{self.w()});",
        )) for _ in range(r.randint(3, 10)))
        sig = f"({self.w()}: {self.camel()}): Promise<{self.camel()}>" if typed else f"({self.w()})"
        return f"export async function {fn}{sig} {{\n{body}\n}}\n\n"

    def ts_file(self, size: int, plants: int, kind: str) -> tuple[str, int]:
        head = [f"import {{ {self.camel()} }} from './{self.w()}';\nimport {{ {self.camel()} }} from '../{self.w()}/{self.w()}';\n\n"]
        if kind == "tsx":
            head.append(f"export const {self.camel()} = () => (\n  <div className=\"{self.w()}\">{{{self.w()}}}</div>\n);\n\n")
        return self._fill(head, size, plants, kind, lambda: self.ts_block(kind != "js"))

    def yaml_file(self, size: int, plants: int) -> tuple[str, int]:
        r = self.r

        def block() -> str:
            k = self.ident(1)
            lines = [f"{k}:"]
            for _ in range(r.randint(2, 8)):
                lines.append(f"  {self.ident(1)}: {r.choice((self.w(), str(r.randint(0, 999)), 'true', repr(self.sentence(2, 4))))}")
            return "\n".join(lines) + "\n"
        head = [f"apiVersion: apps/v1\nkind: {r.choice(('Deployment', 'ConfigMap', 'Service', 'Job'))}\n"
                f"metadata:\n  name: {self.w()}-{self.w()}\n  labels:\n    app: {self.w()}\n"]
        return self._fill(head, size, plants, "yaml", block)

    def json_file(self, size: int, plants: int) -> tuple[str, int]:
        r = self.r
        items, n, planted, total = [], 0, 0, 0
        plant_at = sorted(r.sample(range(max(plants, 1) * 3), plants)) if plants else []
        while total < size or planted < plants:
            lines = [f'  "{self.ident(1)}_{n}": {{', f'    "id": {r.randint(1, 10**6)},',
                     f'    "{self.w()}": "{self.sentence(2, 6)}",',
                     f'    "{self.w()}": [{", ".join(str(r.randint(0, 99)) for _ in range(r.randint(1, 8)))}],']
            if planted < plants and (n in plant_at or total >= size):
                lines.append(f'    "model": "{self.model("plain")}",')
                planted += 1
            lines.append(f'    "enabled": {r.choice(("true", "false"))}\n  }}')
            item = "\n".join(lines)
            items.append(item)
            total += len(item)
            n += 1
        return "{\n" + ",\n".join(items) + "\n}\n", planted

    def md_file(self, size: int) -> str:
        out = [f"# {self.sentence(2, 5)[:-1]}\n\n"]
        while sum(map(len, out)) < size:
            out.append(self.sentence(10, 40) + " " + self.sentence() + "\n\n")
            if self.r.random() < 0.2:
                out.append(f"```bash\n{self.w()} --{self.w()} {self.w()}\n```\n\n")
            if self.r.random() < 0.05:
                out.append("We compared gpt and claude models for this; see the eval notes.\n\n")
        return "".join(out)

    def kv_file(self, size: int, plants: int, kind: str) -> tuple[str, int]:
        r = self.r

        def block() -> str:
            if kind == "env":
                return f"{self.ident(2).upper()}={r.choice((self.w(), str(r.randint(0, 9999)), 'true'))}\n"
            if kind == "toml":
                return f"\n[{self.ident(1)}]\n" + "".join(
                    f"{self.ident(1)} = {r.choice((repr(self.w()), str(r.randint(0, 99)), 'true'))}\n"
                    for _ in range(r.randint(2, 6)))
            if kind == "ini":
                return f"\n[{self.ident(1)}]\n" + "".join(
                    f"{self.ident(1)} = {self.w()}\n" for _ in range(r.randint(2, 6)))
            if kind == "sh":
                return r.choice((f"{self.ident(1)}=\"${{{self.ident(1).upper()}:-{self.w()}}}\"\n",
                                 f"if [ -z \"${self.w()}\" ]; then\n  echo \"{self.sentence(2, 5)}\" >&2\n  exit 1\nfi\n",
                                 f"{self.w()} --{self.w()} \"${self.w()}\" | tee -a {self.w()}.log\n"))
            if kind == "docker":
                return r.choice((f"RUN pip install --no-cache-dir {self.w()}\n", f"COPY {self.w()}/ /app/{self.w()}/\n",
                                 f"ENV {self.ident(1).upper()}={self.w()}\n"))
            return self.sentence(8, 30) + "\n"  # txt
        head = {"sh": ["#!/usr/bin/env bash\nset -euo pipefail\n\n"], "docker": ["FROM python:3.12-slim\nWORKDIR /app\n"],
                "env": ["# local settings, copy to .env\n"], "toml": [f'[project]\nname = "{self.w()}"\n']}.get(kind, [""])
        return self._fill(head, size, plants, kind, block)

    def _fill(self, out: list[str], size: int, plants: int, kind: str, block) -> tuple[str, int]:
        total = sum(map(len, out))
        blocks = []
        while total < size:
            b = block()
            blocks.append(b)
            total += len(b)
        mentions = 0
        for _ in range(plants):
            text, n = self.plant(kind)
            blocks.insert(self.r.randint(0, len(blocks)), text)
            mentions += n
        return "".join(out) + "".join(blocks), mentions


def _path_for(g: Gen, kind: str, i: int) -> str:
    r = g.r
    svc = f"{g.w()}-svc{r.randint(0, 39)}"
    pkg = svc.replace("-", "_")
    if kind == "py":
        if r.random() < 0.2:
            return f"services/{svc}/tests/test_{g.ident()}_{i}.py"
        return f"services/{svc}/{pkg}/{g.w()}/{g.ident()}_{i}.py"
    if kind in ("ts", "tsx", "js"):
        return f"web/{g.w()}-app/src/{g.w()}s/{g.camel()}{i}.{kind}"
    if kind == "yaml":
        if r.random() < 0.1:
            return f".github/workflows/{g.w()}-{i}.yml"
        return f"deploy/{r.choice(('dev', 'staging', 'prod'))}/{svc}/{g.w()}-{i}.yaml"
    if kind == "json":
        return f"web/{g.w()}-app/fixtures/{g.ident()}_{i}.json"
    if kind == "md":
        return f"docs/{g.w()}/{g.ident()}_{i}.md"
    if kind == "toml":
        return f"services/{svc}/config/{g.w()}_{i}.toml"
    if kind == "env":
        return f"services/{svc}-{i}/{r.choice(('.env.example', '.env.staging', 'settings.env'))}"
    if kind == "ini":
        return f"services/{svc}/{g.w()}_{i}.ini"
    if kind == "sh":
        return f"scripts/{g.w()}/{g.ident()}_{i}.sh"
    if kind == "docker":
        return f"services/{svc}/docker/{g.w()}{i}/Dockerfile"
    return f"data/{g.w()}/{g.ident()}_{i}.txt"


def _content_for(g: Gen, kind: str, plants: int) -> tuple[str, int]:
    size = g.target_size()
    if kind == "py":
        return g.py_file(size, plants)
    if kind in ("ts", "tsx", "js"):
        return g.ts_file(size, plants, kind)
    if kind == "yaml":
        return g.yaml_file(size, plants)
    if kind == "json":
        return g.json_file(size, plants)
    if kind == "md":
        return g.md_file(size), 0
    return g.kv_file(size, plants, kind)


def prepare_generated(cache: Path) -> dict:
    root = cache / "generated"
    manifest_path = cache / "stamps" / "generated.json"
    if root.is_dir() and manifest_path.is_file():
        manifest = json.loads(manifest_path.read_text())
        if manifest.get("gen_version") == GEN_VERSION and manifest.get("seed") == GEN_SEED:
            return manifest
    if shutil.which("git") is None:
        raise SystemExit("git is needed to build the generated corpus")
    log(f"[generated] building {GEN_FILES} files (seed {GEN_SEED}) in {root}")
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    g = Gen(GEN_SEED)
    kinds = [k for k, _ in KINDS]
    weights = [w for _, w in KINDS]
    n_regular = GEN_FILES - 1  # .gitignore is the last tracked file
    file_kinds = g.r.choices(kinds, weights=weights, k=n_regular)
    plantable = [i for i, k in enumerate(file_kinds) if k in PLANTABLE]
    hit_files = set(g.r.sample(plantable, round(GEN_FILES * GEN_HIT_SHARE)))
    planted_mentions = 0
    pattern_hits = 0
    invalid: list[str] = []
    pattern = re.compile(RG_PATTERN)
    total_bytes = 0
    paths: list[str] = []
    py_hits: list[str] = []
    py_clean: list[str] = []
    used: set[str] = set()
    for i, kind in enumerate(file_kinds):
        rel = _path_for(g, kind, i)
        assert rel not in used
        used.add(rel)
        plants = g.r.choice((1, 1, 1, 2, 3)) if i in hit_files else 0
        text, mentions = _content_for(g, kind, plants)
        planted_mentions += mentions
        # Self-check: the pattern finds exactly the planted mentions (decoys stay decoys),
        # and the code is well-formed so parsers are exercised, not error paths.
        pattern_hits += len(pattern.findall(text))
        if kind == "py":
            try:
                ast.parse(text)
            except SyntaxError:
                invalid.append(rel)
        elif kind == "json":
            try:
                json.loads(text)
            except ValueError:
                invalid.append(rel)
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode()
        p.write_bytes(data)
        total_bytes += len(data)
        paths.append(rel)
        if kind == "py":
            (py_hits if plants else py_clean).append(rel)
    if invalid or pattern_hits != planted_mentions:
        raise SystemExit(f"[generated] self-check failed: {len(invalid)} unparsable files (e.g. {invalid[:3]}), "
                         f"{pattern_hits} pattern matches for {planted_mentions} planted mentions")
    gitignore = "# build output and local tooling\nnode_modules/\nbuild/\n*.log\n.venv/\n__pycache__/\n"
    (root / ".gitignore").write_text(gitignore)
    total_bytes += len(gitignore)
    # Untracked, ignored files that mention model ids: git-aware discovery must skip them.
    ignored = 0
    for j in range(20):
        for rel, text in ((f"web/node_modules/llm-sdk-{j}/index.js", f"export const M = '{g.model('plain')}';\n"),
                          (f"build/lib/pkg{j}/models.py", f'MODEL = "{g.model("plain")}"\n'),
                          (f"logs/run-{j}.log", f"calling {g.model('plain')} ... ok\n")):
            p = root / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(text * 20)
            ignored += 1
    env = {**os.environ, **GIT_ENV}
    git = ["git", "-c", "core.autocrlf=false", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"]
    subprocess.run(git + ["init", "-q", str(root)], check=True, env=env)
    subprocess.run(git + ["-C", str(root), "add", "-A"], check=True, env=env)
    subprocess.run(git + ["-C", str(root), "commit", "-q", "-m", "generated benchmark corpus"], check=True, env=env)
    head = subprocess.run(git + ["-C", str(root), "rev-parse", "HEAD"], check=True, env=env,
                          capture_output=True, text=True).stdout.strip()
    tracked = subprocess.run(git + ["-C", str(root), "ls-files", "-z"], check=True, env=env,
                             capture_output=True).stdout.count(b"\0")
    hook_rng = random.Random(GEN_SEED + 1)
    hook_files = sorted(hook_rng.sample(py_clean, 4) + hook_rng.sample(py_hits, 1))
    manifest = {
        "gen_version": GEN_VERSION, "seed": GEN_SEED, "path": str(root), "git_head": head,
        "tracked_files": tracked, "tracked_bytes": total_bytes, "hit_files": len(hit_files),
        "planted_mentions": planted_mentions, "ignored_untracked_files": ignored,
        "hook_files": hook_files,
    }
    manifest_path.parent.mkdir(parents=True, exist_ok=True)
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n")
    log(f"[generated] {tracked} tracked files, {total_bytes / 1e6:.1f} MB, {len(hit_files)} hit files, "
        f"{planted_mentions} planted mentions, HEAD {head[:12]}")
    return manifest


# ======================================================================================
# Tools
# ======================================================================================
def find_rg(explicit: str | None) -> str | None:
    if explicit:
        return explicit
    on_path = shutil.which("rg")
    if on_path:
        return on_path
    venv = WORK / "venv"
    rg = venv / "bin" / "rg"
    if rg.is_file():
        return str(rg)
    log(f"[rg] not on PATH; installing {RIPGREP_WHEEL} (binary wheel) into {venv}")
    try:
        if not (venv / "bin" / "python").exists():
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                        "--only-binary", ":all:", RIPGREP_WHEEL], check=True)
    except (subprocess.CalledProcessError, OSError) as exc:
        log(f"[rg] install failed ({exc}); install ripgrep yourself: apt-get install ripgrep")
        return None
    if rg.is_file():
        return str(rg)
    log("[rg] the wheel did not provide bin/rg; install ripgrep: apt-get install ripgrep")
    return None


def scanner_excludes() -> tuple[tuple[str, ...], tuple[str, ...], str]:
    """The scanner's default excludes, from its source if importable (no third-party imports)."""
    try:
        sys.path.insert(0, str(ROOT))
        from scanner import discover  # type: ignore[import-not-found]
        return tuple(discover.DEFAULT_EXCLUDES), tuple(discover.DOC_SUFFIXES), "scanner/discover.py"
    except Exception:  # noqa: BLE001 - any failure: fall back to the mirrored copy
        return FALLBACK_EXCLUDES, FALLBACK_DOC_SUFFIXES, "bench/run.py fallback copy"
    finally:
        if sys.path and sys.path[0] == str(ROOT):
            sys.path.pop(0)


def rg_flags(corpus: str, excludes: tuple[str, ...], docs: tuple[str, ...]) -> list[str]:
    # --max-filesize: the scanner's default size limit (2 MiB), so neither reads bigger files.
    flags = ["--no-config", "--hidden", "--no-messages", "--no-ignore-parent", "--no-ignore-dot",
             "--max-filesize", "2M"]
    if corpus in ("real", "js", "mixed", "sdk"):
        # Not a git repo: the scanner walks it honouring .gitignore files (pathspec), so rg
        # must honour them without a repo too, and skip git's global excludes.
        flags += ["--no-require-git", "--no-ignore-global"]
    # generated: a git repo; rg's default .gitignore/.git/info/exclude handling matches
    # ``git ls-files -co --exclude-standard``.
    for pat in excludes:
        flags += ["-g", "!" + pat]
    for suf in docs:
        flags += ["--iglob", "!*" + suf]
    return flags


# ======================================================================================
# Measuring
# ======================================================================================
def _children(pid: int) -> list[int]:
    out = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as fh:
                out += [int(x) for x in fh.read().split()]
    except OSError:
        pass
    return out


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class TreeRss(threading.Thread):
    """Samples the summed RSS of a process and its descendants (a --jobs pool counts whole)."""

    def __init__(self, pid: int, interval: float = 0.01) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak_kb = pid, interval, 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            stack, seen, total = [self.pid], set(), 0
            while stack:
                p = stack.pop()
                if p in seen:
                    continue
                seen.add(p)
                total += _rss_kb(p)
                stack += _children(p)
            self.peak_kb = max(self.peak_kb, total)
            self.done.wait(self.interval)


def run_measured(cmd: list[str], *, cwd: Path | None = None, stdout=subprocess.DEVNULL,
                 env: dict | None = None, sample_rss: bool = True, timeout: float | None = None) -> dict:
    """Wall time, exit code, and peak RSS of one child.

    ``os.wait4`` gives this child's own rusage (ru_maxrss = the largest single process in its
    tree, since Linux folds reaped descendants in as a max, not a sum). RUSAGE_CHILDREN
    "deltas" would not work for maxrss: it is a high-water mark over *all* children so far.
    The /proc sampler adds the summed RSS of the whole tree, which is what a process pool costs.
    """
    err = tempfile.TemporaryFile()
    t0 = time.perf_counter()
    try:
        # Own session: on a time-out the whole tree (a --jobs pool too) is killed, by its id.
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=stdout, stderr=err, env=env, start_new_session=True)
    except OSError as exc:
        return {"ok": False, "returncode": None, "error": str(exc)}
    sampler = TreeRss(proc.pid) if sample_rss else None
    if sampler:
        sampler.start()
    timed_out = threading.Event()

    def kill_tree() -> None:
        timed_out.set()
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except OSError:
            pass
    timer = threading.Timer(timeout, kill_tree) if timeout else None
    if timer:
        timer.start()
    _, status, ru = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    if timer:
        timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if timed_out.is_set():
        try:  # stragglers of the killed session
            os.killpg(proc.pid, signal.SIGKILL)
        except OSError:
            pass
        err.close()
        if sampler:
            sampler.done.set()
        return {"ok": False, "returncode": proc.returncode, "error": f"timed out after {timeout:g} s (killed)"}
    if sampler:
        sampler.done.set()
        sampler.join()
    err.seek(0)
    stderr = err.read().decode("utf-8", "replace")
    err.close()
    return {"ok": True, "returncode": proc.returncode, "wall": wall, "maxrss_mb": ru.ru_maxrss / 1024,
            "tree_rss_mb": (sampler.peak_kb / 1024) if sampler else None, "stderr": stderr}


def median_runs(cmd: list[str], repeat: int, *, cwd: Path | None = None, ok_codes=(0,), env=None,
                stdout_path: Path | None = None, timeout: float | None = None,
                slow_s: float | None = None, expect_file: Path | None = None) -> dict:
    """One warm-up, then ``repeat`` timed runs. Returns medians (or the failure).

    A run longer than ``timeout`` is killed and reported as a failure. If the warm-up alone
    takes longer than ``slow_s``, it is kept as the only measurement (page-cache warmth is
    noise at that length) rather than spending ``repeat`` more such runs.
    """
    walls, maxrss, tree = [], [], []
    planned = repeat
    i = 0
    while i <= planned:
        if expect_file is not None and expect_file.exists():
            expect_file.unlink()
        out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
        try:
            res = run_measured(cmd, cwd=cwd, stdout=out, env=env, timeout=timeout)
        finally:
            if stdout_path:
                out.close()
        if not res["ok"] or res["returncode"] not in ok_codes:
            tail = "\n".join((res.get("stderr") or res.get("error") or "").strip().splitlines()[-6:])
            rc = res.get("returncode")
            head = f"exit {rc}: " if rc is not None and res["ok"] else ""
            return {"ok": False, "returncode": rc, "message": head + (tail or "no output")}
        if expect_file is not None and not expect_file.is_file():
            # e.g. a traceback: Python exits 1, which the CLI contract also uses for "findings".
            tail = "\n".join(res["stderr"].strip().splitlines()[-6:])
            return {"ok": False, "returncode": res["returncode"],
                    "message": f"exit {res['returncode']} but no {expect_file.name} written: {tail or 'no stderr'}"}
        i += 1
        if i == 1:  # warm-up
            if slow_s is None or res["wall"] <= slow_s:
                continue
            log(f"  warm-up took {res['wall']:.1f} s > {slow_s:g} s: kept as the only measurement")
            planned = 0
        walls.append(res["wall"])
        maxrss.append(res["maxrss_mb"])
        if res["tree_rss_mb"] is not None:
            tree.append(res["tree_rss_mb"])
    return {"ok": True, "wall_s": statistics.median(walls), "best_s": min(walls), "walls_s": walls, "runs": len(walls),
            "peak_rss_mb": max(maxrss), "peak_tree_rss_mb": max(tree) if tree else None}


def _cpu_times() -> tuple[int, int] | None:
    try:
        with open("/proc/stat") as fh:
            vals = [int(v) for v in fh.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    return vals[3] + vals[4], sum(vals)  # idle + iowait, total


def other_cpu_busy(seconds: float = 1.0) -> float | None:
    """Share of all CPUs busy while this harness sits idle (other people's work)."""
    a = _cpu_times()
    time.sleep(seconds)
    b = _cpu_times()
    if a is None or b is None or b[1] == a[1]:
        return None
    return 1.0 - (b[0] - a[0]) / (b[1] - a[1])


def busy_note(when: str, wait_s: float = 0.0) -> tuple[float | None, str | None]:
    """Other work on the machine skews wall times: measure it (waiting up to ``wait_s`` for a
    quiet moment) and say so in the results."""
    deadline = time.monotonic() + wait_s
    busy = other_cpu_busy()
    while busy is not None and busy > 0.15 and time.monotonic() < deadline:
        busy = other_cpu_busy(2.0)
    if busy is not None and busy > 0.15:
        return busy, (f"machine busy {when}: {busy:.0%} of {os.cpu_count()} CPUs used by other "
                      "processes while the harness was idle; timings are noisy")
    return busy, None


def corpus_size(rg: str | None, path: Path, flags: list[str]) -> dict:
    """Files and bytes rg would read with these flags (else every regular file outside .git)."""
    files: list[str] = []
    if rg:
        proc = subprocess.run([rg, "--files", *flags, "."], cwd=path, capture_output=True)
        files = [f for f in proc.stdout.decode("utf-8", "surrogateescape").split("\n") if f]
    else:
        for dp, dns, fns in os.walk(path):
            dns[:] = [d for d in dns if d != ".git"]
            files += [os.path.relpath(os.path.join(dp, f), path) for f in fns]
    total = 0
    for f in files:
        try:
            total += os.lstat(path / f).st_size
        except OSError:
            pass
    return {"files": len(files), "bytes": total}


def measure_rg(rg: str, path: Path, flags: list[str], repeat: int) -> dict:
    cmd = [rg, "--count-matches", *flags, "-e", RG_PATTERN, "."]
    out = WORK / "rg-count.txt"
    res = median_runs(cmd, repeat, cwd=path, ok_codes=(0, 1), stdout_path=out)
    if res["ok"]:
        lines = [ln for ln in out.read_text("utf-8", "replace").splitlines() if ln]
        res["matches"] = sum(int(ln.rsplit(":", 1)[1]) for ln in lines)
        res["files_with_matches"] = len(lines)
    return res


def measure_scan(mt: list[str], path: Path, repeat: int, name: str, extra: list[str], env: dict,
                 timeout: float, slow_s: float) -> dict:
    out = WORK / f"scan-{name}.json"
    cmd = [*mt, "scan", str(path), "--format", "json", "--output", str(out), *extra]
    res = median_runs(cmd, repeat, ok_codes=(0, 1), env=env, timeout=timeout, slow_s=slow_s, expect_file=out)
    res["command"] = shlex.join(cmd)
    if not res["ok"]:
        return res
    try:
        doc = json.loads(out.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        return {"ok": False, "message": f"scan ran but {out} is not JSON: {exc}", "command": res["command"]}
    stats = doc.get("stats") or {}
    res.update(references=len(doc.get("references") or []), findings=len(doc.get("findings") or []),
               errors=len(doc.get("errors") or []), files_seen=stats.get("files_seen"),
               files_parsed=stats.get("files_parsed"), scanner_seconds=stats.get("seconds"),
               version=doc.get("version"))
    return res


# ======================================================================================
# Report
# ======================================================================================
def fmt(v, spec: str = ".3f", none: str = "-") -> str:
    return none if v is None else format(v, spec)


def verdict(value, limit) -> str:
    if value is None:
        return "pending"
    return "PASS" if value <= limit else "FAIL"


def print_table(results: dict) -> None:
    rows = [("corpus", "tool", "files", "MB", "wall s", "best s", "files/s", "MB/s", "RSS MB", "tree MB", "refs", "x rg")]
    for name, c in results["corpora"].items():
        size = c["size"]
        mb = size["bytes"] / 1e6
        for tool in ("rg", "modeltrail"):
            m = c.get(tool)
            if m is None:
                continue
            if not m.get("ok"):
                rows.append((name, tool, str(size["files"]), f"{mb:.1f}", "n/a", "", "", "", "", "", "", ""))
                continue
            w = m["wall_s"]
            refs = m.get("matches") if tool == "rg" else m.get("references")
            files = size["files"] if tool == "rg" else (m.get("files_seen") or size["files"])
            rows.append((name, tool, str(files), f"{mb:.1f}", f"{w:.3f}", f"{m['best_s']:.3f}",
                         f"{files / w:,.0f}", f"{mb / w:,.1f}",
                         f"{m['peak_rss_mb']:.0f}", fmt(m.get("peak_tree_rss_mb"), ".0f"), str(refs),
                         fmt(c.get("ratio"), ".2f")))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for j, r in enumerate(rows):
        print("  ".join(cell.rjust(widths[i]) if i >= 2 else cell.ljust(widths[i]) for i, cell in enumerate(r)))
        if j == 0:
            print("  ".join("-" * w for w in widths))
    s = results.get("startup") or {}
    h = results.get("hook") or {}
    print()
    g = (results["corpora"].get("generated") or {}).get("manifest")
    if g:
        print(f"generated corpus: {g['planted_mentions']} planted model-id mentions in {g['hit_files']} files "
              f"(the rg pattern matches exactly these; scanner refs should be close)")
    if s.get("ok"):
        print(f"modeltrail --version: median {s['wall_s'] * 1000:.0f} ms over {len(s['walls_s'])} runs")
    if h.get("ok"):
        rgh = h.get("rg_wall_s")
        print(f"hook (scan of 5 .py files): median {h['wall_s'] * 1000:.0f} ms"
              + (f"  (rg on the same files: {rgh * 1000:.1f} ms)" if rgh else ""))
    print("\ntargets:")
    for k, v in results["verdicts"].items():
        print(f"  {k:<34} {v}")
    for msg in results.get("notes", []):
        print(f"note: {msg}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", choices=(*CORPORA, "all"), default="all")
    ap.add_argument("--repeat", type=int, default=5, help="timed runs after one warm-up (default 5)")
    ap.add_argument("--modeltrail", default=None,
                    help="scanner command (default: the modeltrail next to this python: "
                         f"{Path(sys.executable).parent / 'modeltrail'})")
    ap.add_argument("--scan-args", default="", help="extra arguments for every `modeltrail scan`, e.g. '--jobs 2'")
    ap.add_argument("--rg", default=None, help="ripgrep binary (default: rg on PATH, else bench/.work/venv)")
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="corpus cache (default bench/.corpus)")
    ap.add_argument("--output", type=Path, default=BENCH / "results.json")
    ap.add_argument("--timeout", type=float, default=900.0,
                    help="kill a scanner run after this many seconds (default 900)")
    ap.add_argument("--slow", type=float, default=60.0,
                    help="if the warm-up scan takes longer than this, time one run only (default 60 s)")
    ap.add_argument("--wait-quiet", type=float, default=0.0, metavar="S",
                    help="before each corpus, wait up to S seconds for other processes to leave the CPUs idle")
    ap.add_argument("--prepare-only", action="store_true", help="build the corpora and stop")
    args = ap.parse_args(argv)
    if args.repeat < 1:
        ap.error("--repeat must be >= 1")
    WORK.mkdir(parents=True, exist_ok=True)
    cache = args.cache.resolve()
    names = list(CORPORA) if args.corpus == "all" else [args.corpus]

    prepared: dict[str, dict] = {}
    if "generated" in names:
        prepared["generated"] = prepare_generated(cache)
    if "real" in names or "mixed" in names or "sdk" in names:
        prepared["real"] = prepare_real(cache)
    if "js" in names or "mixed" in names:
        prepared["js"] = prepare_js(cache)
    if "mixed" in names:
        prepared["mixed"] = prepare_mixed(cache, prepared["real"], prepared["js"])
    if "sdk" in names:
        prepared["sdk"] = prepare_sdk(prepared["real"])
    if args.prepare_only:
        print(json.dumps(prepared, indent=2))
        return 0

    notes: list[str] = []
    rg = find_rg(args.rg)
    rg_version = None
    if rg:
        rg_version = subprocess.run([rg, "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    else:
        notes.append("ripgrep not found: no baseline (apt-get install ripgrep, or pip install ripgrep)")

    mt = shlex.split(args.modeltrail) if args.modeltrail else [str(Path(sys.executable).parent / "modeltrail")]
    mt_available = shutil.which(mt[0]) is not None or Path(mt[0]).is_file()
    mt_version = None
    if mt_available:
        probe = subprocess.run([*mt, "--version"], capture_output=True, text=True)
        if probe.returncode == 0:
            mt_version = probe.stdout.strip() or probe.stderr.strip()
        else:
            mt_available = False
            last = ((probe.stderr or probe.stdout).strip().splitlines() or ["no output"])[-1]
            notes.append(f"`{shlex.join(mt)} --version` exited {probe.returncode} ({last}): "
                         "reporting ripgrep only")
    else:
        notes.append(f"scanner not installed ({mt[0]} not found): reporting ripgrep only "
                     "(pip install -e . in the project venv, or pass --modeltrail CMD)")

    excludes, docs, excl_src = scanner_excludes()
    # Corpora live inside this project's work tree, which git-ignores them: stop git's repo
    # discovery at the cache so a scan of bench/.corpus/real is not read as "an ignored
    # directory of /work/main" (git ls-files would list nothing there).
    env = {**os.environ, "GIT_CEILING_DIRECTORIES": str(cache)}
    # Time the scanner as installed, with its bytecode cached: the warm-up run writes the
    # .pyc files, as any first run (or a non-editable pip install) does. With
    # PYTHONDONTWRITEBYTECODE set (as on the dev machines here), an editable install
    # recompiled the scanner's sources in the parent and in every worker, each run: ~0.1 s.
    if env.pop("PYTHONDONTWRITEBYTECODE", None) is not None:
        notes.append("PYTHONDONTWRITEBYTECODE was unset for the runs, so that the warm-up "
                     "caches the scanner's bytecode as an installed package has it")
    extra = shlex.split(args.scan_args)

    results: dict = {
        "timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {"platform": platform.platform(), "cpus": os.cpu_count(), "python": platform.python_version()},
        "repeat": args.repeat, "rg": {"path": rg, "version": rg_version, "pattern": RG_PATTERN},
        "modeltrail": {"command": shlex.join(mt), "available": mt_available, "version": mt_version,
                       "scan_args": extra},
        "excludes_source": excl_src, "targets": TARGETS, "corpora": {}, "notes": notes,
    }
    for name in names:
        path = Path(prepared[name]["path"])
        flags = rg_flags(name, excludes, docs)
        busy, busy_msg = busy_note(f"before the {name} runs", args.wait_quiet)
        entry: dict = {"path": str(path), "size": corpus_size(rg, path, flags), "other_cpu_busy_before": busy}
        if busy_msg:
            notes.append(busy_msg)
        if name == "generated":
            entry["manifest"] = {k: prepared[name][k] for k in
                                 ("seed", "git_head", "tracked_files", "tracked_bytes", "hit_files",
                                  "planted_mentions", "ignored_untracked_files")}
        elif name == "mixed":
            entry["packages"] = {"real": prepared["real"]["packages"], "js": prepared["js"]["packages"]}
        else:
            entry["packages"] = prepared[name]["packages"]
        entry["measured_at"] = results["timestamp"]
        entry["repeat"] = args.repeat
        if rg:
            log(f"[{name}] rg x{args.repeat}")
            entry["rg"] = measure_rg(rg, path, flags, args.repeat)
            entry["rg"]["flags"] = flags
        if mt_available:
            log(f"[{name}] modeltrail scan x{args.repeat}")
            entry["modeltrail"] = measure_scan(mt, path, args.repeat, name, extra, env, args.timeout, args.slow)
            if not entry["modeltrail"]["ok"]:
                notes.append(f"{name}: scan failed: {entry['modeltrail']['message']}")
            else:
                seen, listed = entry["modeltrail"].get("files_seen"), entry["size"]["files"]
                # files_seen includes files the scanner then skips (too big, minified), each
                # reported in "errors"; rg never lists the too-big ones (--max-filesize).
                if seen is not None and abs(seen - listed) > (entry["modeltrail"].get("errors") or 0):
                    notes.append(f"{name}: scanner saw {seen} files, rg lists {listed}: the file sets differ")
        r, s = entry.get("rg") or {}, entry.get("modeltrail") or {}
        entry["ratio"] = s["wall_s"] / r["wall_s"] if r.get("ok") and s.get("ok") else None
        results["corpora"][name] = entry

    # Keep what earlier runs measured and this one did not (other corpora, the hook case).
    previous: dict = {}
    if args.output.is_file():
        try:
            previous = json.loads(args.output.read_text("utf-8"))
        except (OSError, ValueError):
            previous = {}
    kept = []
    for name, old in (previous.get("corpora") or {}).items():
        if name not in results["corpora"]:
            old.setdefault("measured_at", previous.get("timestamp"))
            old.setdefault("repeat", previous.get("repeat"))
            results["corpora"][name] = old
            kept.append(name)
    if kept:
        notes.append(f"kept from earlier runs (not re-measured): {', '.join(kept)}")
    results["corpora"] = {k: results["corpora"][k] for k in
                          sorted(results["corpora"], key=lambda k: ([*CORPORA, k]).index(k))}

    # Start-up and pre-commit-hook cases.
    if mt_available:
        busy, busy_msg = busy_note("before the start-up and hook runs", args.wait_quiet)
        results["other_cpu_busy_before_startup"] = busy
        if busy_msg:
            notes.append(busy_msg)
    if mt_available:
        log("[startup] modeltrail --version x10")
        results["startup"] = median_runs([*mt, "--version"], 10, env=env, timeout=60)
    if mt_available and "generated" in prepared:
        gen_root = Path(prepared["generated"]["path"])
        hook = prepared["generated"]["hook_files"]
        log(f"[hook] modeltrail scan {len(hook)} files x{max(10, args.repeat)}")
        h = median_runs([*mt, "scan", *extra, *hook], max(10, args.repeat), cwd=gen_root, ok_codes=(0, 1),
                        env=env, timeout=120)
        h["files"] = hook
        if rg:
            hr = median_runs([rg, "--count-matches", "--no-config", "-e", RG_PATTERN, *hook],
                             max(10, args.repeat), cwd=gen_root, ok_codes=(0, 1))
            h["rg_wall_s"] = hr.get("wall_s")
        results["hook"] = h
        if not h["ok"]:
            notes.append(f"hook case failed: {h['message']}")
    elif previous.get("hook"):
        results["hook"] = {**previous["hook"], "measured_at": previous["hook"].get("measured_at", previous.get("timestamp"))}
        notes.append("hook case kept from an earlier run (it needs the generated corpus)")

    def ratio(name):
        return (results["corpora"].get(name) or {}).get("ratio")
    peaks = [c["modeltrail"].get("peak_tree_rss_mb") or c["modeltrail"]["peak_rss_mb"]
             for c in results["corpora"].values() if (c.get("modeltrail") or {}).get("ok")]
    su, hk = results.get("startup") or {}, results.get("hook") or {}
    results["verdicts"] = {
        f"generated <= {TARGETS['generated_ratio_max']:g}x rg": verdict(ratio("generated"), TARGETS["generated_ratio_max"]),
        f"real <= {TARGETS['real_ratio_max']:g}x rg": verdict(ratio("real"), TARGETS["real_ratio_max"]),
        f"js <= {TARGETS['js_ratio_max']:g}x rg": verdict(ratio("js"), TARGETS["js_ratio_max"]),
        f"mixed <= {TARGETS['mixed_ratio_max']:g}x rg": verdict(ratio("mixed"), TARGETS["mixed_ratio_max"]),
        f"peak RSS < {TARGETS['peak_rss_mb_max']:g} MB": verdict(max(peaks) if peaks else None, TARGETS["peak_rss_mb_max"]),
        f"--version < {TARGETS['version_s_max'] * 1000:g} ms": verdict(su.get("wall_s") if su.get("ok") else None, TARGETS["version_s_max"]),
        f"hook 5 files <= {TARGETS['hook_s_max'] * 1000:g} ms": verdict(hk.get("wall_s") if hk.get("ok") else None, TARGETS["hook_s_max"]),
    }
    args.output.write_text(json.dumps(results, indent=2) + "\n")
    print_table(results)
    print(f"\nwrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
