"""Engine fixtures: the PostgreSQL server as a dbt target (the SparkSession is in python/tests/conftest.py), and
the sample shop built once per engine per session, shared by every test of this folder."""

from __future__ import annotations

import pytest
from sample_shop import build_sample_shop

from customer_lifecycle.warehouse import Warehouse


@pytest.fixture(scope="session")
def postgres_warehouse(postgres_target):
    """The `postgres` target pointed at the session's server."""
    with postgres_target("lifecycle"):
        wh = Warehouse("postgres")
        yield wh
        wh.close()


@pytest.fixture(scope="session")
def sample_shop_duckdb(tmp_path_factory):
    return build_sample_shop(Warehouse("duckdb", duckdb_path=tmp_path_factory.mktemp("duckdb") / "shop.duckdb"))


@pytest.fixture(scope="session")
def sample_shop_postgres(postgres_warehouse):
    return build_sample_shop(postgres_warehouse)


@pytest.fixture(scope="session")
def sample_shop_spark(spark_warehouse):
    return build_sample_shop(spark_warehouse)
