"""What a person should do about a finding: the fix and the suppression, in words.

Shared by the reporters people read in a hurry (the pre-commit hook's ``concise``
output, GitHub annotations, the Markdown summary), so they all say the same thing.
"""

from __future__ import annotations

from ..model import Finding

# The line-comment syntax a suppression is written in, by extractor language.
_COMMENT = {
    "python": "#", "yaml": "#", "toml": "#", "ini": "#", "dotenv": "#", "dockerfile": "#",
    "ruby": "#", "text": "#", "hcl": "#", "terraform": "#", "shell": "#", "makefile": "#",
    "javascript": "//", "typescript": "//", "tsx": "//", "go": "//", "java": "//",
    "csharp": "//", "kotlin": "//", "rust": "//", "swift": "//", "php": "//", "bicep": "//",
}


def fix(finding: Finding) -> str:
    """The command or step that fixes it. The finding's message already names the id
    to write (the pinned snapshot, the replacement), so this does not repeat it."""
    ref = finding.reference
    if finding.rule == "MT001" and ref.resolves_to:
        return f"`modeltrail fix --pin-only --write {ref.path}` writes the pin"
    if finding.rule in ("MT002", "MT003"):
        if ref.replacement:
            return f"`modeltrail fix --replace-only --write {ref.path}` writes the replacement"
        return f"`modeltrail explain {ref.model}` shows the dates and sources"
    if finding.rule == "MT004":
        return "check the spelling against the provider's model list, or `modeltrail feed update`"
    if finding.rule == "MT005":
        return "give the variable a pinned default, or scan the configuration that sets it"
    if finding.rule == "MT006":
        return "move to a model the policy approves, or change allow/deny in the policy on purpose"
    if finding.rule == "MT007":
        return "fix the finding it hid, or renew the suppression with a later `until=` and a reason"
    return f"`modeltrail explain {ref.model or ref.text}` says more"


def suppression(finding: Finding) -> str:
    """How to silence this one finding on purpose."""
    prefix = _COMMENT.get(finding.reference.language)
    if prefix is None:
        return ("this file type has no comments: accept it in a baseline "
                "(`modeltrail baseline`) or allow the model in [tool.modeltrail]")
    return (f"add `{prefix} modeltrail: ignore[{finding.rule}]` at the end of the line "
            "or on the line before")
