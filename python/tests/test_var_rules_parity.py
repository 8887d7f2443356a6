"""The vars are declared in three places (dbt_project.yml, macros/config/lifecycle_var.sql, var_rules.py): the same
names, rules and help texts in each, so the CLI and dbt's hook refuse the same values with the same words."""
import re

import yaml

from customer_lifecycle.var_rules import KIND_HELP, RULES
from repository import REPOSITORY_DIR

MACROS = (REPOSITORY_DIR / "macros" / "config" / "lifecycle_var.sql").read_text()


def _macro_table(name: str) -> dict[str, str]:
    body = MACROS.split(f"{{% macro {name}(", 1)[1].split("{% endmacro %}", 1)[0]
    return dict(re.findall(r"'(\w+)': '([^']*)'", body))


def test_dbt_and_python_share_every_rule_and_its_help():
    assert _macro_table("lifecycle_var_rules") == RULES
    assert _macro_table("lifecycle_var_kind_help") == KIND_HELP


def test_every_ruled_var_has_a_default_in_dbt_project():
    declared = yaml.safe_load((REPOSITORY_DIR / "dbt_project.yml").read_text())["vars"]
    assert set(RULES) <= set(declared)
