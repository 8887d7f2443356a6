"""Engines for the BG/NBD SQL parity tests: DuckDB, and PostgreSQL on the session's server."""

import pytest
from compile.engines import DuckDBEngine, PostgresEngine


@pytest.fixture(scope="session")
def clv_engines(postgres_dsn):
    return [DuckDBEngine(), PostgresEngine(postgres_dsn)]
