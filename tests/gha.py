"""Run a composite action's steps the way a GitHub runner does, for the tests.

Only what ``action.yml`` uses is supported, and anything else fails loudly: ``${{
inputs.NAME }}`` and ``${{ steps.ID.outputs.NAME }}`` in ``env:``, ``if:
inputs.NAME != ''``, ``shell: bash`` (run as ``bash --noprofile --norc -eo pipefail
FILE``, GitHub's own command line), and the runner's files ``GITHUB_OUTPUT`` (fresh for
each step), ``GITHUB_ENV``, ``GITHUB_PATH`` and ``GITHUB_STEP_SUMMARY``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

_EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
_INPUT = re.compile(r"inputs\.([A-Za-z0-9_-]+)")
_STEP_OUTPUT = re.compile(r"steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)")
_NOT_EMPTY = re.compile(r"inputs\.([A-Za-z0-9_-]+) != ''")


def load(action_yml: Path) -> dict[str, Any]:
    return yaml.safe_load(action_yml.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _value(expr: str, inputs: dict[str, str], steps: dict[str, dict[str, str]]) -> str:
    m = _INPUT.fullmatch(expr)
    if m:
        return inputs[m.group(1)]
    m = _STEP_OUTPUT.fullmatch(expr)
    if m:
        return steps.get(m.group(1), {}).get(m.group(2), "")
    raise AssertionError(f"expression not supported by the test runner: {expr!r}")


def expand(text: str, inputs: dict[str, str], steps: dict[str, dict[str, str]]) -> str:
    return _EXPR.sub(lambda m: _value(m.group(1), inputs, steps), str(text))


def condition(expr: str | None, inputs: dict[str, str]) -> bool:
    if expr is None:
        return True
    m = _NOT_EMPTY.fullmatch(expr.strip())
    if not m:
        raise AssertionError(f"condition not supported by the test runner: {expr!r}")
    return inputs[m.group(1)] != ""


def read_outputs(path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    lines = path.read_text(encoding="utf-8").split("\n") if path.exists() else []
    i = 0
    while i < len(lines):
        line = lines[i]
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            end = lines.index(delimiter, i + 1)
            out[name] = "\n".join(lines[i + 1:end])
            i = end + 1
            continue
        if "=" in line:
            name, value = line.split("=", 1)
            out[name] = value
        i += 1
    return out


@dataclass
class StepRun:
    name: str
    returncode: int
    stdout: str
    stderr: str
    outputs: dict[str, str]


@dataclass
class Runner:
    """One job's runner: its temp dir, workspace, event and files."""

    action_dir: Path
    workspace: Path
    runner_temp: Path
    event_name: str
    event_path: Path
    env: dict[str, str] = field(default_factory=dict)
    steps: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def summary(self) -> Path:
        return self.runner_temp / "step_summary.md"

    def base_env(self) -> dict[str, str]:
        path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
        env = {
            "PATH": path, "HOME": os.environ.get("HOME", str(self.runner_temp)), "LANG": "C.UTF-8",
            "CI": "true", "GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(self.workspace),
            "GITHUB_ACTION_PATH": str(self.action_dir), "RUNNER_TEMP": str(self.runner_temp),
            "GITHUB_EVENT_NAME": self.event_name, "GITHUB_EVENT_PATH": str(self.event_path),
            "GITHUB_STEP_SUMMARY": str(self.summary), "GITHUB_ENV": str(self.runner_temp / "env"),
            "GITHUB_PATH": str(self.runner_temp / "path"), "GITHUB_SERVER_URL": "https://github.com",
            "GITHUB_REPOSITORY": "acme/support-bot",
            # A private cache: no feed a developer fetched earlier may change the results.
            "XDG_CACHE_HOME": str(self.runner_temp / "cache"),
        }
        for name in ("PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_FIND_LINKS", "PIP_CONFIG_FILE",
                     "PIP_CACHE_DIR", "SSL_CERT_FILE", "REQUESTS_CA_BUNDLE"):
            if name in os.environ:
                env[name] = os.environ[name]
        env.update(self.env)
        return env

    def run(self, action: dict[str, Any], given: dict[str, str], *,
            skip: tuple[str, ...] = ()) -> list[StepRun]:
        declared = action.get("inputs", {})
        unknown = set(given) - set(declared)
        assert not unknown, f"inputs not declared in action.yml: {sorted(unknown)}"
        inputs = {name: str(given.get(name, spec.get("default", ""))) for name, spec in declared.items()}
        runs: list[StepRun] = []
        for index, step in enumerate(action["runs"]["steps"]):
            step_id = step.get("id", f"step{index}")
            if step_id in skip or not condition(step.get("if"), inputs):
                continue
            assert step.get("shell") == "bash", step
            assert "${{" not in step["run"], f"expression inside run: of {step.get('name')}"
            script = self.runner_temp / f"step-{index}.sh"
            script.write_text(step["run"], encoding="utf-8")
            output = self.runner_temp / f"output-{index}"
            output.write_text("", encoding="utf-8")
            env = self.base_env()
            env["GITHUB_OUTPUT"] = str(output)
            env.update({k: expand(v, inputs, self.steps) for k, v in step.get("env", {}).items()})
            proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                                  cwd=self.workspace, env=env, capture_output=True, text=True,
                                  check=False)
            outputs = read_outputs(output)
            self.steps[step_id] = outputs
            runs.append(StepRun(step.get("name", step_id), proc.returncode, proc.stdout,
                                proc.stderr, outputs))
            if proc.returncode != 0:
                break  # later steps run only on success(), as none sets if: always()
        return runs

    def action_outputs(self, action: dict[str, Any]) -> dict[str, str]:
        return {name: expand(spec["value"], {}, self.steps)
                for name, spec in action.get("outputs", {}).items()}
