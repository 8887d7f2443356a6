"""Real SQL engines the parity tests score on: load a frame as table ``scored_rows`` (plus a
``row_id`` column), then evaluate an expression per row or run a scoring query."""

import io
import sqlite3

import duckdb
import pandas as pd
import psycopg2

TABLE = "scored_rows"


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _column_type(series: pd.Series, double: str, text: str) -> str:
    return double if pd.api.types.is_float_dtype(series) else text


class Engine:
    def load(self, frame: pd.DataFrame) -> None:
        raise NotImplementedError

    def rows(self, sql: str) -> list:
        raise NotImplementedError

    def score(self, frame: pd.DataFrame, expression: str) -> list:
        """``expression`` evaluated on every row of ``frame``, in row order."""
        self.load(frame)
        return [r[0] for r in self.rows(f"select {expression} from {TABLE} order by row_id")]

    def score_query(self, frame: pd.DataFrame, query: str) -> list:
        """Column ``score`` of ``query`` (which keeps ``row_id``), in row order."""
        self.load(frame)
        return [r[0] for r in self.rows(f"select score from ({query}) as scored order by row_id")]


class DuckDBEngine(Engine):
    name, dialect = "duckdb", "duckdb"

    def __init__(self):
        self.connection = duckdb.connect()

    def load(self, frame):
        self.connection.register(TABLE, frame.reset_index(names="row_id"))

    def rows(self, sql):
        return self.connection.execute(sql).fetchall()


class SQLiteEngine(Engine):
    name, dialect = "sqlite", "sqlite"

    def __init__(self):
        self.connection = sqlite3.connect(":memory:")

    def load(self, frame):
        columns = ", ".join(f"{_quoted(c)} {_column_type(frame[c], 'REAL', 'TEXT')}" for c in frame.columns)
        self.connection.execute(f"drop table if exists {TABLE}")
        self.connection.execute(f"create table {TABLE} (row_id INTEGER PRIMARY KEY, {columns})")
        rows = frame.astype(object).where(frame.notna(), None).itertuples(index=True, name=None)
        self.connection.executemany(f"insert into {TABLE} values ({', '.join('?' * (len(frame.columns) + 1))})", rows)

    def rows(self, sql):
        return self.connection.execute(sql).fetchall()


class PostgresEngine(Engine):
    name, dialect = "postgres", "postgres"

    def __init__(self, dsn: str):
        # JIT off: LLVM compiling a 130 KB expression (an SVC's) took 100 s of a 114 s query; it changes
        # how fast a score is computed, never its value (docs/benchmarks.md: scoring on PostgreSQL).
        self.connection = psycopg2.connect(dsn, options="-c jit=off")
        self.connection.autocommit = True

    def load(self, frame):
        columns = ", ".join(f"{_quoted(c)} {_column_type(frame[c], 'double precision', 'text')}" for c in frame.columns)
        # pandas writes doubles with repr(), which round-trips exactly through PostgreSQL's float8 parser.
        buffer = io.StringIO(frame.to_csv(sep="\t", header=False, index=True, na_rep="\\N"))
        with self.connection.cursor() as cursor:
            cursor.execute(f"drop table if exists {TABLE}")
            cursor.execute(f"create temp table {TABLE} (row_id bigint, {columns})")
            cursor.copy_expert(f"copy {TABLE} from stdin", buffer)
            cursor.execute(f"analyze {TABLE}")

    def rows(self, sql):
        with self.connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall()
