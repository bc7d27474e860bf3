"""The GitHub, Markdown, CSV and concise reporters, and the --format / --select options."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from scanner.cli import main
from scanner.model import Finding, Reference, ScanError, ScanResult, ScanStats
from scanner.report import FORMATS, renderer
from scanner.report import github, markdown
from tests.helpers import make_repo


def ref(path: str, line: int, column: int, text: str, *, provider: str = "openai",
        model: str | None = None, pinned: bool = False, resolves_to: str | None = None,
        status: str = "active", shutdown_on: str | None = None, replacement: str | None = None,
        language: str = "python", context: str = "code", key: str | None = "model") -> Reference:
    return Reference(path=path, line=line, column=column, end_line=line,
                     end_column=column + len(text), text=text, provider=provider,
                     model=model or text, pinned=pinned, resolves_to=resolves_to, status=status,
                     shutdown_on=shutdown_on, replacement=replacement, context=context,
                     language=language, key=key)


FLOATING = ref("app/llm.py", 7, 47, "gpt-4o", resolves_to="gpt-4o-2024-08-06")
RETIRED = ref("app/llm.py", 12, 20, "gpt-3.5-turbo-0613", pinned=True, status="retired",
              shutdown_on="2024-09-13", replacement="gpt-4o-mini-2024-07-18")
DEPRECATED = ref("config/models.yaml", 3, 10, "gpt-4o-2024-05-13", pinned=True,
                 status="deprecated", shutdown_on="2027-03-31", replacement="gpt-4o-2024-08-06",
                 language="yaml", context="config", key="default")
PINNED = ref("app/embed.py", 4, 16, "text-embedding-3-small", pinned=True)
DYNAMIC = Reference(path="app/router.py", line=9, column=18, end_line=9, end_column=42,
                    text='os.environ["CHAT_MODEL"]', provider="", model="", pinned=False,
                    resolves_to=None, status="dynamic", shutdown_on=None, replacement=None,
                    context="code", language="python", key="model", known=False, composed=True)

F_FLOAT = Finding("MT001", "medium", "gpt-4o is a floating alias; pin gpt-4o-2024-08-06", FLOATING)
F_RETIRED = Finding("MT003", "high", "gpt-3.5-turbo-0613 was retired on 2024-09-13; use "
                    "gpt-4o-mini-2024-07-18", RETIRED)
F_DEPRECATED = Finding("MT002", "medium", "gpt-4o-2024-05-13 shuts down on 2027-03-31; migrate "
                       "to gpt-4o-2024-08-06", DEPRECATED)
F_DYNAMIC = Finding("MT005", "info", 'model chosen at run time by os.environ["CHAT_MODEL"]', DYNAMIC)


def result_of(references: tuple[Reference, ...], findings: tuple[Finding, ...],
              errors: tuple[ScanError, ...] = ()) -> ScanResult:
    return ScanResult(references=references, findings=findings, errors=errors,
                      stats=ScanStats(files_seen=6, files_parsed=4, seconds=0.01),
                      feed={"generated_at": "2026-11-25", "source": "bundled"}, root="/src/svc")


RESULT = result_of((PINNED, FLOATING, RETIRED, DEPRECATED), (F_FLOAT, F_RETIRED, F_DEPRECATED, F_DYNAMIC),
                   (ScanError("data/huge.json", "file is 9,000,000 bytes, over the limit; skipped"),))


# --- GitHub workflow commands ---------------------------------------------------------------

@pytest.mark.parametrize(("text", "data", "prop"), [
    pytest.param("plain", "plain", "plain", id="plain"),
    pytest.param("100% sure", "100%25 sure", "100%25 sure", id="percent"),
    pytest.param("a\r\nb", "a%0D%0Ab", "a%0D%0Ab", id="newlines"),
    pytest.param("a:b,c", "a:b,c", "a%3Ab%2Cc", id="colon-comma-only-in-properties"),
    pytest.param("%0A", "%250A", "%250A", id="already-escaped-looking"),
    pytest.param("::error::x", "::error::x", "%3A%3Aerror%3A%3Ax", id="command-lookalike"),
])
def test_escaping(text: str, data: str, prop: str) -> None:
    assert github.escape_data(text) == data
    assert github.escape_property(text) == prop


def test_annotation_line_is_exact() -> None:
    odd = ref("src/a,b:c/llm 100%.py", 3, 9, "gpt-4o", resolves_to="gpt-4o-2024-08-06")
    finding = Finding("MT001", "medium", "gpt-4o is a floating alias; pin gpt-4o-2024-08-06", odd)
    assert github.annotation(finding) == (
        "::warning file=src/a%2Cb%3Ac/llm 100%25.py,line=3,col=9,endLine=3,endColumn=15,"
        "title=modeltrail MT001 unpinned-model::gpt-4o is a floating alias; pin gpt-4o-2024-08-06"
        "%0ATo fix: `modeltrail fix --pin-only --write src/a,b:c/llm 100%25.py` writes the pin."
        "%0ATo suppress: add `# modeltrail: ignore[MT001]` at the end of the line or on the line before.")


def test_render_is_worst_first_and_errors_are_plain_escaped_lines() -> None:
    bad_name = ScanError("x\n::error::y.py", "cannot read: Permission denied")
    out = github.render(result_of((), (F_FLOAT, F_DYNAMIC, F_RETIRED), (bad_name,))).splitlines()
    assert [line.split(" ", 1)[0] for line in out[:3]] == ["::error", "::warning", "::notice"]
    assert out[0].startswith("::error file=app/llm.py,line=12,col=20,endLine=12,endColumn=38,"
                             "title=modeltrail MT003 retired-model::")
    assert out[2].startswith("::notice file=app/router.py,line=9,col=18,endLine=9,endColumn=42,"
                             "title=modeltrail MT005 dynamic-model::model chosen at run time by "
                             'os.environ["CHAT_MODEL"]%0ATo fix: give the variable a pinned default')
    assert out[3] == "modeltrail: could not scan x%0A::error::y.py: cannot read: Permission denied"


def _many(counts: dict[str, int]) -> list[Finding]:
    rule = {"critical": "MT003", "high": "MT003", "medium": "MT001", "low": "MT004", "info": "MT005"}
    out = []
    for severity, n in counts.items():
        for i in range(n):
            r = ref(f"{severity}/f{i:03}.py", i + 1, 1, "gpt-4o", resolves_to="gpt-4o-2024-08-06")
            out.append(Finding(rule[severity], severity, f"{severity} {i}", r))
    return out


@pytest.mark.parametrize(("counts", "per_level", "per_job", "levels", "left"), [
    pytest.param({"high": 3, "medium": 2}, 10, 50, {"error": 3, "warning": 2}, 0, id="all-fit"),
    pytest.param({"high": 10, "medium": 10, "low": 10}, 10, 50,
                 {"error": 10, "warning": 10, "notice": 10}, 0, id="exactly-the-caps"),
    pytest.param({"critical": 4, "high": 11, "medium": 12, "low": 3}, 10, 50,
                 {"error": 10, "warning": 10, "notice": 3}, 7, id="errors-and-warnings-cut"),
    pytest.param({"high": 5, "low": 12}, 10, 50, {"error": 5, "notice": 9}, 3,
                 id="count-notice-takes-a-notice-slot"),
    pytest.param({"high": 10, "medium": 10}, 10, 12, {"error": 10, "warning": 1}, 9,
                 id="job-cap"),
    pytest.param({"info": 40}, 10, 50, {"notice": 9}, 31, id="only-notes"),
])
def test_annotation_caps(counts: dict[str, int], per_level: int, per_job: int,
                         levels: dict[str, int], left: int) -> None:
    lines = github.annotate(_many(counts), per_level=per_level, per_job=per_job)
    body, tail = (lines[:-1], lines[-1]) if left else (lines, None)
    seen: dict[str, int] = {}
    for line in body:
        level = line[2:].split(" ", 1)[0]
        seen[level] = seen.get(level, 0) + 1
    assert seen == levels
    assert len(lines) <= per_job
    assert sum(1 for line in lines if line.startswith("::notice")) <= per_level
    # Worst first: critical before high, then by path within a severity.
    ranks = [line.split("file=", 1)[1].split("/", 1)[0] for line in body]
    order = ["critical", "high", "medium", "low", "info"]
    assert ranks == sorted(ranks, key=order.index)
    if left:
        assert tail == (f"::notice title=modeltrail::{left} more finding(s) not annotated: GitHub "
                        f"shows at most {per_level} annotations of each level per step and "
                        f"{per_job} per job. The job summary and the SARIF report list them all.")


# --- Markdown ------------------------------------------------------------------------------

EXPECTED_MARKDOWN = """\
## modeltrail

**4 findings** (1 high, 2 medium, 1 info) in 4 model references across 3 files; 6 files scanned.

### Findings

| Severity | Rule | Where | As written | What to do |
|---|---|---|---|---|
| 🔴 high | MT003 retired-model | `app/llm.py:12` | `gpt-3.5-turbo-0613` | gpt-3.5-turbo-0613 was retired on 2024-09-13; use gpt-4o-mini-2024-07-18. `modeltrail fix --replace-only --write app/llm.py` writes the replacement |
| 🟠 medium | MT001 unpinned-model | `app/llm.py:7` | `gpt-4o` | gpt-4o is a floating alias; pin gpt-4o-2024-08-06. `modeltrail fix --pin-only --write app/llm.py` writes the pin |
| 🟠 medium | MT002 deprecated-model | `config/models.yaml:3` | `gpt-4o-2024-05-13` | gpt-4o-2024-05-13 shuts down on 2027-03-31; migrate to gpt-4o-2024-08-06. `modeltrail fix --replace-only --write config/models.yaml` writes the replacement |
| ⚪ info | MT005 dynamic-model | `app/router.py:9` | `os.environ["CHAT_MODEL"]` | model chosen at run time by os.environ["CHAT_MODEL"]. give the variable a pinned default, or scan the configuration that sets it |

### Inventory by provider

| Provider | References | Files | Pinned | Floating | Deprecated | Retired | Most used |
|---|---:|---:|---:|---:|---:|---:|---|
| openai | 4 | 3 | 3 | 1 | 1 | 1 | `text-embedding-3-small` (1), `gpt-4o` (1), `gpt-3.5-turbo-0613` (1) |

### Next shutdowns

| Shutdown | Provider | Model | References | Replacement |
|---|---|---|---:|---|
| 2027-03-31 | openai | `gpt-4o-2024-05-13` | 1 | `gpt-4o-2024-08-06` |

1 file could not be scanned (first: `data/huge.json`: file is 9,000,000 bytes, over the limit; skipped).

<sub>modeltrail 0.1.0, feed of 2026-11-25. Suppress a finding with a `modeltrail: ignore[MTxxx]` comment on its line.</sub>
"""


def test_markdown_summary_is_exact() -> None:
    assert markdown.render(RESULT) == EXPECTED_MARKDOWN


def test_markdown_links_note_and_cell_escaping() -> None:
    odd = ref("app/a|b <x>.py", 2, 5, "gpt-4o", resolves_to="gpt-4o-2024-08-06")
    finding = Finding("MT001", "medium", "gpt-4o is a floating alias;\npin gpt-4o-2024-08-06", odd)
    text = markdown.render(result_of((odd,), (finding,)), note="Only changed lines: 1 of 3.",
                           link="https://github.com/acme/svc/blob/0123abc/")
    assert "\nOnly changed lines: 1 of 3.\n" in text
    assert ("| 🟠 medium | MT001 unpinned-model | [`app/a\\|b &lt;x&gt;.py:2`]"
            "(https://github.com/acme/svc/blob/0123abc/app/a%7Cb%20%3Cx%3E.py#L2) | `gpt-4o` | "
            "gpt-4o is a floating alias; pin gpt-4o-2024-08-06. ") in text


@pytest.mark.parametrize("limit", [
    pytest.param(markdown.SUMMARY_LIMIT, id="github-1MiB"),
    pytest.param(20_000, id="small"),
])
def test_markdown_fits_the_step_summary_cap(limit: int) -> None:
    findings = tuple(
        Finding("MT001", "medium", f"gpt-4o is a floating alias; pin gpt-4o-2024-08-06 ({i})",
                ref(f"services/svc{i // 100:03}/module_{i:05}.py", i % 400 + 1, 20, "gpt-4o",
                    resolves_to="gpt-4o-2024-08-06"))
        for i in range(12_000))
    text = markdown.render(result_of((DEPRECATED,), findings), limit=limit)
    size = len(text.encode("utf-8"))
    assert size <= limit
    shown = text.count("| 🟠 medium | MT001")
    assert 0 < shown < 12_000
    assert f"*{12_000 - shown:,} more finding(s) not shown: a job summary is limited to {limit:,} bytes." in text
    assert "### Next shutdowns" in text and "### Inventory by provider" in text
    if limit == markdown.SUMMARY_LIMIT:
        assert size > limit - 2_000  # the budget is used, not thrown away


# --- CSV and concise -----------------------------------------------------------------------

def test_csv_rows() -> None:
    evil = ref("=cmd|' /C calc'!A0.py", 1, 1, "gpt-4o", resolves_to="gpt-4o-2024-08-06")
    evil_finding = Finding("MT001", "medium", "-gpt-4o is a floating alias", evil)
    text = renderer("csv")(result_of((PINNED, FLOATING, RETIRED, evil),
                                     (F_FLOAT, F_RETIRED, F_DYNAMIC, evil_finding)))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:8] == ["path", "line", "column", "end_line", "end_column", "text", "provider", "model"]
    assert rows[0][-3:] == ["rules", "severity", "messages"]
    assert [r[:6] + r[-3:-1] for r in rows[1:]] == [
        ["'=cmd|' /C calc'!A0.py", "1", "1", "1", "7", "gpt-4o", "MT001", "medium"],
        ["app/embed.py", "4", "16", "4", "38", "text-embedding-3-small", "", ""],
        ["app/llm.py", "7", "47", "7", "53", "gpt-4o", "MT001", "medium"],
        ["app/llm.py", "12", "20", "12", "38", "gpt-3.5-turbo-0613", "MT003", "high"],
        ["app/router.py", "9", "18", "9", "42", 'os.environ["CHAT_MODEL"]', "MT005", "info"],
    ]
    assert rows[1][-1] == "'-gpt-4o is a floating alias"
    assert rows[2][8:13] == ["true", "", "active", "", ""]  # pinned, resolves_to, status, shutdown, replacement
    assert "\r" not in text


def test_concise_output() -> None:
    text = renderer("concise")(result_of((FLOATING, RETIRED), (F_FLOAT, F_RETIRED)))
    assert text == (
        "app/llm.py:7:47: MT001 [medium] gpt-4o is a floating alias; pin gpt-4o-2024-08-06\n"
        "    fix: `modeltrail fix --pin-only --write app/llm.py` writes the pin\n"
        "app/llm.py:12:20: MT003 [high] gpt-3.5-turbo-0613 was retired on 2024-09-13; use "
        "gpt-4o-mini-2024-07-18\n"
        "    fix: `modeltrail fix --replace-only --write app/llm.py` writes the replacement\n"
        "\n"
        "2 finding(s): MT001 x1, MT003 x1.\n"
        "To suppress one on purpose, add `# modeltrail: ignore[MT001]` at the end of the line or "
        "on the line before (the rule id as printed above).\n")
    assert renderer("concise")(result_of((PINNED,), ())) == ""


# --- the CLI -------------------------------------------------------------------------------

def test_format_choices_are_the_registry(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", "--format", "nope", "."]) == 2
    err = capsys.readouterr().err
    for name in FORMATS:
        assert f"'{name}'" in err


@pytest.mark.parametrize(("select", "expected"), [
    pytest.param(None, ["MT003", "MT001", "MT002"], id="all"),
    pytest.param("MT001,MT003", ["MT003", "MT001"], id="pin-hook-rules"),
    pytest.param("mt002", ["MT002"], id="case-insensitive"),
])
def test_select(tmp_path: Path, capsys: pytest.CaptureFixture[str], select: str | None,
                expected: list[str]) -> None:
    repo = make_repo(tmp_path / "r", {
        "app/llm.py": 'import openai\nopenai.chat.completions.create(model="gpt-3.5-turbo-0613")\n',
        "app/other.py": 'import openai\nopenai.chat.completions.create(model="gpt-4o")\n'})
    args = ["scan", str(repo), "--format", "concise", "--today", "2026-11-25", "--fail-on", "none"]
    assert main(args + (["--select", select] if select else [])) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("app/")]
    assert [line.split()[1] for line in lines] == expected


def test_select_rejects_unknown_rules(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", ".", "--select", "MT001,MT999"]) == 2
    assert "unknown rule id(s) MT999" in capsys.readouterr().err


def test_json_records_are_each_records_to_json_in_order() -> None:
    """The JSON report writes a finding as its rule, severity and message followed by its
    reference's encoding (reused, not redone): that must stay exactly what
    Finding.to_json() gives, key order included, with and without a fingerprint."""
    import json
    from dataclasses import replace

    from scanner.report import json_

    printed = replace(F_RETIRED, fingerprint="0123456789abcdef")
    result = result_of(RESULT.references, (*RESULT.findings, printed), ())
    document = json.loads(json_.render(result))
    assert [list(r.items()) for r in document["references"]] == [
        list(r.to_json().items()) for r in result.references]
    assert [list(f.items()) for f in document["findings"]] == [
        list(f.to_json().items()) for f in result.findings]
    assert document["errors"] == [] and document["warnings"] == []


def test_json_records_are_byte_for_byte_what_the_json_encoder_writes() -> None:
    """One record per line, and each line exactly json.dumps(record, ensure_ascii=False) (a
    finding's reuses its reference's encoding): escapes of quotes, backslashes, control and
    non-ASCII characters included, for records that share all but their position."""
    import json
    from dataclasses import replace

    from scanner.report import json_

    odd = replace(ref('notebooks/ré"sumé\\x.ipynb', 3, 9, 'gpt-4o\t"mini"\u2028', key=None,
                      resolves_to=None, language="python", context="comment"),
                  cell=4, composed=True, version="2024-07-18", upgrade_policy=None)
    # The same id, context and key elsewhere: its record shares the encoding of "what",
    # never the position of the first.
    elsewhere = replace(odd, path="src/b.py", line=120, column=1, end_line=121, end_column=2)
    result = result_of((*RESULT.references, odd, elsewhere), (*RESULT.findings, Finding(
        "MT001", "medium", 'a "quoted" message — with\nnewline', odd, fingerprint="ff00"), Finding(
        "MT001", "medium", "a fingerprint that is not hex", elsewhere, fingerprint='x"y\\z')), ())
    written = json_.render(result)
    records = [line.strip().rstrip(",") for line in written.split("\n") if line.startswith("    {")]
    expected = [json.dumps(r.to_json(), ensure_ascii=False)
                for r in (*result.references, *result.findings)]
    assert records == expected
