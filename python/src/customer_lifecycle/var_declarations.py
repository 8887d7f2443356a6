"""The package's dbt vars, read from their one declaration (vars.yml), and the files derived from it.

`python -m customer_lifecycle.var_declarations` rewrites the derived files in this repository: the `vars:`
defaults at the end of dbt_project.yml and the macro dbt reads the declaration from
(macros/config/lifecycle_var_declarations.sql). python/tests/test_var_declarations.py fails when they are stale.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

DECLARATION = "vars.yml"
REPOSITORY_DIR = Path(__file__).resolve().parents[3]  # python/src/customer_lifecycle/ -> the repository
MACRO_PATH = Path("macros", "config", "lifecycle_var_declarations.sql")
VARS_HEADER = (
    "# Generated from python/src/customer_lifecycle/vars.yml by `python -m customer_lifecycle.var_declarations`:"
    "\n# edit that file, not these lines (the rules and descriptions are there too).\n"
)


@dataclass(frozen=True)
class VarDeclaration:
    name: str
    default: object
    rule: str
    rule_help: str
    choices: tuple[str, ...]
    description: str
    section: str


def declaration_text() -> str:
    return resources.files(__package__).joinpath(DECLARATION).read_text()


@cache
def _declaration() -> dict:
    return yaml.safe_load(declaration_text())


def rule_help(rule: str) -> str:
    """What a rule allows, as the error says it."""
    spec = _declaration()["rules"][rule]
    return spec.get("help") or "one of " + ", ".join(spec["choices"])


@cache
def var_declarations() -> tuple[VarDeclaration, ...]:
    """Every var of the package in declaration order: name, default, rule (and its help), description, section."""
    rules = _declaration()["rules"]
    return tuple(
        VarDeclaration(
            name,
            spec["default"],
            spec["rule"],
            rule_help(spec["rule"]),
            tuple(rules[spec["rule"]].get("choices", ())),
            spec["description"],
            section["title"],
        )
        for section in _declaration()["sections"]
        for name, spec in section["vars"].items()
    )


def _flow(value) -> str:
    """A default as one YAML flow scalar or list, the way it reads in dbt_project.yml."""
    return yaml.safe_dump(value, default_flow_style=True, width=1000).removesuffix("\n...\n").strip()


def dbt_project_vars_block() -> str:
    """The `vars:` block ending dbt_project.yml: every declared var at its default, commented with its description."""
    lines = [VARS_HEADER + "vars:"]
    section = None
    for var in var_declarations():
        if var.section != section:
            section = var.section
            lines.append(f"  # --- {section} ---")
        lines.append(f"  {var.name}: {_flow(var.default)}  # {var.description}")
    return "\n".join(lines) + "\n"


def declarations_macro() -> str:
    """The macro through which dbt reads the declaration (dbt's Jinja cannot open a file): each var's rule and each
    rule's help and choices, as one Jinja literal. A literal, not the YAML through fromyaml: lifecycle_var() reads
    it on every call, and parsing YAML there cost seconds of every dbt parse in a consumer project."""
    table = {
        "vars": {var.name: var.rule for var in var_declarations()},
        "rules": {var.rule: {"help": var.rule_help, "choices": list(var.choices)} for var in var_declarations()},
    }
    return (
        "{# Generated from python/src/customer_lifecycle/vars.yml\n"
        "   by `python -m customer_lifecycle.var_declarations`: edit that file. #}\n"
        "{% macro lifecycle_var_declarations() %}\n{{ return("
        + json.dumps(table, indent=4, ensure_ascii=False)
        + ") }}\n{% endmacro %}\n"
    )


def with_vars_block(dbt_project_yml: str) -> str:
    """dbt_project.yml with its `vars:` block (from the generated header, or `vars:`, to the end) rewritten."""
    start = dbt_project_yml.find(VARS_HEADER)
    if start < 0:
        start = dbt_project_yml.index("\nvars:\n") + 1
    return dbt_project_yml[:start] + dbt_project_vars_block()


def write_derived_files(repository: Path = REPOSITORY_DIR) -> None:
    (repository / MACRO_PATH).write_text(declarations_macro())
    project = repository / "dbt_project.yml"
    project.write_text(with_vars_block(project.read_text()))


if __name__ == "__main__":
    write_derived_files()
