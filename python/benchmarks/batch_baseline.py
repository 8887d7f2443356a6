"""The deployed models' scores computed two ways on N feature rows, side by side in one run, on DuckDB and on
PostgreSQL: the batch job a user would write instead of a scores view (fetch the features, predict with the
saved scikit-learn models, write the scores back into a table) and the view's SQL (the committed macros of
macros/generated rendered for the engine) materialized as a table.

DuckDB: fetch as a DataFrame, write back from the DataFrame. PostgreSQL (psycopg2, as the project pins):
`COPY (...) TO STDOUT` to fetch, `COPY ... FROM STDIN` to write back; the SQL runs once with the server's
default `jit` (on, as PostgreSQL ships) and once with `jit = off`. Every time is one run (the load of a shared
machine moves it; the ratios are measured side by side). The feature rows are the sample shop's
customer_features (built with dbt in a copy of the project, or read from --features-db) repeated up to N.
"""

from __future__ import annotations

import io
import shutil
import sys
import tempfile
import time
from contextlib import nullcontext
from pathlib import Path

import duckdb
import jinja2
import joblib
import numpy as np
import pandas as pd
import psycopg2
from sklearn.base import is_classifier
from sqlglot import exp

REPOSITORY = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPOSITORY / "python" / "tests"))
from postgres_server import throwaway_postgres  # noqa: E402  the test suite's server, started the same way
from project_copy import copy_project  # noqa: E402


def _macro(file: str, macro: str, returned: dict | None = None) -> str:
    """A macro of macros/generated/<file>.sql rendered in Python; what it passes to dbt's `return` lands in
    ``returned``."""
    source = (REPOSITORY / "macros" / "generated" / f"{file}.sql").read_text()
    globals_ = {"return": (returned if returned is not None else {}).update}
    return str(getattr(jinja2.Environment().from_string(source, globals=globals_).module, macro)()).strip()


def deployed_models() -> tuple[dict[str, object], list[str]]:
    """({name: saved model}, features) of the deployed models, as `lifecycle train` recorded them in
    deployment(). The one place this benchmark learns which models are deployed."""
    deployment = {}
    _macro("deployment", "default__deployment", deployment)
    directory = REPOSITORY / "python" / "model_card" / "models"
    return (
        {name: joblib.load(directory / f"{name}.joblib") for name in deployment["versions"]},
        deployment["features"],
    )


def _quoted(name: str, dialect: str) -> str:
    return exp.to_identifier(name, quoted=True).sql(dialect)


def _scores_sql(names: list[str], dialect: str) -> str:
    """The view's SQL for ``names``: each model's macro rendered for ``dialect``, one column per model."""
    columns = ", ".join(f"{_macro(n, f'{dialect}__{n}')} as {_quoted(n, dialect)}" for n in names)
    return f"select row_id, {columns} from features"


def _predict(model, X: pd.DataFrame) -> np.ndarray:
    # the generated macros compute the positive class's probability for classifiers, the value for regressors
    return model.predict_proba(X)[:, 1] if is_classifier(model) else model.predict(X)


def _timed(run):
    start = time.perf_counter()
    result = run()
    return time.perf_counter() - start, result


def sample_feature_rows(features: list[str], features_db: str | None) -> pd.DataFrame:
    """customer_features' rows (the deployed features, as doubles) from --features-db or the sample shop."""
    columns = ", ".join(f"cast({_quoted(f, 'duckdb')} as double) as {_quoted(f, 'duckdb')}" for f in features)
    if features_db:
        with duckdb.connect(features_db, read_only=True) as connection:
            return connection.execute(f"select {columns} from customer_features").df()
    from customer_lifecycle.warehouse import Warehouse

    workdir = Path(tempfile.mkdtemp(prefix="batch-baseline-"))
    try:
        project = copy_project(workdir)
        wh = Warehouse(duckdb_path=project / "shop.duckdb", project_dir=project)
        wh.dbt("seed")
        wh.dbt("run", "--select", "+customer_features")
        frame = wh.read(f"select {columns} from customer_features")
        wh.close()
        return frame
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


class Leg:
    """One engine holding table `features`; `batch` and `view` each write their scores into a table."""

    def rows(self, sql: str) -> list:
        raise NotImplementedError

    def max_difference(self, names: list[str]) -> float:
        """Max |batch - SQL| over every row and model: both legs computed the same scores."""
        differences = ", ".join(f"max(abs(b.{_quoted(n, self.dialect)} - v.{_quoted(n, self.dialect)}))" for n in names)
        return max(
            self.rows(f"select {differences} from batch_scores as b join view_scores as v on b.row_id = v.row_id")[0]
        )


class DuckDBLeg(Leg):
    name, dialect = "duckdb", "duckdb"

    def __init__(self, rows: pd.DataFrame):
        self.connection = duckdb.connect()
        self.connection.register("feature_rows", rows)
        self.connection.execute("create table features as select * from feature_rows")
        self.connection.unregister("feature_rows")

    def rows(self, sql):
        return self.connection.execute(sql).fetchall()

    def batch(self, models: dict, features: list[str]) -> tuple[float, float, float]:
        """(fetch, predict, write) seconds."""
        self.connection.execute("drop table if exists batch_scores")
        fetch, frame = _timed(lambda: self.connection.execute("select * from features").df())
        predict, scores = _timed(
            lambda: pd.DataFrame(
                {"row_id": frame["row_id"], **{n: _predict(m, frame[features]) for n, m in models.items()}}
            )
        )
        write, _ = _timed(
            lambda: self.connection.register("scores", scores).execute(
                "create table batch_scores as select * from scores"
            )
        )
        self.connection.unregister("scores")
        return fetch, predict, write

    def view(self, names: list[str]) -> float:
        self.connection.execute("drop table if exists view_scores")
        query = _scores_sql(names, self.dialect)
        return _timed(lambda: self.connection.execute(f"create table view_scores as {query}"))[0]


class PostgresLeg(Leg):
    name, dialect = "postgresql", "postgres"

    def __init__(self, rows: pd.DataFrame, dsn: str):
        self.connection = psycopg2.connect(dsn)
        self.connection.autocommit = True
        columns = ", ".join(f"{_quoted(c, 'postgres')} double precision" for c in rows.columns if c != "row_id")
        self._run("drop table if exists features", f"create table features (row_id bigint, {columns})")
        with self.connection.cursor() as cursor:
            cursor.copy_expert(
                "copy features from stdin with (format csv)", io.StringIO(rows.to_csv(header=False, index=False))
            )
        self._run("vacuum analyze features")

    def rows(self, sql):
        with self.connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall()

    def _run(self, *statements: str) -> None:
        with self.connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    def batch(self, models: dict, features: list[str]) -> tuple[float, float, float]:
        self._run(
            "drop table if exists batch_scores",
            "create table batch_scores (row_id bigint, "
            + ", ".join(f"{_quoted(n, 'postgres')} double precision" for n in models)
            + ")",
        )

        def fetch():
            buffer = io.StringIO()
            with self.connection.cursor() as cursor:
                cursor.copy_expert("copy features to stdout with (format csv, header)", buffer)
            buffer.seek(0)
            return pd.read_csv(buffer, float_precision="round_trip")

        def write(scores: pd.DataFrame):
            with self.connection.cursor() as cursor:
                cursor.copy_expert(
                    "copy batch_scores from stdin with (format csv)",
                    io.StringIO(scores.to_csv(header=False, index=False)),
                )

        fetch_s, frame = _timed(fetch)
        predict_s, scores = _timed(
            lambda: pd.DataFrame(
                {"row_id": frame["row_id"], **{n: _predict(m, frame[features]) for n, m in models.items()}}
            )
        )
        write_s, _ = _timed(lambda: write(scores))
        return fetch_s, predict_s, write_s

    def view(self, names: list[str], jit: bool = True) -> float:
        query = _scores_sql(names, self.dialect)
        self._run("drop table if exists view_scores", f"set jit = {'on' if jit else 'off'}")
        seconds = _timed(lambda: self._run(f"create table view_scores as {query}"))[0]
        self._run("reset jit")
        return seconds


def run(n_rows: int, postgres_dsn: str | None, features_db: str | None) -> None:
    models, features = deployed_models()
    sample = sample_feature_rows(features, features_db)
    repeats = -(-n_rows // len(sample))
    rows = pd.concat([sample] * repeats, ignore_index=True).iloc[:n_rows]
    rows.insert(0, "row_id", np.arange(n_rows, dtype="int64"))
    print(
        f"feature rows: {n_rows:,} (the sample shop's {len(sample):,} customer_features rows repeated), "
        f"{len(features)} features; deployed: {', '.join(models)}\n"
    )
    header = (
        f"{'models':<14}{'engine':<12}{'batch s':>9}{'(fetch':>8}{'predict':>9}{'write)':>8}"
        f"{'SQL s':>8}{'batch/SQL':>11}{'max |diff|':>12}{'SQL jit off s':>15}{'batch/SQL':>11}"
    )
    print(header)
    print("-" * len(header))
    with nullcontext(postgres_dsn) if postgres_dsn else throwaway_postgres() as dsn:
        legs = [DuckDBLeg(rows), PostgresLeg(rows, dsn)]
        del rows
        for selection in [[name] for name in models] + [list(models)]:
            label = selection[0] if len(selection) == 1 else f"all {len(selection)}"
            for leg in legs:
                fetch, predict, write = leg.batch({n: models[n] for n in selection}, features)
                batch = fetch + predict + write
                sql = leg.view(selection)
                line = (
                    f"{label:<14}{leg.name:<12}{batch:>9.2f}{fetch:>8.2f}{predict:>9.2f}{write:>8.2f}"
                    f"{sql:>8.2f}{batch / sql:>10.1f}x{leg.max_difference(selection):>12.1e}"
                )
                if isinstance(leg, PostgresLeg):
                    no_jit = leg.view(selection, jit=False)
                    line += f"{no_jit:>15.2f}{batch / no_jit:>10.1f}x"
                print(line, flush=True)
    print(
        "\nbatch = fetch + predict + write back; SQL = create table as select <the view's SQL>; "
        "batch/SQL > 1: the SQL is faster; max |diff|: batch vs SQL scores, every row and model"
    )
