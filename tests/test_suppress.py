"""``modeltrail: ignore`` in every comment syntax, policy ``ignore`` entries for JSON,
and expiry: an expired suppression stops working and is reported (MT007)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from scanner.api import ScanOptions, scan
from scanner.config import policy_for
from scanner.suppress import parse_line
from tests.helpers import make_repo

TODAY = dt.date(2026, 11, 25)

FILES = {
    "app/llm.py": (
        "from openai import OpenAI\n"
        'RETIRED = "gpt-3.5-turbo-0613"  # modeltrail: ignore\n'
        'NEXT = "gpt-3.5-turbo-0613"\n'  # the comment above trails code: it does not reach here
        'FLOAT = "gpt-4o"  # noqa: E501  modeltrail: ignore[MT001]\n'
        "# modeltrail: ignore[MT002] until=2026-06-30 (migration ticket LLM-12)\n"
        'PINNED = "gpt-4o-2024-08-06"\n'
        "# modeltrail: ignore[deprecated-model] until=2027-06-30\n"
        'LATER = "gpt-4o-2024-08-06"\n'
    ),
    "config/models.yaml": (
        "writer:\n"
        "  # modeltrail: ignore[retired-model]\n"
        "  model: gpt-3.5-turbo-0613\n"
        "summary:\n"
        "  model: gpt-3.5-turbo-0613  # modeltrail: ignore[MT999]\n"
    ),
    ".env": "# modeltrail: ignore until=2027-01-31\nCHAT_MODEL=gpt-3.5-turbo-0613\nOTHER=gpt-3.5-turbo-0613\n",
    "cmd/main.go": (
        "package main\n\n"
        "func main() {\n"
        '\tmodel := "gpt-3.5-turbo-0613" // modeltrail: ignore[MT003]\n'
        '\tfallback := "gpt-3.5-turbo-0613" // modeltrail: ignore until=2026-13-01\n'
        "\t_, _ = model, fallback\n"
        "}\n"
    ),
    "src/chat.ts": '/* modeltrail: ignore[MT001,MT002] */\nconst model = "gpt-4o";\nexport default model;\n',
    "db/seed.sql": "-- modeltrail: ignore\nINSERT INTO models (name) VALUES ('gpt-3.5-turbo-0613');\n",
    "templates/pick.html": '<!-- modeltrail: ignore -->\n<option value="gpt-3.5-turbo-0613">old</option>\n',
    "settings.ini": "[llm]\n; modeltrail: ignore[MT003]\nmodel = gpt-3.5-turbo-0613\n",
    "config/routes.json": '{"primary": "gpt-3.5-turbo-0613", "backup": "gpt-3.5-turbo-0613"}\n',
    ".modeltrail.toml": (
        "[[ignore]]\n"
        'path = "config/routes.json"\n'
        'rules = ["MT003"]\n'
        'reason = "routes.json is replaced by the gateway in Q1"\n'
        "until = 2027-03-31\n"
        "[[ignore]]\n"
        'path = "app/*.py"\n'
        'models = ["gpt-3.5-turbo-*"]\n'
        "until = 2026-01-31\n"
    ),
}


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    repo = make_repo(tmp_path_factory.mktemp("suppress") / "repo", FILES)
    return scan([str(repo)], ScanOptions(today=TODAY, jobs=1, policy=policy_for([str(repo)])))


def test_what_is_still_reported(result) -> None:  # type: ignore[no-untyped-def]
    assert [(f.rule, f.reference.path, f.reference.line, f.reference.text) for f in result.findings] == [
        ("MT003", ".env", 3, "gpt-3.5-turbo-0613"),  # the comment covers the next line only
        # Line 2 has its own comment; line 3 only the config entry for app/*.py, which
        # expired on 2026-01-31: reported again, with an MT007 saying why.
        ("MT003", "app/llm.py", 3, "gpt-3.5-turbo-0613"),
        ("MT007", "app/llm.py", 3, "gpt-3.5-turbo-0613"),
        ("MT002", "app/llm.py", 4, "gpt-4o"),  # only MT001 was named
        ("MT002", "app/llm.py", 6, "gpt-4o-2024-08-06"),
        ("MT007", "app/llm.py", 6, "gpt-4o-2024-08-06"),
        # A bad until= date: the suppression is not applied (and an error says so).
        ("MT003", "cmd/main.go", 5, "gpt-3.5-turbo-0613"),
        # An unknown rule id suppresses nothing.
        ("MT003", "config/models.yaml", 5, "gpt-3.5-turbo-0613"),
    ]


def test_what_is_suppressed(result) -> None:  # type: ignore[no-untyped-def]
    assert [(f.rule, f.reference.path, f.reference.line) for f in result.suppressed] == [
        ("MT003", ".env", 2),
        ("MT003", "app/llm.py", 2),  # its own comment wins over the expired config entry
        ("MT001", "app/llm.py", 4),
        ("MT002", "app/llm.py", 8),
        ("MT003", "cmd/main.go", 4),
        ("MT003", "config/models.yaml", 3),
        ("MT003", "config/routes.json", 1),
        ("MT003", "config/routes.json", 1),
        ("MT003", "db/seed.sql", 2),
        ("MT003", "settings.ini", 3),
        ("MT001", "src/chat.ts", 2),
        ("MT002", "src/chat.ts", 2),
        ("MT003", "templates/pick.html", 2),
    ]


def test_expired_suppressions_say_so(result) -> None:  # type: ignore[no-untyped-def]
    assert [f.message for f in result.findings if f.rule == "MT007"] == [
        f"the suppression ignore[1] in {Path(result.root) / '.modeltrail.toml'} expired on 2026-01-31; "
        "MT003 is reported again",
        "the suppression `modeltrail: ignore[MT002] until=2026-06-30` on line 5 expired on 2026-06-30; "
        "MT002 is reported again",
    ]
    assert {f.severity for f in result.findings if f.rule == "MT007"} == {"low"}


def test_bad_directives_are_errors(result) -> None:  # type: ignore[no-untyped-def]
    assert [(e.path, e.message) for e in result.errors] == [
        ("cmd/main.go", "line 5: until=2026-13-01 is not a date (YYYY-MM-DD); the suppression is not applied"),
        ("config/models.yaml", "line 5: unknown rule 'MT999' in `modeltrail: ignore[...]`"),
    ]


def test_suppression_works_until_its_day(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", {"app.py": 'M = "gpt-4o-2024-08-06"  # modeltrail: ignore until=2026-12-31\n'})
    on_the_day = scan([str(repo)], ScanOptions(today=dt.date(2026, 12, 31), jobs=1))
    after = scan([str(repo)], ScanOptions(today=dt.date(2027, 1, 1), jobs=1))
    assert [f.rule for f in on_the_day.findings] == []
    assert [f.rule for f in after.findings] == ["MT002", "MT007"]


@pytest.mark.parametrize(("line", "rules", "until"), [
    pytest.param("x = 1  # modeltrail: ignore", None, None, id="hash"),
    pytest.param("x := 1 // modeltrail: ignore[MT001, unpinned-model]", {"MT001"}, None, id="slashes-names"),
    pytest.param("-- modeltrail:ignore[mt003]", {"MT003"}, None, id="sql-no-space-lowercase"),
    pytest.param("/* modeltrail: ignore until=2026-06-30 */", None, dt.date(2026, 6, 30), id="block"),
    pytest.param("<!-- modeltrail: ignore[MT002] until=2026-06-30-->", {"MT002"}, dt.date(2026, 6, 30), id="html"),
    pytest.param("; modeltrail: ignore", None, None, id="ini"),
])
def test_parse_line(line: str, rules: set[str] | None, until: dt.date | None) -> None:
    directive, problem = parse_line(line, 1)
    assert problem is None and directive is not None
    assert (directive.rules, directive.until) == (None if rules is None else frozenset(rules), until)


@pytest.mark.parametrize("line", [
    pytest.param('MODEL = "gpt-4o"', id="no-directive"),
    pytest.param('HELP = "see modeltrail: ignore docs"', id="not-in-a-comment"),
    pytest.param("# modeltrail: ignored on purpose", id="other-word"),
])
def test_not_a_directive(line: str) -> None:
    assert parse_line(line, 1) == (None, None)
