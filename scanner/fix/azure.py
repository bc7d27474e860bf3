"""Pin an auto-upgrading Azure OpenAI deployment declared in IaC (Terraform, Bicep, ARM).

The model name stays; the deployment gets the version it resolves to today and the
upgrade option ``NoAutoUpgrade``: the version is written into the object that holds the
name (``model { name, version }``), the option beside that object in its parent (the
``azurerm_cognitive_deployment`` resource, Bicep/ARM ``properties``). Values already
there are edited in place; missing ones are inserted as a line of their own, indented
like their neighbours. Objects written on one line are left for a person.

The scan tells which references are deployments (``upgrade_policy`` is set) and which
version to pin (``resolves_to``); this module only finds where to write, by matching
braces outside strings and comments, and the edit is verified by scanning the edited
text again (:mod:`.files`).
"""

from __future__ import annotations

import re

from ..model import Reference
from .values import AZURE_PIN, REPLACE, Edit, FixOptions, Manual

NO_AUTO_UPGRADE = "NoAutoUpgrade"
_SYNTAX = {
    # language: (version key, upgrade key, "key = value" format, trailing separator)
    "hcl": ("version", "version_upgrade_option", '{key} = "{value}"', ""),
    "terraform": ("version", "version_upgrade_option", '{key} = "{value}"', ""),
    "bicep": ("version", "versionUpgradeOption", "{key}: '{value}'", ""),
    "arm": ("version", "versionUpgradeOption", '"{key}": "{value}"', ","),
}


def is_deployment(ref: Reference) -> bool:
    return ref.upgrade_policy is not None and ref.provider in ("azure_openai", "azure_foundry")


def _skip_to_code(text: str, i: int) -> int:
    """Index after the string or comment starting at ``i``, or ``i`` when none does."""
    ch = text[i]
    if ch in "\"'":
        j = i + 1
        while j < len(text) and text[j] != ch:
            j += 2 if text[j] == "\\" else 1
        return j + 1
    if text.startswith("//", i) or ch == "#":
        end = text.find("\n", i)
        return len(text) if end == -1 else end
    if text.startswith("/*", i):
        end = text.find("*/", i + 2)
        return len(text) if end == -1 else end + 2
    return i


def _braces(text: str) -> dict[int, int]:
    """Every ``{`` outside strings and comments, mapped to its matching ``}``."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    i = 0
    while i < len(text):
        nxt = _skip_to_code(text, i)
        if nxt != i:
            i = nxt
            continue
        if text[i] == "{":
            stack.append(i)
        elif text[i] == "}" and stack:
            pairs[stack.pop()] = i
        i += 1
    return pairs


def _enclosing(pairs: dict[int, int], start: int, end: int) -> tuple[int, int] | None:
    inside = [(o, c) for o, c in pairs.items() if o < start and end <= c]
    return max(inside) if inside else None


def _line_start(text: str, i: int) -> int:
    return text.rfind("\n", 0, i) + 1


def _indent(text: str, i: int) -> str:
    start = _line_start(text, i)
    return text[start:start + len(text[start:]) - len(text[start:].lstrip(" \t"))]


def _value(text: str, lo: int, hi: int, key: str, skip: tuple[int, int] | None = None) -> re.Match[str] | None:
    pattern = re.compile(r'(?m)^[ \t]*["\']?' + re.escape(key) + r'["\']?[ \t]*[=:][ \t]*(["\'])(?P<v>[^"\'\n]*)\1')
    for m in pattern.finditer(text, lo, hi):
        if skip is None or not skip[0] <= m.start() < skip[1]:
            return m
    return None


def plan(text: str, ref: Reference, *, rule_ok: bool) -> list[Edit] | Manual | None:
    """Edits pinning the deployment whose model name is ``ref``; None when it is pinned."""
    if ref.pinned or not rule_ok:
        return None
    where = Manual(ref.path, ref.line, ref.column, ref.text, "", "MT001")
    syntax = _SYNTAX.get(ref.language)
    if syntax is None:
        return _why(where, f"an Azure deployment in {ref.language}: set its version and "
                           "NoAutoUpgrade by hand")
    target = ref.resolves_to
    if not target:
        return _why(where, "an auto-upgrading Azure deployment with no version to pin to in "
                           "the catalog: choose one by hand")
    if ref.key is not None and ref.key.rsplit(".", 1)[-1] != "name":
        return _why(where, f"the model name sits under {ref.key!r}, not in a model block: set "
                           "its version and NoAutoUpgrade by hand")
    version_key, upgrade_key, form, sep = syntax
    pairs = _braces(text)
    model = _enclosing(pairs, ref.start, ref.end)
    if model is None or "\n" not in text[model[0]:model[1]]:
        return _why(where, "the deployment's model is not a block of its own lines: set its "
                           "version and NoAutoUpgrade by hand")
    parent = _enclosing(pairs, model[0], model[1] + 1)
    if parent is None or "\n" not in text[parent[0]:parent[1]]:
        return _why(where, "cannot find the deployment around the model: set NoAutoUpgrade by hand")
    edits: list[Edit] = []

    def edit(start: int, end: int, new: str, what: str, shown: tuple[str, str]) -> None:
        edits.append(Edit(path=ref.path, start=start, end=end, old=text[start:end], new=new,
                          strategy=AZURE_PIN, reason=what, line=ref.line, column=ref.column,
                          rule="MT001", provider=ref.provider, model=ref.model, target=target,
                          shutdown_on=ref.shutdown_on, source=None, shown=shown,
                          anchor=ref.start))

    version = _value(text, model[0], model[1], version_key)
    if version is None:
        name_line_end = _line_end(text, ref.end)
        key = _aligned(text, ref.start, version_key) if " = " in form else version_key
        line = _indent(text, ref.start) + form.format(key=key, value=target)
        if sep:  # JSON: insert before the name line, so the separator is always right
            at = _line_start(text, ref.start)
            edit(at, at, line + sep + _newline(text), f"{ref.model}: version {target} written",
                 (f"{ref.model} (default version)", f"{ref.model} version {target}"))
        else:
            edit(name_line_end, name_line_end, _newline(text) + line,
                 f"{ref.model}: version {target} written",
                 (f"{ref.model} (default version)", f"{ref.model} version {target}"))
    elif version.group("v") != target:
        edit(version.start("v"), version.end("v"), target,
             f"{ref.model}: version {version.group('v')} pinned to {target}",
             (f"{ref.model} version {version.group('v')}", f"{ref.model} version {target}"))
    policy = ref.upgrade_policy or ""
    upgrade = _value(text, parent[0], parent[1], upgrade_key, skip=model)
    reason = f"{ref.model} deployment no longer upgrades on its own ({policy} -> {NO_AUTO_UPGRADE})"
    shown = (f"{upgrade_key}: {upgrade.group('v') if upgrade else '(default) ' + policy}",
             f"{upgrade_key}: {NO_AUTO_UPGRADE}")
    if upgrade is not None:
        if upgrade.group("v") != NO_AUTO_UPGRADE:
            edit(upgrade.start("v"), upgrade.end("v"), NO_AUTO_UPGRADE, reason, shown)
    else:
        key_line = _line_start(text, model[0])
        line = _indent(text, model[0]) + form.format(key=upgrade_key, value=NO_AUTO_UPGRADE)
        if sep:
            edit(key_line, key_line, line + sep + _newline(text), reason, shown)
        else:
            close_end = _line_end(text, model[1])
            edit(close_end, close_end, _newline(text) + line, reason, shown)
    return edits or None


def _aligned(text: str, at: int, key: str) -> str:
    """``key`` padded so its ``=`` lines up with the line at ``at`` (terraform fmt style)."""
    start = _line_start(text, at)
    line = text[start:_line_end(text, at)]
    eq = line.find(" =")
    indent = len(line) - len(line.lstrip(" \t"))
    return key if eq == -1 else key.ljust(eq - indent)


def _line_end(text: str, i: int) -> int:
    """Where the line holding ``i`` ends, before its ``\n`` or ``\r\n``."""
    end = text.find("\n", i)
    if end == -1:
        return len(text)
    return end - 1 if end > 0 and text[end - 1] == "\r" else end


def notes(ref: Reference, options: FixOptions, suppressed: frozenset[str]) -> list[Manual]:
    """The replacement a deprecated or retired deployment needs, for a person to make."""
    rule = "MT003" if ref.status == "retired" else "MT002"
    if REPLACE not in options.strategies or ref.status not in ("deprecated", "retired") \
            or rule in suppressed or (options.rules is not None and rule not in options.rules):
        return []
    when = f" (shutdown {ref.shutdown_on})" if ref.shutdown_on else ""
    new = ref.replacement or "a replacement model"
    return [Manual(ref.path, ref.line, ref.column, ref.text,
                   f"an Azure OpenAI deployment of a {ref.status} model{when}: deploy {new} "
                   "with a pinned version, then move traffic to it", rule)]


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _why(where: Manual, reason: str) -> Manual:
    return Manual(where.path, where.line, where.column, where.text, reason, where.rule)
