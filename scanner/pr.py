"""``modeltrail pr``: the fix as a branch, a commit and a Renovate-style pull request.

On a clean work tree: switch to ``modeltrail/<summary>`` (recreated from the base
branch each run, so the result depends only on the base and the options), apply the
fix, commit with a message listing every change, push (skipped when the remote branch
already has the same tree), then open the pull request, or update the one already open
for that branch, through the GitHub REST API. The original branch is checked out again
at the end, whatever happens. ``--dry-run`` prints the branch, commit message and body
and touches nothing.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping

from .fix.values import AZURE_PIN, PIN, REPLACE, FixOptions, FixPlan
from .github import DEFAULT_API_URL, GitHub, GitHubError, Token, repo_from_remote, scrub


class PrError(RuntimeError):
    """Why no pull request was made; safe to print."""


@dataclass(frozen=True, slots=True)
class PrOptions:
    remote: str = "origin"
    base: str | None = None
    branch: str | None = None
    repo: str | None = None
    api_url: str = DEFAULT_API_URL
    labels: tuple[str, ...] = ("modeltrail",)
    dry_run: bool = False


@dataclass(frozen=True, slots=True)
class PrOutcome:
    action: str  # "dry-run" | "nothing" | "opened" | "updated"
    branch: str
    message: str = ""
    body: str = ""
    number: int | None = None
    url: str | None = None
    pushed: bool = False


# -- naming and text ------------------------------------------------------------------

def _slug(text: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.").lower()
    slug = re.sub(r"\.{2,}", ".", slug)
    if len(slug) > 80:
        slug = slug[:70].rstrip("-.") + "-" + hashlib.sha1(slug.encode()).hexdigest()[:8]
    return slug


def branch_name(options: FixOptions) -> str:
    """Stable for the same options, so a later run updates the same branch and PR."""
    if options.mappings:
        summary = "-and-".join(f"{old}-to-{new}" for old, new in options.mappings)
    elif options.strategies == frozenset({PIN}):
        summary = "pin-models"
    elif options.strategies == frozenset({REPLACE}):
        summary = "replace-deprecated-models"
    else:
        summary = "migrate-models"
    extra = sorted(options.providers or ()) + sorted(options.rules or ()) + list(options.model_globs)
    if extra:
        summary += "-" + "-".join(e.replace("*", "x") for e in extra)
    return "modeltrail/" + _slug(summary)


def title(plan: FixPlan, options: FixOptions) -> str:
    edits = plan.edits
    total = len({(e.path, e.anchor) if e.strategy == AZURE_PIN else (e.path, e.start) for e in edits})
    if options.mappings:
        pairs = ", ".join(f"{old} -> {new}" for old, new in options.mappings)
        return f"modeltrail: move {len(edits)} model id{'s' * (len(edits) != 1)} ({pairs})"
    counts = {s: sum(1 for e in edits if e.strategy == s) for s in (PIN, REPLACE)}
    # An Azure deployment may take two edits (version, upgrade option): count it once.
    counts[PIN] += len({(e.path, e.anchor) for e in edits if e.strategy == AZURE_PIN})
    parts = []
    if counts[PIN]:
        parts.append(f"pin {counts[PIN]}")
    if counts[REPLACE]:
        parts.append(f"replace {counts[REPLACE]}")
    return f"modeltrail: {' and '.join(parts)} model id{'s' * (total != 1)}"


def commit_message(plan: FixPlan, options: FixOptions) -> str:
    lines = [title(plan, options), ""]
    for e in plan.edits:
        why = e.strategy + (f", {e.rule}" if e.rule else "")
        lines.append(f"- {e.path}:{e.line} {e.shown_old} -> {e.shown_new} ({why})")
    if plan.manual:
        lines += ["", f"Left for a human: {len(plan.manual)} reference"
                      f"{'s' * (len(plan.manual) != 1)} (see the pull request)."]
    return "\n".join(lines) + "\n"


def rollback(plan: FixPlan) -> tuple[str | None, list[str]]:
    """A ``modeltrail fix --to NEW=OLD`` command undoing the edits, and the new ids it
    cannot undo because several old ids became the same new one."""
    sources: dict[str, set[str]] = {}
    for e in plan.edits:
        if e.strategy == AZURE_PIN:
            continue  # a version and an upgrade option: reverting the commit undoes them
        # Undo at the level the edit was made: the whole string, or the id after a prefix.
        new, old = (e.new, e.old) if e.target == e.new else (e.target, e.model)
        sources.setdefault(new, set()).add(old)
    pairs = sorted((new, next(iter(olds))) for new, olds in sources.items() if len(olds) == 1)
    ambiguous = sorted(new for new, olds in sources.items() if len(olds) > 1)
    if not pairs:
        return None, ambiguous
    return "modeltrail fix --write " + " ".join(f"--to {n}={o}" for n, o in pairs), ambiguous


def render_body(plan: FixPlan, options: FixOptions, *, branch: str) -> str:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(Path(__file__).parent / "templates")),
        autoescape=False, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
        undefined=jinja2.StrictUndefined)
    env.filters["cell"] = lambda s: str(s).replace("|", "\\|").replace("\n", " ")
    command, ambiguous = rollback(plan)
    return env.get_template("pr_body.md.j2").render(
        plan=plan, edits=plan.edits, manual=plan.manual, branch=branch, options=options,
        rollback=command, ambiguous=ambiguous, today=options.today)


# -- git ------------------------------------------------------------------------------

def _git(top: str, *args: str, env: Mapping[str, str] | None = None, check: bool = True) -> str:
    proc = subprocess.run(["git", *args], cwd=top, capture_output=True, text=True,
                          env=dict(env) if env is not None else None)
    if check and proc.returncode != 0:
        raise PrError(scrub(f"git {args[0]} failed: {proc.stderr.strip() or proc.stdout.strip()}",
                            None))
    return proc.stdout.strip()


def _current_branch(top: str) -> str | None:
    out = _git(top, "symbolic-ref", "--quiet", "--short", "HEAD", check=False)
    return out or None


def run_pr(path: str, fix_options: FixOptions, options: PrOptions, *,
           env: Mapping[str, str], echo: Callable[[str], None] = print,
           session: object = None) -> PrOutcome:
    from .fix import plan_paths, write_changes
    from .fix.write import WriteError

    top = _git(path, "rev-parse", "--show-toplevel")
    if _git(top, "status", "--porcelain", "--untracked-files=no"):
        raise PrError("the work tree has uncommitted changes: commit or stash them first")
    original = _current_branch(top) or _git(top, "rev-parse", "HEAD")
    base = options.base or _current_branch(top)
    if base is None:
        raise PrError("HEAD is detached: name the base branch with --base")
    branch = options.branch or branch_name(fix_options)

    if options.dry_run:
        plan = plan_paths([top], fix_options)
        if not plan.changes:
            return PrOutcome("nothing", branch)
        body = render_body(plan, fix_options, branch=branch)
        return PrOutcome("dry-run", branch, commit_message(plan, fix_options), body)

    token = Token.from_env(env)
    if token is None:
        raise PrError("no GitHub token: set GITHUB_TOKEN or GH_TOKEN (or use --dry-run)")
    repo = options.repo or repo_from_remote(_git(top, "remote", "get-url", options.remote))
    if not repo:
        raise PrError(f"cannot tell the GitHub repository from remote {options.remote!r}: "
                      "pass --repo OWNER/NAME")

    _git(top, "switch", "--quiet", "-C", branch, base)
    try:
        plan = plan_paths([top], fix_options)
        if not plan.changes:
            _git(top, "switch", "--quiet", original)
            _git(top, "branch", "--quiet", "-D", branch)
            return PrOutcome("nothing", branch)
        try:
            write_changes(plan.root, plan.changes)
        except WriteError as exc:
            raise PrError(str(exc)) from None
        message = commit_message(plan, fix_options)
        _git(top, "add", "--", *[c.path for c in plan.changes])
        _git(top, "commit", "--quiet", "-m", message)
        pushed = _push(top, options.remote, branch)
    finally:
        if _current_branch(top) == branch:
            _git(top, "checkout", "--quiet", "--force", original, check=False)

    body = render_body(plan, fix_options, branch=branch)
    github = GitHub(options.api_url, token, session=session)
    try:
        pull = github.open_pull(repo, branch)
        head_title = title(plan, fix_options)
        if pull is None:
            pull = github.create_pull(repo, title=head_title, head=branch, base=base, body=body)
            action = "opened"
        else:
            pull = github.update_pull(repo, int(pull["number"]), title=head_title, body=body)
            action = "updated"
        if options.labels:
            github.add_labels(repo, int(pull["number"]), list(options.labels))
    except GitHubError as exc:
        raise PrError(str(exc)) from None
    return PrOutcome(action, branch, message, body, int(pull["number"]), pull.get("html_url"),
                     pushed)


def _push(top: str, remote: str, branch: str) -> bool:
    """Push the branch unless the remote already has this tree; False when skipped."""
    listed = _git(top, "ls-remote", remote, f"refs/heads/{branch}")
    remote_sha = listed.split()[0] if listed else ""
    if remote_sha:
        _git(top, "fetch", "--quiet", remote, f"refs/heads/{branch}")
        if _git(top, "rev-parse", "FETCH_HEAD^{tree}") == _git(top, "rev-parse", "HEAD^{tree}"):
            return False
    # The branch is ours and recreated from the base each run, like Renovate's; the lease
    # refuses to overwrite anything pushed there since we looked.
    _git(top, "push", "--quiet", f"--force-with-lease=refs/heads/{branch}:{remote_sha}",
         remote, f"HEAD:refs/heads/{branch}")
    return True
