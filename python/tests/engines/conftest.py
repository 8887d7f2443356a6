"""Engine fixtures: one PostgreSQL server and one local SparkSession per test session, as dbt targets."""
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


@pytest.fixture(scope="session")
def spark_warehouse(tmp_path_factory):
    """The `spark` target: pyspark in this process, metastore and warehouse in a temp dir.

    A process has one SparkSession and its static settings are fixed at creation, so the directory is set
    before anything touches Spark and stays for the whole session.
    """
    pytest.importorskip("pyspark", reason="pip install 'dbt-spark[session]' pyspark for the Spark leg")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LIFECYCLE_SPARK_DIR", str(tmp_path_factory.mktemp("spark")))
        wh = Warehouse("spark")
        yield wh
        wh.close()
