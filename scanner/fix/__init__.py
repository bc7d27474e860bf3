"""Migration fixes: pin floating aliases, replace deprecated models, map ids explicitly.

Pipeline: :func:`plan_paths` (scan, decide per reference, check each span against the
file, verify the edited text) -> :func:`render_diff` or :func:`write_changes`.
:func:`apply_edits` and :func:`plan_text` are pure.
"""

from __future__ import annotations

from .apply import EditConflict, apply_edits
from .diff import render_diff
from .files import plan_paths, plan_text
from .values import AZURE_PIN, PIN, REPLACE, TO, Edit, FileChange, FixOptions, FixPlan, Manual
from .write import WriteError, write_changes

__all__ = [
    "AZURE_PIN", "PIN", "REPLACE", "TO", "Edit", "EditConflict", "FileChange", "FixOptions",
    "FixPlan", "Manual", "WriteError", "apply_edits", "plan_paths", "plan_text", "render_diff",
    "write_changes",
]
