"""Consumer dbt projects in a temp folder (copies of integration_tests/) that install a clean clone of this
repository as a dbt package, with `lifecycle` installed into a new venv from a wheel built from that clone.
One clone and one install serve a DuckDB project and a PostgreSQL one; each runs `lifecycle run` on the shop
as seeded, then again after new orders (a retrain)."""

from __future__ import annotations

import subprocess

import duckdb
import psycopg2
import pytest
from consumer_project import Consumer, Installed, as_dicts, install_non_editable, run_consumer
from repository import REPOSITORY_DIR


@pytest.fixture(scope="session")
def installed(tmp_path_factory) -> Installed:
    root = tmp_path_factory.mktemp("installed")
    clone = root / "clone"
    subprocess.run(["git", "clone", "--quiet", str(REPOSITORY_DIR), str(clone)], check=True)
    install_seconds = install_non_editable(clone, root / "venv")
    return Installed(clone, root / "venv", install_seconds)


@pytest.fixture(scope="session")
def consumer(installed, tmp_path_factory) -> Consumer:
    project = tmp_path_factory.mktemp("consumer_duckdb") / "project"

    def query(sql: str) -> list[dict]:
        with duckdb.connect(str(project / "integration_tests.duckdb"), read_only=True) as connection:
            return as_dicts(connection.execute(sql))

    return run_consumer(installed, project, query)


@pytest.fixture(scope="session")
def consumer_on_postgres(installed, tmp_path_factory, postgres_dsn, postgres_target):
    """The same project on the PostgreSQL test server, picked as dbt users pick a target: DBT_TARGET."""
    project = tmp_path_factory.mktemp("consumer_postgres") / "project"

    def query(sql: str) -> list[dict]:
        with psycopg2.connect(postgres_dsn) as connection, connection.cursor() as cursor:
            cursor.execute(sql)
            return as_dicts(cursor)

    # DBT_TARGET and the server's variables hold for the runs only: every later test in the session (its
    # fixtures are session-scoped too) must see the DuckDB default again
    with postgres_target("main"), pytest.MonkeyPatch.context() as mp:
        mp.setenv("DBT_TARGET", "postgres")
        consumer = run_consumer(installed, project, query)
    return consumer
