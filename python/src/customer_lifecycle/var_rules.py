"""The package's dbt vars checked in Python, with the same rules and messages as macros/config/lifecycle_var.sql.

The CLI calls `validate_vars` before it hands vars to dbt, so a typo fails in a second with one line
instead of after a dbt parse; dbt's on-run-start hook applies the same rules to every build.
"""
from __future__ import annotations

import re
from datetime import date, datetime

RULES = {
    "lifecycle_use_sample_shop": "boolean",
    "lifecycle_source_database": "identifier_or_null",
    "lifecycle_source_schema": "identifier_or_null",
    "lifecycle_orders_table": "identifier",
    "lifecycle_customers_table": "identifier",
    "lifecycle_events_table": "identifier",
    "lifecycle_has_customers": "boolean",
    "lifecycle_has_events": "boolean",
    "lifecycle_orders_has_status": "boolean",
    "lifecycle_orders_loaded_at_column": "identifier_or_null",
    "lifecycle_customers_loaded_at_column": "identifier_or_null",
    "lifecycle_events_loaded_at_column": "identifier_or_null",
    "as_of_date": "date_or_null",
    "lifecycle_load_time": "timestamp_or_null",
    "lifecycle_earliest_valid_date": "date",
    "lifecycle_max_order_amount": "positive_number",
    "lifecycle_churn_floor_days": "positive_integer",
    "lifecycle_churn_gap_multiplier": "positive_number",
    "lifecycle_snapshot_cadence": "cadence",
    "lifecycle_snapshot_count": "positive_integer_or_null",
    "lifecycle_label_horizon_days": "positive_integer",
    "lifecycle_training_sample_rows": "positive_integer_or_null",
    "lifecycle_incremental": "boolean",
    "lifecycle_reopen_days": "positive_integer",
    "lifecycle_risk_high": "probability",
    "lifecycle_risk_medium": "probability",
    "lifecycle_risk_band_method": "risk_band_method",
    "lifecycle_psi_warn": "positive_number",
    "lifecycle_psi_error": "positive_number",
    "lifecycle_drift_reference": "drift_reference",
    "lifecycle_drift_warn_only": "identifier_list",
    "lifecycle_extra_null_id_markers": "text_list",
}

KIND_HELP = {
    "boolean": "true or false",
    "identifier": "a plain table or schema name (letters, digits, underscores; not starting with a digit)",
    "identifier_or_null": "null or a plain name (letters, digits, underscores; not starting with a digit)",
    "identifier_list": "a list of plain column names",
    "date": "a calendar date YYYY-MM-DD",
    "date_or_null": "null or a calendar date YYYY-MM-DD",
    "timestamp_or_null": "null or a UTC timestamp YYYY-MM-DD[ HH:MM:SS]",
    "positive_integer": "a whole number >= 1",
    "positive_integer_or_null": "null or a whole number >= 1",
    "positive_number": "a number > 0",
    "probability": "a number between 0 and 1",
    "cadence": "one of day, week, month, quarter",
    "drift_reference": "one of latest, all",
    "risk_band_method": "one of probability, quantile",
    "text_list": "a list of texts of 1 to 40 characters",
}

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
        return kind.endswith("_or_null")
    if isinstance(value, (date, datetime)):  # YAML reads 2025-12-31 as a date, as dbt's --vars does
        value = str(value)
    is_bool = isinstance(value, bool)
    text = str(value).strip()
    if kind == "boolean":
        return is_bool
    if kind in ("identifier", "identifier_or_null"):
        return isinstance(value, str) and _IDENTIFIER.fullmatch(value) is not None
    if kind == "identifier_list":
        return isinstance(value, (list, tuple)) and all(
            isinstance(item, str) and _IDENTIFIER.fullmatch(item) for item in value)
    if kind == "text_list":
        return isinstance(value, (list, tuple)) and all(
            isinstance(item, str) and 1 <= len(item.strip()) <= 40 for item in value)
    if is_bool or not isinstance(value, (str, int, float)):
        return False
    if kind in ("date", "date_or_null"):
        return re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text) is not None and _parses(text, "%Y-%m-%d")
    if kind == "timestamp_or_null":
        return (re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}( [0-9]{2}:[0-9]{2}:[0-9]{2})?", text) is not None
                and _parses(text, "%Y-%m-%d %H:%M:%S" if " " in text else "%Y-%m-%d"))
    if kind in ("positive_integer", "positive_integer_or_null"):
        return re.fullmatch(r"[0-9]{1,9}", text) is not None and int(text) >= 1
    if kind in ("positive_number", "probability"):
        if _NUMBER.fullmatch(text) is None:
            return False
        return float(text) > 0 if kind == "positive_number" else float(text) <= 1
    if kind == "cadence":
        return isinstance(value, str) and text.lower() in ("day", "week", "month", "quarter")
    if kind == "drift_reference":
        return isinstance(value, str) and text.lower() in ("latest", "all")
    if kind == "risk_band_method":
        return isinstance(value, str) and text.lower() in ("probability", "quantile")
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
        problems.append(f"var lifecycle_risk_medium = '{medium}' is not allowed: "
                        f"expected a number <= lifecycle_risk_high ({high})")
    return problems


def validate_vars(vars: dict) -> None:
    """Raise VarError, one line naming every var that breaks its rule, as dbt's on-run-start hook would."""
    problems = var_problems(vars)
    if problems:
        raise VarError("customer_lifecycle: " + "; ".join(problems))
