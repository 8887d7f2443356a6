"""dbt scenarios: each builds the project's models once into its own database.

dbt starts in seconds, so every scenario is session-scoped and built by a single `dbt build`.
"""

from __future__ import annotations

import pytest
from dbt_scenarios import BASE_VARS, base_shop, build_scenario, shop_tables


@pytest.fixture(scope="session")
def dbt_tmp(tmp_path_factory):
    return tmp_path_factory.mktemp("dbt-scenarios")


@pytest.fixture(scope="session")
def base_shop_duckdb(dbt_tmp):
    """The small synthetic shop (text columns, a few bad rows) built on DuckDB."""
    wh = build_scenario(dbt_tmp / "base.duckdb", shop_tables(*base_shop()), BASE_VARS)
    yield wh
    wh.close()
