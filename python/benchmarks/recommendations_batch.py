"""The Python batch job a user would write instead of customer_recommendations: fetch the order lines and the
people, compute the same buy_again and discover lists with pandas and numpy from the same product_similarity
weights, and write them back into table batch_recommendations. recommendations_speed.py times it against dbt.

It reads what the SQL reads (staging's accepted order lines, customer_lifecycle, the customers' channels, the
product names, the product_similarity seed, the as-of date) and follows docs/recommendations.md's rules: the
scores are rounded to 6 decimals and ties go to the smaller product id. The catalogue is small (a few dozen
products), so every person's scores are one dense row per block of people (BLOCK_CELLS scores at a time); a
catalogue of thousands would want scipy.sparse instead.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

BLOCK_CELLS = 5_000_000  # people x products scored at once
COLUMNS = [
    "person_id",
    "person_type",
    "customer_id",
    "lifecycle_stage",
    "list",
    "rank",
    "product_id",
    "product_name",
    "score",
    "reason",
    "model_version",
]

INPUTS = {
    "lines": "select customer_id, product_id, order_id, order_date, order_status, line_kind"
    " from stg_lifecycle__order_lines where quarantine_reason is null",
    "as_of": "select as_of_date from int_lifecycle__as_of_date",
    "persons": "select person_id, person_type, customer_id, lifecycle_stage from customer_lifecycle",
    "channels": "select customer_id, acquisition_channel from stg_lifecycle__customers"
    " where quarantine_reason is null and acquisition_channel is not null",
    "names": "select product_id, product_name from stg_lifecycle__products where quarantine_reason is null",
    "similarity": "select product_id, neighbour_id, weight, model_version from product_similarity",
}


def _ranked_top(key_columns: list[np.ndarray], group: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(rows, rank) of the first `n` rows of each `group` when sorted by `key_columns` (most significant first)."""
    order = np.lexsort([*reversed(key_columns), group])
    grouped = group[order]
    starts = np.r_[0, np.flatnonzero(grouped[1:] != grouped[:-1]) + 1]
    rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    keep = rank < n
    return order[keep], rank[keep] + 1


def recommendations(inputs: dict[str, pd.DataFrame], buy_again_n: int, discover_n: int, popular_days: int):
    """The lists, one row per person, list and rank, with COLUMNS."""
    as_of = pd.Timestamp(inputs["as_of"]["as_of_date"].iloc[0])
    lines = inputs["lines"]
    lines = lines[pd.to_datetime(lines["order_date"]) <= as_of]
    similarity = inputs["similarity"]
    products = np.array(
        sorted(set(lines["product_id"]) | set(similarity["product_id"]) | set(similarity["neighbour_id"]))
    )
    n_products = len(products)
    persons = inputs["persons"].reset_index(drop=True)
    customers = pd.Index(persons["customer_id"].dropna().unique())
    customer = customers.get_indexer(lines["customer_id"])  # -1: a customer with no person (none, normally)
    product = np.searchsorted(products, lines["product_id"].to_numpy())

    # ---------- history: the products each customer bought and kept, per completed order
    bought = np.zeros((len(customers), n_products), bool)
    known = customer >= 0
    bought[customer[known], product[known]] = True
    status, kind = lines["order_status"].to_numpy(), lines["line_kind"].to_numpy()
    returned = np.zeros_like(bought)
    gone = known & ((status == "returned") | ((status == "completed") & (kind == "reversal")))
    returned[customer[gone], product[gone]] = True
    kept = known & (status == "completed") & (kind == "sale")
    kept &= ~returned[customer.clip(0), product]
    product_orders = pd.DataFrame(
        {
            "customer": customer[kept],
            "product": product[kept],
            "order_id": lines["order_id"].to_numpy()[kept],
            "order_date": pd.to_datetime(lines["order_date"].to_numpy()[kept]),
        }
    ).drop_duplicates(["customer", "product", "order_id"])
    history = product_orders.groupby(["customer", "product"], as_index=False).agg(
        order_count=("order_id", "size"), last_order_date=("order_date", "max")
    )
    recent = product_orders[product_orders["order_date"] > as_of - pd.Timedelta(days=popular_days)]
    recent = recent[["customer", "product"]].drop_duplicates()
    recent_buyers = np.bincount(recent["product"], minlength=n_products)
    popular_score = np.round(recent_buyers / max(recent["customer"].nunique(), 1), 6)
    popular_rank = np.empty(n_products, int)
    popular_rank[np.lexsort((np.arange(n_products), -recent_buyers))] = np.arange(1, n_products + 1)
    popular_rank[recent_buyers == 0] = n_products + 1  # never bought in the window: not popular
    repeat_rate = np.round(
        np.bincount(history["product"], history["order_count"] > 1, n_products)
        / np.maximum(np.bincount(history["product"], minlength=n_products), 1),
        6,
    )

    # ---------- buy_again
    h_customer, h_product, h_count = (history[c].to_numpy() for c in ("customer", "product", "order_count"))
    rows, rank = _ranked_top(
        [-h_count, -recent_buyers[h_product], -repeat_rate[h_product], h_product], h_customer, buy_again_n
    )
    dates = history["last_order_date"].dt.strftime("%Y-%m-%d").to_numpy()[rows]
    counts = h_count[rows]
    buy_again = pd.DataFrame(
        {
            "customer": h_customer[rows],
            "list": "buy_again",
            "rank": rank,
            "product": h_product[rows],
            "score": counts.astype(float),
            "reason": np.where(
                counts == 1,
                "you bought it on " + dates,
                "you bought it " + counts.astype(str) + " times, last on " + dates,
            ),
        }
    )

    # ---------- discover: neighbour weights (tier 1), popular in the channel (tier 2), popular (tier 3)
    weights = np.zeros((n_products, n_products))
    present = np.zeros((n_products, n_products), bool)
    source = np.searchsorted(products, similarity["product_id"].to_numpy())
    target = np.searchsorted(products, similarity["neighbour_id"].to_numpy())
    weights[source, target], present[source, target] = similarity["weight"].to_numpy(), True
    has_history = np.zeros((len(customers), n_products), bool)
    has_history[h_customer, h_product] = True

    channels = inputs["channels"].drop_duplicates("customer_id")
    channel_of = pd.Series(channels["acquisition_channel"].to_numpy(), index=channels["customer_id"])
    recent_channel = channel_of.reindex(customers[recent["customer"].to_numpy()]).to_numpy()
    channel_names = np.array(sorted(channel_of.unique()))
    in_channel = pd.notna(recent_channel)
    channel_code = np.searchsorted(channel_names, recent_channel[in_channel].astype(str))
    channel_counts = np.zeros((len(channel_names), n_products))
    np.add.at(channel_counts, (channel_code, recent["product"].to_numpy()[in_channel]), 1)
    channel_buyers = np.bincount(
        np.searchsorted(
            channel_names, channel_of.reindex(customers[np.unique(recent["customer"])]).dropna().to_numpy()
        ),
        minlength=len(channel_names),
    )
    channel_score = np.round(channel_counts / np.maximum(channel_buyers, 1)[:, None], 6)
    ids = np.broadcast_to(np.arange(n_products), channel_counts.shape)
    channel_rank = np.argsort(np.lexsort((ids, -channel_counts), axis=1), axis=1)
    channel_top = (channel_rank < 3 * discover_n) & (channel_counts > 0)
    popular_top = popular_rank <= 3 * discover_n

    person_customer = customers.get_indexer(persons["customer_id"])  # -1: a visitor
    person_channel = channel_of.reindex(persons["customer_id"]).to_numpy()
    person_channel_code = np.full(len(persons), -1)
    with_channel = pd.notna(person_channel)
    person_channel_code[with_channel] = np.searchsorted(channel_names, person_channel[with_channel].astype(str))

    discover, block = [], max(BLOCK_CELLS // n_products, 1)
    for start in range(0, len(persons), block):
        people = np.arange(start, min(start + block, len(persons)))
        who = person_customer[people]
        history_rows = np.where(who[:, None] >= 0, has_history[who.clip(0)], False)
        score = np.round(history_rows.astype(float) @ weights, 6)
        tier1 = score > 0
        code = person_channel_code[people]
        tier2 = np.where(code[:, None] >= 0, channel_top[code.clip(0)], False) & ~tier1
        tier3 = popular_top[None, :] & ~tier1 & ~tier2
        tier = np.select([tier1, tier2, tier3], [1, 2, 3], 0)
        tier_score = np.select(
            [tier1, tier2, tier3], [score, channel_score[code.clip(0)], np.broadcast_to(popular_score, score.shape)]
        )
        never_bought = ~np.where(who[:, None] >= 0, bought[who.clip(0)], False)
        person, item = np.nonzero((tier > 0) & never_bought)
        rows, rank = _ranked_top([tier[person, item], -tier_score[person, item], item], person, discover_n)
        person, item = person[rows], item[rows]
        chosen_tier = tier[person, item]
        # the strongest reason: the kept product whose weight to the candidate is the largest (smaller id on ties)
        contribution = np.where(history_rows[person] & present[:, item].T, weights[:, item].T, -np.inf)
        channel_name = np.where(code[person] >= 0, channel_names[code[person].clip(0)], "")
        discover.append(
            pd.DataFrame(
                {
                    "person": people[person],
                    "list": "discover",
                    "rank": rank,
                    "product": item,
                    "score": tier_score[person, item],
                    "because_of": contribution.argmax(axis=1),
                    "reason": np.select(
                        [chosen_tier == 2, chosen_tier == 3],
                        ["popular with customers like you (" + channel_name + ")", "popular now"],
                        "",
                    ),
                }
            )
        )
    discover = pd.concat(discover, ignore_index=True)
    names = pd.Series(inputs["names"]["product_name"].to_numpy(), index=inputs["names"]["product_id"])
    name_of = names.reindex(products).to_numpy()
    label = np.where(pd.notna(name_of), name_of, products)  # a product without a name goes by its id
    bought_with = discover["reason"] == ""
    discover.loc[bought_with, "reason"] = "bought with " + label[discover.loc[bought_with, "because_of"].to_numpy()]

    # buy_again rows belong to every person of the customer
    buy_again = (
        persons.reset_index(names="person")
        .dropna(subset=["customer_id"])[["person", "customer_id"]]
        .assign(customer=lambda frame: customers.get_indexer(frame["customer_id"]))
        .merge(buy_again, on="customer")
    )
    listed = pd.concat([buy_again, discover], ignore_index=True)
    people = persons.iloc[listed["person"].to_numpy()].reset_index(drop=True)
    return pd.DataFrame(
        {
            "person_id": people["person_id"],
            "person_type": people["person_type"],
            "customer_id": people["customer_id"],
            "lifecycle_stage": people["lifecycle_stage"],
            "list": listed["list"],
            "rank": listed["rank"].astype("int32"),
            "product_id": products[listed["product"].to_numpy()],
            "product_name": name_of[listed["product"].to_numpy()],
            "score": listed["score"].astype(float),
            "reason": listed["reason"],
            "model_version": similarity["model_version"].max(),
        }
    )[COLUMNS]
