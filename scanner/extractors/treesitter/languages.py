"""Per-language node-type tables for the shared tree-sitter walker.

Everything a language needs to say is here, as data: which nodes are string literals
and comments, which ones bind a name to a value (and where the name sits), which are
calls, which binary operators give a default (``??``, ``||``, ``?:``) or concatenate.
A locator is a field name, or ``@first`` / ``@last`` for the first or last named
child (grammars such as Kotlin's name few fields). Node types were read off each
grammar's parse of real code (tree-sitter 0.26, the grammar versions pinned in
pyproject.toml); a grammar update that renames a node only loses that context.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass(frozen=True, slots=True)
class LangSpec:
    key: str
    language: str  # what references report
    label: str  # for messages
    module: str  # the PyPI grammar package's import name
    function: str  # its function returning the language pointer
    strings: frozenset[str]
    comments: frozenset[str]
    # node type -> (name locator, value locator)
    bindings: dict[str, tuple[str, str]]
    # node type -> callee locator; the other children hold the arguments
    calls: dict[str, str]
    # binary nodes whose right side takes its key from the left: defaults, comparisons
    keyed_binaries: dict[str, frozenset[str]] = field(default_factory=dict)
    # binary nodes that concatenate strings
    concats: dict[str, frozenset[str]] = field(default_factory=dict)
    # a switch's case node -> (the switch's node, the field of its subject): the values of
    # `case "o1":` are the subject's (`switch (model)`)
    switches: dict[str, tuple[str, str]] = field(default_factory=dict)
    # a type declaration -> the locator of its name: a member whose own name is no model
    # key is keyed Owner.member under an owner that is one (`enum Model { O1 = "o1" }`).
    # A binding's own type counts too where it is listed (Go's `ModelO1 Model = "o1"`).
    owners: dict[str, str] = field(default_factory=dict)
    # nodes inside a string literal that hold an expression (``${x}``, ``#{x}``)
    interpolations: frozenset[str] = frozenset()
    # named children of a string literal that are delimiters, not content
    delimiters: frozenset[str] = frozenset()
    escapes: frozenset[str] = frozenset({"escape_sequence"})
    parenthesized: frozenset[str] = frozenset({"parenthesized_expression"})
    # named children skipped by @first/@last (modifiers and annotations)
    skip: frozenset[str] = frozenset({"modifiers", "modifier", "annotation", "attribute_list",
                                      "visibility_modifier", "value_binding_pattern",
                                      "type_annotation", "comment", "type_arguments",
                                      "type_argument_list", "interpolation_brace"})
    # Kotlin's grammar leaves ``"$name"`` as plain string content.
    dollar_names: bool = False
    comment_prefix: str = "//"


_EQ = frozenset({"==", "===", "!=", "!=="})
_PLUS = frozenset({"+"})

_JS = LangSpec(
    key="javascript", language="javascript", label="JavaScript",
    module="tree_sitter_javascript", function="language",
    strings=frozenset({"string", "template_string"}),
    comments=frozenset({"comment", "html_comment"}),
    bindings={
        "variable_declarator": ("name", "value"),
        "pair": ("key", "value"),
        "assignment_expression": ("left", "right"),
        "augmented_assignment_expression": ("left", "right"),
        "assignment_pattern": ("left", "right"),
        "field_definition": ("property", "value"),
        "public_field_definition": ("name", "value"),
        "jsx_attribute": ("@first", "@last"),
        "enum_assignment": ("name", "value"),
        "required_parameter": ("pattern", "value"),
        "optional_parameter": ("pattern", "value"),
        # TypeScript: `model: "gpt-4o" | "o3-mini"` in an interface, `type ChatModel = ...`
        "property_signature": ("name", "type"),
        "type_alias_declaration": ("name", "value"),
    },
    calls={"call_expression": "function", "new_expression": "constructor"},
    keyed_binaries={"binary_expression": frozenset({"??", "||"}) | _EQ},
    concats={"binary_expression": _PLUS},
    switches={"switch_case": ("switch_statement", "value")},
    interpolations=frozenset({"template_substitution"}),
    owners={"enum_declaration": "name", "class_declaration": "name",
            "abstract_class_declaration": "name", "class": "name"},
)
_TS = replace(_JS, key="typescript", language="typescript", label="TypeScript",
              module="tree_sitter_typescript", function="language_typescript")
_TSX = replace(_TS, key="tsx", function="language_tsx")

_GO = LangSpec(
    key="go", language="go", label="Go", module="tree_sitter_go", function="language",
    strings=frozenset({"interpreted_string_literal", "raw_string_literal"}),
    comments=frozenset({"comment"}),
    bindings={
        "const_spec": ("name", "value"),
        "var_spec": ("name", "value"),
        "short_var_declaration": ("left", "right"),
        "assignment_statement": ("left", "right"),
        "keyed_element": ("key", "value"),
    },
    calls={"call_expression": "function"},
    keyed_binaries={"binary_expression": _EQ},
    concats={"binary_expression": _PLUS},
    switches={"expression_case": ("expression_switch_statement", "value")},
    owners={"const_spec": "type", "var_spec": "type"},
)

_JAVA = LangSpec(
    key="java", language="java", label="Java", module="tree_sitter_java", function="language",
    strings=frozenset({"string_literal"}),
    comments=frozenset({"line_comment", "block_comment"}),
    bindings={
        "variable_declarator": ("name", "value"),
        "assignment_expression": ("left", "right"),
        "element_value_pair": ("key", "value"),
        "enum_constant": ("name", "arguments"),
    },
    calls={"method_invocation": "name", "object_creation_expression": "type",
           "annotation": "name", "explicit_constructor_invocation": "constructor"},
    keyed_binaries={"binary_expression": _EQ},
    concats={"binary_expression": _PLUS},
    switches={"switch_label": ("switch_expression", "condition")},
    interpolations=frozenset({"string_interpolation"}),
    owners={"enum_declaration": "name", "class_declaration": "name",
            "interface_declaration": "name", "record_declaration": "name"},
)

_KOTLIN = LangSpec(
    key="kotlin", language="kotlin", label="Kotlin", module="tree_sitter_kotlin",
    function="language",
    strings=frozenset({"string_literal", "multiline_string_literal"}),
    comments=frozenset({"line_comment", "block_comment", "multiline_comment"}),
    bindings={
        "property_declaration": ("@first", "@last"),
        "assignment": ("@first", "@last"),
        "value_argument": ("@first", "@last"),
        "infix_expression": ("@first", "@last"),
        "enum_entry": ("@first", "@last"),
        "class_parameter": ("@first", "@last"),
        "parameter_with_optional_type": ("@first", "@last"),
    },
    calls={"call_expression": "@first", "constructor_invocation": "@first"},
    keyed_binaries={"binary_expression": frozenset({"?:"}) | _EQ,
                    "elvis_expression": frozenset({"?:"}), "equality_expression": _EQ},
    concats={"binary_expression": _PLUS, "additive_expression": _PLUS},
    interpolations=frozenset({"interpolation", "interpolated_expression"}),
    dollar_names=True,
    switches={"when_entry": ("when_expression", "@first")},
    owners={"class_declaration": "name", "object_declaration": "name"},
)

_CSHARP = LangSpec(
    key="csharp", language="csharp", label="C#", module="tree_sitter_c_sharp",
    function="language",
    strings=frozenset({"string_literal", "verbatim_string_literal", "raw_string_literal",
                       "interpolated_string_expression"}),
    comments=frozenset({"comment"}),
    bindings={
        "variable_declarator": ("name", "@last"),
        "assignment_expression": ("left", "right"),
        "property_declaration": ("name", "value"),
        "enum_member_declaration": ("name", "value"),
        "argument": ("name", "@last"),
        "attribute_argument": ("@first", "@last"),
        "anonymous_object_member_declarator": ("@first", "@last"),
        "parameter": ("name", "@last"),
    },
    calls={"invocation_expression": "function", "object_creation_expression": "type",
           "attribute": "name"},
    keyed_binaries={"binary_expression": frozenset({"??"}) | _EQ},
    concats={"binary_expression": _PLUS},
    interpolations=frozenset({"interpolation"}),
    delimiters=frozenset({"interpolation_start", "raw_string_start", "raw_string_end",
                          "interpolation_quote", "interpolation_brace"}),
    switches={"switch_section": ("switch_statement", "value")},
    owners={"class_declaration": "name", "struct_declaration": "name",
            "record_declaration": "name", "interface_declaration": "name"},
)

_RUBY = LangSpec(
    key="ruby", language="ruby", label="Ruby", module="tree_sitter_ruby", function="language",
    strings=frozenset({"string", "bare_string", "heredoc_body"}),
    comments=frozenset({"comment"}),
    bindings={
        "assignment": ("left", "right"),
        "operator_assignment": ("left", "right"),
        "pair": ("key", "value"),
        "optional_parameter": ("name", "value"),
        "keyword_parameter": ("name", "value"),
    },
    calls={"call": "method"},
    keyed_binaries={"binary": frozenset({"||", "or", "=="})},
    concats={"binary": _PLUS},
    interpolations=frozenset({"interpolation"}),
    delimiters=frozenset({"heredoc_end"}),
    comment_prefix="#",
    switches={"when": ("case", "value")},
    owners={"class": "name", "module": "name"},
)

_RUST = LangSpec(
    key="rust", language="rust", label="Rust", module="tree_sitter_rust", function="language",
    strings=frozenset({"string_literal", "raw_string_literal"}),
    comments=frozenset({"line_comment", "block_comment"}),
    bindings={
        "let_declaration": ("pattern", "value"),
        "const_item": ("name", "value"),
        "static_item": ("name", "value"),
        "field_initializer": ("field", "value"),
        "assignment_expression": ("left", "right"),
        "match_arm": ("pattern", "value"),
    },
    calls={"call_expression": "function", "macro_invocation": "macro"},
    keyed_binaries={"binary_expression": _EQ},
    switches={"match_arm": ("match_expression", "value")},
    owners={"impl_item": "type", "mod_item": "name"},
)

_PHP = LangSpec(
    key="php", language="php", label="PHP", module="tree_sitter_php", function="language_php",
    strings=frozenset({"string", "encapsed_string", "heredoc", "nowdoc"}),
    comments=frozenset({"comment"}),
    bindings={
        "assignment_expression": ("left", "right"),
        "array_element_initializer": ("@first", "@last"),
        "const_element": ("@first", "@last"),
        "property_element": ("name", "default_value"),
        "argument": ("name", "@last"),
        "simple_parameter": ("name", "default_value"),
        "property_promotion_parameter": ("name", "default_value"),
        "enum_case": ("name", "value"),
    },
    calls={"function_call_expression": "function", "member_call_expression": "name",
           "scoped_call_expression": "name", "object_creation_expression": "@first",
           "nullsafe_member_call_expression": "name"},
    keyed_binaries={"binary_expression": frozenset({"??", "||", "or"}) | _EQ,
                    "conditional_expression": frozenset({"?"})},
    concats={"binary_expression": frozenset({"."})},
    interpolations=frozenset({"variable_name", "dynamic_variable_name", "member_access_expression",
                              "subscript_expression"}),
    delimiters=frozenset({"heredoc_start", "heredoc_end"}),
    switches={"case_statement": ("switch_statement", "condition")},
    owners={"enum_declaration": "name", "class_declaration": "name",
            "interface_declaration": "name"},
)

_SWIFT = LangSpec(
    key="swift", language="swift", label="Swift", module="tree_sitter_swift", function="language",
    strings=frozenset({"line_string_literal", "multi_line_string_literal", "raw_string_literal"}),
    comments=frozenset({"comment", "multiline_comment"}),
    bindings={
        "property_declaration": ("name", "value"),
        "value_argument": ("name", "value"),
        "enum_entry": ("name", "raw_value"),
        "assignment": ("target", "result"),
        "dictionary_literal": ("@prev", "value"),
    },
    calls={"call_expression": "@first"},
    keyed_binaries={"nil_coalescing_expression": frozenset({"??"}),
                    "equality_expression": _EQ},
    concats={"additive_expression": _PLUS},
    interpolations=frozenset({"interpolated_expression"}),
    switches={"switch_entry": ("switch_statement", "expr")},
    owners={"class_declaration": "name", "protocol_declaration": "name"},
)

LANGUAGES: dict[str, LangSpec] = {
    spec.key: spec
    for spec in (_JS, _TS, _TSX, _GO, _JAVA, _KOTLIN, _CSHARP, _RUBY, _RUST, _PHP, _SWIFT)
}
