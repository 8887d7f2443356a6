"""Deterministic sample shop: raw orders, sign-ups and site events for customer_lifecycle.

    generate_shop(n_customers, seed=..., start=..., end=...) -> {table name: text DataFrame}
    write_seeds(directory)                      -> the committed seeds/*.csv (with bad rows)
    write_duckdb(path, n_customers, ...)        -> tables in a DuckDB file (typed, for benchmarks)
    write_parquet(directory, n_customers, ...)  -> one Parquet file per table (typed)
                                                   both with the order lines and products (LINE_TABLES)

    line_tables(orders, seed, with_bad_rows)    -> the optional raw_order_lines, raw_products (issue 21)

BAD_ROW_COUNTS lists the invalid rows appended to the seed raw_orders.
"""

from .bad_lines import BAD_LINE_COUNTS
from .bad_rows import BAD_ROW_COUNTS
from .bulk_lines import LINE_TABLES
from .shop import DEFAULT_END, DEFAULT_SEED, DEFAULT_START, generate_shop
from .tables import TABLES
from .writers import SEED_CUSTOMERS, line_tables, write_duckdb, write_parquet, write_seeds

__all__ = [
    "BAD_LINE_COUNTS",
    "BAD_ROW_COUNTS",
    "DEFAULT_END",
    "DEFAULT_SEED",
    "DEFAULT_START",
    "LINE_TABLES",
    "SEED_CUSTOMERS",
    "TABLES",
    "generate_shop",
    "line_tables",
    "write_duckdb",
    "write_parquet",
    "write_seeds",
]
