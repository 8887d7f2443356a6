"""The sample shop with order lines and products switched on, built up to customer_recommendations once per engine
per session (the committed product_similarity seed: the weights `lifecycle train` learned on this shop)."""

from __future__ import annotations

import pytest

from customer_lifecycle.engines.load import load_sample_shop
from customer_lifecycle.warehouse import Warehouse

ORDER_LINES_ON = {"lifecycle_has_order_lines": True, "lifecycle_has_products": True}


def build_recommendations(wh: Warehouse) -> Warehouse:
    loaded = load_sample_shop(wh)
    # cautious: a test that also reads a model outside the selection waits for a full build
    wh.dbt(
        "build",
        "--select",
        "+customer_recommendations+",  # and the report's reporting models on the lists
        "+inputs_load_summary",
        "--indirect-selection",
        "cautious",
        *(["--exclude", *loaded] if loaded else []),
    )
    return wh


@pytest.fixture(scope="session")
def recommendations_duckdb(tmp_path_factory):
    wh = Warehouse(
        "duckdb", duckdb_path=tmp_path_factory.mktemp("recommendations") / "shop.duckdb", vars=ORDER_LINES_ON
    )
    yield build_recommendations(wh)
    wh.close()


@pytest.fixture(scope="session")
def recommendations_postgres(postgres_target):
    with postgres_target("lifecycle_recommendations"):
        wh = Warehouse("postgres", vars=ORDER_LINES_ON)
        yield build_recommendations(wh)
        wh.close()


@pytest.fixture(scope="session")
def recommendations_spark(spark_warehouse):
    """In its own schema of the session's Spark metastore (spark_warehouse set the directory)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LIFECYCLE_SPARK_SCHEMA", "lifecycle_recommendations")
        wh = Warehouse("spark", vars=ORDER_LINES_ON)
        yield build_recommendations(wh)
        wh.close()
