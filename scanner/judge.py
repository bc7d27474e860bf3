"""From references to findings: which rule each reference breaks, at what severity.

Without a policy every rule has its default severity. A :class:`~scanner.config.Policy`
turns rules off, overrides severities, reports MT002 for a model whose shutdown is
within ``warn-days`` even before the provider's notice, raises MT002 to ``high`` within
``escalate-days``, decides whether comments and tests are judged, and adds MT006 for
models outside the allow list or on the deny list.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable

from .config import Policy, model_matches
from .model import Finding, Reference
from .open_weights import is_download
from .rules import RULES, severity_rank

# Contexts that are inventoried but raise no finding by default.
QUIET_CONTEXTS = frozenset({"comment", "test", "docs"})


def make_finding(rule_id: str, ref: Reference, message: str, policy: Policy | None = None) -> Finding:
    severity = policy.severity(rule_id) if policy else RULES[rule_id].severity
    return Finding(rule=rule_id, severity=severity, message=message, reference=ref)


def _quiet(ref: Reference, policy: Policy | None) -> bool:
    if policy is not None:
        if ref.context == "comment":
            return policy.comments != "judge"
        if ref.context == "test":
            return policy.tests != "judge"
    return ref.context in QUIET_CONTEXTS


def _days_left(ref: Reference, today: dt.date | None) -> int | None:
    if not ref.shutdown_on or today is None:
        return None
    return (dt.date.fromisoformat(ref.shutdown_on) - today).days


def judge_reference(ref: Reference, policy: Policy | None = None, today: dt.date | None = None,
                    providers: frozenset[str] = frozenset()) -> list[Finding]:
    if _quiet(ref, policy):
        return []
    out: list[Finding] = []
    name = ref.model + (f" version {ref.version}" if ref.version else "")
    days_left = _days_left(ref, today)
    upcoming = days_left is not None and days_left > 0
    within = policy is not None and upcoming and days_left <= policy.warn_days  # type: ignore[operator]
    escalate = (policy is not None and policy.escalate_days is not None and upcoming
                and days_left <= policy.escalate_days)  # type: ignore[operator]
    if ref.status == "retired":
        msg = f"{name} was retired on {ref.shutdown_on}" if ref.shutdown_on else f"{name} is retired"
        if ref.replacement:
            msg += f"; use {ref.replacement}"
        out.append(make_finding("MT003", ref, msg, policy))
    elif ref.status == "deprecated" or (ref.status == "active" and within):
        if ref.shutdown_on:
            verb = "shuts down" if ref.status == "deprecated" else "has a scheduled shutdown"
            msg = f"{name} {verb} on {ref.shutdown_on}"
            if escalate or ref.status == "active":
                msg += f", in {days_left} days"
            if ref.status == "active":  # no notice yet: reported because of warn-days
                msg += f" (within warn-days = {policy.warn_days})"  # type: ignore[union-attr]
        else:
            msg = f"{name} is deprecated"
        if ref.replacement:
            msg += f"; migrate to {ref.replacement}"
        finding = make_finding("MT002", ref, msg, policy)
        if escalate and severity_rank(finding.severity) < severity_rank("high"):
            finding = Finding(finding.rule, "high", finding.message, ref)
        out.append(finding)
    if not ref.known:
        out.append(make_finding("MT004", ref, f"{ref.text} looks like a {ref.provider} model id "
                                "but is not in the catalog", policy))
    elif not ref.pinned and (ref.resolves_to or ref.upgrade_policy or ref.provider in _USER_PINNED):
        if ref.provider != "huggingface" or is_download(ref.key, ref.version):
            out.append(make_finding("MT001", ref, _unpinned(ref), policy))
    if policy is not None and (policy.allow or policy.deny):
        verdict = _listed(ref, policy, providers)
        if verdict:
            out.append(make_finding("MT006", ref, verdict, policy))
    if policy is not None:
        out = [f for f in out if policy.enabled(f.rule)]
    return out


# Floating ids with no dated snapshot to name, which the user pins another way.
_USER_PINNED = frozenset({"huggingface", "ollama"})


def _unpinned(ref: Reference) -> str:
    """MT001's message: how this kind of reference is pinned."""
    if ref.upgrade_policy:  # an Azure deployment (scanner.pinning)
        option = "version_upgrade_option" if ref.language == "hcl" else "versionUpgradeOption"
        pin = f"version {ref.resolves_to}" if ref.resolves_to else "a version"
        if ref.upgrade_policy == "NoAutoUpgrade":  # no version: whatever is default that day
            return (f"Azure deployment of {ref.model} names no version, so each new deployment "
                    f"gets the default version of the day; pin {pin}")
        which = f"version {ref.version}" if ref.version else "names no version and"
        return (f"Azure deployment of {ref.model} {which} auto-upgrades ({ref.upgrade_policy}); "
                f"pin {pin} with {option} NoAutoUpgrade")
    if ref.provider == "huggingface":
        moving = f"revision {ref.version!r}, not a commit sha" if ref.version else "no revision"
        return (f"{ref.text} is downloaded from the Hugging Face Hub with {moving}, so its "
                "files can change under you; pin revision=<40-hex commit sha>")
    if ref.provider == "ollama":
        tag = ref.text.partition(":")[2] or "latest"
        return (f"{ref.text} is the Ollama tag '{tag}', which the library re-points; pin a "
                "tag naming size, variant and quantization (e.g. llama3:8b-instruct-q4_0)")
    return f"{ref.text} is a floating alias; pin {ref.resolves_to}"


def _listed(ref: Reference, policy: Policy, providers: frozenset[str]) -> str | None:
    def hit(patterns: tuple[str, ...]) -> str | None:
        for p in patterns:
            if model_matches(p, provider=ref.provider, model=ref.model, text=ref.text,
                             providers=providers):
                return p
        return None

    denied = hit(policy.deny)
    if denied:
        return f"{ref.model} is denied by the policy (deny: {denied!r} in {policy.source or 'the policy'})"
    if policy.allow and not hit(policy.allow):
        return f"{ref.model} is not in the allow list of {policy.source or 'the policy'}"
    return None


def judge_dynamic(ref: Reference, policy: Policy | None = None) -> Finding:
    return make_finding("MT005", ref, f"model chosen at run time by {ref.text}", policy)


def judge(references: Iterable[Reference], dynamic: Iterable[Reference] = (), *,
          policy: Policy | None = None, today: dt.date | None = None) -> list[Finding]:
    providers: frozenset[str] = frozenset()
    if policy is not None and (policy.allow or policy.deny):
        from .catalog import load_catalog
        providers = frozenset(load_catalog().providers)
    findings = [f for ref in references for f in judge_reference(ref, policy, today, providers)]
    if policy is None or policy.enabled("MT005"):
        findings.extend(judge_dynamic(d, policy) for d in dynamic if not _quiet(d, policy))
    return findings
