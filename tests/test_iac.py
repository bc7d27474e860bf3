"""Infrastructure as code: Terraform/HCL, Bicep, ARM/azd JSON, Kubernetes, Helm, workflows.

Azure deployments are one (model name, version, upgrade option) reference, judged by
scanner.pinning; a deployment's own name is never a model id.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner.catalog import load_catalog
from scanner.feed import load_feed
from scanner.judge import judge
from scanner.pinning import newest_version
from tests.goldens import assert_matches_golden
from tests.helpers import TODAY, refs

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
IAC_FIXTURES = ("terraform-azure-bedrock", "bicep-azd", "k8s-helm")


@pytest.mark.parametrize("name", IAC_FIXTURES)
def test_fixture_scans_to_its_golden(name: str) -> None:
    assert_matches_golden(FIXTURES / name)


@pytest.mark.parametrize("name", IAC_FIXTURES)
def test_golden_positions_point_at_the_text(name: str) -> None:
    for ref in json.loads((FIXTURES / name / "expected.json").read_text(encoding="utf-8"))["references"]:
        line = (FIXTURES / name / ref["path"]).read_text(encoding="utf-8").splitlines()[ref["line"] - 1]
        assert line[ref["column"] - 1:ref["end_column"] - 1] == ref["text"], ref


def rows(path: str, text: str) -> list[tuple[int, int, str, str, bool, str | None, str | None, str | None]]:
    """(line, column, text, provider, pinned, key, version, upgrade option) per reference."""
    return [(r.line, r.column, r.text, r.provider, r.pinned, r.key, r.version, r.upgrade_policy)
            for r in refs(path, text)]


TF_DEPLOYMENT = '''resource "azurerm_cognitive_deployment" "chat" {
  name                 = "gpt-4o"
  cognitive_account_id = azurerm_cognitive_account.oai.id
  model {
    format  = "OpenAI"
    name    = "gpt-35-turbo"
    version = "0125"
  }
  version_upgrade_option = "NoAutoUpgrade"
  sku {
    name = "Standard"
  }
}
'''

CASES = [
    pytest.param("main.tf", TF_DEPLOYMENT,
                 [(6, 16, "gpt-35-turbo", "azure_openai", True, "model.name", "0125", "NoAutoUpgrade")],
                 id="tf-pinned-deployment-name-spelled-like-another-model-is-not-one"),
    pytest.param("main.tf", TF_DEPLOYMENT.replace('  version_upgrade_option = "NoAutoUpgrade"\n', ""),
                 [(6, 16, "gpt-35-turbo", "azure_openai", False, "model.name", "0125",
                   "OnceNewDefaultVersionAvailable")],
                 id="tf-no-upgrade-option-defaults-to-auto-upgrade"),
    pytest.param("main.tf", TF_DEPLOYMENT.replace('    version = "0125"\n', ""),
                 [(6, 16, "gpt-35-turbo", "azure_openai", False, "model.name", None, "NoAutoUpgrade")],
                 id="tf-no-version-is-floating-even-without-auto-upgrade"),
    pytest.param("main.tf", 'variable "chat_model" {\n  default = "gpt-4o"\n}\n'
                 'resource "azurerm_cognitive_deployment" "c" {\n  name = "chat"\n'
                 '  model {\n    format  = "OpenAI"\n    name    = var.chat_model\n'
                 '    version = "2024-08-06"\n  }\n  version_upgrade_option = "NoAutoUpgrade"\n}\n',
                 [(2, 14, "gpt-4o", "azure_openai", True, "chat_model", "2024-08-06", "NoAutoUpgrade")],
                 id="tf-var-reference-judged-at-the-default"),
    pytest.param("main.tf", 'locals {\n  tag    = "${var.env}-gpt-4o"\n  name   = "${var.model}"\n'
                 '  bucket = "s3://llm/${var.env}/gpt-4o"\n}\n',
                 [], id="tf-interpolations-are-not-models"),
    pytest.param("main.tf", 'resource "aws_bedrock_provisioned_model_throughput" "t" {\n'
                 '  model_arn = "arn:aws:bedrock:${var.region}::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"\n}\n',
                 [(2, 64, "anthropic.claude-3-haiku-20240307-v1:0", "aws_bedrock", True, "model_arn", None, None)],
                 id="tf-arn-with-interpolated-region-keeps-its-model"),
    pytest.param("main.tf", 'module "gw" {\n  source = "git::https://github.com/acme/terraform-gpt-4o.git?ref=v1"\n}\n'
                 'terraform {\n  required_providers {\n    azurerm = { source = "hashicorp/azurerm", version = "~> 3.0" }\n  }\n}\n',
                 [], id="tf-module-sources-and-provider-constraints"),
    pytest.param("main.tf", 'resource "google_cloud_run_v2_service" "s" {\n  template {\n    containers {\n'
                 '      env {\n        name  = "VERTEX_MODEL"\n        value = "gemini-1.5-pro-002"\n      }\n'
                 '    }\n  }\n}\n',
                 [(6, 18, "gemini-1.5-pro-002", "google_vertex_ai", True, "VERTEX_MODEL", None, None)],
                 id="tf-env-block-keyed-by-its-name-vertex-key-gives-vertex"),
    pytest.param("main.tf", 'resource "aws_bedrockagent_agent" "a" {\n  foundation_model = "anthropic.claude-v2"\n'
                 '  instruction = <<-EOT\n    Never mention gpt-4o.\n  EOT\n}\n',
                 [(2, 23, "anthropic.claude-v2", "aws_bedrock", True, "foundation_model", None, None),
                  (4, 19, "gpt-4o", "openai", False, None, None, None)],
                 id="tf-bedrock-agent-and-heredoc-prose"),
    pytest.param("openai.tf", 'module "oai" {\n  source = "Azure/openai/azurerm"\n  deployment = {\n'
                 '    "gpt-4o-mini" = {\n      name          = "gpt-4o-mini"\n      model_format  = "OpenAI"\n'
                 '      model_name    = "gpt-4o-mini"\n      model_version = "2024-07-18"\n    }\n  }\n}\n',
                 [(7, 24, "gpt-4o-mini", "azure_openai", False, "model_name", "2024-07-18",
                   "OnceNewDefaultVersionAvailable")],
                 id="tf-registry-module-flat-deployment-map"),
    pytest.param("main.bicep", "param chatModel string = 'gpt-4o'\nparam chatVersion string = '2024-11-20'\n"
                 "var deployments = [\n  {\n    name: 'chat'\n    model: {\n      format: 'OpenAI'\n"
                 "      name: chatModel\n      version: chatVersion\n    }\n  }\n]\n"
                 "resource d 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = [for x in deployments: {\n"
                 "  name: x.name\n  properties: {\n    model: x.model\n    versionUpgradeOption: 'NoAutoUpgrade'\n  }\n}]\n",
                 [(1, 27, "gpt-4o", "azure_openai", True, "chatModel", "2024-11-20", "NoAutoUpgrade")],
                 id="bicep-param-default-and-the-loops-upgrade-option"),
    pytest.param("main.bicepparam", "using './main.bicep'\n"
                 "param chatModel = readEnvironmentVariable('AZURE_OPENAI_CHAT_MODEL', 'gpt-4o-mini')\n"
                 "param chatDeploymentName = 'gpt-4o-mini'\n",
                 [(2, 71, "gpt-4o-mini", "azure_openai", False, "chatModel", None, None)],
                 id="bicepparam-default-is-azure-deployment-name-is-not"),
    pytest.param("main.bicep", "@description('Chat model, for example gpt-4o')\nparam location string\n",
                 [(1, 39, "gpt-4o", "azure_openai", False, None, None, None)],
                 id="bicep-decorator-is-prose"),
    pytest.param("azuredeploy.json", '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",\n'
                 ' "parameters": {"m": {"type": "string", "defaultValue": "gpt-4o-mini"}},\n'
                 ' "resources": [{"type": "Microsoft.CognitiveServices/accounts/deployments",\n'
                 '   "name": "acct/gpt-4o", "properties": {"model": {"format": "OpenAI",\n'
                 '   "name": "[parameters(\'m\')]", "version": "2024-07-18"}, "versionUpgradeOption": "NoAutoUpgrade"}}]}\n',
                 [(2, 58, "gpt-4o-mini", "azure_openai", True, "m", "2024-07-18", "NoAutoUpgrade")],
                 id="arm-parameters-reference-and-account-slash-deployment-name"),
    pytest.param("main.parameters.json", '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",\n'
                 ' "parameters": {"chatModelName": {"value": "${AZURE_OPENAI_CHAT_MODEL=gpt-4o}"},\n'
                 '  "chatDeploymentName": {"value": "${AZURE_OPENAI_CHAT_DEPLOYMENT=gpt-4o}"}}}\n',
                 [(2, 71, "gpt-4o", "azure_openai", False, "chatModelName", None, None)],
                 id="azd-parameters-default-after-equals"),
    pytest.param("package.json", '{"name": "chat", "config": {"model": "gpt-4o"}}\n',
                 [(1, 39, "gpt-4o", "openai", False, "model", None, None)],
                 id="plain-json-is-not-arm"),
]


@pytest.mark.parametrize(("path", "text", "expected"), CASES)
def test_iac_references(path: str, text: str, expected: list[tuple[object, ...]]) -> None:
    assert rows(path, text) == expected


MESSAGES = [
    pytest.param("main.tf", TF_DEPLOYMENT.replace('  version_upgrade_option = "NoAutoUpgrade"\n', "")
                 .replace('"gpt-35-turbo"', '"gpt-4-32k"').replace('"0125"', '"0613"'),
                 [("MT003", "gpt-4-32k version 0613 was retired on 2025-06-06; use gpt-4o"),
                  ("MT001", "Azure deployment of gpt-4-32k version 0613 auto-upgrades "
                            "(OnceNewDefaultVersionAvailable); pin a version with "
                            "version_upgrade_option NoAutoUpgrade")],
                 id="retired-version-nothing-left-to-pin"),
    # 0125's 2025-02-22 is a "no sooner than" date: a planning date, not a retirement.
    pytest.param("main.tf", TF_DEPLOYMENT.replace('  version_upgrade_option = "NoAutoUpgrade"\n', ""),
                 [("MT001", "Azure deployment of gpt-35-turbo version 0125 auto-upgrades "
                            "(OnceNewDefaultVersionAvailable); pin version 0125 with "
                            "version_upgrade_option NoAutoUpgrade")],
                 id="planning-date-is-no-retirement"),
    pytest.param("main.bicep", "resource d 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = {\n"
                 "  name: 'chat'\n  properties: {\n    model: {\n      format: 'OpenAI'\n"
                 "      name: 'gpt-4o'\n    }\n  }\n}\n",
                 [("MT002", "gpt-4o shuts down on 2027-04-14; migrate to gpt-5.1"),
                  ("MT001", "Azure deployment of gpt-4o names no version and auto-upgrades "
                            "(OnceNewDefaultVersionAvailable); pin version 2024-11-20 with "
                            "versionUpgradeOption NoAutoUpgrade")],
                 id="no-version-names-the-newest-version"),
    pytest.param("main.tf", TF_DEPLOYMENT.replace('"gpt-35-turbo"', '"o3-mini"').replace('"0125"', '"2025-01-31"'),
                 [("MT003", "o3-mini version 2025-01-31 was retired on 2026-11-19; use gpt-5.6-terra")],
                 id="pinned-version-carries-its-own-retirement"),
]


@pytest.mark.parametrize(("path", "text", "expected"), MESSAGES)
def test_azure_deployment_findings(path: str, text: str, expected: list[tuple[str, str]]) -> None:
    assert [(f.rule, f.message) for f in judge(refs(path, text))] == expected


@pytest.mark.parametrize(("model", "expected"), [
    pytest.param("gpt-4o", ("2024-11-20", True), id="latest-shutdown-then-highest-version"),
    pytest.param("gpt-4", ("turbo-2024-04-09", True), id="previews-upgraded-away-are-retired"),
    pytest.param("gpt-4-32k", ("0613", False), id="every-version-retired"),
    pytest.param("gpt-35-turbo", ("0125", True), id="planning-dates-do-not-retire"),
    pytest.param("gpt-4o-realtime-preview", ("2024-12-17", False), id="preview-versions"),
    pytest.param("no-such-model", (None, False), id="unknown"),
])
def test_newest_version(model: str, expected: tuple[str | None, bool]) -> None:
    assert newest_version("azure_openai", model, catalog=load_catalog(), feed=load_feed(),
                          today=TODAY) == expected


@pytest.mark.parametrize("path", ["main.tf", "main.bicep"])
def test_nesting_past_the_stack_is_one_error_and_plain_text(path: str) -> None:
    from scanner.engine import scan_text

    text = 'x = "gpt-4o"\n' + "a = {" * 20_000 + "}" * 20_000 + "\n"
    if path.endswith(".bicep"):
        text = text.replace('"', "'")
    result = scan_text(path, text, today=TODAY)
    language = "hcl" if path.endswith(".tf") else "bicep"
    assert [e.message for e in result.errors] == [f"{language} nested too deeply; scanned as plain text instead"]
    assert [(r.line, r.column, r.text) for r in result.references] == [(1, 6, "gpt-4o")]
