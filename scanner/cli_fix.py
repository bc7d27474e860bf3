"""The ``fix`` and ``pr`` commands: thin shells over :mod:`scanner.fix` and :mod:`scanner.pr`.

Registered on the main group in :mod:`scanner.cli`. Exit status of ``fix``: with
``--diff``, 0 when there is nothing to change and 1 when the diff is not empty (a CI
check); with ``--write``, 0 once written; 2 on a usage error or a refused write.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from typing import Any, Callable, Sequence

import click

from .cli_options import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, parse_date

_RULES = ("MT001", "MT002", "MT003", "MT005")


def _parse_mappings(_ctx: click.Context, _param: click.Parameter,
                    values: Sequence[str]) -> tuple[tuple[str, str], ...]:
    out = []
    for value in values:
        old, sep, new = value.partition("=")
        if not sep or not old.strip() or not new.strip():
            raise click.BadParameter(f"{value!r} is not OLD=NEW")
        out.append((old.strip(), new.strip()))
    return tuple(out)


def fix_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The strategy and filter options ``fix`` and ``pr`` share."""
    decorators = [
        click.option("--pin-only", is_flag=True, help="Only pin floating aliases (MT001)."),
        click.option("--replace-only", is_flag=True,
                     help="Only replace deprecated and retired models (MT002, MT003)."),
        click.option("--to", "mappings", multiple=True, callback=_parse_mappings,
                     metavar="OLD=NEW", help="Rewrite OLD to NEW (repeatable): a rollback "
                     "or a chosen migration. Replaces the pin/replace strategies."),
        click.option("--rule", "rules", multiple=True, type=click.Choice(_RULES),
                     help="Only fixes for these rules (repeatable)."),
        click.option("--provider", "providers", multiple=True, metavar="P",
                     help="Only references of this provider (repeatable), e.g. openai."),
        click.option("--model", "model_globs", multiple=True, metavar="GLOB",
                     help="Only models matching this glob (repeatable), e.g. 'gpt-4o*'."),
        click.option("--today", callback=parse_date, metavar="YYYY-MM-DD",
                     help="Judge shutdown dates as of this day. Default: today."),
        click.option("--feed", "feed_path", type=click.Path(exists=True, dir_okay=False),
                     help="Use this deprecation feed file instead of the bundled one."),
    ]
    for deco in reversed(decorators):
        fn = deco(fn)
    return fn


def build_options(*, pin_only: bool, replace_only: bool, mappings: tuple[tuple[str, str], ...],
                  rules: tuple[str, ...], providers: tuple[str, ...], model_globs: tuple[str, ...],
                  today: dt.date | None, feed_path: str | None) -> Any:
    from .fix import PIN, REPLACE, FixOptions

    if pin_only and replace_only:
        raise click.UsageError("--pin-only and --replace-only exclude each other")
    if mappings and (pin_only or replace_only):
        raise click.UsageError("--to is an explicit mapping; it does not combine with "
                               "--pin-only or --replace-only")
    strategies = frozenset({PIN} if pin_only else {REPLACE} if replace_only else {PIN, REPLACE})
    return FixOptions(strategies=strategies, mappings=mappings,
                      rules=frozenset(rules) if rules else None,
                      providers=frozenset(providers) if providers else None,
                      model_globs=model_globs, today=today or dt.date.today(),
                      feed_path=feed_path)


def describe(plan: Any) -> list[str]:
    lines = []
    for edit in plan.edits:
        why = edit.strategy + (f", {edit.rule}" if edit.rule else "")
        lines.append(f"{edit.path}:{edit.line}:{edit.column}: {edit.shown_old} -> {edit.shown_new} ({why})")
    if plan.manual:
        lines.append(f"needs a human ({len(plan.manual)}):")
        lines.extend(f"  {m.path}:{m.line}:{m.column}: {m.text}: {m.reason}" for m in plan.manual)
    for path, message in plan.errors:
        lines.append(f"{path}: {message}")
    files = len(plan.changes)
    lines.append(f"{len(plan.edits)} change{'s' * (len(plan.edits) != 1)} in {files} "
                 f"file{'s' * (files != 1)}; {len(plan.manual)} left for a human")
    return lines


def _diff_prefix(root: str) -> str:
    rel = os.path.relpath(root, os.path.realpath(os.getcwd()))
    return "" if rel == "." or rel.startswith("..") else rel.replace(os.sep, "/") + "/"


def _modes(plan: Any) -> dict[str, int]:
    modes = {}
    for change in plan.changes:
        try:
            executable = os.stat(os.path.join(plan.root, change.path)).st_mode & 0o111
        except OSError:
            executable = 0
        modes[change.path] = 0o100755 if executable else 0o100644
    return modes


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--diff/--write", "as_diff", default=True, show_default=True,
              help="Print a unified diff (git apply accepts it), or rewrite the files in place.")
@fix_options
def fix(paths: tuple[str, ...], as_diff: bool, **kwargs: Any) -> None:
    """Pin floating aliases and replace deprecated models in PATHS (default: .).

    Composed, dynamic and commented references are never rewritten: they are listed as
    needing a human, with the reason.
    """
    from .fix import WriteError, plan_paths, render_diff, write_changes

    options = build_options(**kwargs)
    plan = plan_paths(paths or (".",), options)
    report = "\n".join(describe(plan)) + "\n"
    if as_diff:
        patch = render_diff(plan.changes, prefix=_diff_prefix(plan.root), modes=_modes(plan))
        sys.stdout.flush()
        sys.stdout.buffer.write(patch)
        sys.stdout.flush()
        click.echo(report, err=True, nl=False)
        sys.exit(EXIT_FINDINGS if plan.changes else EXIT_CLEAN)
    try:
        write_changes(plan.root, plan.changes)
    except WriteError as exc:
        click.echo(report, err=True, nl=False)
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    click.echo(report, nl=False)
    sys.exit(EXIT_CLEAN)


@click.command()
@click.argument("path", required=False, default=".", type=click.Path(exists=True, file_okay=False))
@click.option("--remote", default="origin", show_default=True, help="Git remote to push to.")
@click.option("--base", help="Branch the pull request targets. Default: the current branch.")
@click.option("--branch", help="Branch to push. Default: modeltrail/<summary of the options>.")
@click.option("--repo", metavar="OWNER/NAME", help="GitHub repository. Default: from the remote URL.")
@click.option("--api-url", default="https://api.github.com", show_default=True,
              help="GitHub REST API base URL (GitHub Enterprise: https://HOST/api/v3).")
@click.option("--label", "labels", multiple=True, default=("modeltrail",), show_default=True,
              help="Label for the pull request (repeatable).")
@click.option("--dry-run", is_flag=True,
              help="Print the branch, commit message and pull request body; change nothing.")
@fix_options
def pr(path: str, remote: str, base: str | None, branch: str | None, repo: str | None,
       api_url: str, labels: tuple[str, ...], dry_run: bool, **kwargs: Any) -> None:
    """Open (or update) a pull request with the fix for the repository at PATH.

    The token comes from GITHUB_TOKEN or GH_TOKEN and is never printed.
    """
    from .pr import PrError, PrOptions, run_pr

    options = build_options(**kwargs)
    pr_options = PrOptions(remote=remote, base=base, branch=branch, repo=repo, api_url=api_url,
                           labels=labels, dry_run=dry_run)
    try:
        outcome = run_pr(path, options, pr_options, env=os.environ)
    except PrError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    if outcome.action == "nothing":
        click.echo("nothing to fix: no branch or pull request made")
    elif outcome.action == "dry-run":
        click.echo(f"branch: {outcome.branch}\n\ncommit message:\n{outcome.message}\n"
                   f"pull request body:\n{outcome.body}", nl=False)
    else:
        pushed = "pushed" if outcome.pushed else "already up to date on the remote"
        click.echo(f"{outcome.action} pull request #{outcome.number}: {outcome.url or ''}\n"
                   f"branch {outcome.branch} {pushed}")
    sys.exit(EXIT_CLEAN)
