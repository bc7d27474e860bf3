"""The values a scan is made of: occurrences and references are built by the tens of
thousands, through an ``__init__`` that fills their slots directly (model._slot_init)."""

from __future__ import annotations

import dataclasses
import inspect
import pickle

import pytest

from scanner.model import FileResult, Finding, ModelRef, Occurrence, Reference


@pytest.mark.parametrize("cls", [Occurrence, Reference, Finding, FileResult, ModelRef])
def test_the_fast_init_takes_what_the_dataclass_declares(cls: type) -> None:
    parameters = list(inspect.signature(cls).parameters.values())
    assert [(p.name, p.default, p.kind) for p in parameters] == [
        (f.name, inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default,
         inspect.Parameter.POSITIONAL_OR_KEYWORD) for f in dataclasses.fields(cls)]


def test_occurrences_and_references_are_built_as_declared_and_stay_frozen() -> None:
    occ = Occurrence(3, 9, "gpt-4o", "code", "python", key="model")
    assert (occ.start, occ.end, occ.text, occ.key, occ.value, occ.prose, occ.cell) == (
        3, 9, "gpt-4o", "model", None, False, None)
    assert occ == Occurrence(3, 9, "gpt-4o", "code", "python", "model")
    assert occ != Occurrence(3, 9, "gpt-4o", "code", "python", "model_name")
    assert dataclasses.replace(occ, key="deployment").key == "deployment"
    with pytest.raises(dataclasses.FrozenInstanceError):
        occ.key = "other"  # type: ignore[misc]
    assert not hasattr(occ, "__dict__")
    values = {f.name: f"v{i}" if f.type == "str" else i for i, f in enumerate(dataclasses.fields(Reference))}
    ref = Reference(**values)
    assert dataclasses.asdict(ref) == values
    assert Reference(*values.values()) == ref
    assert pickle.loads(pickle.dumps(ref)) == ref
    with pytest.raises(TypeError):
        Reference(path="a.py")  # the required fields stay required
    with pytest.raises(dataclasses.FrozenInstanceError):
        ref.line = 2  # type: ignore[misc]
