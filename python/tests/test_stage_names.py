"""The lifecycle stages are declared once in SQL (macros/lifecycle/lifecycle_stages.sql); the report's Python list
must be the same, in the same funnel order, and no mart test or macro lists them again."""

import ast
import re

from repository import REPOSITORY_DIR

from customer_lifecycle.report.figures import STAGES

MACRO = REPOSITORY_DIR / "macros" / "lifecycle" / "lifecycle_stages.sql"


def _declared() -> list[str]:
    return ast.literal_eval(re.search(r"return\((\[.*?\])\)", MACRO.read_text(), re.S).group(1))


def test_the_report_draws_the_declared_stages_in_order():
    assert STAGES == _declared()


def test_no_other_dbt_file_lists_the_stages():
    """Prose may name them (a column's description); a list a test or macro applies may not."""
    listing = re.compile(r"acquired\W+attracted\W+registered")
    repeated = [
        (path.relative_to(REPOSITORY_DIR), line.strip())
        for folder in ("models", "macros")
        for path in (REPOSITORY_DIR / folder).rglob("*")
        if path.suffix in (".sql", ".yml") and path != MACRO
        for line in path.read_text().splitlines()
        if listing.search(line) and not line.strip().startswith(("description:", "{#", "--"))
    ]
    assert repeated == []
