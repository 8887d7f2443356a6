"""One acquisition cohort: every customer arrives in the first weeks, then the cohort only ages (as in CDNOW)."""

import pandas as pd

from customer_lifecycle.datagen import generate_shop


def test_one_cohort_arrives_at_the_start_and_keeps_buying_over_the_period():
    shop = generate_shop(800, seed=7, start="2025-01-01", end="2025-09-30", with_events=False, cohort_days=31)
    orders = shop["raw_orders"].assign(ordered_at=lambda f: pd.to_datetime(f["ordered_at"]))
    signed_up = pd.to_datetime(shop["raw_customers"]["signed_up_at"])
    first_orders = orders.groupby("customer_id")["ordered_at"].min()
    assert (signed_up < pd.Timestamp("2025-02-15")).mean() > 0.95  # arrivals in January, sign-ups days later
    assert (first_orders < pd.Timestamp("2025-03-01")).mean() > 0.95
    assert orders["ordered_at"].max() >= pd.Timestamp("2025-09-01") and len(orders) > 5 * len(first_orders)
