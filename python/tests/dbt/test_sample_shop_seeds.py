"""The sample shop seeds load only when asked for, and never over a table they did not load."""

import shutil

import pytest
from repository import REPOSITORY_DIR

from customer_lifecycle.warehouse import DbtCommandError, Warehouse

PARTS = ["dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "tests"]


@pytest.fixture
def warehouse(tmp_path):
    for part in PARTS:
        (shutil.copytree if (REPOSITORY_DIR / part).is_dir() else shutil.copy)(REPOSITORY_DIR / part, tmp_path / part)
    wh = Warehouse(duckdb_path=tmp_path / "shop.duckdb", project_dir=tmp_path)
    yield wh
    wh.close()


def _tables(wh) -> set[str]:
    return set(wh.query("select table_name from information_schema.tables")["table_name"])


def test_no_sample_shop_table_unless_lifecycle_use_sample_shop(warehouse):
    warehouse.dbt("seed", vars={"lifecycle_use_sample_shop": False})
    assert not _tables(warehouse) & {"raw_orders", "raw_customers", "raw_events"}


def test_the_sample_shop_reloads_over_itself_but_never_over_a_table_of_yours(warehouse):
    warehouse.dbt("seed", "--select", "raw_customers")
    warehouse.dbt("seed", "--select", "raw_customers")  # a previous load of the same seed: replaced
    warehouse.execute("create or replace table raw_customers as select 'mine' as customer_id")
    with pytest.raises(DbtCommandError, match="refusing to load the sample shop over it"):
        warehouse.dbt("seed", "--select", "raw_customers")
    assert warehouse.query("select customer_id from raw_customers")["customer_id"].tolist() == ["mine"]
