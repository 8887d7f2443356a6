"""Fast loads of CSV files (the sample shop's seeds) into PostgreSQL and Spark tables of text columns.

`dbt seed` inserts rows in batches of SQL literals: fine on DuckDB, slow on a server, and slower still on
Spark. PostgreSQL gets COPY; Spark gets a table over the file itself (CREATE TABLE ... USING csv), read in
parallel. Every column is text, as the seeds declare, so the staging models do the typing on every engine.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")


def _header(path: Path) -> list[str]:
    with path.open(newline="") as f:
        columns = next(csv.reader(f))
    bad = [c for c in columns if not _IDENTIFIER.match(c)]
    if bad:
        raise ValueError(f"{path.name}: column names must be lower-case identifiers, got {bad}")
    return columns


def _load_postgres(wh, schema: str, table: str, path: Path, columns: list[str]) -> None:
    wh.execute(f"create schema if not exists {schema}")
    wh.execute(f"drop table if exists {schema}.{table} cascade")  # cascade: the staging views on it are rebuilt
    wh.execute(f"create table {schema}.{table} ({', '.join(f'{c} text' for c in columns)})")
    with wh.connection.cursor() as cur, path.open() as f:
        cur.copy_expert(f"copy {schema}.{table} from stdin with (format csv, header true)", f)


def _load_spark(wh, schema: str, table: str, path: Path, columns: list[str]) -> None:
    wh.execute(f"create database if not exists {schema}")
    wh.execute(f"drop table if exists {schema}.{table}")  # an external table: dropping it leaves the file alone
    # escape '"': CSV doubles quotes inside quoted values (Spark's default escape is a backslash).
    wh.execute(
        f"create table {schema}.{table} ({', '.join(f'{c} string' for c in columns)}) using csv "
        f"options (path '{path.resolve()}', header 'true', escape '\"', multiLine 'true')"
    )


_LOADERS = {"postgres": _load_postgres, "spark": _load_spark}


def load_csv_tables(wh, files: dict[str, Path], schema: str | None = None) -> None:
    """Replace table `name` in `schema` (default: the target's) with the rows of each CSV file in `files`."""
    if wh.kind not in _LOADERS:
        raise ValueError(f"no fast CSV loader for {wh.kind!r}; use dbt seed")
    for table, path in files.items():
        _LOADERS[wh.kind](wh, schema or wh.schema, table, Path(path), _header(Path(path)))


SAMPLE_SHOP = ("raw_orders", "raw_customers", "raw_events")


def load_sample_shop(wh) -> tuple[str, ...]:
    """Load the sample shop's raw seeds through the target's fast path; return the seeds it stands in for.

    Pass the result to `dbt build --exclude`. DuckDB has no fast path (dbt seed is fast there): returns ().
    Only in this repository, and only while `lifecycle_use_sample_shop` is true (the seeds are disabled otherwise).
    """
    if wh.kind not in _LOADERS or not (wh.project.is_package_itself and wh.project.var("lifecycle_use_sample_shop")):
        return ()
    order_lines = bool(wh.project.var("lifecycle_has_order_lines"))
    optional = {
        "raw_order_lines": order_lines,
        "raw_products": order_lines and wh.project.var("lifecycle_has_products"),
    }
    tables = SAMPLE_SHOP + tuple(name for name, switched_on in optional.items() if switched_on)
    load_csv_tables(wh, {name: wh.project_dir / "seeds" / f"{name}.csv" for name in tables})
    return tables
