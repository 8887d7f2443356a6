"""docs/vars.md is generated from the vars' one declaration (dbt_project.yml's `vars:` and the var rules):
the checked-in page is exactly what the generator writes, and it lists every declared var."""

import subprocess
import sys

import yaml
from repository import REPOSITORY_DIR

GENERATOR = REPOSITORY_DIR / "python" / "tools" / "vars_reference.py"
PAGE = REPOSITORY_DIR / "docs" / "vars.md"


def test_the_vars_page_is_the_generators_output():
    written = subprocess.run([sys.executable, str(GENERATOR)], capture_output=True, text=True, check=True).stdout
    assert PAGE.read_text() == written, "docs/vars.md is stale: python python/tools/vars_reference.py > docs/vars.md"


def test_the_vars_page_lists_every_declared_var_once():
    declared = yaml.safe_load((REPOSITORY_DIR / "dbt_project.yml").read_text())["vars"]
    rows = [line.split("`")[1] for line in PAGE.read_text().splitlines() if line.startswith("| `")]
    assert sorted(rows) == sorted(declared)
