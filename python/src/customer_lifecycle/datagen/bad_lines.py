"""Invalid order lines appended to the seed raw_order_lines, so their quarantine has work.

Each bad line carries one defect and is otherwise a copy of a sale line of a completed order; they follow the
valid lines, in the order of BAD_LINE_COUNTS, and only in the committed seed.

    kind                    rows  defect                                             staged as
    unknown_order             2   order id that no order has                          unknown_order
    quarantined_order         2   line of an order the orders staging quarantined     quarantined_order
    null_product_id           2   product_id empty                                    null_product_id
    unparseable_quantity      2   quantity 'two', '1.5'                               unparseable_quantity
    unparseable_amount        1   line_amount 'n/a'                                   unparseable_line_amount
    duplicate_line            2   exact copy of a line                                duplicate_line
    respelled_product         2   copy of a line, product id padded (' P0003 ')       duplicate_line (same id)
    single_buyer_product      1   the only line of product P0049 (not in raw_products) accepted
"""

from __future__ import annotations

import numpy as np
import pandas as pd

BAD_LINE_COUNTS = {
    "unknown_order": 2,
    "quarantined_order": 2,
    "null_product_id": 2,
    "unparseable_quantity": 2,
    "unparseable_amount": 1,
    "duplicate_line": 2,
    "respelled_product": 2,
    "single_buyer_product": 1,
}
UNPARSEABLE_QUANTITIES = ("two", "1.5")  # no comma: a quoted field upsets DuckDB's CSV sniffer
SINGLE_BUYER_PRODUCT = "P0049"


def append_bad_lines(
    lines: pd.DataFrame, completed_order_ids: pd.Series, quarantined_order_ids: list[str], rng: np.random.Generator
) -> pd.DataFrame:
    """`lines` (valid text lines) followed by the BAD_LINE_COUNTS rows."""
    positive = np.flatnonzero(
        (~lines["quantity"].str.startswith("-") & lines["order_id"].isin(completed_order_ids)).to_numpy()
    )
    templates = lines.iloc[np.sort(rng.choice(positive, sum(BAD_LINE_COUNTS.values()), replace=False))]
    bad, used = [], 0
    for kind, count in BAD_LINE_COUNTS.items():
        rows = templates.iloc[used : used + count].copy()
        used += count
        if kind == "unknown_order":
            rows["order_id"] = [f"O9999999{i}" for i in range(count)]
        elif kind == "quarantined_order":
            rows["order_id"] = quarantined_order_ids[:count]
        elif kind == "null_product_id":
            rows["product_id"] = None
        elif kind == "unparseable_quantity":
            rows["quantity"] = list(UNPARSEABLE_QUANTITIES[:count])
        elif kind == "unparseable_amount":
            rows["line_amount"] = "n/a"
        elif kind == "respelled_product":
            rows["product_id"] = " " + rows["product_id"] + " "
        elif kind == "single_buyer_product":
            rows["product_id"] = SINGLE_BUYER_PRODUCT
        bad.append(rows)
    return pd.concat([lines, *bad], ignore_index=True)
