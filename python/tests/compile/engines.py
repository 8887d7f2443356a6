"""Real SQL engines the parity tests score on: load a frame, evaluate one expression per row."""
import io
import sqlite3
import uuid

import duckdb
import pandas as pd
import psycopg2


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _column_type(series: pd.Series, double: str, text: str) -> str:
    return double if pd.api.types.is_float_dtype(series) else text


class DuckDBEngine:
    name, dialect = "duckdb", "duckdb"

    def __init__(self):
        self.connection = duckdb.connect()

    def score(self, frame: pd.DataFrame, expression: str) -> list:
        self.connection.register("scored_rows", frame.reset_index(names="row_id"))
        try:
            return [r[0] for r in self.connection.execute(
                f"select {expression} from scored_rows order by row_id").fetchall()]
        finally:
            self.connection.unregister("scored_rows")


class SQLiteEngine:
    name, dialect = "sqlite", "sqlite"

    def __init__(self):
        self.connection = sqlite3.connect(":memory:")

    def score(self, frame: pd.DataFrame, expression: str) -> list:
        columns = ", ".join(f"{_quoted(c)} {_column_type(frame[c], 'REAL', 'TEXT')}" for c in frame.columns)
        self.connection.execute("drop table if exists scored_rows")
        self.connection.execute(f"create table scored_rows (row_id INTEGER PRIMARY KEY, {columns})")
        rows = frame.astype(object).where(frame.notna(), None).itertuples(index=True, name=None)
        self.connection.executemany(
            f"insert into scored_rows values ({', '.join('?' * (len(frame.columns) + 1))})", rows)
        return [r[0] for r in self.connection.execute(
            f"select {expression} from scored_rows order by row_id").fetchall()]


class PostgresEngine:
    name, dialect = "postgres", "postgres"

    def __init__(self, dsn: str):
        self.connection = psycopg2.connect(dsn)
        self.connection.autocommit = True

    def score(self, frame: pd.DataFrame, expression: str) -> list:
        table = f"scored_{uuid.uuid4().hex[:12]}"
        columns = ", ".join(f"{_quoted(c)} {_column_type(frame[c], 'double precision', 'text')}"
                            for c in frame.columns)
        # pandas writes doubles with repr(), which round-trips exactly through PostgreSQL's float8 parser.
        buffer = io.StringIO(frame.to_csv(sep="\t", header=False, index=True, na_rep="\\N"))
        with self.connection.cursor() as cursor:
            cursor.execute(f"create temp table {table} (row_id bigint, {columns})")
            cursor.copy_expert(f"copy {table} from stdin", buffer)
            cursor.execute(f"select {expression} from {table} order by row_id")
            result = [r[0] for r in cursor.fetchall()]
            cursor.execute(f"drop table {table}")
        return result
