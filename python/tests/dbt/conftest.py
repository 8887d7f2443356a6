"""dbt scenarios: each builds the project's models once into its own temporary DuckDB file.

dbt starts in seconds, so every scenario is session-scoped and built by a single `dbt build`.
Raw input is loaded into a separate schema (`src`) and the project is pointed at it through the
source vars, exactly as a user points it at their own tables.
"""
from __future__ import annotations

import pandas as pd
import pytest

from customer_lifecycle.warehouse import Warehouse

# Only this package's layers: seeds (the sample shop) and other folders are not needed here.
MODEL_SELECTION = ("path:models/staging", "path:models/intermediate", "path:models/marts")


def load_table(wh: Warehouse, name: str, frame: pd.DataFrame, types: dict[str, str]) -> None:
    """Create src.<name> with the given column types and insert the frame's rows."""
    wh.execute("create schema if not exists src")
    columns = ", ".join(f"{column} {types[column]}" for column in frame.columns)
    wh.execute(f"create or replace table src.{name} ({columns})")
    if len(frame):
        wh.connection.register("frame_to_load", frame)
        wh.execute(f"insert into src.{name} select * from frame_to_load")
        wh.connection.unregister("frame_to_load")


def build_scenario(path, tables: dict[str, tuple[pd.DataFrame, dict[str, str]]], vars: dict) -> Warehouse:
    """Load the raw tables, build every model and data/unit test of the package, return the warehouse."""
    all_vars = {"lifecycle_source_schema": "src", **vars}
    wh = Warehouse(target="duckdb", duckdb_path=str(path), vars=all_vars)
    for name, (frame, types) in tables.items():
        load_table(wh, name, frame, types)
    wh.close()  # dbt opens the file itself
    # unit tests are input-independent and run in the main `dbt build`
    wh.dbt("build", "--select", *MODEL_SELECTION, "--exclude", "test_type:unit")
    return wh


@pytest.fixture(scope="session")
def dbt_tmp(tmp_path_factory):
    return tmp_path_factory.mktemp("dbt-scenarios")
