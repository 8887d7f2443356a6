"""Engines for the compiler's parity tests: DuckDB and SQLite always, PostgreSQL via the shared fixture."""

import pytest

from .engines import DuckDBEngine, PostgresEngine, SQLiteEngine


@pytest.fixture(scope="session")
def duckdb_engine():
    return DuckDBEngine()


@pytest.fixture(scope="session")
def sqlite_engine():
    return SQLiteEngine()


@pytest.fixture(scope="session")
def postgres_engine(postgres_dsn):
    return PostgresEngine(postgres_dsn)


@pytest.fixture(scope="session")
def engines(duckdb_engine, sqlite_engine, postgres_engine):
    return [duckdb_engine, sqlite_engine, postgres_engine]
