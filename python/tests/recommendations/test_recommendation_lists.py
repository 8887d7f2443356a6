"""What customer_recommendations promises, on the sample shop with order lines (DuckDB)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from customer_lifecycle.recommend.similarity import purchase_matrix


def test_every_order_line_is_accounted_for_with_a_reason(recommendations_duckdb):
    wh = recommendations_duckdb
    raw = wh.query("select count(*) as n from raw_order_lines")["n"].iloc[0]
    summary = wh.query("select outcome, reason, row_count from inputs_load_summary where input = 'order_lines'")
    assert summary["row_count"].sum() == raw
    quarantined = dict(summary.loc[summary["outcome"] == "quarantined", ["reason", "row_count"]].values)
    # the hostile lines of datagen/bad_lines.py: a padded product id is the same product, so a duplicate line
    assert quarantined == {
        "unknown_order": 2,
        "quarantined_order": 2,
        "null_product_id": 2,
        "unparseable_quantity": 2,
        "unparseable_line_amount": 1,
        "duplicate_line": 4,
    }


def test_lines_follow_their_order(recommendations_duckdb):
    wh = recommendations_duckdb
    lines = wh.query("""
        select l.order_status, o.status, l.customer_id = o.customer_id as same_customer, count(*) as n
        from stg_lifecycle__order_lines as l inner join stg_lifecycle__orders as o on l.order_id = o.order_id
        where l.quarantine_reason is null group by all""")
    assert (lines["order_status"] == lines["status"]).all() and lines["same_customer"].all()
    assert set(lines["order_status"]) == {"completed", "returned", "cancelled"}
    kept = wh.query(
        "select distinct o.status from int_lifecycle__product_orders as p "
        "inner join stg_lifecycle__orders as o on p.order_id = o.order_id"
    )
    assert list(kept["status"]) == ["completed"]


def test_returned_and_ordered_products_are_never_discovered(recommendations_duckdb):
    wh = recommendations_duckdb
    returned = wh.query("""
        select count(*) as n from customer_recommendations as r
        inner join int_lifecycle__product_purchases as p
            on r.customer_id = p.customer_id and r.product_id = p.product_id
        where p.order_status = 'returned' or (p.order_status = 'completed' and p.line_kind = 'reversal')""")
    assert returned["n"].iloc[0] == 0
    reordered = wh.query("""
        select count(*) as n from customer_recommendations as r
        inner join int_lifecycle__product_purchases as p
            on r.customer_id = p.customer_id and r.product_id = p.product_id
        where r.list = 'discover'""")
    assert reordered["n"].iloc[0] == 0


def test_everyone_gets_a_full_discover_list(recommendations_duckdb):
    wh = recommendations_duckdb
    counts = wh.query("""
        select l.lifecycle_stage, count(r.product_id) as listed
        from customer_lifecycle as l
        left join customer_recommendations as r
            on l.person_type = r.person_type and l.person_id = r.person_id and r.list = 'discover'
        group by l.person_type, l.person_id, l.lifecycle_stage""")
    assert (counts["listed"] == 10).all(), counts[counts["listed"] != 10].head()
    reasons = wh.query("select distinct lifecycle_stage, reason from customer_recommendations where list = 'discover'")
    never_bought = reasons[reasons["lifecycle_stage"].isin(["acquired", "attracted", "registered"])]
    assert not never_bought["reason"].str.startswith("bought with").any()


def test_neighbour_scores_equal_the_python_reference(recommendations_duckdb):
    """Tier-1 discover scores: the seed's weights of the products each customer kept, summed, as numpy does."""
    wh = recommendations_duckdb
    orders = wh.query("select customer_id, product_id, order_date from int_lifecycle__product_orders")
    seed = wh.query("select product_id, neighbour_id, weight from product_similarity")
    purchases = purchase_matrix(orders)
    index = pd.Series(np.arange(len(purchases.products)), index=purchases.products)
    weights = np.zeros((len(index), len(index)))
    weights[index[seed["product_id"]].to_numpy(), index[seed["neighbour_id"]].to_numpy()] = seed["weight"]
    scores = purchases.bought @ weights
    sql = wh.query(
        "select customer_id, product_id, score from customer_recommendations "
        "where list = 'discover' and reason like 'bought with %'"
    )
    rows = pd.Series(np.arange(len(purchases.customers)), index=purchases.customers)[sql["customer_id"]].to_numpy()
    expected = np.asarray(scores[rows, index[sql["product_id"]].to_numpy()]).ravel()
    assert len(sql) > 1000
    np.testing.assert_allclose(sql["score"], expected, atol=1e-6)


def test_buy_again_ranks_by_orders_then_recent_buyers_then_repeat_rate(recommendations_duckdb):
    """buy_again: the products each customer kept, most orders first; ties to the product more customers bought in
    the last 90 days (the popular window), then to the higher repeat rate, then the smaller id; products nobody
    buys twice are listed too."""
    wh = recommendations_duckdb
    orders = wh.query("select customer_id, product_id, order_date from int_lifecycle__product_orders")
    as_of = pd.Timestamp(wh.query("select as_of_date from int_lifecycle__as_of_date").iloc[0, 0])
    recent = orders[pd.to_datetime(orders["order_date"]) > as_of - pd.Timedelta(days=90)]
    recent_buyers = recent.groupby("product_id")["customer_id"].nunique()
    history = orders[["customer_id", "product_id"]].value_counts().rename("orders").reset_index()
    repeat_rate = history.assign(again=history["orders"] > 1).groupby("product_id")["again"].mean().round(6)
    expected = (
        history.assign(
            recent_buyers=history["product_id"].map(recent_buyers).fillna(0),
            repeat_rate=history["product_id"].map(repeat_rate),
        )
        .sort_values(
            ["customer_id", "orders", "recent_buyers", "repeat_rate", "product_id"],
            ascending=[True, False, False, False, True],
        )
        .groupby("customer_id")
        .head(5)
    )
    sql = wh.query(
        "select customer_id, product_id, score from customer_recommendations where list = 'buy_again' "
        "order by customer_id, rank"
    )
    assert (expected["repeat_rate"] == 0).any() and (expected["recent_buyers"] == 0).any()
    assert list(zip(sql["customer_id"], sql["product_id"])) == list(
        zip(expected["customer_id"], expected["product_id"])
    )
    np.testing.assert_array_equal(sql["score"], expected["orders"])


def test_a_product_bought_by_one_customer_has_no_neighbours(recommendations_duckdb):
    wh = recommendations_duckdb
    buyers = wh.query(
        "select count(distinct customer_id) as n from int_lifecycle__product_orders where product_id = 'P0049'"
    )["n"].iloc[0]
    assert buyers == 1
    rows = wh.query("select count(*) as n from product_similarity where 'P0049' in (product_id, neighbour_id)")
    assert rows["n"].iloc[0] == 0


def test_the_report_section_reads_the_lists(recommendations_duckdb):
    from customer_lifecycle.report.page import recommendation_section
    from customer_lifecycle.report.queries import RECOMMENDATION_READS

    data = {name: read.rows(recommendations_duckdb) for name, read in RECOMMENDATION_READS.items()}
    examples = data["recommendation_examples"]
    assert set(examples["lifecycle_stage"]) == {
        "acquired",
        "attracted",
        "registered",
        "engaged",
        "retained",
        "advocate",
        "churned",
    }
    assert examples["reason"].str.startswith("bought with").any() and (examples["reason"] == "popular now").any()
    [section] = recommendation_section(data)
    assert "Sourdough starter" in "".join(section.tables) and "8. Recommendations" == section.title
