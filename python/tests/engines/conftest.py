"""Engine fixtures: the PostgreSQL server as a dbt target (the SparkSession is in python/tests/conftest.py)."""
from __future__ import annotations

import pytest

from customer_lifecycle.warehouse import Warehouse


@pytest.fixture(scope="session")
def postgres_warehouse(postgres_target):
    """The `postgres` target pointed at the session's server."""
    with postgres_target("lifecycle"):
        wh = Warehouse("postgres")
        yield wh
        wh.close()
