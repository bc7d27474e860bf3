"""The ``modeltrail`` command: a thin shell over :mod:`scanner.api`.

Heavy modules are imported inside the commands that need them, so ``--version`` and a
pre-commit run on a few files start fast.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import stat
import sys
from typing import Sequence

import click

from . import __version__
from .cli_options import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, parse_date

FAIL_ON = ("none", "info", "low", "medium", "high", "critical")


def _parse_rules(_ctx: click.Context, _param: click.Parameter,
                 value: str | None) -> frozenset[str] | None:
    if value is None:
        return None
    from .rules import RULES

    chosen = frozenset(part.strip().upper() for part in value.split(",") if part.strip())
    unknown = sorted(chosen - RULES.keys())
    if unknown or not chosen:
        raise click.BadParameter(f"unknown rule id(s) {', '.join(unknown) or repr(value)}; "
                                 f"known: {', '.join(RULES)}")
    return chosen


def _use_color(stream: object) -> bool:
    return bool(getattr(stream, "isatty", lambda: False)()) and "NO_COLOR" not in os.environ


def _progress(done: int, total: int) -> None:
    click.echo(f"\rscanned {done:,}/{total:,} files", err=True, nl=False)


def _write_report(path: str, report: str) -> None:
    """``report`` written over what ``path`` holds, in place, then cut to its length: 1-4
    ms for the bench's 11 MB report over the previous run's, where truncating first took
    8-27 ms (the file system freed the old pages and blocks, then allocated new ones).
    Newlines are written as they are, "\n" on every platform."""
    data = report.encode("utf-8")
    # O_BINARY (Windows): a text-mode descriptor would turn each "\n" into "\r\n", and
    # cutting the file to the length of the bytes given would then lose its end.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o666)
    try:
        view = memoryview(data)
        written = 0
        while written < len(data):
            written += os.write(fd, view[written:])
        if stat.S_ISREG(os.fstat(fd).st_mode):  # not a pipe or /dev/stdout
            os.ftruncate(fd, len(data))
    finally:
        os.close(fd)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="modeltrail")
def cli() -> None:
    """Find every hosted-LLM model id in a repository: provider, pinned or floating,
    and when the provider shuts it down."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", default="text", show_default=True,
              type=click.Choice(["text", "json", "sarif", "github", "markdown", "csv", "concise"]),
              help="Output format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True),
              help="Write the report to FILE instead of standard output.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default=None,
              help="Exit 1 when a finding has this severity or higher ('none' never fails). "
                   "Default: fail-on in the config, else high.")
@click.option("--today", callback=parse_date, metavar="YYYY-MM-DD",
              help="Judge shutdown dates as of this day (reproducible CI). Default: today.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, show_default=True,
              help="Worker processes, used once a directory holds 400 files or more; "
                   "0 means one per CPU.")
@click.option("--feed", "feed_path", type=click.Path(exists=True, dir_okay=False),
              help="Use this deprecation feed file instead of the bundled one.")
@click.option("--max-file-size", type=click.IntRange(min=1), default=None,
              help="Skip (and report) files larger than this many bytes. Default: "
                   "max-file-size in the config, else 2097152 (2 MiB).")
@click.option("--include-docs", is_flag=True, help="Also scan Markdown, reStructuredText and .txt files.")
@click.option("--no-comments", is_flag=True, help="Do not inventory model ids in comments and docstrings.")
@click.option("--select", callback=_parse_rules, metavar="RULES",
              help="Report only these rules, comma-separated (e.g. MT001,MT003).")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False),
              help="Policy file (pyproject.toml or .modeltrail.toml). Default: the first one "
                   "found from the scanned directory up to the git root.")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False),
              help="Report only findings that are not in this baseline (see `modeltrail "
                   "baseline`). Default: baseline in the config.")
def scan(paths: tuple[str, ...], fmt: str, output: str | None, fail_on: str | None,
         today: dt.date | None, jobs: int, feed_path: str | None, max_file_size: int | None,
         include_docs: bool, no_comments: bool, select: frozenset[str] | None,
         config_path: str | None, baseline_path: str | None) -> None:
    """Scan PATHS (default: the current directory) for model identifiers.

    Exit status: 0 when no finding reaches --fail-on, 1 when one does, 2 on a usage
    or fatal error.
    """
    from .api import ScanOptions, scan as run_scan
    from .report import renderer
    from .rules import severity_rank

    from .cli_feed import fatal_errors, policy_or_exit

    policy = policy_or_exit(paths or (".",), config_path)
    fail_on = fail_on or policy.fail_on or "high"
    options = ScanOptions(today=today, jobs=jobs,
                          max_bytes=max_file_size or policy.max_file_size or 2 * 1024 * 1024,
                          include_docs=include_docs, include_comments=not no_comments,
                          feed_path=feed_path, policy=policy,
                          baseline=baseline_path or policy.baseline)
    # Progress on a terminal's stderr, unless the report itself is going to that terminal.
    progress = _progress if sys.stderr.isatty() and (fmt != "text" or output) else None
    # The scan runs with the cyclic garbage collector off (see api.scan), and the report is
    # made from its results, none in a cycle: left on, the collector's first pass after the
    # scan would walk every object the scan made (~10 ms for 15,000 references), for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        with fatal_errors():
            result = run_scan(paths or (".",), options, on_progress=progress)
        for warning in result.warnings:
            click.echo(f"modeltrail: warning: {warning}", err=True)
        if select is not None:
            import dataclasses

            result = dataclasses.replace(result, findings=tuple(
                f for f in result.findings if f.rule in select))
        if progress is not None:
            click.echo("\r" + " " * 40 + "\r", err=True, nl=False)
        color = output is None and fmt in ("text", "concise") and _use_color(sys.stdout)
        report = renderer(fmt)(result, color=color)
        if output:
            _write_report(output, report)
        else:
            click.echo(report, nl=False)
        if fail_on != "none" and any(severity_rank(f.severity) >= severity_rank(fail_on)
                                     for f in result.findings):
            sys.exit(EXIT_FINDINGS)
        sys.exit(EXIT_CLEAN)
    finally:
        # Back on for a caller that goes on (tests call main()); the console script exits
        # at once, and turning it on there cost the collector's pass all the same.
        if collecting and not _EXITS_AFTER_MAIN:
            gc.enable()


@cli.command()
@click.argument("model")
@click.option("--today", callback=parse_date, metavar="YYYY-MM-DD",
              help="Judge dates as of this day. Default: today.")
@click.option("--feed", "feed_path", type=click.Path(exists=True, dir_okay=False),
              help="Use this deprecation feed file instead of the bundled one.")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False),
              help="Policy file. Default: the one found from the current directory up.")
def explain(model: str, today: dt.date | None, feed_path: str | None, config_path: str | None) -> None:
    """Print everything known about one MODEL id (prefixes and paths accepted), and what
    the team's policy says about it."""
    from .cli_feed import fatal_errors, policy_or_exit
    from .explain import explain as run_explain

    policy = policy_or_exit((".",), config_path)
    with fatal_errors():
        text, found = run_explain(model, today=today or dt.date.today(), feed_path=feed_path,
                                  policy=policy)
    click.echo(text, nl=False)
    sys.exit(EXIT_CLEAN if found else EXIT_FINDINGS)


from . import cli_fix  # noqa: E402  (after the group exists: it registers on it)

cli.add_command(cli_fix.fix)
cli.add_command(cli_fix.pr)

from . import cli_feed  # noqa: E402

cli.add_command(cli_feed.feed)
cli.add_command(cli_feed.baseline)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code instead of exiting (tests call this)."""
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="modeltrail",
                 standalone_mode=False)
    except SystemExit as exc:
        return int(exc.code or 0) if not isinstance(exc.code, str) else EXIT_ERROR
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        return EXIT_ERROR
    except click.ClickException as exc:
        exc.show()
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_ERROR
    except Exception as exc:  # noqa: BLE001 - a crash must not read as "findings" (exit 1)
        import traceback

        traceback.print_exc()
        click.echo(f"error: internal error: {type(exc).__name__}: {exc} "
                   "(please report it with the traceback above)", err=True)
        return EXIT_ERROR
    return EXIT_CLEAN


# Set by the console script, which ends the process with os._exit as soon as main returns.
_EXITS_AFTER_MAIN = False


def run() -> None:
    """The console script: :func:`main`, then an immediate exit. Tearing the interpreter
    down (its modules, a large inventory's objects, the worker pool's threads) took ~30 ms
    after the report was written and closed, for nothing: this is the last thing to run."""
    global _EXITS_AFTER_MAIN
    _EXITS_AFTER_MAIN = True
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        code = code or EXIT_ERROR
    os._exit(code)


if __name__ == "__main__":
    run()
