"""tree-sitter languages: exact references per language, fixture goldens, lazy grammar
loading, and the failures that must cost one error line and nothing more.

Regenerate the language fixtures' goldens after a deliberate change with
``python -m tests.test_languages`` and review the diff line by line.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from scanner.api import ScanOptions, scan
from scanner.engine import scan_text

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
TODAY = dt.date(2026, 11, 25)
LANGUAGE_FIXTURES = ("ts-nextjs-chat", "go-summarizer", "jvm-assistant", "ruby-vcr-app",
                     "rust-llm-cli", "csharp-worker")
GOLDEN_FIELDS = ("path", "line", "column", "end_line", "end_column", "text", "provider", "model",
                 "pinned", "context", "key", "language", "composed", "cell")


def golden(fixture: Path) -> list[dict[str, Any]]:
    result = scan([str(fixture)], ScanOptions(today=TODAY, jobs=1, extra_excludes=("expected.json",)))
    refs = [{f: getattr(r, f) for f in GOLDEN_FIELDS} for r in result.references]
    errors = [e.to_json() for e in result.errors]
    return [*refs, *({"error": e} for e in errors)]


@pytest.mark.parametrize("name", LANGUAGE_FIXTURES)
def test_fixture_matches_golden(name: str) -> None:
    expected = json.loads((FIXTURES / name / "expected.json").read_text(encoding="utf-8"))
    assert golden(FIXTURES / name) == expected["references"]


# (path, source, [(line, column, end_column, text, key, context, composed)])
CASES = [
    pytest.param("src/client.js", '''import OpenAI from "openai"; // see https://platform.openai.com/docs/models/gpt-4o
const GPT4o20240513 = "legacy";
const BASE = "gpt-4o";
export const MODEL = process.env.OPENAI_MODEL || `${BASE}-2024-08-06`;
await client.chat.completions.create({ model: "gpt-4o-mini", messages });
const label = "GPT-4 Turbo";
''', [
        (3, 15, 21, "gpt-4o", "BASE", "code", False),
        (4, 50, 70, "`${BASE}-2024-08-06`", "OPENAI_MODEL", "code", True),
        (5, 48, 59, "gpt-4o-mini", "model", "code", False),
    ], id="javascript-env-default-template-url-decoys"),
    pytest.param("src/Picker.jsx", '''export const Picker = () => (
  <select defaultValue="gpt-4o">
    <option value="claude-3-5-sonnet-20241022">Claude 3.5 Sonnet (gpt-4o rival)</option>
  </select>
);
''', [
        (2, 25, 31, "gpt-4o", "defaultValue", "code", False),
        (3, 20, 46, "claude-3-5-sonnet-20241022", "value", "code", False),
    ], id="jsx-attributes-not-text"),
    pytest.param("lib/ai.ts", '''import { openai } from "@ai-sdk/openai";
enum Tier { Fast = "gpt-4o-mini", Smart = "gpt-4o-2024-08-06" }
const model = openai(process.env.MODEL ?? "gpt-4o");
function pick(name: string = "claude-3-5-haiku-latest") { return name === "gpt-4.1" ? 1 : 2; }
''', [
        (2, 21, 32, "gpt-4o-mini", "Fast", "code", False),
        (2, 44, 61, "gpt-4o-2024-08-06", "Smart", "code", False),
        (3, 44, 50, "gpt-4o", "MODEL", "code", False),
        (4, 31, 54, "claude-3-5-haiku-latest", "name", "code", False),
        (4, 76, 83, "gpt-4.1", "name", "code", False),
    ], id="typescript-enum-nullish-default-parameter-comparison"),
    pytest.param("app/page.tsx", '''const models: string[] = ["gpt-4o", "gpt-4o-mini"];
export default function Page() { return <Chat model={"claude-3-5-sonnet-20241022"} />; }
''', [
        (1, 28, 34, "gpt-4o", "models", "code", False),
        (1, 38, 49, "gpt-4o-mini", "models", "code", False),
        (2, 55, 81, "claude-3-5-sonnet-20241022", "model", "code", False),
    ], id="tsx-array-and-jsx-expression"),
    pytest.param("main.go", '''package main

import openai "github.com/sashabaranov/go-openai"

const GPT4o20240513 = "snapshot-name"

func main() {
\tmodel := os.Getenv("MODEL")
\tif model == "" {
\t\tmodel = "gpt-4o"
\t}
\t_ = openai.ChatCompletionRequest{Model: "gpt-4o-mini-2024-07-18"}
\t_ = map[string]string{"cheap": "gpt-4o-mini"}
}
''', [
        (10, 12, 18, "gpt-4o", "MODEL", "code", False),
        (12, 43, 65, "gpt-4o-mini-2024-07-18", "Model", "code", False),
        (13, 34, 45, "gpt-4o-mini", "cheap", "code", False),
    ], id="go-getenv-fallback-struct-field-map"),
    pytest.param("src/main/java/App.java", '''class App {
  // Default is gpt-4o; "GPT-4 Turbo" is only a label.
  @Value("${ai.model:gpt-4o}") String model;
  String m = System.getenv().getOrDefault("AI_MODEL", "gpt-4o-mini");
  Object o = OpenAiChatOptions.builder().model("gpt-4o-2024-08-06").build();
  static final String URL = "https://api.openai.com/v1/chat/completions";
}
''', [
        (2, 17, 23, "gpt-4o", None, "comment", False),
        (3, 22, 28, "gpt-4o", "ai.model", "code", False),
        (4, 56, 67, "gpt-4o-mini", "AI_MODEL", "code", False),
        (5, 49, 66, "gpt-4o-2024-08-06", "model", "code", False),
    ], id="java-spring-placeholder-getOrDefault-builder"),
    pytest.param("src/main/kotlin/App.kt", '''const val FAMILY = "claude-3-5-sonnet"
val pinned = "$FAMILY-20241022"
fun model() = System.getenv("AI_MODEL") ?: "gpt-4o"
val client = Client(model = "gpt-4o-mini")
''', [
        (1, 21, 38, "claude-3-5-sonnet", "FAMILY", "code", False),
        (2, 14, 32, '"$FAMILY-20241022"', "pinned", "code", True),
        (3, 45, 51, "gpt-4o", "AI_MODEL", "code", False),
        (4, 30, 41, "gpt-4o-mini", "model", "code", False),
    ], id="kotlin-string-template-elvis-named-argument"),
    pytest.param("Worker.cs", '''var chat = new ChatClient(model: "gpt-4o", apiKey: key);
var m = Environment.GetEnvironmentVariable("AI_MODEL") ?? "gpt-4o-mini";
var o = new Options { Model = "claude-3-5-haiku-20241022" };
const string Base = "gpt-4o"; var dated = $"{Base}-2024-08-06";
''', [
        (1, 35, 41, "gpt-4o", "model", "code", False),
        (2, 60, 71, "gpt-4o-mini", "AI_MODEL", "code", False),
        (3, 32, 57, "claude-3-5-haiku-20241022", "Model", "code", False),
        (4, 22, 28, "gpt-4o", "Base", "code", False),
        (4, 43, 63, '$"{Base}-2024-08-06"', "dated", "code", True),
    ], id="csharp-named-argument-coalesce-initializer-interpolation"),
    pytest.param("app/llm.rb", '''# Talks to gpt-4o through ruby-openai
MODEL = ENV.fetch("LLM_MODEL", "gpt-4o-mini")
client.chat(parameters: { model: "gpt-4o-2024-08-06", "temperature" => 0.2 })
fallback = ENV["FALLBACK"] || "claude-3-haiku-20240307"
''', [
        (1, 12, 18, "gpt-4o", None, "comment", False),
        (2, 33, 44, "gpt-4o-mini", "LLM_MODEL", "code", False),
        (3, 35, 52, "gpt-4o-2024-08-06", "model", "code", False),
        (4, 32, 55, "claude-3-haiku-20240307", "FALLBACK", "code", False),
    ], id="ruby-env-fetch-hash-or-default"),
    pytest.param("src/main.rs", '''const MODEL: &str = "gpt-4o-mini";
fn main() {
    let m = std::env::var("LLM_MODEL").unwrap_or_else(|_| "gpt-4o".to_string());
    let r = Request { model: "claude-3-5-sonnet-20241022".into() };
}
''', [
        (1, 22, 33, "gpt-4o-mini", "MODEL", "code", False),
        (3, 60, 66, "gpt-4o", "LLM_MODEL", "code", False),
        (4, 31, 57, "claude-3-5-sonnet-20241022", "model", "code", False),
    ], id="rust-const-env-unwrap_or_else-struct-field"),
    pytest.param("src/Llm.php", '''<?php
// Uses gpt-4o by default.
$model = getenv('LLM_MODEL') ?: 'gpt-4o-mini';
$payload = ['model' => "gpt-4o-2024-08-06", 'messages' => $messages];
$client = new Client(model: 'claude-3-5-haiku-20241022');
''', [
        (2, 9, 15, "gpt-4o", None, "comment", False),
        (3, 34, 45, "gpt-4o-mini", "LLM_MODEL", "code", False),
        (4, 25, 42, "gpt-4o-2024-08-06", "model", "code", False),
        (5, 30, 55, "claude-3-5-haiku-20241022", "model", "code", False),
    ], id="php-getenv-elvis-array-named-argument"),
    pytest.param("Sources/App/Llm.swift", '''let model = ProcessInfo.processInfo.environment["LLM_MODEL"] ?? "gpt-4o"
let query = ChatQuery(messages: [], model: "gpt-4o-mini")
enum Model: String { case smart = "gpt-4o-2024-08-06" }
''', [
        (1, 66, 72, "gpt-4o", "LLM_MODEL", "code", False),
        (2, 45, 56, "gpt-4o-mini", "model", "code", False),
        (3, 36, 53, "gpt-4o-2024-08-06", "Model.smart", "code", False),
    ], id="swift-environment-default-labelled-argument-enum"),
    pytest.param("src/__tests__/client.test.ts", '''expect(pick("gpt-4o")).toBe(1);
''', [
        (1, 14, 20, "gpt-4o", "pick", "test", False),
    ], id="test-file-context"),
    pytest.param("src/settings.ts", '''import { z } from "zod";
const Settings = z.object({ model: z.enum(["gpt-4o", "o1"]).default("o1") });
const reply = await generateText({ model: openai("o3"), prompt: summarize("o1") });
export const summarizer = anthropic("claude-3-5-sonnet-20241022");
''', [
        (2, 45, 51, "gpt-4o", "model", "code", False),
        (2, 55, 57, "o1", "model", "code", False),
        (2, 70, 72, "o1", "model", "code", False),
        (3, 51, 53, "o3", "model", "code", False),
        (4, 38, 64, "claude-3-5-sonnet-20241022", "anthropic", "code", False),
    ], id="calls-under-a-model-key-take-its-name"),
    pytest.param("src/route.ts", '''export function route(model: string) {
  switch (model) {
    case "o1":
      return 1;
    default:
      return "claude-3-haiku-20240307";
  }
}
''', [
        (3, 11, 13, "o1", "model", "code", False),
        (6, 15, 38, "claude-3-haiku-20240307", None, "code", False),
    ], id="switch-cases-are-the-subjects"),
    pytest.param("router.go", '''package router

func Route(model string) int {
	switch model {
	case "o1", "gpt-4o":
		return 1
	}
	return 0
}
''', [
        (5, 8, 10, "o1", "model", "code", False),
        (5, 14, 20, "gpt-4o", "model", "code", False),
    ], id="go-switch-cases"),
    pytest.param("src/main/java/Router.java", '''class Router {
    int route(String model) {
        switch (model) {
            case "o1": return 1;
            default: return 0;
        }
    }
}
''', [
        (4, 19, 21, "o1", "model", "code", False),
    ], id="java-switch-cases"),
    pytest.param("src/i18n.ts", '''// Modèle par défaut : gpt-4o ✓
const titre = "Résumé 🚀"; const model = "gpt-4o-mini";
''', [
        (1, 24, 30, "gpt-4o", None, "comment", False),
        (2, 42, 53, "gpt-4o-mini", "model", "code", False),
    ], id="non-ascii-columns-are-characters"),
]


@pytest.mark.parametrize(("path", "source", "expected"), CASES)
def test_language_references(path: str, source: str, expected: list[tuple[Any, ...]]) -> None:
    result = scan_text(path, source, today=TODAY)
    assert result.errors == ()
    got = [(r.line, r.column, r.end_column, r.text, r.key, r.context, r.composed) for r in result.references]
    assert got == expected
    lines = source.splitlines()
    for r in result.references:  # columns are characters of the line, end exclusive
        assert lines[r.line - 1][r.column - 1:r.end_column - 1] == r.text


@pytest.mark.parametrize(("path", "source"), [
    pytest.param("src/main/kotlin/Router.kt", 'fun route(model: String) = when (model) {\n    "o1" -> 1\n'
                 '    "gpt-4o" -> 2\n    else -> 0\n}\n', id="kotlin-when"),
    pytest.param("Router.cs", 'class Router {\n    int Route(string model) {\n        switch (model) {\n'
                 '            case "o1": return 1;\n            case "gpt-4o": return 2;\n        }\n'
                 '        return 0;\n    }\n}\n', id="csharp-switch"),
    pytest.param("src/router.rs", 'fn route(model: &str) -> i32 {\n    match model {\n        "o1" => 1,\n'
                 '        "gpt-4o" => 2,\n        _ => 0,\n    }\n}\n', id="rust-match"),
    pytest.param("router.php", '<?php\nfunction route($model) {\n    switch ($model) {\n'
                 '        case "o1": return 1;\n        case "gpt-4o": return 2;\n    }\n}\n', id="php-switch"),
    pytest.param("router.rb", 'def route(model)\n  case model\n  when "o1" then 1\n  when "gpt-4o" then 2\n'
                 '  end\nend\n', id="ruby-case"),
    pytest.param("Router.swift", 'func route(_ model: String) -> Int {\n    switch model {\n    case "o1": return 1\n'
                 '    case "gpt-4o": return 2\n    default: return 0\n    }\n}\n', id="swift-switch"),
])
def test_switch_cases_are_keyed_by_their_subject(path: str, source: str) -> None:
    # The weak id o1 counts only under a model-ish key: the subject's name gives it one.
    result = scan_text(path, source, today=TODAY)
    assert result.errors == ()
    got = [(r.text, r.key) for r in result.references]
    assert got == [("o1", "model"), ("gpt-4o", "model")]
    lines = source.splitlines()
    for r in result.references:
        assert lines[r.line - 1][r.column - 1:r.end_column - 1] == r.text


def _modules_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys\nprint(' '.join(sys.modules))"],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    return set(out.stdout.split())


@pytest.mark.parametrize(("files", "loaded", "not_loaded"), [
    pytest.param({"app.py": 'MODEL = "gpt-4o"\n'}, set(),
                 {"tree_sitter", "tree_sitter_typescript", "tree_sitter_go"}, id="python-only"),
    pytest.param({"app.ts": 'const MODEL = "gpt-4o";\n', "app.py": 'MODEL = "gpt-4o"\n'},
                 {"tree_sitter", "tree_sitter_typescript"}, {"tree_sitter_go", "tree_sitter_java"},
                 id="typescript-loads-only-its-grammar"),
])
def test_grammars_load_lazily(tmp_path: Path, files: dict[str, str], loaded: set[str],
                              not_loaded: set[str]) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    modules = _modules_after(
        "import datetime as dt\nfrom scanner.api import scan, ScanOptions\n"
        f"r = scan([{str(tmp_path)!r}], ScanOptions(today=dt.date(2026, 11, 25), jobs=1))\n"
        f"assert len(r.references) == {len(files)}, r")
    assert loaded <= modules
    assert not (not_loaded & modules)


def test_grammar_that_fails_to_load_costs_one_error_line(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from scanner.extractors.treesitter import grammar

    def broken(spec: Any) -> Any:
        raise OSError(f"cannot load {spec.module}: wheel built for another platform")

    monkeypatch.setattr(grammar, "parser_for", broken)
    (tmp_path / "chat.ts").write_text('const cfg = { model: "gpt-4o-mini" };\n', encoding="utf-8")
    (tmp_path / "app.py").write_text('MODEL = "gpt-4o"\n', encoding="utf-8")
    result = scan([str(tmp_path)], ScanOptions(today=TODAY, jobs=1))
    assert [e.to_json() for e in result.errors] == [{
        "path": "chat.ts",
        "message": "TypeScript grammar (tree-sitter, tree_sitter_typescript) failed to load: OSError: "
                   "cannot load tree_sitter_typescript: wheel built for another platform; "
                   "scanned as plain text instead"}]
    # The plain-text fallback still finds the id; the rest of the scan goes on.
    assert [(r.path, r.line, r.column, r.text, r.key) for r in result.references] == [
        ("app.py", 1, 10, "gpt-4o", "MODEL"),
        ("chat.ts", 1, 23, "gpt-4o-mini", "model"),
    ]


def test_file_in_unknown_encoding_costs_one_error_line(tmp_path: Path) -> None:
    (tmp_path / "legacy.ts").write_bytes('// Modèle\nconst m = "gpt-4o";\n'.encode("latin-1"))
    (tmp_path / "ok.ts").write_text('const m = "gpt-4o-mini";\n', encoding="utf-8")
    result = scan([str(tmp_path)], ScanOptions(today=TODAY, jobs=1))
    assert [e.to_json() for e in result.errors] == [{
        "path": "legacy.ts",
        "message": "not valid UTF-8 (byte 0xe8 at offset 6) and no byte-order mark names another "
                   "encoding; skipped"}]
    assert [(r.path, r.line, r.column, r.text) for r in result.references] == [("ok.ts", 1, 12, "gpt-4o-mini")]


def _bundle(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    chunk = 'var a={model:"gpt-4o"};function f(n){return n+1}' * 1000
    with path.open("w", encoding="utf-8") as fh:
        while fh.tell() < 10 * 1024 * 1024:
            fh.write(chunk)


def test_ten_megabyte_bundle_named_explicitly_costs_one_error_line(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    _bundle(tmp_path / "static" / "app.bundle.js")
    (tmp_path / "chat.ts").write_text('const m = "gpt-4o-mini";\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = scan(["static/app.bundle.js", "chat.ts"], ScanOptions(today=TODAY, jobs=1))
    assert len(result.errors) == 1
    assert result.errors[0].path == "static/app.bundle.js"
    assert result.errors[0].message.startswith("file is 10,")
    assert result.errors[0].message.endswith("over the 2,097,152-byte limit; skipped "
                                             "(raise max-file-size to scan it)")
    assert [(r.path, r.text) for r in result.references] == [("chat.ts", "gpt-4o-mini")]


def test_ten_megabyte_bundles_in_a_directory(tmp_path: Path) -> None:
    # A *.min.js (and anything under dist/) is excluded by discovery: never read, no
    # error; a bundle under another name is read up to the size limit: one error line.
    _bundle(tmp_path / "public" / "vendor.min.js")
    _bundle(tmp_path / "public" / "app.bundle.js")
    (tmp_path / "chat.ts").write_text('const m = "gpt-4o-mini";\n', encoding="utf-8")
    result = scan([str(tmp_path)], ScanOptions(today=TODAY, jobs=1))
    assert [e.path for e in result.errors] == ["public/app.bundle.js"]
    assert "over the 2,097,152-byte limit" in result.errors[0].message
    assert [(r.path, r.text) for r in result.references] == [("chat.ts", "gpt-4o-mini")]
    assert result.stats.files_seen == 2


# A Next.js page as Turbopack emits it: minified code, but a template literal (the page's
# help text) keeps its newlines, so its lines average well under a minified file's.
_HELP = "".join(f"Step {n}: pick a model in Settings, then press Save.\n" for n in range(400))
_CHUNK_BODY = ('["object"==typeof document?document.currentScript:void 0,916925,e=>{"use strict";'
               'var t=e.i(555987),r={defaultModel:"gpt-4o-mini",fallback:"claude-3-opus"};'
               f'let h=`{_HELP}`;e.s(["default",()=>r,"help",()=>h])}}]);\n')


@pytest.mark.parametrize("preamble", [
    "(globalThis.TURBOPACK||(globalThis.TURBOPACK=[])).push(",
    '"use strict";(self.webpackChunk_N_E=self.webpackChunk_N_E||[]).push([[931],',
    "(window.webpackJsonp=window.webpackJsonp||[]).push([[4],",
])
def test_a_bundlers_chunk_is_skipped_with_one_error_line(tmp_path: Path, preamble: str) -> None:
    chunk = tmp_path / "out" / "_next" / "static" / "chunks" / "0_h-d6b9p38ps.js"
    chunk.parent.mkdir(parents=True)
    chunk.write_text(preamble + _CHUNK_BODY, encoding="utf-8")
    assert chunk.stat().st_size > 20_000
    (tmp_path / "chat.ts").write_text('const m = "gpt-4o-mini";\n', encoding="utf-8")
    result = scan([str(tmp_path)], ScanOptions(today=TODAY, jobs=1))
    assert [e.to_json() for e in result.errors] == [{
        "path": "out/_next/static/chunks/0_h-d6b9p38ps.js",
        "message": "generated bundle (a webpack or Turbopack chunk); skipped, scan its sources instead"}]
    assert [(r.path, r.text) for r in result.references] == [("chat.ts", "gpt-4o-mini")]


def test_code_that_only_mentions_a_chunk_or_is_small_is_scanned(tmp_path: Path) -> None:
    # Not a chunk: a loader that names webpack's chunk array further down; and a chunk
    # below 20 KB (cheap to parse, like any small file).
    loader = ("const models = { chat: \"gpt-4o-mini\" };\n" + "// loader\n" * 2500
              + "(self.webpackChunk_app = self.webpackChunk_app || []).push([[1], {}]);\n")
    (tmp_path / "loader.js").write_text(loader, encoding="utf-8")
    (tmp_path / "small.js").write_text('(globalThis.TURBOPACK||(globalThis.TURBOPACK=[])).push(['
                                       'e=>{var r={defaultModel:"claude-3-opus"}}]);\n', encoding="utf-8")
    result = scan([str(tmp_path)], ScanOptions(today=TODAY, jobs=1))
    assert result.errors == ()
    assert sorted((r.path, r.line, r.text) for r in result.references) == [
        ("loader.js", 1, "gpt-4o-mini"), ("small.js", 1, "claude-3-opus")]


def test_a_minified_bundle_is_skipped_by_its_line_length(tmp_path: Path) -> None:
    bundle = tmp_path / "static" / "app.3f9a1c.js"
    bundle.parent.mkdir()
    statement = 'var a=function(n){return{model:"gpt-4o",n:n+1}};'
    bundle.write_text(statement * 600 + "\n", encoding="utf-8")
    result = scan([str(tmp_path)], ScanOptions(today=TODAY, jobs=1))
    assert [e.to_json() for e in result.errors] == [{
        "path": "static/app.3f9a1c.js",
        "message": f"minified or generated bundle (lines average {len(statement) * 600 + 1:,} "
                   "characters); skipped, scan its sources instead"}]
    assert result.references == ()


def test_unparsable_region_falls_back_to_plain_text_for_its_lines() -> None:
    source = 'const ok = { model: "gpt-4o" };\nconst broken = { model: "gpt-4o-mini" ;;; ))\n'
    result = scan_text("src/half.ts", source, today=TODAY)
    assert [(r.line, r.column, r.text) for r in result.references] == [
        (1, 22, "gpt-4o"), (2, 26, "gpt-4o-mini")]


def _write_goldens() -> None:
    for name in LANGUAGE_FIXTURES:
        out = FIXTURES / name / "expected.json"
        out.write_text(json.dumps({"references": golden(FIXTURES / name)}, indent=1,
                                  ensure_ascii=False) + "\n", encoding="utf-8")
        print(out.relative_to(ROOT))


if __name__ == "__main__":
    _write_goldens()


# A member of a type named for models is keyed Owner.member where its own name is no model
# key: weak ids (o1, o3) count there, and only there. Each source also holds a type named
# for something else, and a local inside a method of the model type: neither counts.
MODEL_TYPES = [
    pytest.param("src/models.ts", 'export enum ChatModel {\n  Reasoning = "o1",\n  Fast = "gpt-4o-mini",\n}\n'
                 'export enum Tier { Top = "o1" }\n'
                 'export class Models {\n  static DEEP = "o3";\n  pick() { const tier = "o1"; return tier; }\n}\n',
                 [(2, 16, "o1", "ChatModel.Reasoning"), (3, 11, "gpt-4o-mini", "ChatModel.Fast"),
                  (7, 18, "o3", "Models.DEEP")], id="typescript"),
    pytest.param("src/main/java/Model.java", 'public enum Model {\n    O1("o1"), O3_MINI("o3-mini");\n'
                 '    Model(String id) { String local = "o1"; }\n}\nenum Tier { TOP("o1") }\n',
                 [(2, 9, "o1", "Model.O1"), (2, 24, "o3-mini", "Model.O3_MINI")], id="java"),
    pytest.param("src/main/kotlin/Model.kt", 'enum class Model(val id: String) {\n    O1("o1"),\n    O3("o3"),\n}\n'
                 'enum class Tier(val id: String) { TOP("o1") }\n',
                 [(2, 9, "o1", "Model.O1"), (3, 9, "o3", "Model.O3")], id="kotlin"),
    pytest.param("Models.cs", 'public static class Models\n{\n    public const string Reasoning = "o1";\n}\n'
                 'public static class Tiers { public const string Top = "o1"; }\n',
                 [(3, 38, "o1", "Models.Reasoning")], id="csharp"),
    pytest.param("Sources/Model.swift", 'enum Model: String {\n    case reasoning = "o1"\n}\n'
                 'enum Tier: String { case top = "o1" }\n',
                 [(2, 23, "o1", "Model.reasoning")], id="swift"),
    pytest.param("src/Model.php", "<?php\nenum Model: string {\n    case Reasoning = 'o1';\n}\n"
                 "enum Tier: string { case Top = 'o1'; }\n",
                 [(3, 23, "o1", "Model.Reasoning")], id="php"),
    pytest.param("lib/models.rb", 'module ChatModels\n  REASONING = "o1"\nend\nmodule Tiers\n  TOP = "o1"\nend\n',
                 [(2, 16, "o1", "ChatModels.REASONING")], id="ruby"),
    pytest.param("src/model.rs", 'impl Model {\n    pub const REASONING: &str = "o1";\n}\n'
                 'impl Tier {\n    pub const TOP: &str = "o1";\n}\n',
                 [(2, 34, "o1", "Model.REASONING")], id="rust"),
    pytest.param("model.go", 'package llm\n\ntype Model string\n\nconst (\n\tReasoning Model = "o1"\n\tTop Tier = "o1"\n\tPlain = "o1"\n)\n',
                 [(6, 21, "o1", "Model.Reasoning")], id="go"),
]



# A weak id in a map or object named for models is keyed Map.member, as in YAML and JSON;
# the same id in a map named for something else is no reference.
MODEL_MAPS = [
    pytest.param("src/models.ts", 'export const MODELS = { reasoning: "o1", fast: "gpt-4o-mini" };\n'
                 'const TIERS = { top: "o1" };\nconst config = { llm: { name: "o3" } };\n',
                 [(1, 37, "o1", "MODELS.reasoning"), (1, 49, "gpt-4o-mini", "fast"), (3, 32, "o3", "llm.name")],
                 id="typescript"),
    pytest.param("lib/models.rb", 'MODELS = { reasoning: "o1", "cheap" => "o3" }\nTIERS = { top: "o1" }\n',
                 [(1, 24, "o1", "MODELS.reasoning"), (1, 41, "o3", "MODELS.cheap")], id="ruby"),
    pytest.param("models.go", 'package llm\n\nvar models = map[string]string{\n\t"reasoning": "o1",\n}\n'
                 'var tiers = map[string]string{"top": "o1"}\n',
                 [(4, 16, "o1", "models.reasoning")], id="go"),
    pytest.param("src/models.php", "<?php\n$models = ['reasoning' => 'o1'];\n$tiers = ['top' => 'o1'];\n",
                 [(2, 28, "o1", "models.reasoning")], id="php"),
    pytest.param("src/Models.kt", 'val models = mapOf("reasoning" to "o1")\nval tiers = mapOf("top" to "o1")\n',
                 [(1, 36, "o1", "models.reasoning")], id="kotlin"),
    pytest.param("Sources/Models.swift", 'let models = ["reasoning": "o1"]\nlet tiers = ["top": "o1"]\n',
                 [(1, 29, "o1", "models.reasoning")], id="swift"),
    pytest.param("Models.cs", 'var models = new Dictionary<string, string> { ["reasoning"] = "o1" };\n'
                 'var tiers = new Dictionary<string, string> { ["top"] = "o1" };\n',
                 [(1, 64, "o1", "models.reasoning")], id="csharp"),
    # A call's name is no container's: createModel(...) names what it makes, not the map.
    pytest.param("src/client.ts", 'const m = createModel({ mode: "command" });\n', [], id="typescript-call"),
]


@pytest.mark.parametrize(("path", "source", "expected"), MODEL_TYPES + MODEL_MAPS)
def test_members_of_a_model_type_or_map_are_keyed_by_it(path: str, source: str,
                                                        expected: list[tuple[Any, ...]]) -> None:
    result = scan_text(path, source, today=TODAY)
    assert result.errors == ()
    assert [(r.line, r.column, r.text, r.key) for r in result.references] == expected
