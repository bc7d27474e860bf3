"""One extractor per file family, behind one registry.

An extractor turns a file's text into :class:`~scanner.model.Occurrence` values: every
string value (with its exact span and the key or argument around it) and every comment
that could hold a model id. It does no identification; the engine asks the catalog.

A new format is one module that calls :func:`register` and one line in ``SPECS``.
Modules are imported only when a file of theirs is scanned, so a run over Python files
never loads a JavaScript grammar.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Callable, Protocol

from ..model import Occurrence


@dataclass(slots=True)
class Extraction:
    occurrences: list[Occurrence] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    # Model arguments chosen at run time (env var without default): MT005 notes.
    dynamic: list[Occurrence] = field(default_factory=list)


class ExtractFn(Protocol):
    def __call__(self, text: str, *, path: str, context: str) -> Extraction: ...


@dataclass(frozen=True, slots=True)
class ExtractorSpec:
    name: str
    language: str
    suffixes: tuple[str, ...]
    filenames: tuple[str, ...]
    patterns: tuple[str, ...]
    module: str


# Registry of file matching, declared here (cheap) so lookup needs no imports.
SPECS: list[ExtractorSpec] = [
    ExtractorSpec("python", "python", (".py", ".pyi", ".pyw"), (), (), ".python"),
    ExtractorSpec("yaml", "yaml", (".yaml", ".yml"), (), (), ".yaml_"),
    ExtractorSpec("json", "json", (".json", ".jsonc", ".json5", ".jsonl", ".ndjson"),
                  (".babelrc", ".eslintrc"), (), ".json_"),
    ExtractorSpec("toml", "toml", (".toml",), ("Pipfile",), (), ".toml_"),
    ExtractorSpec("ini", "ini", (".ini", ".cfg", ".conf", ".properties"), (".editorconfig",), (), ".ini"),
    ExtractorSpec("dotenv", "dotenv", (".env",), (".env", ".envrc"), (".env.*", "*.env"), ".dotenv"),
    ExtractorSpec("dockerfile", "dockerfile", (".dockerfile",), ("Dockerfile", "Containerfile"),
                  ("Dockerfile.*", "*.Dockerfile", "Containerfile.*"), ".dockerfile"),
    ExtractorSpec("notebook", "python", (".ipynb",), (), (), ".notebook"),
    # Infrastructure as code (ARM JSON is recognised inside the JSON extractor).
    ExtractorSpec("hcl", "hcl", (".tf", ".tfvars", ".hcl"), (), (), ".hcl"),
    ExtractorSpec("bicep", "bicep", (".bicep", ".bicepparam"), (), (), ".bicep"),
    ExtractorSpec("modelfile", "modelfile", (".modelfile",), ("Modelfile",), ("Modelfile.*",),
                  ".modelfile"),
    # tree-sitter languages: one package, each grammar loaded on first use.
    ExtractorSpec("javascript", "javascript", (".js", ".mjs", ".cjs", ".jsx"), (), (), ".treesitter"),
    ExtractorSpec("typescript", "typescript", (".ts", ".mts", ".cts"), (), (), ".treesitter"),
    ExtractorSpec("tsx", "typescript", (".tsx",), (), (), ".treesitter"),
    ExtractorSpec("go", "go", (".go",), (), (), ".treesitter"),
    ExtractorSpec("java", "java", (".java",), (), (), ".treesitter"),
    ExtractorSpec("kotlin", "kotlin", (".kt", ".kts"), (), (), ".treesitter"),
    ExtractorSpec("csharp", "csharp", (".cs", ".csx"), (), (), ".treesitter"),
    ExtractorSpec("ruby", "ruby", (".rb", ".rake", ".gemspec", ".ru"),
                  ("Rakefile", "Gemfile", "Guardfile", "Podfile", "Fastfile", "Vagrantfile"), (),
                  ".treesitter"),
    ExtractorSpec("rust", "rust", (".rs",), (), (), ".treesitter"),
    ExtractorSpec("php", "php", (".php", ".phtml"), (), (), ".treesitter"),
    ExtractorSpec("swift", "swift", (".swift",), (), (), ".treesitter"),
]
FALLBACK = ExtractorSpec("text", "text", (), (), (), ".text")

_LOADED: dict[str, ExtractFn] = {}
_EXTRA: list[ExtractorSpec] = []


def register(name: str) -> Callable[[ExtractFn], ExtractFn]:
    def deco(fn: ExtractFn) -> ExtractFn:
        _LOADED[name] = fn
        return fn
    return deco


def add_spec(spec: ExtractorSpec) -> None:
    """Let another package module (tree-sitter languages, IaC) claim file types."""
    _EXTRA.append(spec)


def spec_for(path: str) -> ExtractorSpec:
    name = path.rsplit("/", 1)[-1]
    lower = name.lower()
    for spec in (*_EXTRA, *SPECS):
        if name in spec.filenames:
            return spec
        if any(fnmatchcase(name, pat) for pat in spec.patterns):
            return spec
        if lower.endswith(spec.suffixes):
            return spec
    return FALLBACK


def extractor(spec: ExtractorSpec) -> ExtractFn:
    fn = _LOADED.get(spec.name)
    if fn is None:
        importlib.import_module(spec.module, __name__)
        fn = _LOADED[spec.name]
    return fn
