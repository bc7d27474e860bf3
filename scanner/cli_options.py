"""Option parsers shared by the command modules (cli, cli_fix, cli_feed)."""

from __future__ import annotations

import datetime as dt

import click

# The exit-code table of README.md: 0 clean, 1 findings at or above the threshold (or a
# non-empty diff), 2 usage or fatal error.
EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def parse_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    """A ``--today``-style option: YYYY-MM-DD, or a usage error (exit 2)."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form") from None
