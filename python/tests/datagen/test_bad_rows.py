"""The seed's bad rows, counted independently, match BAD_ROW_COUNTS (what quarantine should find)."""

import pandas as pd

from customer_lifecycle.datagen import BAD_ROW_COUNTS, generate_shop


def _defects(orders: pd.DataFrame) -> dict[str, int]:
    amount = pd.to_numeric(orders["amount"], errors="coerce")
    ordered_at = pd.to_datetime(orders["ordered_at"], format="%Y-%m-%d %H:%M:%S", errors="coerce")
    with_id = orders[orders["order_id"].notna()]
    repeated = with_id[with_id["order_id"].duplicated(keep=False)]
    versions = repeated.drop_duplicates().groupby("order_id").size()
    return {
        "duplicate_exact": int((versions == 1).sum()),
        "duplicate_conflicting": int((versions > 1).sum()),
        "null_order_id": int(orders["order_id"].isna().sum()),
        "null_customer_id": int(orders["customer_id"].isna().sum()),
        "negative_amount": int(((amount < 0) & (orders["status"] == "completed")).sum()),
        "unparseable_amount": int((amount.isna() & orders["amount"].notna()).sum()),
        "unknown_status": int((~orders["status"].isin(["completed", "returned", "cancelled"])).sum()),
        "unparseable_timestamp": int((ordered_at.isna() & orders["ordered_at"].notna()).sum()),
        "future_timestamp": int((ordered_at > pd.Timestamp("2026-07-01")).sum()),
    }


def test_seed_bad_rows_match_the_constant(seeds):
    assert _defects(seeds["raw_orders"]) == BAD_ROW_COUNTS


def test_each_bad_row_has_a_single_defect(seeds):
    # On the bad rows plus the rows they duplicate, dropping one row removes exactly one defect.
    orders = seeds["raw_orders"]
    bad = orders.tail(sum(BAD_ROW_COUNTS.values()))
    rows = orders[orders.index.isin(bad.index) | orders["order_id"].isin(bad["order_id"].dropna())]
    assert _defects(rows) == BAD_ROW_COUNTS
    for position in bad.index:
        remaining = _defects(rows.drop(index=position))
        assert sum(BAD_ROW_COUNTS.values()) - sum(remaining.values()) == 1, orders.loc[position].to_dict()


def test_no_bad_rows_unless_asked():
    orders = generate_shop(300, seed=3)["raw_orders"]
    assert not any(_defects(orders).values())
