"""Shared fixtures: real engines only (DuckDB files, a real PostgreSQL server), and the sample shop built once
per session in its own copy of the dbt project: `committed`: `dbt build` alone with the committed models
(DuckDB); `trained`: `lifecycle run` (seed, build, train, build) on DuckDB; `trained_on_postgres`:
`lifecycle run --target postgres` on the test server. Shared by tests/scoring and tests/report."""

import os
import shutil
from contextlib import contextmanager

import pytest
from postgres_server import throwaway_postgres
from project_copy import copy_project

from customer_lifecycle.warehouse import Warehouse


@pytest.fixture(scope="session")
def postgres_dsn():
    """DSN of a PostgreSQL server: LIFECYCLE_PG_DSN if set, else a throwaway server on 127.0.0.1."""
    if os.environ.get("LIFECYCLE_PG_DSN"):
        yield os.environ["LIFECYCLE_PG_DSN"]
        return
    if shutil.which("initdb") is None:
        pytest.fail("PostgreSQL is not installed (initdb not on PATH); set LIFECYCLE_PG_DSN to use a running server")
    with throwaway_postgres() as dsn:
        yield dsn


@pytest.fixture(scope="session")
def postgres_target(postgres_dsn):
    """Point profiles.yml's `postgres` target at the test server: `with postgres_target("schema"): ...`.

    dbt reads the profile's env vars at every command, so they stay set for as long as the block runs.
    """
    settings = dict(item.split("=", 1) for item in postgres_dsn.split())
    variables = {
        "PGHOST": settings["host"],
        "PGPORT": settings["port"],
        "PGUSER": settings["user"],
        "PGDATABASE": settings["dbname"],
        "PGPASSWORD": settings.get("password", ""),
    }

    @contextmanager
    def target(schema: str):
        with pytest.MonkeyPatch.context() as mp:
            for name, value in {**variables, "LIFECYCLE_PG_SCHEMA": schema}.items():
                mp.setenv(name, value)
            yield

    return target


@pytest.fixture(scope="session")
def committed(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("committed"))
    wh = Warehouse(duckdb_path=project / "shop.duckdb", project_dir=project)
    wh.dbt("build")
    yield wh
    wh.close()


@pytest.fixture(scope="session")
def trained(tmp_path_factory):
    from customer_lifecycle.main_job import run_main_job

    project = copy_project(tmp_path_factory.mktemp("trained"))
    summary = run_main_job(duckdb_path=str(project / "shop.duckdb"), project_dir=project)
    wh = Warehouse(duckdb_path=project / "shop.duckdb", project_dir=project)
    wh.summary = summary
    yield wh
    wh.close()


@pytest.fixture(params=["committed", "trained"])
def built(request):
    """Both ways to the scores view: the committed default models, and a fresh `lifecycle run`."""
    return request.getfixturevalue(request.param)


@pytest.fixture(scope="session")
def trained_on_postgres(tmp_path_factory, postgres_target):
    """(project dir, summary) of `lifecycle run --target postgres` in a copy of the project."""
    from customer_lifecycle.main_job import run_main_job

    project = copy_project(tmp_path_factory.mktemp("trained_on_postgres"))
    with postgres_target("lifecycle_main_job"):
        summary = run_main_job("postgres", project_dir=project)
    return project, summary


@pytest.fixture(scope="session")
def spark_warehouse(tmp_path_factory):
    """The `spark` target: pyspark in this process, metastore and warehouse in a temp dir.

    A process has one SparkSession and its static settings are fixed at creation, so the directory is set
    before anything touches Spark and stays for the whole session (one fixture for every test folder).
    """
    pytest.importorskip("pyspark", reason="pip install 'dbt-spark[session]' pyspark for the Spark leg")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LIFECYCLE_SPARK_DIR", str(tmp_path_factory.mktemp("spark")))
        wh = Warehouse("spark")
        yield wh
        wh.close()
