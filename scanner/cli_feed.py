"""``modeltrail feed update|show|path|diff|import`` and ``modeltrail baseline``.

Thin commands over feed_store / feed_update / feed_import / feed_diff / baseline.
Failures print one ``error:`` line naming the file, URL or key and exit 2; requests
is imported only by the commands that fetch.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, NoReturn, Sequence

import click

from .cli_options import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, parse_date


if TYPE_CHECKING:
    from .config import Policy


def _fail(message: str) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_ERROR)


@contextlib.contextmanager
def fatal_errors() -> Iterator[None]:
    """Turn the errors a bad input file raises into one line and exit 2."""
    from .baseline import BaselineError
    from .config import ConfigError
    from .feed import FeedError

    try:
        yield
    except (ConfigError, FeedError, BaselineError) as exc:
        _fail(str(exc))


def policy_or_exit(paths: Sequence[str], config: str | None) -> "Policy":
    from .config import policy_for

    with fatal_errors():
        return policy_for(list(paths), config)
    raise AssertionError("unreachable")  # pragma: no cover


@click.group()
def feed() -> None:
    """The deprecation feed: update it, see which one is used, compare two, import datasets."""


@feed.command()
@click.option("--url", help="Where to fetch the feed (https). Default: $MODELTRAIL_FEED_URL, "
                            "else the modeltrail feed.")
@click.option("--sha256", "sha256", metavar="HEX", help="Accept only a download with this checksum.")
@click.option("--allow-older", is_flag=True, help="Accept a feed older than the one in use (a rollback).")
@click.option("--allow-http", is_flag=True, help="Allow plain http:// to hosts other than this machine.")
@click.option("--timeout", type=click.FloatRange(min=0.01), default=30.0, show_default=True,
              help="Give up after this many seconds in all.")
@click.option("--max-size", type=click.IntRange(min=1), default=32 * 1024 * 1024, show_default=True,
              help="Refuse a download larger than this many bytes.")
def update(url: str | None, sha256: str | None, allow_older: bool, allow_http: bool,
           timeout: float, max_size: int) -> None:
    """Fetch a newer feed into the user cache. On any failure the feed in use is unchanged."""
    from .feed_update import UpdateError, update_feed

    try:
        result = update_feed(url, sha256=sha256, allow_older=allow_older, allow_http=allow_http,
                             timeout=timeout, max_bytes=max_size)
    except UpdateError as exc:
        _fail(f"{exc}; the feed in use is unchanged")
    except OSError as exc:
        _fail(f"cannot write the cache: {exc}; the feed in use is unchanged")
    click.echo(result.message)


@feed.command()
@click.option("--feed", "feed_path", type=click.Path(dir_okay=False), help="As `scan --feed`.")
def path(feed_path: str | None) -> None:
    """Print the feed a scan would use, and why."""
    from .feed_store import cache_dir, select_feed

    with fatal_errors():
        choice = select_feed(feed_path)
    click.echo(choice.path)
    click.echo(f"  {choice.origin}: {choice.reason}")
    click.echo(f"  generated: {choice.generated_at}")
    click.echo(f"  cache directory: {cache_dir()}")
    for warning in choice.warnings:
        click.echo(f"  warning: {warning}")


@feed.command()
@click.argument("model", required=False)
@click.option("--feed", "feed_path", type=click.Path(dir_okay=False), help="As `scan --feed`.")
@click.option("--today", callback=parse_date, metavar="YYYY-MM-DD", help="Status as of this day.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def show(model: str | None, feed_path: str | None, today: dt.date | None, fmt: str) -> None:
    """Summarise the feed in use, or print the records of one MODEL (on every platform)."""
    from collections import Counter

    from .feed import load_feed, status_of
    from .feed_store import select_feed

    today = today or dt.date.today()
    with fatal_errors():
        choice = select_feed(feed_path)
        data = load_feed(choice.path)
    if model is None:
        statuses = Counter(status_of(r, today) for r in data.records.values())
        providers = Counter(r.provider for r in data.records.values())
        if fmt == "json":
            click.echo(json.dumps({"path": choice.path, "origin": choice.origin,
                                   "generated_at": data.generated_at, "publisher": data.publisher,
                                   "records": len(data.records), "providers": dict(sorted(providers.items())),
                                   "status": dict(sorted(statuses.items())), "today": today.isoformat()},
                                  indent=1))
            return
        click.echo(f"{choice.path} ({choice.origin})\n  publisher: {data.publisher}\n"
                   f"  generated: {data.generated_at}\n  records: {len(data.records)}")
        click.echo("  providers: " + ", ".join(f"{p} {n}" for p, n in sorted(providers.items())))
        click.echo(f"  status as of {today}: " + ", ".join(f"{s} {n}" for s, n in sorted(statuses.items())))
        return
    from .identify import default_identifier

    match = default_identifier().identify(model, key="model")
    wanted = {model} | ({match.ref.model} if match else set())
    records = sorted((r for r in data.records.values() if r.model in wanted),
                     key=lambda r: (r.provider, r.version or ""))
    if fmt == "json":
        click.echo(json.dumps([{**r.to_json(), "status": status_of(r, today)} for r in records], indent=1))
    for r in records if fmt == "text" else ():
        click.echo(f"{r.provider} {r.model}" + (f" version {r.version}" if r.version else ""))
        for field, value in r.to_json().items():
            if field not in ("provider", "model", "version") and value not in (None, [], {}):
                shown = (", ".join(value) if isinstance(value, list)
                         else json.dumps(value) if isinstance(value, (bool, dict)) else value)
                click.echo(f"  {field + ':':22}{shown}")
        click.echo(f"  {'status:':22}{status_of(r, today)} (as of {today})")
    if not records:
        click.echo(f"{model}: no record in {choice.path}", err=True)
        sys.exit(EXIT_FINDINGS)


@feed.command()
@click.argument("old", type=click.Path(exists=True, dir_okay=False))
@click.argument("new", type=click.Path(exists=True, dir_okay=False))
@click.option("--scan", "scan_paths", multiple=True, type=click.Path(exists=True),
              help="Also list this code's references whose status, date or replacement changed.")
@click.option("--today", callback=parse_date, metavar="YYYY-MM-DD", help="Status as of this day.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def diff(old: str, new: str, scan_paths: tuple[str, ...], today: dt.date | None, fmt: str) -> None:
    """What changed from feed OLD to feed NEW. Exit 1 when something did (with --scan:
    when a reference of the scanned code is affected), 0 otherwise."""
    from .feed import load_feed
    from .feed_diff import affected, diff_feeds, render_text

    today = today or dt.date.today()
    with fatal_errors():
        a, b = load_feed(old), load_feed(new)
    changes = diff_feeds(a, b, today=today)
    hits = None
    if scan_paths:
        from .api import ScanOptions, scan

        with fatal_errors():
            result = scan(scan_paths, ScanOptions(today=today, feed_path=new))
        hits = affected(result.references, a, b, today=today)
    if fmt == "json":
        out = {"old": {"path": old, "generated_at": a.generated_at},
               "new": {"path": new, "generated_at": b.generated_at},
               "changes": [c.to_json() for c in changes]}
        if hits is not None:
            out["affected"] = [h.to_json() for h in hits]
        click.echo(json.dumps(out, indent=1))
    else:
        click.echo(render_text(changes, hits, a, b), nl=False)
    sys.exit(EXIT_FINDINGS if (hits if hits is not None else changes) else EXIT_CLEAN)


@feed.command(name="import")
@click.option("--format", "fmt", type=click.Choice(["deprecations-info", "litellm"]), required=True,
              help="The dataset's format.")
@click.argument("source")
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False),
              help="Write the merged feed here (use it with `scan --feed`).")
@click.option("--base", type=click.Path(exists=True, dir_okay=False),
              help="Feed to merge into. Default: the feed in use.")
@click.option("--prefer", type=click.Choice(["base", "import"]), default="base", show_default=True,
              help="Which value wins when both have one.")
@click.option("--today", callback=parse_date, metavar="YYYY-MM-DD",
              help="The merged feed's generated_at (at least the base's). Default: today.")
@click.option("--allow-http", is_flag=True, help="Allow plain http:// to hosts other than this machine.")
def import_(fmt: str, source: str, output: str, base: str | None, prefer: str,
            today: dt.date | None, allow_http: bool) -> None:
    """Merge a deprecations.info or litellm dataset (FILE or URL) into a feed file."""
    from .feed import load_feed
    from .feed_import import DatasetError, import_dataset
    from .feed_schema import validate_feed
    from .feed_store import select_feed
    from .feed_update import UpdateError, atomic_write, fetch

    with fatal_errors():
        base_feed = load_feed(base or select_feed().path)
    try:
        if source.startswith(("http://", "https://")):
            body = fetch(source, allow_http=allow_http).body
        else:
            with open(source, "rb") as fh:
                body = fh.read()
        data, report = import_dataset(fmt, body, source=source, base=base_feed, prefer=prefer,
                                      generated_at=(today or dt.date.today()).isoformat())
    except (UpdateError, DatasetError) as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"{source}: cannot read: {exc.strerror or exc}")
    problems = validate_feed(data)
    if problems:  # a bug here, not in the dataset: never write an invalid feed
        _fail("the merged feed does not validate: " + "; ".join(problems[:5]))
    text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    atomic_write(Path(output), text.encode("utf-8"))
    click.echo(f"{source}: {report.rows} row(s) with lifecycle facts; {report.added} record(s) "
               f"added, {report.changed} changed, {report.conflicts} value(s) kept from the base "
               f"(--prefer {prefer}); wrote {output}")
    for reason, count in report.skipped:
        click.echo(f"  skipped {count}: {reason}")


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--output", "-o", default=".modeltrail-baseline.json", show_default=True,
              type=click.Path(dir_okay=False), help="Where to write the baseline.")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False),
              help="Policy file, as for `scan`.")
@click.option("--feed", "feed_path", type=click.Path(exists=True, dir_okay=False), help="As `scan --feed`.")
@click.option("--today", callback=parse_date, metavar="YYYY-MM-DD", help="As `scan --today`.")
def baseline(paths: tuple[str, ...], output: str, config_path: str | None, feed_path: str | None,
             today: dt.date | None) -> None:
    """Record today's findings so that `scan --baseline FILE` reports only new ones."""
    from .api import ScanOptions, scan
    from .baseline import baseline_document, write_baseline

    policy = policy_or_exit(paths or (".",), config_path)
    today = today or dt.date.today()
    with fatal_errors():
        result = scan(paths or (".",), ScanOptions(today=today, feed_path=feed_path, policy=policy,
                                                   max_bytes=policy.max_file_size or 2 * 1024 * 1024))
    write_baseline(output, baseline_document(result.findings, generated_at=today.isoformat()))
    click.echo(f"wrote {len(result.findings)} finding(s) to {output}")
