"""Invalid rows appended to the seed raw_orders, so the quarantine model has work.

Each bad row carries exactly one defect and is otherwise a copy of a real
completed order (real customer, timestamp inside the window). They are appended
after the valid rows, in the order of BAD_ROW_COUNTS, and only to the committed
seed (`with_bad_rows=True`), never to benchmark data.

    kind                    rows  defect
    duplicate_exact           4   exact copy of an existing row (4 order_ids appear twice, identical)
    duplicate_conflicting     3   existing order_id, amount differs (3 order_ids appear twice, different)
    null_order_id             3   order_id empty
    null_customer_id          3   customer_id empty
    negative_amount           4   completed order with a negative amount
    unparseable_amount        3   amount '12.5O', '1.2.3', 'n/a'
    unknown_status            3   status 'refunded?', 'on_hold', 'unknown'
    unparseable_timestamp     4   ordered_at '2025-13-45 25:61:00', 'yesterday',
                                  '2025-02-30 10:00:00', '31/12/2025 25:00'
    future_timestamp          3   ordered_at '2099-01-01 00:00:00', '2099-06-15 12:00:00', '2100-01-01 00:00:00'
                             --
                             30   appended rows in total
"""

from __future__ import annotations

import numpy as np
import pandas as pd

BAD_ROW_COUNTS = {
    "duplicate_exact": 4,
    "duplicate_conflicting": 3,
    "null_order_id": 3,
    "null_customer_id": 3,
    "negative_amount": 4,
    "unparseable_amount": 3,
    "unknown_status": 3,
    "unparseable_timestamp": 4,
    "future_timestamp": 3,
}
UNPARSEABLE_AMOUNTS = ("12.5O", "1.2.3", "n/a")
UNKNOWN_STATUSES = ("refunded?", "on_hold", "unknown")
UNPARSEABLE_TIMESTAMPS = ("2025-13-45 25:61:00", "yesterday", "2025-02-30 10:00:00", "31/12/2025 25:00")
FUTURE_TIMESTAMPS = ("2099-01-01 00:00:00", "2099-06-15 12:00:00", "2100-01-01 00:00:00")
# Kinds that keep the template's order_id; all others get a fresh id after the last one.
REUSES_ORDER_ID = {"duplicate_exact", "duplicate_conflicting"}


def _cycle(values: tuple[str, ...], n: int) -> list[str]:
    return [values[i % len(values)] for i in range(n)]


def _break(rows: pd.DataFrame, kind: str) -> pd.DataFrame:
    """Give copies of valid rows the defect `kind`."""
    n = len(rows)
    if kind == "duplicate_conflicting":
        rows["amount"] = [f"{float(a) + 10:.2f}" for a in rows["amount"]]
    elif kind == "null_order_id":
        rows["order_id"] = None
    elif kind == "null_customer_id":
        rows["customer_id"] = None
    elif kind == "negative_amount":
        rows["amount"] = "-" + rows["amount"]
    elif kind == "unparseable_amount":
        rows["amount"] = _cycle(UNPARSEABLE_AMOUNTS, n)
    elif kind == "unknown_status":
        rows["status"] = _cycle(UNKNOWN_STATUSES, n)
    elif kind == "unparseable_timestamp":
        rows["ordered_at"] = _cycle(UNPARSEABLE_TIMESTAMPS, n)
    elif kind == "future_timestamp":
        rows["ordered_at"] = _cycle(FUTURE_TIMESTAMPS, n)
    return rows


def append_bad_rows(orders: pd.DataFrame, rng: np.random.Generator, id_width: int) -> pd.DataFrame:
    """`orders` (valid text rows, ids O1..On in order) followed by the BAD_ROW_COUNTS rows."""
    completed = np.flatnonzero((orders["status"] == "completed").to_numpy())
    templates = orders.iloc[np.sort(rng.choice(completed, sum(BAD_ROW_COUNTS.values()), replace=False))]
    next_id = len(orders) + 1
    bad, used = [], 0
    for kind, count in BAD_ROW_COUNTS.items():
        rows = _break(templates.iloc[used : used + count].copy(), kind)
        used += count
        if kind not in REUSES_ORDER_ID and kind != "null_order_id":
            rows["order_id"] = [f"O{next_id + i:0{id_width}d}" for i in range(count)]
            next_id += count
        bad.append(rows)
    return pd.concat([orders, *bad], ignore_index=True)
