"""Pinning an auto-upgrading Azure OpenAI deployment in Terraform, Bicep and ARM JSON:
the version it resolves to today and NoAutoUpgrade, written where a person would."""

from __future__ import annotations

import pytest

from scanner.fix import Manual, apply_edits
from scanner.fix.azure import plan
from scanner.model import Reference

TF = '''resource "azurerm_cognitive_deployment" "chat" {
  name                 = "chat"
  cognitive_account_id = azurerm_cognitive_account.openai.id

  model {
    format  = "OpenAI"
    name    = "gpt-4o"
    version = "2024-05-13"
  }

  sku {
    name = "Standard"
  }
}
'''
TF_NO_VERSION = TF.replace('    version = "2024-05-13"\n', "")
TF_AUTO = TF.replace("  sku {", '  version_upgrade_option = "OnceNewDefaultVersionAvailable"\n\n  sku {')
BICEP = """resource chat 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = {\r
  parent: account\r
  name: 'chat'\r
  properties: {\r
    model: {\r
      format: 'OpenAI'\r
      name: 'gpt-4o-mini'\r
    }\r
  }\r
}\r
"""
ARM = """{
  "type": "Microsoft.CognitiveServices/accounts/deployments",
  "name": "chat",
  "properties": {
    "model": {
      "format": "OpenAI",
      "name": "gpt-4o",
      "version": "2024-08-06"
    },
    "versionUpgradeOption": "OnceCurrentVersionExpired"
  }
}
"""


def _ref(text: str, model: str, language: str, *, policy: str = "OnceNewDefaultVersionAvailable",
         resolves_to: str | None = "2024-08-06", key: str | None = "name") -> Reference:
    start = text.index(f"{model}\"") if f'"{model}"' in text else text.index(f"{model}'")
    return Reference(path="infra/main", line=1, column=1, end_line=1, end_column=1, text=model,
                     provider="azure_openai", model=model, pinned=False, resolves_to=resolves_to,
                     status="active", shutdown_on=None, replacement=None, context="config",
                     language=language, key=key, upgrade_policy=policy, start=start,
                     end=start + len(model))


@pytest.mark.parametrize(("text", "model", "language", "policy", "expected"), [
    pytest.param(TF, "gpt-4o", "hcl", "OnceNewDefaultVersionAvailable",
                 TF.replace('"2024-05-13"', '"2024-08-06"').replace(
                     "  }\n\n  sku", '  }\n  version_upgrade_option = "NoAutoUpgrade"\n\n  sku'),
                 id="terraform-retired-version-and-default-policy"),
    pytest.param(TF_NO_VERSION, "gpt-4o", "hcl", "OnceNewDefaultVersionAvailable",
                 TF.replace('"2024-05-13"', '"2024-08-06"').replace(
                     "  }\n\n  sku", '  }\n  version_upgrade_option = "NoAutoUpgrade"\n\n  sku'),
                 id="terraform-no-version"),
    pytest.param(TF_AUTO.replace('"2024-05-13"', '"2024-08-06"'), "gpt-4o", "hcl",
                 "OnceNewDefaultVersionAvailable",
                 TF_AUTO.replace('"2024-05-13"', '"2024-08-06"').replace(
                     "OnceNewDefaultVersionAvailable", "NoAutoUpgrade"),
                 id="terraform-explicit-policy"),
    pytest.param(BICEP, "gpt-4o-mini", "bicep", "OnceNewDefaultVersionAvailable",
                 BICEP.replace("      name: 'gpt-4o-mini'\r\n",
                               "      name: 'gpt-4o-mini'\r\n      version: '2024-08-06'\r\n")
                 .replace("    }\r\n  }\r\n",
                          "    }\r\n    versionUpgradeOption: 'NoAutoUpgrade'\r\n  }\r\n"),
                 id="bicep-crlf"),
    pytest.param(ARM, "gpt-4o", "arm", "OnceCurrentVersionExpired",
                 ARM.replace('"OnceCurrentVersionExpired"', '"NoAutoUpgrade"'),
                 id="arm-on-expiry"),
    pytest.param(ARM.replace('      "version": "2024-08-06"\n', "").replace(
                     '"name": "gpt-4o",', '"name": "gpt-4o"').replace(
                     '    "versionUpgradeOption": "OnceCurrentVersionExpired"\n', "").replace(
                     "    },\n", "    }\n"),
                 "gpt-4o", "arm", "OnceNewDefaultVersionAvailable",
                 """{
  "type": "Microsoft.CognitiveServices/accounts/deployments",
  "name": "chat",
  "properties": {
    "versionUpgradeOption": "NoAutoUpgrade",
    "model": {
      "format": "OpenAI",
      "version": "2024-08-06",
      "name": "gpt-4o"
    }
  }
}
""", id="arm-inserted-before-so-commas-stay-right"),
])
def test_deployment_is_pinned_in_place(text, model, language, policy, expected):
    edits = plan(text, _ref(text, model, language, policy=policy), rule_ok=True)
    assert isinstance(edits, list)
    assert apply_edits(text, edits) == expected
    assert {e.rule for e in edits} == {"MT001"}


@pytest.mark.parametrize(("ref_kwargs", "text", "reason"), [
    pytest.param({"resolves_to": None}, TF,
                 "an auto-upgrading Azure deployment with no version to pin to in the catalog: "
                 "choose one by hand", id="no-version-known"),
    pytest.param({"key": "model_name"}, TF,
                 "the model name sits under 'model_name', not in a model block: set its version "
                 "and NoAutoUpgrade by hand", id="flat-module-form"),
    pytest.param({}, 'resource "x" "y" {\n  model { name = "gpt-4o" }\n}\n',
                 "the deployment's model is not a block of its own lines: set its version and "
                 "NoAutoUpgrade by hand", id="one-line-block"),
    pytest.param({}, 'variable "chat_model" {\n  default = "gpt-4o"\n}\n',
                 "cannot find the deployment around the model: set NoAutoUpgrade by hand",
                 id="variable-default"),
])
def test_left_for_a_human(ref_kwargs, text, reason):
    result = plan(text, _ref(text, "gpt-4o", "hcl", **ref_kwargs), rule_ok=True)
    assert isinstance(result, Manual)
    assert result.reason == reason


def test_already_pinned_or_rule_off_is_a_noop():
    pinned = TF_AUTO.replace("OnceNewDefaultVersionAvailable", "NoAutoUpgrade").replace(
        '"2024-05-13"', '"2024-08-06"')
    assert plan(pinned, _ref(pinned, "gpt-4o", "hcl", policy="NoAutoUpgrade"), rule_ok=True) is None
    assert plan(TF, _ref(TF, "gpt-4o", "hcl"), rule_ok=False) is None
