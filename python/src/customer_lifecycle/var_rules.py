"""The package's dbt vars checked in Python, with the same rules and messages as macros/config/lifecycle_var.sql
(both read the rules from their one declaration, vars.yml).

The CLI calls `validate_vars` before it hands vars to dbt, so a typo fails in a second with one line
instead of after a dbt parse; dbt's on-run-start hook applies the same rules to every build.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from customer_lifecycle.var_declarations import var_declarations

RULES = {var.name: var.rule for var in var_declarations()}  # the one declaration: vars.yml
KIND_HELP = {var.rule: var.rule_help for var in var_declarations()}
CHOICES = {var.rule: var.choices for var in var_declarations() if var.choices}

# a boolean whose null means "true on this repository's sample shop" (Project.var and lifecycle_var resolve it)
SAMPLE_SHOP_BOOLEAN = "boolean_or_sample_shop"
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,127}")
_NUMBER = re.compile(r"[0-9]{1,15}([.][0-9]{0,15})?([eE][+-]?[0-9]{1,2})?")


class VarError(ValueError):
    """A var breaks its rule; the message is one line naming the var, the value and what is allowed."""


def _parses(text: str, fmt: str) -> bool:
    try:
        datetime.strptime(text, fmt)
    except ValueError:
        return False
    return True


def _is_valid(kind: str, value) -> bool:
    if value is None:
        return kind.endswith("_or_null") or kind == SAMPLE_SHOP_BOOLEAN
    if isinstance(value, (date, datetime)):  # YAML reads 2025-12-31 as a date, as dbt's --vars does
        value = str(value)
    is_bool = isinstance(value, bool)
    text = str(value).strip()
    if kind in ("boolean", SAMPLE_SHOP_BOOLEAN):
        return is_bool
    if kind in ("identifier", "identifier_or_null"):
        return isinstance(value, str) and _IDENTIFIER.fullmatch(value) is not None
    if kind == "identifier_list":
        return isinstance(value, (list, tuple)) and all(
            isinstance(item, str) and _IDENTIFIER.fullmatch(item) for item in value
        )
    if kind == "text_list":
        return isinstance(value, (list, tuple)) and all(
            isinstance(item, str) and 1 <= len(item.strip()) <= 40 for item in value
        )
    if is_bool or not isinstance(value, (str, int, float)):
        return False
    if kind in ("date", "date_or_null"):
        return re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text) is not None and _parses(text, "%Y-%m-%d")
    if kind == "timestamp_or_null":
        return re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}( [0-9]{2}:[0-9]{2}:[0-9]{2})?", text) is not None and _parses(
            text, "%Y-%m-%d %H:%M:%S" if " " in text else "%Y-%m-%d"
        )
    if kind in ("positive_integer", "positive_integer_or_null"):
        return re.fullmatch(r"[0-9]{1,9}", text) is not None and int(text) >= 1
    if kind in ("positive_number", "probability"):
        if _NUMBER.fullmatch(text) is None:
            return False
        return float(text) > 0 if kind == "positive_number" else float(text) <= 1
    if kind in CHOICES:
        return isinstance(value, str) and text.lower() in CHOICES[kind]
    raise AssertionError(f"no rule for kind {kind!r}")


def var_problems(vars: dict) -> list[str]:
    """One message per var of this package that breaks its rule (other vars are not this package's business)."""
    problems = []
    for name, kind in RULES.items():  # in the rules' order, as the dbt macro reports them
        value = vars.get(name)
        if name in vars and not _is_valid(kind, value):
            shown = str(value).replace("\n", " ").replace("\r", " ")[:80]
            problems.append(f"var {name} = '{shown}' is not allowed: expected {KIND_HELP[kind]}")
    medium, high = vars.get("lifecycle_risk_medium"), vars.get("lifecycle_risk_high")
    if not problems and medium is not None and high is not None and float(medium) > float(high):
        problems.append(
            f"var lifecycle_risk_medium = '{medium}' is not allowed: expected a number <= lifecycle_risk_high ({high})"
        )
    return problems


def validate_vars(vars: dict) -> None:
    """Raise VarError, one line naming every var that breaks its rule, as dbt's on-run-start hook would."""
    problems = var_problems(vars)
    if problems:
        raise VarError("customer_lifecycle: " + "; ".join(problems))
