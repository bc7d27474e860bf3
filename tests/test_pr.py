"""``modeltrail pr`` against a local bare repository as the remote and a stdlib HTTP server
on 127.0.0.1 standing in for the GitHub REST API."""

from __future__ import annotations

import json
import os
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from scanner.cli_fix import build_options
from scanner.fix import plan_paths
from scanner.github import GitHub, Token, repo_from_remote, scrub
from scanner.pr import branch_name, commit_message, render_body
from tests.fix_support import FIXTURES, TODAY, copy_before, tree

TOKEN = "ghp_s3cretTOKENvalue0123456789"
BRANCH = "modeltrail/replace-deprecated-models"
GOLDEN_BODY = FIXTURES / "configs" / "pr-body-replace.md"


class FakeGitHub:
    """Records every request; serves pulls from memory; can be told to fail."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.pulls: list[dict] = []
        self.fail: tuple[int, dict, dict] | None = None
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _handle(self) -> None:
                url = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length)) if length else None
                fake.requests.append({"method": self.command, "path": url.path,
                                      "query": dict(parse_qsl(url.query)), "json": body,
                                      "auth": self.headers.get("Authorization")})
                if fake.fail is not None:
                    status, headers, payload = fake.fail
                    return self._send(status, payload, headers)
                status, payload = fake.route(self.command, url.path, dict(parse_qsl(url.query)), body)
                self._send(status, payload, {})

            def _send(self, status: int, payload: object, headers: dict) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PATCH = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def route(self, method: str, path: str, query: dict, body: dict | None) -> tuple[int, object]:
        if method == "GET" and path == "/repos/acme/bot/pulls":
            owner, _, ref = query.get("head", "").partition(":")
            return 200, [p for p in self.pulls if p["head"]["ref"] == ref and owner == "acme"]
        if method == "POST" and path == "/repos/acme/bot/pulls":
            number = len(self.pulls) + 1
            pull = {"number": number, "html_url": f"https://github.test/acme/bot/pull/{number}",
                    "head": {"ref": body["head"]}, "title": body["title"], "body": body["body"]}
            self.pulls.append(pull)
            return 201, pull
        if method == "PATCH" and path.startswith("/repos/acme/bot/pulls/"):
            pull = self.pulls[int(path.rsplit("/", 1)[1]) - 1]
            pull.update(body)
            return 200, pull
        if method == "POST" and path.endswith("/labels"):
            return 200, [{"name": n} for n in body["labels"]]
        return 404, {"message": "Not Found"}


@pytest.fixture()
def github():
    fake = FakeGitHub()
    fake.thread.start()
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout.strip()


@pytest.fixture()
def repo(tmp_path, monkeypatch):
    for var, value in {"GIT_AUTHOR_NAME": "Dev", "GIT_AUTHOR_EMAIL": "dev@example.com",
                       "GIT_COMMITTER_NAME": "Dev", "GIT_COMMITTER_EMAIL": "dev@example.com",
                       "GIT_AUTHOR_DATE": "2026-11-25T10:00:00Z",
                       "GIT_COMMITTER_DATE": "2026-11-25T10:00:00Z",
                       "LANG": "C", "HOME": str(tmp_path), "GIT_CONFIG_NOSYSTEM": "1",
                       "GITHUB_TOKEN": TOKEN}.items():
        monkeypatch.setenv(var, value)
    monkeypatch.delenv("GH_TOKEN", raising=False)
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "--quiet", "--bare", "-b", "main", str(remote)], check=True)
    work = copy_before("configs", tmp_path / "work")
    git(work, "init", "--quiet", "-b", "main")
    git(work, "add", "-A")
    git(work, "commit", "--quiet", "-m", "support bot")
    git(work, "remote", "add", "origin", str(remote))
    git(work, "push", "--quiet", "origin", "main")
    return work, remote


def run(args: list[str], capsys) -> tuple[int, str, str]:
    from scanner.cli_fix import pr

    try:
        pr.main(args=args, prog_name="modeltrail pr", standalone_mode=False)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


def pr_args(github: FakeGitHub, work: Path, *extra: str) -> list[str]:
    return ["--today", TODAY.isoformat(), "--replace-only", "--api-url", github.url,
            "--repo", "acme/bot", *extra, str(work)]


def remote_tree(remote: Path, ref: str) -> dict[str, bytes]:
    names = git(remote, "ls-tree", "-r", "--name-only", ref).splitlines()
    return {n: subprocess.run(["git", "cat-file", "blob", f"{ref}:{n}"], cwd=remote, check=True,
                              capture_output=True).stdout for n in names}


def expected_body(work: Path) -> tuple[str, str]:
    options = build_options(pin_only=False, replace_only=True, mappings=(), rules=(),
                            providers=(), model_globs=(), today=TODAY, feed_path=None)
    plan = plan_paths([str(work)], options)
    return commit_message(plan, options), render_body(plan, options, branch=BRANCH)


def test_pr_opens_then_updates_without_duplicating(repo, github, capsys):
    work, remote = repo
    message, body = expected_body(work)
    if os.environ.get("MODELTRAIL_UPDATE_GOLDEN") == "1":  # as in test_fix_fixtures.py
        GOLDEN_BODY.write_text(body, encoding="utf-8")
    assert body == GOLDEN_BODY.read_text(encoding="utf-8")
    main_sha = git(work, "rev-parse", "main")

    code, out, err = run(pr_args(github, work), capsys)
    assert (code, err) == (0, "")
    assert out == (f"opened pull request #1: https://github.test/acme/bot/pull/1\n"
                   f"branch {BRANCH} pushed\n")
    title = message.splitlines()[0]
    assert title == "modeltrail: replace 18 model ids"
    assert [(r["method"], r["path"], r["query"], r["json"]) for r in github.requests] == [
        ("GET", "/repos/acme/bot/pulls",
         {"state": "open", "head": f"acme:{BRANCH}", "per_page": "100"}, None),
        ("POST", "/repos/acme/bot/pulls", {},
         {"title": title, "head": BRANCH, "base": "main", "body": body,
          "maintainer_can_modify": True}),
        ("POST", "/repos/acme/bot/issues/1/labels", {}, {"labels": ["modeltrail"]}),
    ]
    assert {r["auth"] for r in github.requests} == {f"Bearer {TOKEN}"}
    # The pushed branch holds exactly the after-replace tree, in one commit on main.
    assert remote_tree(remote, BRANCH) == tree(FIXTURES / "configs" / "after-replace")
    assert git(remote, "rev-parse", f"{BRANCH}~1") == main_sha
    assert git(remote, "log", "-1", "--format=%B", BRANCH) + "\n" == message
    # The user's checkout is back on main, untouched.
    assert git(work, "symbolic-ref", "--short", "HEAD") == "main"
    assert tree(work) == {**tree(FIXTURES / "configs" / "before"), **{
        p: b for p, b in tree(work).items() if p.startswith(".git/")}}
    pushed_sha = git(remote, "rev-parse", BRANCH)

    github.requests.clear()
    code, out, err = run(pr_args(github, work), capsys)
    assert (code, err) == (0, "")
    assert out == (f"updated pull request #1: https://github.test/acme/bot/pull/1\n"
                   f"branch {BRANCH} already up to date on the remote\n")
    assert [(r["method"], r["path"], r["json"]) for r in github.requests] == [
        ("GET", "/repos/acme/bot/pulls", None),
        ("PATCH", "/repos/acme/bot/pulls/1", {"title": title, "body": body}),
        ("POST", "/repos/acme/bot/issues/1/labels", {"labels": ["modeltrail"]}),
    ]
    assert len(github.pulls) == 1
    assert git(remote, "rev-parse", BRANCH) == pushed_sha


def test_pr_updates_the_branch_when_the_base_moved(repo, github, capsys):
    work, remote = repo
    assert run(pr_args(github, work), capsys)[0] == 0
    (work / "deploy" / "worker.ini").write_text("[worker]\nmodel = gpt-4-turbo\n", encoding="utf-8")
    git(work, "commit", "--quiet", "-am", "worker on turbo")
    github.requests.clear()
    assert run(pr_args(github, work), capsys)[0] == 0
    assert [r["method"] for r in github.requests] == ["GET", "PATCH", "POST"]
    assert remote_tree(remote, BRANCH)["deploy/worker.ini"] == b"[worker]\nmodel = gpt-5.6-sol\n"
    assert git(remote, "rev-parse", f"{BRANCH}~1") == git(work, "rev-parse", "main")


def test_dry_run_prints_and_touches_nothing(repo, github, capsys, monkeypatch):
    work, remote = repo
    monkeypatch.delenv("GITHUB_TOKEN")
    message, body = expected_body(work)
    code, out, err = run(pr_args(github, work, "--dry-run"), capsys)
    assert (code, err) == (0, "")
    assert out == f"branch: {BRANCH}\n\ncommit message:\n{message}\npull request body:\n{body}"
    assert github.requests == []
    assert git(remote, "branch", "--list") == "* main" or git(remote, "branch", "--list") == "main"
    assert git(work, "branch", "--list", "modeltrail/*") == ""


@pytest.mark.parametrize(("status", "headers", "payload", "message"), [
    pytest.param(401, {}, {"message": "Bad credentials"},
                 "GitHub rejected the token (401 Bad credentials) on GET /repos/acme/bot/pulls: "
                 "check GITHUB_TOKEN or GH_TOKEN", id="401"),
    pytest.param(422, {}, {"message": "Validation Failed",
                           "errors": [{"message": f"No commits between main and {TOKEN}"}]},
                 "GitHub could not process GET /repos/acme/bot/pulls (422 Validation Failed): "
                 "No commits between main and ***", id="422-token-scrubbed"),
    pytest.param(403, {"Retry-After": "60"}, {"message": "secondary rate limit"},
                 "GitHub rate limit hit (403) on GET /repos/acme/bot/pulls: retry after 60 seconds",
                 id="403-retry-after"),
    pytest.param(429, {"Retry-After": "7"}, {"message": "Too Many Requests"},
                 "GitHub rate limit hit (429) on GET /repos/acme/bot/pulls: retry after 7 seconds",
                 id="429"),
    pytest.param(403, {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1795600000"},
                 {"message": "API rate limit exceeded"},
                 "GitHub rate limit hit (403) on GET /repos/acme/bot/pulls: retry after "
                 "09:46:40 UTC", id="403-reset"),
])
def test_api_errors_are_clear_and_exit_2(repo, github, capsys, status, headers, payload, message):
    work, _ = repo
    github.fail = (status, headers, payload)
    code, out, err = run(pr_args(github, work), capsys)
    assert (code, out, err) == (2, "", f"error: {message}\n")
    assert TOKEN not in err


@pytest.mark.parametrize(("setup", "message"), [
    pytest.param("dirty", "error: the work tree has uncommitted changes: commit or stash them "
                          "first\n", id="dirty-tree"),
    pytest.param("no-token", "error: no GitHub token: set GITHUB_TOKEN or GH_TOKEN (or use "
                             "--dry-run)\n", id="no-token"),
    pytest.param("no-repo", "error: cannot tell the GitHub repository from remote 'origin': "
                            "pass --repo OWNER/NAME\n", id="local-remote-without-repo"),
])
def test_refusals_before_any_change(repo, github, capsys, monkeypatch, setup, message):
    work, remote = repo
    args = pr_args(github, work)
    if setup == "dirty":
        (work / "Dockerfile").write_text("FROM scratch\n", encoding="utf-8")
    elif setup == "no-token":
        monkeypatch.delenv("GITHUB_TOKEN")
    else:
        args.remove("--repo")
        args.remove("acme/bot")
    assert run(args, capsys) == (2, "", message)
    assert github.requests == []
    assert git(remote, "branch", "--list", "modeltrail/*") == ""


def test_nothing_to_fix_makes_no_branch(repo, github, capsys):
    work, remote = repo
    assert run(pr_args(github, work, "--model", "no-such-model*"), capsys) == (
        0, "nothing to fix: no branch or pull request made\n", "")
    assert git(work, "branch", "--list", "modeltrail/*") == ""
    assert github.requests == []


def test_gh_token_is_read_too_and_never_shown(monkeypatch):
    assert Token.from_env({"GH_TOKEN": TOKEN}) == Token(TOKEN)
    assert Token.from_env({}) is None
    assert repr(Token(TOKEN)) == str(Token(TOKEN)) == "Token('***')"
    assert TOKEN not in repr(GitHub("https://api.github.com", Token(TOKEN)))
    assert scrub(f"https://x-access-token:{TOKEN}@github.com/acme/bot.git failed", None) == \
        "https://***@github.com/acme/bot.git failed"


@pytest.mark.parametrize(("url", "repo"), [
    pytest.param("https://github.com/acme/bot.git", "acme/bot", id="https"),
    pytest.param("https://github.com/acme/bot", "acme/bot", id="https-no-suffix"),
    pytest.param(f"https://x-access-token:{TOKEN}@github.com/acme/bot.git", "acme/bot", id="https-creds"),
    pytest.param("git@github.com:acme/bot.git", "acme/bot", id="scp"),
    pytest.param("ssh://git@ghe.example.com/acme/bot.git", "acme/bot", id="ssh-enterprise"),
    pytest.param("/srv/git/bot.git", None, id="local-path"),
    pytest.param("file:///srv/git/acme/bot.git", None, id="file-url"),
])
def test_repo_from_remote(url, repo):
    assert repo_from_remote(url) == repo


@pytest.mark.parametrize(("kwargs", "branch"), [
    pytest.param({}, "modeltrail/migrate-models", id="default"),
    pytest.param({"pin_only": True}, "modeltrail/pin-models", id="pin"),
    pytest.param({"replace_only": True, "providers": ("openai",)},
                 "modeltrail/replace-deprecated-models-openai", id="replace-openai"),
    pytest.param({"mappings": (("gpt-6-luna", "gpt-4o-2024-08-06"),)},
                 "modeltrail/gpt-6-luna-to-gpt-4o-2024-08-06", id="rollback"),
    pytest.param({"model_globs": ("gpt-4o*",)}, "modeltrail/migrate-models-gpt-4ox", id="glob"),
])
def test_branch_names_are_stable_summaries(kwargs, branch):
    base = dict(pin_only=False, replace_only=False, mappings=(), rules=(), providers=(),
                model_globs=(), today=TODAY, feed_path=None)
    assert branch_name(build_options(**{**base, **kwargs})) == branch
