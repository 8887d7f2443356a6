"""`lifecycle run` on a copy of the project that reads a shop's own orders table instead of the sample shop."""

import contextlib
import io
from pathlib import Path

import pandas as pd
from project_copy import copy_project

from customer_lifecycle.warehouse import Warehouse

ORDERS_TABLE = "shop_orders"


def orders_only_vars(as_of: str, **more) -> dict:
    """dbt vars for a shop that has only an orders table (ORDERS_TABLE in the target schema)."""
    return {
        "lifecycle_use_sample_shop": False,
        "lifecycle_orders_table": ORDERS_TABLE,
        "lifecycle_has_customers": False,
        "lifecycle_has_events": False,
        "as_of_date": as_of,
        **more,
    }


def run_on_orders(project: Path, orders: pd.DataFrame, vars: dict) -> tuple[Warehouse, str]:
    """`lifecycle run` with `vars` on a copy of the project whose DuckDB file holds `orders` as ORDERS_TABLE.
    Returns the warehouse and everything the job printed."""
    from customer_lifecycle.main_job import run_main_job

    copy_project(project)
    path = project / "shop.duckdb"
    loader = Warehouse(duckdb_path=path, project_dir=project)
    loader.connection.register("orders", orders)
    loader.execute(f"create table {ORDERS_TABLE} as select * from orders")
    loader.close()
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        run_main_job(duckdb_path=str(path), project_dir=project, vars=vars)
    return Warehouse(duckdb_path=path, project_dir=project, vars=vars), printed.getvalue()
