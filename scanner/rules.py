"""The finding rules. Ids are stable forever; the README table, ``--help`` and SARIF
rule metadata are all generated from :data:`RULES`.
"""

from __future__ import annotations

from dataclasses import dataclass

SEVERITIES = ("none", "info", "low", "medium", "high", "critical")


def severity_rank(name: str) -> int:
    return SEVERITIES.index(name)


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    name: str
    severity: str
    summary: str
    help: str


RULES: dict[str, Rule] = {r.id: r for r in (
    Rule("MT001", "unpinned-model", "medium",
         "A floating alias where a dated snapshot exists",
         "The provider can point this alias at a new snapshot at any time and behaviour "
         "changes silently. Pin the dated snapshot it resolves to today "
         "(`modeltrail fix` writes it), and move on deliberately after running your evals."),
    Rule("MT002", "deprecated-model", "medium",
         "The provider has announced a shutdown date that is still in the future",
         "Calls start failing on the shutdown date. Migrate to the replacement before then; "
         "`modeltrail explain MODEL` shows the dates and sources."),
    Rule("MT003", "retired-model", "high",
         "The shutdown date has passed: calls to this model fail today",
         "The provider has shut this model down. Move to the replacement "
         "(`modeltrail fix --replace-only` writes it)."),
    Rule("MT004", "unknown-model", "low",
         "Looks like a provider's model id but is not in the catalog",
         "Either a typo, a model newer than the catalog, or a private id. Check the spelling "
         "against the provider's model list; update the feed with `modeltrail feed update`."),
    Rule("MT005", "dynamic-model", "info",
         "The model is chosen at run time (an environment variable without a default)",
         "An inventory note: the model in use depends on deployment configuration this scan "
         "cannot see. Give the variable a pinned default or scan the configuration too."),
    Rule("MT006", "denied-model", "high",
         "The team's policy does not approve this model (deny list, or not on the allow list)",
         "Set by `allow` and `deny` in [tool.modeltrail] or .modeltrail.toml (docs/policy.md). "
         "Move to an approved model, or change the policy deliberately."),
    Rule("MT007", "expired-suppression", "low",
         "A `modeltrail: ignore ... until=DATE` suppression has expired",
         "The suppression no longer hides anything: the finding it covered is reported again. "
         "Fix the finding, or renew the suppression with a new date and a reason."),
)}
