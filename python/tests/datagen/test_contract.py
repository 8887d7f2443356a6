"""The raw data contract other models code against."""

import pandas as pd

from customer_lifecycle.datagen import BAD_ROW_COUNTS

TIMESTAMP = r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}"
START, END = pd.Timestamp("2024-07-01"), pd.Timestamp("2026-07-01")


def test_columns(seeds):
    assert list(seeds["raw_orders"]) == ["order_id", "customer_id", "ordered_at", "amount", "status"]
    assert list(seeds["raw_customers"]) == [
        "customer_id",
        "signed_up_at",
        "acquisition_channel",
        "referred_by_customer_id",
    ]
    assert list(seeds["raw_events"]) == ["event_id", "customer_id", "visitor_id", "event_type", "occurred_at"]


def test_valid_orders_parse(valid_orders):
    assert valid_orders["order_id"].str.fullmatch(r"O\d{8}").all()
    assert valid_orders["order_id"].is_unique and valid_orders["order_id"].is_monotonic_increasing
    assert valid_orders["customer_id"].str.fullmatch(r"C\d{6}").all()
    assert valid_orders["ordered_at"].str.fullmatch(TIMESTAMP).all()
    assert valid_orders["ts"].between(START, END, inclusive="left").all()
    assert valid_orders["ts"].is_monotonic_increasing, "order ids follow time"
    assert valid_orders["amount"].str.fullmatch(r"\d+\.\d{2}").all()
    assert (valid_orders["value"] > 0).all()
    assert set(valid_orders["status"]) == {"completed", "returned", "cancelled"}


def test_status_mix(valid_orders):
    share = valid_orders["status"].value_counts(normalize=True)
    assert 0.03 < share["returned"] < 0.08 and 0.02 < share["cancelled"] < 0.045


def test_customers(seeds):
    customers = seeds["raw_customers"]
    assert customers["customer_id"].str.fullmatch(r"C\d{6}").all()
    assert customers["customer_id"].is_unique and customers["customer_id"].is_monotonic_increasing
    assert pd.to_datetime(customers["signed_up_at"], format="%Y-%m-%d %H:%M:%S").between(START, END).all()
    assert set(customers["acquisition_channel"]) == {
        "organic_search",
        "paid_search",
        "social",
        "email",
        "referral",
        "direct",
    }


def test_referrals_point_at_earlier_customers(seeds):
    customers = seeds["raw_customers"].set_index("customer_id")
    referred = customers[customers["referred_by_customer_id"].notna()]
    assert (referred["acquisition_channel"] == "referral").all()
    assert len(referred) == (customers["acquisition_channel"] == "referral").sum()
    referrer = referred["referred_by_customer_id"]
    assert referrer.isin(customers.index).all()
    assert (referrer < referred.index).all()
    assert (customers.loc[referrer, "signed_up_at"].to_numpy() <= referred["signed_up_at"].to_numpy()).all()


def test_sign_up_precedes_first_order_except_guests(seeds, valid_orders):
    signed_up = seeds["raw_customers"].set_index("customer_id")["signed_up_at"]
    first_order = valid_orders.groupby("customer_id")["ordered_at"].min()
    registered = first_order.index.isin(signed_up.index)
    assert (signed_up[first_order.index[registered]].to_numpy() <= first_order[registered].to_numpy()).all()
    guests = (~registered).sum()
    assert 0 < guests <= 0.01 * len(first_order), "a handful of guest checkouts (~0.5% of buyers)"


def test_events(seeds):
    events = seeds["raw_events"]
    assert events["event_id"].str.fullmatch(r"E\d{9}").all() and events["event_id"].is_monotonic_increasing
    assert events["visitor_id"].str.fullmatch(r"V\d{7}").all()
    assert events["occurred_at"].str.fullmatch(TIMESTAMP).all()
    assert events["occurred_at"].is_monotonic_increasing, "event ids follow time"
    assert set(events["event_type"]) == {"visit", "product_view", "add_to_cart", "review", "referral_sent"}


def test_visitor_keeps_its_id_and_gets_the_customer_id_from_sign_up(seeds):
    events = seeds["raw_events"]
    known = events[events["customer_id"].notna()]
    assert known.groupby("visitor_id")["customer_id"].nunique().max() == 1
    assert known.groupby("customer_id")["visitor_id"].nunique().max() == 1
    visitor_of = known.groupby("customer_id")["visitor_id"].first()
    customers = seeds["raw_customers"].set_index("customer_id")
    assert customers.index.isin(visitor_of.index).all(), "every sign-up is linked to its visitor"
    signed_up = customers.loc[known["customer_id"], "signed_up_at"].to_numpy()
    assert (known["occurred_at"].to_numpy() >= signed_up).all()
    linked = events[events["visitor_id"].isin(visitor_of)]
    customer_of = dict(zip(visitor_of, visitor_of.index))
    before = linked["customer_id"].isna()
    signup_of_visitor = customers.loc[linked.loc[before, "visitor_id"].map(customer_of), "signed_up_at"]
    assert (linked.loc[before, "occurred_at"].to_numpy() < signup_of_visitor.to_numpy()).all()


def test_bad_rows_only_at_the_end(seeds, valid_orders):
    assert len(seeds["raw_orders"]) == len(valid_orders) + sum(BAD_ROW_COUNTS.values())
