"""From an infrastructure-as-code tree (Terraform, Bicep, ARM JSON) to occurrences.

Shared by ``hcl``, ``bicep`` and ``arm``. Strings are reported under the name they
configure: an attribute, a ``variable``/``param`` declaration for its default, an
``env { name, value }`` pair's name. On top of that:

- **Azure deployments.** An object whose ``model`` is ``{format, name, version}``
  (azurerm_cognitive_deployment's ``model`` block, ARM/Bicep
  ``properties.model``, a deployments list handed to a module) or that carries the
  flat ``model_name``/``model_version`` of the Azure/openai Terraform module is one
  deployment: its model name is reported once, with the version and the upgrade option
  beside it (``scanner.pinning`` judges them), even when the name is a reference to a
  declared default (``var.chat_model``, ``chatModelName``, ``parameters('x')``). The
  deployment's own ``name`` is the deployment's, never a model id.
- **Interpolations** (``"${var.x}"``) are not models; in a string that mixes them with
  text only a literal tail after ``foundation-model/`` (and the like), ``:`` or ``.`` is
  looked at, which keeps the model in
  ``"arn:aws:bedrock:${var.region}::foundation-model/<id>"`` and drops the name-building
  in ``"${var.env}-gpt-4o"`` and the path in ``"s3://llm/${var.env}/gpt-4o"``.
- ``description`` strings and decorators are documentation (prose, ``comment``).
"""

from __future__ import annotations

import re
from dataclasses import replace

from typing import Callable

from ..model import Occurrence
from ..pinning import DEFAULT_UPGRADE
from . import Extraction
from .iac_tree import Arr, Blob, Expr, Item, Node, Obj, Ref, Str
from .text import comment_occurrences, scan_plain_text

Symbols = dict[str, tuple[Node, str]]
_POLICY_KEYS = ("versionUpgradeOption", "version_upgrade_option")
# Keys whose value belongs to the name declared around them.
_VALUE_KEYS = frozenset({"default", "defaultValue", "value", "allowedValues"})
_PROSE_KEYS = frozenset({"description"})
# Declarations whose second word is the name they declare (Bicep, HCL blocks).
_DECLARATIONS = frozenset({"param", "var", "output", "variable", "module"})
_AZURE_MARKERS = ("azurerm_cognitive_deployment", "Microsoft.CognitiveServices")
# A deployment's own name (chatDeploymentName, AZURE_OPENAI_CHAT_DEPLOYMENT): often spelled
# like the model, never a model id.
# Path words after which a model id follows (Bedrock ARNs, Vertex and Azure API paths).
_MODEL_PATHS = ("foundation-model", "inference-profile", "provisioned-model", "custom-model",
                "models", "deployments")
_DEPLOYMENT_NAME = re.compile(r"(?i)deployment_?name|deployment\Z")


class _Walk:
    def __init__(self, text: str, *, language: str, context: str, symbols: Symbols) -> None:
        self.text = text
        self.language = language
        self.context = context
        self.symbols = symbols
        self.deployments: dict[int, tuple[str | None, str, str]] = {}
        self.skip: set[int] = set()
        self.looped: dict[int, Node] = {}  # a declared list of deployments -> its loop's option
        self.out: list[Occurrence] = []

    # -- deployments ------------------------------------------------------------------
    def find(self, node: Node | None, azure: bool, policy: Node | None = None) -> None:
        if isinstance(node, Obj):
            kind = node.get("type")
            azure = azure or (isinstance(kind, Str) and "Microsoft.CognitiveServices" in kind.value)
            self._deployment(node, azure, policy)
            for item in node.items:
                marked = any(m in w for w in item.words for m in _AZURE_MARKERS)
                self.find(item.value, azure or marked, self.looped.get(id(item.value), policy))
        elif isinstance(node, Arr):
            for child in node.items:
                self.find(child, azure, policy)
        elif isinstance(node, Expr):
            self._loop(node)
            for child in node.children:
                self.find(child, azure, policy)

    def _loop(self, expr: Expr) -> None:
        """``[for d in deployments: { properties: { model: d.model, versionUpgradeOption:
        'NoAutoUpgrade' } }]``: the option holds for every deployment of ``deployments``."""
        words = [c.name for c in expr.children[:4] if isinstance(c, Ref)]
        body = expr.children[-1] if expr.children else None
        if len(words) < 4 or words[0] != "for" or words[2] != "in" or not isinstance(body, Obj):
            return
        props = body.get("properties")
        model = props.get("model") if isinstance(props, Obj) else None
        policy = props.get(*_POLICY_KEYS) if isinstance(props, Obj) else None
        source = self.symbols.get(words[3])
        if isinstance(model, Ref) and model.name.startswith(words[1] + ".") and policy and source:
            self.looped[id(source[0])] = policy

    def _deployment(self, obj: Obj, azure: bool, inherited: Node | None) -> None:
        model = obj.get("model")
        policy = obj.get(*_POLICY_KEYS) or inherited
        if isinstance(model, Obj) and model.get("name") is not None:
            if not (azure or model.get("format") is not None or policy is not None):
                return
            name, version, key = model.get("name"), model.get("version"), "model.name"
        elif obj.get("model_name") is not None and (
                azure or obj.get("model_format", "model_version", *_POLICY_KEYS) is not None):
            name, version, key = obj.get("model_name"), obj.get("model_version"), "model_name"
        else:
            props = obj.get("properties")  # an ARM/Bicep resource around a deployment
            if isinstance(props, Obj) and isinstance(props.get("model"), Obj):
                self._skip_name(obj)
            return
        self._skip_name(obj)
        target, key = self._target(name, key)
        if target is not None:
            self.deployments[id(target)] = (self._literal(version),
                                            self._literal(policy) or DEFAULT_UPGRADE, key)

    def _skip_name(self, obj: Obj) -> None:
        name = obj.get("name")
        if isinstance(name, Str):
            self.skip.add(id(name))

    def _target(self, node: Node | None, key: str) -> tuple[Str | None, str]:
        if isinstance(node, Str):
            return node, key
        if isinstance(node, Ref) and node.name in self.symbols:
            declared, name = self.symbols[node.name]
            if isinstance(declared, Str):
                return declared, name
        return None, key

    def _literal(self, node: Node | None) -> str | None:
        if node is None:
            return None
        if isinstance(node, Ref):
            target, _ = self._target(node, "")
            return target.value if target is not None else node.name
        if isinstance(node, Str) and not node.parts:
            return node.value
        return "(expression)"

    # -- occurrences ------------------------------------------------------------------
    def emit(self, node: Node | None, key: str | None, *, prose: bool = False) -> None:
        if isinstance(node, Str):
            self._string(node, key, prose)
        elif isinstance(node, Obj):
            self._object(node, key)
        elif isinstance(node, Arr):
            for child in node.items:
                self.emit(child, key, prose=prose)
        elif isinstance(node, Expr):
            for child in node.children:
                self.emit(child, key, prose=prose)
        elif isinstance(node, Blob):
            # A heredoc is a script, a policy document or a prompt: its quoted strings and
            # KEY=value pairs are values, its other words prose (documentation).
            found = scan_plain_text(self.text[node.start:node.end], context=self.context,
                                    language=self.language)
            self.out.extend(replace(o, start=o.start + node.start, end=o.end + node.start,
                                    context="comment" if o.prose else o.context)
                            for o in found)

    def _object(self, obj: Obj, declared: str | None) -> None:
        env_name = obj.get("name")
        pair = isinstance(env_name, Str) and isinstance(obj.get("value"), Str)
        for item in obj.items:
            word = item.words[0] if item.words else None
            if word == "value" and pair:
                key: str | None = env_name.value  # type: ignore[union-attr]
            else:
                key = _key(item, declared)
            self.emit(item.value, key, prose=word in _PROSE_KEYS)

    def _string(self, node: Str, key: str | None, prose: bool) -> None:
        if id(node) in self.skip or (key is not None and _DEPLOYMENT_NAME.search(key)):
            return
        text, ctx = self.text, "comment" if prose else self.context
        deployment = self.deployments.get(id(node))
        if deployment is not None:
            version, policy, dkey = deployment
            self.out.append(self._occ(node.start, node.end, ctx, key=dkey, version=version,
                                      upgrade_policy=policy, value=node.value))
            return
        if node.parts is None:
            self.out.append(self._occ(node.start, node.end, ctx, key=key, value=node.value,
                                      prose=prose))
            return
        for a, b in node.parts:
            if a == node.start or text[a] not in "/:.":
                continue  # text before the first interpolation, or name-building
            cut = text.rfind("/", a, b)
            if cut != -1:
                if not text[a:cut].endswith(_MODEL_PATHS):
                    continue  # a path (s3://bucket/${env}/gpt-4o), not a model address
                a = cut + 1
            else:
                a += len(text[a:b]) - len(text[a:b].lstrip(":."))
            if a < b:
                self.out.append(self._occ(a, b, ctx, key=key, prose=prose))

    def _occ(self, start: int, end: int, ctx: str, *, key: str | None, value: str | None = None,
             prose: bool = False, version: str | None = None,
             upgrade_policy: str | None = None) -> Occurrence:
        raw = self.text[start:end]
        return Occurrence(start, end, raw, ctx, self.language, key=key,
                          value=None if value is None or value == raw else value, prose=prose,
                          version=version, upgrade_policy=upgrade_policy)


def _key(item: Item, declared: str | None) -> str | None:
    words = item.words
    if not words:
        return declared
    if words[0] in _DECLARATIONS and len(words) >= 2:
        return words[1]
    if words[0] in _VALUE_KEYS and declared:
        return declared
    return words[0]


def extract_tree(text: str, *, language: str, context: str,
                 build: Callable[[str], tuple[Obj, list[tuple[int, int]]]],
                 symbols: Callable[[Obj], Symbols]) -> Extraction:
    """Parse with ``build`` and walk; input nested past Python's stack is scanned as plain
    text instead, with one error line."""
    ctx = "config" if context == "code" else context
    try:
        root, comments = build(text)
        return Extraction(occurrences=occurrences(root, comments, text, language=language,
                                                  context=ctx, symbols=symbols(root)))
    except RecursionError:
        return Extraction(occurrences=scan_plain_text(text, context=ctx, language=language),
                          errors=[f"{language} nested too deeply; scanned as plain text instead"])


def occurrences(root: Obj, comments: list[tuple[int, int]], text: str, *, language: str,
                context: str, symbols: Symbols) -> list[Occurrence]:
    walk = _Walk(text, language=language, context=context, symbols=symbols)
    walk.find(root, False)
    if walk.looped:  # loops come after the lists they read: look again with their options
        walk.find(root, False)
    walk.emit(root, None)
    for start, end in comments:
        walk.out.extend(comment_occurrences(text, start, end, language))
    return walk.out
