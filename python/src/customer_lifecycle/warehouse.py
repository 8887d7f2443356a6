"""The one door from Python to the warehouse: one dbtRunner and one connection per process, for any target.

dbt starts in seconds, so a process keeps a single dbtRunner and reuses it for every command. Queries go
through a plain driver connection built from the same profiles.yml entry that dbt uses, so Python and dbt
always look at the same database.
"""

from __future__ import annotations

import json
import os
import sys
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path

import pandas as pd
from sqlglot import exp

from customer_lifecycle.contract import FEATURES_MODEL, Contract
from customer_lifecycle.project import DbtProject

_runner = None


class DbtCommandError(RuntimeError):
    """A dbt command failed; the message names every failing node."""


def _dbt_runner():
    global _runner
    if _runner is None:
        from dbt.cli.main import dbtRunner  # imported late: it takes a second

        _runner = dbtRunner()
    return _runner


@contextmanager
def _duckdb_path_for_profile(path: str | None):
    """This repository's profiles.yml reads the DuckDB file from LIFECYCLE_DUCKDB_PATH; point it at `path`."""
    saved = os.environ.get("LIFECYCLE_DUCKDB_PATH")
    if path is not None:
        os.environ["LIFECYCLE_DUCKDB_PATH"] = path
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("LIFECYCLE_DUCKDB_PATH", None)
        else:
            os.environ["LIFECYCLE_DUCKDB_PATH"] = saved


PACKAGE_ERROR = "customer_lifecycle: "  # how the package's own one-line errors start (raise_compiler_error)


def _failures(result) -> list[str]:
    """One entry per failing node; a node that stopped with one of the package's one-line errors shows that
    line alone, not dbt's frame around it ("Compilation Error in test ...", "> in macro ...")."""
    failed = []
    for node_result in getattr(result.result, "results", None) or []:
        status = str(getattr(node_result, "status", "")).lower()
        if status.endswith(("error", "fail")):
            message = str(node_result.message)
            own = [line.strip() for line in message.splitlines() if line.strip().startswith(PACKAGE_ERROR)]
            failed.append(f"{node_result.node.unique_id}: {own[0] if own else message}")
    return failed


class Warehouse:
    """A dbt project and target plus a connection to the target.

    The project (default: the current directory, as for dbt), profiles folder, target, log folder and `vars`
    are resolved by dbt's own code (see DbtProject); `vars` go to every dbt command. `duckdb_path` sets
    LIFECYCLE_DUCKDB_PATH, the DuckDB file this repository's profiles.yml reads.
    """

    def __init__(
        self,
        target: str | None = None,
        *,
        duckdb_path: str | os.PathLike | None = None,
        vars: dict | None = None,
        project_dir: str | os.PathLike | None = None,
        profiles_dir: str | os.PathLike | None = None,
        log_path: str | os.PathLike | None = None,
        quiet: bool = False,
    ):
        self.duckdb_path = None if duckdb_path is None else str(duckdb_path)
        self.project = DbtProject.find(project_dir, profiles_dir, target, vars, log_path)
        with _duckdb_path_for_profile(self.duckdb_path):
            credentials = self.project.config.credentials
        self.target = self.project.config.target_name
        self.settings = credentials.to_dict()
        self.kind = credentials.type
        if self.duckdb_path is not None and self.settings.get("path") != self.duckdb_path:
            raise ValueError(
                f"--duckdb-path needs a profile whose path reads env_var('LIFECYCLE_DUCKDB_PATH'); "
                f"target {self.target} in {self.project.profiles_dir / 'profiles.yml'} "
                f"reads {self.settings.get('path')!r}"
            )
        self.vars = self.project.vars
        self.quiet = quiet

    @property
    def project_dir(self) -> Path:
        return self.project.directory

    @property
    def schema(self) -> str:
        """The target's schema (where a consumer's own models go)."""
        return self.settings["schema"]

    @cached_property
    def read_schemas(self) -> list[str]:
        """Schemas of what Python reads, in lookup order: the package's relations (their own schema inside a
        consumer project, as dbt resolves it), the project's ml_model_registry seed, the target schema.

        In this repository the package is the root project and builds into the target schema.
        """
        if self.project.is_package_itself:
            return [self.schema]
        nodes = self.manifest.nodes
        package = nodes[FEATURES_MODEL].schema
        registry = nodes.get(f"seed.{self.project.name}.ml_model_registry")
        return list(dict.fromkeys([package, *([registry.schema] if registry else []), self.schema]))

    @cached_property
    def manifest(self):
        """The project as dbt parses it (with the package inside a consumer project), parsed once per Warehouse."""
        return self.dbt("parse").result

    @cached_property
    def contract(self) -> Contract:
        """customer_features' features and labels, as its column meta declares them (contract.py)."""
        return Contract.from_manifest(self.manifest)

    # ---------- dbt

    def dbt(self, *args: str, vars: dict | None = None):
        """Run one dbt command in-process; raise DbtCommandError naming the failing nodes.

        With `quiet`, dbt prints errors only; its full per-node log is in `project.log_path`/dbt.log. Without a
        terminal (CI logs, a pipe) dbt prints no colour codes.
        """
        command = [
            *args,
            "--project-dir",
            str(self.project_dir),
            "--profiles-dir",
            str(self.project.profiles_dir),
            "--target",
            self.target,
            "--log-path",
            str(self.project.log_path),
        ]
        if self.quiet:
            command.insert(0, "--quiet")
        if not sys.stdout.isatty():
            command.insert(0, "--no-use-colors")
        all_vars = {**self.vars, **(vars or {})}
        if all_vars:
            command += ["--vars", json.dumps(all_vars, default=str)]
        if self.kind == "spark":
            _ = self.connection  # the process's SparkSession, quiet and configured, before dbt-spark asks for it
        with _duckdb_path_for_profile(self.duckdb_path):
            result = _dbt_runner().invoke(command)
        if not result.success:
            details = _failures(result) or [str(result.exception or "see dbt's log above")]
            separator = " " if len(details) == 1 and "\n" not in details[0] else "\n  "  # one failure, one line
            raise DbtCommandError(
                f"dbt {' '.join(args)} failed on target {self.target}:{separator}" + "\n  ".join(details)
            )
        return result

    # ---------- queries

    @cached_property
    def connection(self):
        """Unqualified names find what Python reads (`read_schemas`): the package's customer_features, not a
        consumer model of the same name."""
        schemas = self.read_schemas
        if self.kind == "duckdb":
            import duckdb

            conn = duckdb.connect(self.settings["path"])
            conn.execute(f"set search_path = {exp.Literal.string(','.join(schemas)).sql('duckdb')}")
            return conn
        if self.kind == "postgres":
            import psycopg2
            from psycopg2 import sql

            s = self.settings
            conn = psycopg2.connect(
                host=s["host"], port=s["port"], user=s["user"], password=s.get("password", ""), dbname=s["database"]
            )
            conn.autocommit = True
            with conn.cursor() as cur:
                cur.execute(
                    sql.SQL("set search_path to {}, public").format(sql.SQL(", ").join(map(sql.Identifier, schemas)))
                )
            return conn
        if self.kind == "spark":
            from customer_lifecycle.engines.spark import session

            spark = session(self.settings)
            # one current database, no search path: the package's schema, even before dbt creates it
            quoted = exp.to_identifier(schemas[0], quoted=True).sql("spark")
            spark.sql(f"create database if not exists {quoted}")
            spark.catalog.setCurrentDatabase(schemas[0])
            return spark
        raise ValueError(f"no query connection for adapter type {self.kind!r}")

    def query(self, sql: str) -> pd.DataFrame:
        """Run a SELECT in the target and return the rows as a DataFrame."""
        if self.kind == "duckdb":
            return self.connection.sql(sql).df()
        if self.kind == "spark":
            # collect() rather than toPandas(): no Arrow or pandas-version coupling, the same Python values as psycopg2.
            frame = self.connection.sql(sql)
            return pd.DataFrame.from_records([tuple(row) for row in frame.collect()], columns=frame.columns)
        with self.connection.cursor() as cur:
            cur.execute(sql)
            return pd.DataFrame(cur.fetchall(), columns=[c.name for c in cur.description])

    def read(self, sql: str) -> pd.DataFrame:
        """A bulk SELECT (training data) as a DataFrame through the engine's columnar path: DuckDB's own
        (no row objects), Spark's Arrow collection; psycopg2 has none, so rows as in `query`."""
        if self.kind == "spark":
            return self.connection.sql(sql).toPandas()  # Arrow-enabled in engines/spark.py
        return self.query(sql)

    def execute(self, sql: str) -> None:
        """Run a statement (DDL, insert) in the target."""
        if self.kind == "duckdb":
            self.connection.execute(sql)
        elif self.kind == "spark":
            self.connection.sql(sql)
        else:
            with self.connection.cursor() as cur:
                cur.execute(sql)

    def close(self) -> None:
        if "connection" in self.__dict__:
            if self.kind != "spark":
                self.connection.close()
            del self.__dict__["connection"]
