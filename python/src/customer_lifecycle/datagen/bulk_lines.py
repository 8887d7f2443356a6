"""Order lines for the large typed shops (`lifecycle generate`: Parquet, DuckDB), vectorised over orders.

The same catalogue and the same draws as catalogue.simulate_order_lines, which writes the committed seeds one
order at a time (kept as it is so the seeds, and the models trained on them, stay byte-identical): a repeat
order starts with the customer's staple STAPLE_SHARE of the time, else with a product of the favourite category
(FAVOURITE_SHARE) or of any; each further line is the partner of the line before (PARTNER_SHARE) or a product of
its category; gifts sell in November and December only; staples get 0-2 extra units; the order's amount is
split over its lines in whole cents; REVERSAL_SHARE of completed orders with 2+ products get a reversal line.

Orders are read back from DuckDB in blocks of BLOCK_CUSTOMERS customers (each block a random stream of its own,
spawned from the lines' stream), so a million customers never hold more than one block in Python.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pyarrow as pa

from .catalogue import (
    CATEGORIES,
    EXTRA_LINES,
    FAVOURITE_SHARE,
    LINES_STREAM,
    MAX_LINES,
    PARTNER_SHARE,
    REVERSAL_SHARE,
    SEASONAL,
    STAPLE_SHARE,
    _popularity,
    catalogue,
)
from .tables import stage

BLOCK_CUSTOMERS = 50_000  # fixed, not tuned to memory: blocks define the random streams
LINE_TABLES = ("raw_order_lines", "raw_products")


class _Catalogue:
    """The catalogue as arrays, and one cumulative draw distribution per (in season, pool): pools are the
    categories, then the whole catalogue (the last pool)."""

    def __init__(self) -> None:
        products = catalogue()
        names = list(CATEGORIES)
        self.category = products["category"].map(names.index).to_numpy()
        self.price = products["price"].to_numpy()
        self.replenishable = products["replenishable"].to_numpy()
        self.n_categories = len(names)
        self.favourites = len(names) - len(SEASONAL)  # a favourite is never the seasonal category
        seasonal = products["category"].isin(SEASONAL).to_numpy()
        popularity = _popularity(products)
        pools = np.vstack([self.category == c for c in range(len(names))] + [np.ones(len(products), bool)])
        self.cdf = np.zeros((2, len(pools), len(products)))
        for in_season in (0, 1):
            weights = pools * popularity * (bool(in_season) | ~seasonal)
            totals = weights.sum(axis=1, keepdims=True)
            self.cdf[in_season] = np.cumsum(weights / np.where(totals > 0, totals, 1), axis=1)
        staples = [np.flatnonzero((self.category == c) & self.replenishable) for c in range(self.favourites)]
        self.staple_count = np.array([len(s) for s in staples])
        self.staples = np.array([np.resize(s, self.staple_count.max()) for s in staples])

    def draw(self, rng: np.random.Generator, pool: np.ndarray, in_season: np.ndarray) -> np.ndarray:
        """One product per row from pool `pool`, in or out of season."""
        u = rng.random(len(pool))
        product = np.zeros(len(pool), np.int64)
        for season in (0, 1):
            for p in np.unique(pool[in_season == season]):
                rows = (in_season == season) & (pool == p)
                product[rows] = np.searchsorted(self.cdf[season, p], u[rows], side="right")
        return np.minimum(product, self.cdf.shape[2] - 1)


def simulate_block(
    shop: _Catalogue,
    rng: np.random.Generator,
    customer: np.ndarray,
    repeat: np.ndarray,
    in_season: np.ndarray,
    cents: np.ndarray,
    completed: np.ndarray,
) -> dict[str, np.ndarray]:
    """The lines of one block of orders (row i = order i of the block): order, product, quantity, cents, seq."""
    n_orders = len(customer)
    _, who = np.unique(customer, return_inverse=True)
    favourite = rng.integers(0, shop.favourites, who.max(initial=-1) + 1)
    staple = shop.staples[favourite, (rng.random(len(favourite)) * shop.staple_count[favourite]).astype(int)]

    season = in_season.astype(np.int64)
    staple_first = repeat & (rng.random(n_orders) < STAPLE_SHARE)
    pool = np.where(rng.random(n_orders) < FAVOURITE_SHARE, favourite[who], shop.n_categories)
    chosen = np.full((n_orders, MAX_LINES), -1)
    chosen[:, 0] = np.where(staple_first, staple[who], shop.draw(rng, pool, season))
    extra = np.minimum(rng.poisson(EXTRA_LINES, n_orders), MAX_LINES - 1)
    for step in range(1, MAX_LINES):
        rows = np.flatnonzero(extra >= step)
        previous = chosen[rows, step - 1]
        # products are numbered in pairs within a category (0-based 0/1, 2/3, ...): a partner shares the season
        partner = rng.random(len(rows)) < PARTNER_SHARE
        chosen[rows, step] = np.where(partner, previous ^ 1, shop.draw(rng, shop.category[previous], season[rows]))

    order, slot = np.nonzero(chosen >= 0)
    pairs, units = np.unique(order * len(shop.price) + chosen[order, slot], return_counts=True)
    order, product = pairs // len(shop.price), pairs % len(shop.price)
    quantity = units + np.where(shop.replenishable[product], rng.integers(0, 3, len(product)), 0)
    line_cents = _split_cents(order, shop.price[product] * quantity, cents, n_orders)

    last = np.r_[order[1:] != order[:-1], True]  # an order's last line: its largest product index
    products_in_order = np.bincount(order, minlength=n_orders)
    reversed_orders = completed & (products_in_order > 1) & (rng.random(n_orders) < REVERSAL_SHARE)
    reversal = last & reversed_orders[order]
    return {
        "order": np.r_[order, order[reversal]],
        "product": np.r_[product, product[reversal]],
        "quantity": np.r_[quantity, -np.ones(reversal.sum(), np.int64)],
        "cents": np.r_[line_cents, -np.round(shop.price[product[reversal]] * 100).astype(np.int64)],
        "seq": np.r_[np.zeros(len(order), np.int8), np.ones(reversal.sum(), np.int8)],  # the reversal comes last
    }


def _split_cents(order: np.ndarray, share: np.ndarray, total: np.ndarray, n_orders: int) -> np.ndarray:
    """Each order's `total` cents over its lines in proportion to `share`, in whole cents that add up (the last
    line of an order takes the rounding)."""
    line_total = total[order]
    cents = np.floor(line_total * share / np.bincount(order, share, n_orders)[order]).astype(np.int64)
    last = np.r_[order[1:] != order[:-1], True]
    cents[last] += total[order[last]] - np.bincount(order, cents, n_orders).astype(np.int64)[order[last]]
    return cents


def stage_order_lines(con: duckdb.DuckDBPyConnection, orders_sql: str, seed: int) -> None:
    """Temp tables line_orders (the orders of `orders_sql`, numbered) and stage_raw_order_lines, block by block."""
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE line_orders AS
        SELECT row_number() OVER (ORDER BY order_id) - 1 AS order_row,
               dense_rank() OVER (ORDER BY customer_id) - 1 AS customer_row,
               order_id, ordered_at, month(ordered_at) IN (11, 12) AS in_season,
               CAST(round(amount * 100) AS BIGINT) AS cents, status = 'completed' AS completed
        FROM ({orders_sql})""")
    customers = con.execute("SELECT coalesce(max(customer_row) + 1, 0) FROM line_orders").fetchone()[0]
    starts = range(0, customers, BLOCK_CUSTOMERS)
    shop = _Catalogue()
    block_seeds = np.random.SeedSequence([seed, LINES_STREAM, 2]).spawn(len(starts))
    for start, block_seed in zip(starts, block_seeds):
        block = con.execute(
            """SELECT order_row, customer_row, in_season, cents, completed,
                      row_number() OVER (PARTITION BY customer_row ORDER BY ordered_at, order_row) > 1 AS repeat
               FROM line_orders WHERE customer_row >= ? AND customer_row < ?
               ORDER BY customer_row, ordered_at, order_row""",
            [start, start + BLOCK_CUSTOMERS],
        ).fetchnumpy()
        lines = simulate_block(
            shop,
            np.random.default_rng(block_seed),
            np.asarray(block["customer_row"]),
            np.asarray(block["repeat"]),
            np.asarray(block["in_season"]),
            np.asarray(block["cents"]),
            np.asarray(block["completed"]),
        )
        lines["order"] = np.asarray(block["order_row"])[lines.pop("order")]
        stage(con, "raw_order_lines", pa.table(lines))
    if not starts:
        empty = {c: np.zeros(0, np.int64) for c in ("order", "product", "quantity", "cents", "seq")}
        stage(con, "raw_order_lines", pa.table(empty))
    products = pa.Table.from_pandas(catalogue()[["product_id", "product_name", "category"]], preserve_index=False)
    con.register("catalogue_block", products)
    con.execute("CREATE OR REPLACE TEMP TABLE line_products AS SELECT * FROM catalogue_block")
    con.unregister("catalogue_block")


def line_select_sql(name: str) -> str:
    """SELECT producing typed raw table `name` (LINE_TABLES) from stage_order_lines' temp tables:
    raw_order_lines order_id VARCHAR, product_id VARCHAR, quantity INTEGER, line_amount DECIMAL(18,2);
    raw_products product_id, product_name, category VARCHAR."""
    if name == "raw_order_lines":
        return """
            SELECT o.order_id, p.product_id, CAST(l.quantity AS INTEGER) AS quantity,
                   CAST(l.cents / 100 AS DECIMAL(18, 2)) AS line_amount
            FROM stage_raw_order_lines AS l
            JOIN line_orders AS o ON l."order" = o.order_row
            JOIN (SELECT product_id, row_number() OVER (ORDER BY product_id) - 1 AS product FROM line_products) AS p
                ON l.product = p.product
            ORDER BY l."order", l.seq, l.product"""
    if name == "raw_products":
        return "SELECT * FROM line_products ORDER BY product_id"
    raise ValueError(f"unknown table {name!r}; expected one of {LINE_TABLES}")
