"""The sample shop's catalogue and order lines, drawn from a random stream of their own.

Orders, sign-ups and events do not change when lines are added: the lines are drawn from the finished orders
table with a separate SeedSequence stream (`LINES_STREAM`), so every earlier table stays byte-identical.

Structure a recommender can learn:
- every customer has a favourite category and, in it, a staple (a replenishable product) bought again and again;
- products come in pairs (P0001 with P0002, ...): a line is often followed by its partner (co-purchase);
- the gifts category sells only in November and December (seasonal);
- a few completed orders carry a reversal line (negative quantity: the customer returned one product).
Each order's line amounts add up to the order's amount (lines carry `line_amount`, the line's total).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

LINES_STREAM = 21  # spawn key of the lines' random stream (issue 21)
CATEGORIES = {
    "coffee": [
        "Espresso beans",
        "Filter coffee",
        "Paper filters",
        "Pour-over cone",
        "Decaf beans",
        "Milk frother",
        "Coffee grinder",
        "Travel mug",
    ],
    "tea": ["Green tea", "Black tea", "Tea infuser", "Teapot", "Herbal tea", "Honey jar", "Matcha", "Bamboo whisk"],
    "bakery": [
        "Sourdough starter",
        "Bread flour",
        "Proofing basket",
        "Dough scraper",
        "Rye flour",
        "Baking stone",
        "Yeast",
        "Loaf tin",
    ],
    "kitchen": [
        "Chef knife",
        "Cutting board",
        "Olive oil",
        "Sea salt",
        "Pepper mill",
        "Whole pepper",
        "Cast-iron pan",
        "Oven mitt",
    ],
    "garden": [
        "Tomato seeds",
        "Potting soil",
        "Basil seeds",
        "Plant pot",
        "Garden gloves",
        "Pruning shears",
        "Fertiliser",
        "Watering can",
    ],
    "gifts": [
        "Advent calendar",
        "Gift box",
        "Festive tea",
        "Christmas mug",
        "Cookie cutters",
        "Greeting cards",
        "Candle set",
        "Ribbon roll",
    ],
}
SEASONAL = {"gifts"}  # sold in November and December only
SEASON_MONTHS = ("11", "12")
# products bought again and again (positions within their category): the staples
REPLENISHABLE = {
    "coffee": (0, 1, 2),
    "tea": (0, 1, 4),
    "bakery": (1, 4, 6),
    "kitchen": (2, 3, 5),
    "garden": (1, 6),
    "gifts": (),
}
EXTRA_LINES = 0.7  # mean lines per order beyond the first (Poisson)
MAX_LINES = 5
STAPLE_SHARE = 0.45  # a repeat order starts with the customer's staple this often
FAVOURITE_SHARE = 0.7  # otherwise a product of the favourite category, else of any category
PARTNER_SHARE = 0.55  # a further line is the partner of the line before it
REVERSAL_SHARE = 0.01  # completed orders with 2+ lines that get a reversal line


def catalogue() -> pd.DataFrame:
    """raw_products: product_id, product_name, category, price (text, like every seed)."""
    rows = []
    for category, names in CATEGORIES.items():
        for position, name in enumerate(names):
            number = len(rows) + 1
            rows.append(
                {
                    "product_id": f"P{number:04d}",
                    "product_name": name,
                    "category": category,
                    "price": 4.0 + (number * 7919 % 23) * 1.5,
                    "replenishable": position in REPLENISHABLE[category],
                }
            )
    return pd.DataFrame(rows)


def _popularity(products: pd.DataFrame) -> np.ndarray:
    """A Zipf-like popularity within each category (first products most popular)."""
    position = products.groupby("category").cumcount().to_numpy()
    return 1.0 / (1.0 + position)


def simulate_order_lines(orders: pd.DataFrame, seed: int) -> pd.DataFrame:
    """raw_order_lines (order_id, product_id, quantity, line_amount as text) for the valid text orders."""
    rng = np.random.default_rng(np.random.SeedSequence([seed, LINES_STREAM]))
    products = catalogue()
    category_names = list(CATEGORIES)
    category = products["category"].map(category_names.index).to_numpy()
    popularity = _popularity(products)
    seasonal = products["category"].isin(SEASONAL).to_numpy()
    price = products["price"].to_numpy()
    replenishable = products["replenishable"].to_numpy()

    customers, customer_of_order = np.unique(orders["customer_id"].to_numpy(dtype=str), return_inverse=True)
    favourite = rng.integers(0, len(category_names) - len(SEASONAL), len(customers))  # never the seasonal category
    staples = [np.flatnonzero((category == c) & replenishable) for c in range(len(category_names))]
    staple = np.array([staples[c][rng.integers(len(staples[c]))] for c in favourite])

    in_season = orders["ordered_at"].str[5:7].isin(SEASON_MONTHS).to_numpy()
    extra = np.minimum(rng.poisson(EXTRA_LINES, len(orders)), MAX_LINES - 1)
    seen = np.zeros(len(customers), bool)
    rows = []
    for i, (order_id, amount, status) in enumerate(orders[["order_id", "amount", "status"]].itertuples(index=False)):
        who = customer_of_order[i]
        weights = popularity * (in_season[i] | ~seasonal)

        def draw(pool: np.ndarray, weights: np.ndarray = weights) -> int:
            w = weights * pool
            return int(rng.choice(len(w), p=w / w.sum()))

        if seen[who] and rng.random() < STAPLE_SHARE:
            first = staple[who]
        elif rng.random() < FAVOURITE_SHARE:
            first = draw(category == favourite[who])
        else:
            first = draw(np.ones(len(products), bool))
        chosen = [first]
        for _ in range(extra[i]):
            previous = chosen[-1]
            partner = previous ^ 1  # products are numbered in pairs within a category (0-based 0/1, 2/3, ...)
            if rng.random() < PARTNER_SHARE and weights[partner] > 0:
                chosen.append(partner)
            else:
                chosen.append(draw(category == category[previous]))
        seen[who] = True
        items, quantity = np.unique(chosen, return_counts=True)
        quantity = quantity + np.where(replenishable[items], rng.integers(0, 3, len(items)), 0)
        rows += _priced_lines(order_id, items, quantity, price, float(amount))
        if status == "completed" and len(items) > 1 and rng.random() < REVERSAL_SHARE:
            returned, cents = items[-1], round(-price[items[-1]] * 100)
            rows.append((order_id, int(returned), -1, cents))
    lines = pd.DataFrame(rows, columns=["order_id", "product", "quantity", "cents"])
    return pd.DataFrame(
        {
            "order_id": lines["order_id"],
            "product_id": products["product_id"].to_numpy()[lines["product"].to_numpy()],
            "quantity": lines["quantity"].astype(str),
            "line_amount": [f"{c / 100:.2f}" for c in lines["cents"]],
        }
    )


def _priced_lines(
    order_id: str, items: np.ndarray, quantity: np.ndarray, price: np.ndarray, amount: float
) -> list[tuple]:
    """The order's amount split over its lines in proportion to list price x quantity, in whole cents that add up."""
    total = round(amount * 100)
    share = price[items] * quantity
    cents = np.floor(total * share / share.sum()).astype(np.int64)
    cents[-1] += total - cents.sum()
    return [(order_id, int(p), int(q), int(c)) for p, q, c in zip(items, quantity, cents)]


def products_table() -> pd.DataFrame:
    """raw_products as text: product_id, product_name, category."""
    return catalogue()[["product_id", "product_name", "category"]]
