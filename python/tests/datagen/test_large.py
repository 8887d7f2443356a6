"""Benchmark-size writers: typed DuckDB tables and Parquet files, never via CSV."""

import duckdb

from customer_lifecycle.datagen import LINE_TABLES, TABLES, generate_shop, write_duckdb, write_parquet

TYPES = {
    "raw_orders": ["VARCHAR", "VARCHAR", "TIMESTAMP", "DECIMAL(18,2)", "VARCHAR"],
    "raw_customers": ["VARCHAR", "TIMESTAMP", "VARCHAR", "VARCHAR"],
    "raw_events": ["VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "TIMESTAMP"],
    "raw_order_lines": ["VARCHAR", "VARCHAR", "INTEGER", "DECIMAL(18,2)"],
    "raw_products": ["VARCHAR", "VARCHAR", "VARCHAR"],
}


def _column_types(con, relation):
    return [row[1] for row in con.execute(f"DESCRIBE {relation}").fetchall()]


def test_duckdb_file_has_typed_tables(tmp_path):
    path = write_duckdb(tmp_path / "shop.duckdb", 20_000, seed=11)
    with duckdb.connect(str(path), read_only=True) as con:
        assert {row[0] for row in con.execute("SHOW TABLES").fetchall()} == set(TABLES + LINE_TABLES)
        for name in TABLES + LINE_TABLES:
            assert _column_types(con, name) == TYPES[name]
        customers, orders, guests, ids_ok = con.execute("""
            SELECT (SELECT count(*) FROM raw_customers),
                   (SELECT count(*) FROM raw_orders),
                   (SELECT count(DISTINCT customer_id) FROM raw_orders
                     WHERE customer_id NOT IN (SELECT customer_id FROM raw_customers)),
                   (SELECT bool_and(order_id = printf('O%08d', n)) FROM
                       (SELECT order_id, row_number() OVER (ORDER BY order_id) AS n FROM raw_orders))
        """).fetchall()[0]
        assert customers + guests == 20_000
        assert orders > 80_000 and ids_ok
        assert con.execute("SELECT count(*) FROM raw_events").fetchall()[0][0] > 0


def test_duckdb_matches_the_text_tables(tmp_path):
    path = write_duckdb(tmp_path / "shop.duckdb", 500, seed=5)
    text = generate_shop(500, seed=5)
    with duckdb.connect(str(path), read_only=True) as con:
        typed = con.execute(
            "SELECT order_id, customer_id, strftime(ordered_at, '%Y-%m-%d %H:%M:%S'), "
            "CAST(amount AS VARCHAR), status FROM raw_orders"
        ).fetchall()
    assert typed == list(text["raw_orders"].itertuples(index=False, name=None))


def test_parquet_without_events(tmp_path):
    paths = write_parquet(tmp_path, 2_000, seed=3, with_events=False)
    with duckdb.connect() as con:
        for name, path in paths.items():
            assert _column_types(con, f"'{path}'") == TYPES[name]
        assert con.execute(f"SELECT count(*) FROM '{paths['raw_events']}'").fetchall()[0][0] == 0
        assert con.execute(f"SELECT count(*) FROM '{paths['raw_orders']}'").fetchall()[0][0] > 0
