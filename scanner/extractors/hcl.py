"""Terraform and other HCL (``.tf``, ``.tfvars``, ``.hcl``).

Reads blocks and attributes with the shared IaC parser (python-hcl2 keeps no
positions) and reports strings under their attribute, a ``variable`` default under the
variable's name and a ``locals`` value under its own. ``var.x`` and ``local.x`` resolve
to their declaration in the same file, so an ``azurerm_cognitive_deployment`` whose
``model { name = var.chat_model }`` points at a default is judged at that default.
Declarations in another file of the module (``variables.tf``) are out of reach of a
per-file scan and are reported by what they say alone.
"""

from __future__ import annotations

from . import Extraction, register
from .iac import Symbols, extract_tree
from .iac_tree import Dialect, Obj, parse

HCL = Dialect(quote='"', hash_comments=True, heredocs=True, decorators=False)


def _symbols(root: Obj) -> Symbols:
    out: Symbols = {}
    for item in root.items:
        words, value = item.words, item.value
        if len(words) == 2 and words[0] == "variable" and isinstance(value, Obj):
            default = value.get("default")
            if default is not None:
                out["var." + words[1]] = (default, words[1])
        elif words == ["locals"] and isinstance(value, Obj):
            for local in value.items:
                if len(local.words) == 1 and local.value is not None:
                    out["local." + local.words[0]] = (local.value, local.words[0])
    return out


@register("hcl")
def extract(text: str, *, path: str, context: str) -> Extraction:
    return extract_tree(text, language="hcl", context=context,
                        build=lambda t: parse(t, HCL), symbols=_symbols)
