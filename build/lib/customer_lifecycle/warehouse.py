"""The one door from Python to the warehouse: one dbtRunner and one connection per process, for any target.

dbt starts in seconds, so a process keeps a single dbtRunner and reuses it for every command. Queries go
through a plain driver connection built from the same profiles.yml entry that dbt uses, so Python and dbt
always look at the same database.
"""
from __future__ import annotations

import json
import os
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path

import jinja2
import jinja2.nativetypes
import pandas as pd
import yaml

# python/src/customer_lifecycle/warehouse.py -> the repository root (the dbt project).
PROJECT_DIR = Path(os.environ.get("LIFECYCLE_PROJECT_DIR", Path(__file__).resolve().parents[3]))

_runner = None


class DbtCommandError(RuntimeError):
    """A dbt command failed; the message names every failing node."""


def _dbt_runner():
    global _runner
    if _runner is None:
        from dbt.cli.main import dbtRunner  # imported late: it takes a second

        _runner = dbtRunner()
    return _runner


def _render(value, env: jinja2.nativetypes.NativeEnvironment):
    if isinstance(value, dict):
        return {key: _render(item, env) for key, item in value.items()}
    if isinstance(value, str) and "{{" in value:
        return env.from_string(value).render()
    return value


def read_profile(target: str | None = None, project_dir: Path = PROJECT_DIR) -> tuple[str, dict]:
    """The (target name, output settings) dbt would use: profiles.yml rendered value by value, as dbt does."""
    env = jinja2.nativetypes.NativeEnvironment()
    env.filters["as_number"] = lambda value: float(value) if "." in str(value) else int(value)
    env.globals["env_var"] = lambda name, default=None: os.environ.get(name, default)
    profile = _render(yaml.safe_load((project_dir / "profiles.yml").read_text())["customer_lifecycle"], env)
    name = target or profile["target"]
    if name not in profile["outputs"]:
        raise ValueError(f"unknown target {name!r}; profiles.yml defines {sorted(profile['outputs'])}")
    return name, profile["outputs"][name]


@contextmanager
def _duckdb_path_for_profile(path: str | None):
    """profiles.yml reads the DuckDB file from LIFECYCLE_DUCKDB_PATH; point it at this Warehouse's file."""
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


def _failures(result) -> list[str]:
    failed = []
    for node_result in getattr(result.result, "results", None) or []:
        status = str(getattr(node_result, "status", "")).lower()
        if status.endswith(("error", "fail")):
            failed.append(f"{node_result.node.unique_id}: {node_result.message}")
    return failed


class Warehouse:
    """A dbt target plus a connection to it.

    `duckdb_path` overrides the DuckDB file of the duckdb target; `vars` are passed to every dbt command.
    """

    def __init__(self, target: str | None = None, *, duckdb_path: str | os.PathLike | None = None,
                 vars: dict | None = None, project_dir: Path = PROJECT_DIR):
        self.project_dir = Path(project_dir)
        self.target, self.settings = read_profile(target, self.project_dir)
        self.kind = self.settings["type"]
        if duckdb_path is not None:
            self.settings["path"] = str(duckdb_path)
        self.vars = dict(vars or {})

    @property
    def schema(self) -> str:
        return self.settings["schema"]

    # ---------- dbt

    def dbt(self, *args: str, vars: dict | None = None):
        """Run one dbt command in-process; raise DbtCommandError naming the failing nodes."""
        command = [*args, "--project-dir", str(self.project_dir), "--profiles-dir", str(self.project_dir),
                   "--target", self.target]
        all_vars = {**self.vars, **(vars or {})}
        if all_vars:
            command += ["--vars", json.dumps(all_vars, default=str)]
        if self.kind == "spark":
            self.connection  # the process's SparkSession, quiet and configured, before dbt-spark asks for it
        with _duckdb_path_for_profile(self.settings.get("path")):
            result = _dbt_runner().invoke(command)
        if not result.success:
            details = _failures(result) or [str(result.exception or "see dbt's log above")]
            raise DbtCommandError(f"dbt {' '.join(args)} failed on target {self.target}:\n  " + "\n  ".join(details))
        return result

    # ---------- queries

    @cached_property
    def connection(self):
        if self.kind == "duckdb":
            import duckdb

            return duckdb.connect(self.settings["path"])
        if self.kind == "postgres":
            import psycopg2

            s = self.settings
            conn = psycopg2.connect(host=s["host"], port=s["port"], user=s["user"], password=s.get("password", ""),
                                    dbname=s["dbname"])
            conn.autocommit = True
            with conn.cursor() as cur:
                cur.execute(f"set search_path to {s['schema']}, public")
            return conn
        if self.kind == "spark":
            from customer_lifecycle.engines.spark import session

            spark = session(self.settings)
            # like PostgreSQL's search_path: unqualified names mean the target schema, even before dbt creates it
            spark.sql(f"create database if not exists {self.schema}")
            spark.catalog.setCurrentDatabase(self.schema)
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
