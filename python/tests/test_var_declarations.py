"""The vars are declared once (python/src/customer_lifecycle/vars.yml). dbt_project.yml's defaults and the macro dbt
reads the rules from are derived from it, every var the package reads is declared there, and dbt's hook and the
CLI refuse the same values with the same words."""

import re

import pytest
from repository import REPOSITORY_DIR

from customer_lifecycle.var_declarations import MACRO_PATH, declarations_macro, var_declarations, with_vars_block
from customer_lifecycle.var_rules import VarError, validate_vars
from customer_lifecycle.warehouse import DbtCommandError, Warehouse

DBT_FILES = [
    path
    for folder in ("models", "macros")
    for path in (REPOSITORY_DIR / folder).rglob("*")
    if path.suffix in (".sql", ".yml")
] + [REPOSITORY_DIR / "dbt_project.yml"]
READS = re.compile(r"\bvar\(\s*['\"](\w+)['\"]")  # var('x') and lifecycle_var('x')
RULES_MACRO = REPOSITORY_DIR / "macros" / "config" / "lifecycle_var.sql"

# a value each rule refuses; a new rule in vars.yml needs a case here
BAD_VALUES = {
    "boolean": "no",
    "boolean_or_sample_shop": "yes",
    "identifier": "orders; drop",
    "identifier_or_null": "1st",
    "identifier_list": ["ok", "not ok"],
    "text_list": "unknown",
    "date": "2025-02-30",
    "date_or_null": "31/12/2025",
    "timestamp_or_null": "2025-01-01T00",
    "positive_integer": "90d",
    "positive_integer_or_null": 0,
    "positive_number": -1,
    "probability": 1.5,
    "cadence": "fortnight",
    "drift_reference": "oldest",
    "risk_band_method": "decile",
    "severity": "fatal",
}


def test_derived_files_are_generated_from_the_declaration():
    """Fails when dbt_project.yml's vars or the macro were edited by hand: edit vars.yml and run
    `python -m customer_lifecycle.var_declarations`."""
    project = (REPOSITORY_DIR / "dbt_project.yml").read_text()
    assert project == with_vars_block(project)
    assert (REPOSITORY_DIR / MACRO_PATH).read_text() == declarations_macro()


def test_every_var_the_package_reads_is_declared():
    declared = {var.name for var in var_declarations()}
    read = {name: path.relative_to(REPOSITORY_DIR) for path in DBT_FILES for name in READS.findall(path.read_text())}
    assert {name: path for name, path in read.items() if name not in declared} == {}


def test_sql_reads_vars_through_their_rules():
    """Only lifecycle_var.sql calls dbt's var(); yml files may (dbt renders them before macros exist), and the
    on-run-start hook has checked every declared var by then."""
    direct = [
        path.relative_to(REPOSITORY_DIR)
        for path in DBT_FILES
        if path.suffix == ".sql" and path != RULES_MACRO and re.search(r"(?<![\w.])var\(\s*['\"]", path.read_text())
    ]
    assert direct == []


def test_dbt_and_python_refuse_the_same_values_with_the_same_words(tmp_path):
    first_of_each_rule = {}
    for var in var_declarations():
        first_of_each_rule.setdefault(var.rule, var.name)
    assert set(first_of_each_rule) == set(BAD_VALUES)
    bad = {name: BAD_VALUES[rule] for rule, name in first_of_each_rule.items()}
    with pytest.raises(VarError) as python_error:
        validate_vars(bad)
    wh = Warehouse("duckdb", duckdb_path=tmp_path / "vars.duckdb", project_dir=REPOSITORY_DIR, quiet=True)
    with pytest.raises(DbtCommandError) as dbt_error:
        wh.dbt("run-operation", "lifecycle_check_vars", vars=bad)
    assert str(python_error.value) in str(dbt_error.value)
    assert str(python_error.value).count("is not allowed") == len(BAD_VALUES)


def test_choices_are_read_in_any_case(tmp_path):
    good = {"lifecycle_drift_severity": "Error", "lifecycle_snapshot_cadence": "WEEK"}
    validate_vars(good)
    wh = Warehouse("duckdb", duckdb_path=tmp_path / "vars.duckdb", project_dir=REPOSITORY_DIR, quiet=True)
    wh.dbt("run-operation", "lifecycle_check_vars", vars=good)
