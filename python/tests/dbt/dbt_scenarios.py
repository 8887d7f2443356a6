"""Helpers for the dbt scenarios: load raw tables into a schema, build the package, a small synthetic shop.

Raw input goes to a separate schema (`<target schema>_src`, so scenarios sharing a server never drop
each other's input) and the project is pointed at it through the source vars, exactly as a user points
it at their own tables.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import pandas as pd

from customer_lifecycle.warehouse import Warehouse

# Only this package's layers: seeds (the sample shop) and other folders are not needed here.
MODEL_SELECTION = ("path:models/staging", "path:models/intermediate", "path:models/marts")


def _literal(value, kind: str) -> str:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NaT:
        return "null"
    if isinstance(value, (int, float)):
        return repr(float(value))
    if kind == "spark":  # Spark reads a backslash in a literal as an escape (a raw `\N` must stay `\N`)
        return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"
    return "'" + str(value).replace("'", "''") + "'"


def source_schema(wh: Warehouse) -> str:
    """The schema a scenario's raw tables live in: one per target schema."""
    return f"{wh.schema}_src"


def load_table(wh: Warehouse, name: str, frame: pd.DataFrame, types: dict[str, str]) -> None:
    """(Re)create <source schema>.<name> with the given column types and insert the frame's rows (any engine)."""
    table = f"{source_schema(wh)}.{name}"
    wh.execute(f"create schema if not exists {source_schema(wh)}")
    wh.execute(f"drop table if exists {table}")
    columns = ", ".join(f"{column} {types[column]}" for column in frame.columns)
    wh.execute(f"create table {table} ({columns})")
    rows = [
        "("
        + ", ".join(f"cast({_literal(value, wh.kind)} as {types[column]})" for column, value in zip(frame.columns, row))
        + ")"
        for row in frame.astype(object).itertuples(index=False)
    ]
    for start in range(0, len(rows), 500):
        wh.execute(f"insert into {table} values " + ", ".join(rows[start : start + 500]))


def load_scenario(where, tables: dict[str, tuple[pd.DataFrame, dict[str, str]]], vars: dict) -> Warehouse:
    """Load the raw tables and point the project's vars at them; return the (closed) warehouse, not yet built.

    `where` is a DuckDB file path, or a Warehouse for another target.
    """
    wh = where if isinstance(where, Warehouse) else Warehouse(target="duckdb", duckdb_path=str(where))
    wh.vars.update({"lifecycle_use_sample_shop": False, "lifecycle_source_schema": source_schema(wh), **vars})
    for name, (frame, types) in tables.items():
        load_table(wh, name, frame, types)
    wh.close()  # dbt opens the file itself
    return wh


def build_scenario(where, tables: dict[str, tuple[pd.DataFrame, dict[str, str]]], vars: dict) -> Warehouse:
    """Load the raw tables, build every model and data test of the package, return the warehouse."""
    wh = load_scenario(where, tables, vars)
    # unit tests are input-independent and run in the main `dbt build`
    wh.dbt("build", "--select", *MODEL_SELECTION, "--exclude", "test_type:unit")
    return wh


AS_OF = "2025-12-31"
BASE_VARS = {"as_of_date": AS_OF, "lifecycle_snapshot_cadence": "month", "lifecycle_label_horizon_days": 90}
T0 = pd.Timestamp("2025-06-30")  # a monthly snapshot (a month end)
LABEL_COLUMNS = ["churned_within_h", "value_within_h"]
TEXT = "varchar"
ORDER_COLUMNS = ["order_id", "customer_id", "ordered_at", "amount", "status"]
CUSTOMER_COLUMNS = ["customer_id", "signed_up_at", "acquisition_channel", "referred_by_customer_id"]
EVENT_COLUMNS = ["event_id", "customer_id", "visitor_id", "event_type", "occurred_at"]


def _fmt(ts: datetime) -> str:
    return ts.strftime("%Y-%m-%d %H:%M:%S")


def base_shop(seed: int = 11):
    """~120 customers over 2024-07-01 .. 2025-12-31, all columns text, a few bad rows."""
    rng = random.Random(seed)
    start, end = datetime(2024, 7, 1), datetime(2025, 12, 31, 23, 0)
    orders, customers, events = [], [], []
    for c in range(1, 121):
        cid = f"C{c:04d}"
        signed_up = start + timedelta(days=rng.randint(0, 500), seconds=rng.randint(0, 80000))
        if c % 15 != 0:  # every 15th customer is a guest buyer without a sign-up
            referrer = f"C{rng.randint(1, c - 1):04d}" if c > 10 and rng.random() < 0.15 else None
            customers.append((cid, _fmt(signed_up), rng.choice(["organic", "paid", "social"]), referrer))
        t = signed_up
        for _ in range(rng.choice([1, 1, 2, 3, 4, 6, 9])):
            t += timedelta(days=rng.expovariate(1 / 45), seconds=rng.randint(0, 9000))
            if t > end:
                break
            status = rng.choices(["completed", "returned", "cancelled"], [0.85, 0.1, 0.05])[0]
            orders.append((f"O{len(orders) + 1:06d}", cid, _fmt(t), f"{rng.uniform(5, 150):.2f}", status))
            for _ in range(rng.randint(0, 3)):
                when = t - timedelta(days=rng.randint(0, 40), seconds=rng.randint(0, 80000))
                kind = rng.choice(["visit", "product_view", "add_to_cart", "review", "referral_sent"])
                events.append((f"E{len(events) + 1:07d}", cid, f"V{c:04d}", kind, _fmt(when)))
    orders += [
        (orders[0][0], *orders[0][1:]),  # exact duplicate
        ("O900001", "C0001", "2025-01-01 10:00:00", "12,5O", "completed"),
        ("O900002", "C0002", "yesterday", "10.00", "completed"),
        ("O900003", None, "2025-01-01 10:00:00", "10.00", "completed"),
    ]
    return orders, customers, events


def after_t0_additions(base_orders, seed: int = 12):
    """Rows dated in (T0, AS_OF]: orders of existing and new customers, sign-ups, events, bad rows."""
    rng = random.Random(seed)
    day_after = T0.to_pydatetime() + timedelta(days=1)
    orders, customers, events = [], [], []
    buyers = sorted({o[1] for o in base_orders if o[1]})
    for i in range(60):
        cid = rng.choice(buyers) if i < 45 else f"N{i:04d}"
        when = day_after + timedelta(days=rng.randint(0, 180), seconds=rng.randint(0, 80000))
        orders.append((f"X{i:06d}", cid, _fmt(when), f"{rng.uniform(5, 150):.2f}", "completed"))
    # a first order exactly on the day after T0, and returns after T0
    orders.append(("X900001", buyers[0], _fmt(day_after), "33.00", "completed"))
    orders.append(("X900002", buyers[1], _fmt(day_after + timedelta(days=3)), "20.00", "returned"))
    # bad rows after T0, including a later conflicting version of an early order
    orders.append(("X900003", buyers[2], _fmt(day_after + timedelta(days=5)), "-4.00", "completed"))
    orders.append((base_orders[0][0], base_orders[0][1], _fmt(day_after + timedelta(days=9)), "1.00", "completed"))
    # guest buyer C0015 signs up after T0; new customers referred by existing ones
    customers.append(("C0015", _fmt(day_after + timedelta(days=2)), "email", None))
    for i in range(45, 60):
        customers.append((f"N{i:04d}", _fmt(day_after + timedelta(days=1)), "referral", buyers[i % 7]))
    for i in range(200):
        cid = rng.choice(buyers)
        when = day_after + timedelta(days=rng.randint(0, 180), seconds=rng.randint(0, 80000))
        kind = rng.choice(["visit", "product_view", "add_to_cart", "review", "referral_sent"])
        events.append((f"XE{i:06d}", cid, f"V{cid}", kind, _fmt(when)))
    return orders, customers, events


def shop_tables(orders, customers, events):
    return {
        "raw_orders": (pd.DataFrame(orders, columns=ORDER_COLUMNS), dict.fromkeys(ORDER_COLUMNS, TEXT)),
        "raw_customers": (pd.DataFrame(customers, columns=CUSTOMER_COLUMNS), dict.fromkeys(CUSTOMER_COLUMNS, TEXT)),
        "raw_events": (pd.DataFrame(events, columns=EVENT_COLUMNS), dict.fromkeys(EVENT_COLUMNS, TEXT)),
    }


HISTORY_COLUMNS = "person_id, customer_id, person_type, month_start, evaluated_at, lifecycle_stage, stage_order"
# the month-over-month flows as they were computed before the history was stored as spells (issue 24)
MONTHLY_TRANSITIONS = """
    select month_start, coalesce(previous_stage, 'none') as from_stage, to_stage, cast(count(*) as bigint) as customers
    from (
        select month_start, lifecycle_stage as to_stage,
            lag(lifecycle_stage) over (partition by person_type, person_id order by month_start) as previous_stage
        from int_lifecycle__person_months
    ) as paired
    group by month_start, coalesce(previous_stage, 'none'), to_stage
"""


def spell_mismatches(wh: Warehouse) -> dict[str, int]:
    """Rows in one relation and not the other (`except all`, both ways): the history expanded from the stage
    spells against the stages evaluated month by month, and the flows read from the spells against the
    flows of consecutive months."""
    pairs = {
        "history": (
            f"select {HISTORY_COLUMNS} from customer_lifecycle_history",
            f"select {HISTORY_COLUMNS} from int_lifecycle__person_months",
        ),
        "transitions": (
            "select month_start, from_stage, to_stage, customers from customer_lifecycle_transitions",
            MONTHLY_TRANSITIONS,
        ),
    }
    counts = {}
    for name, (spells, months) in pairs.items():
        for direction, (left, right) in {"only_spells": (spells, months), "only_months": (months, spells)}.items():
            frame = wh.query(f"select count(*) as n from ({left} except all {right}) as difference")
            counts[f"{name}_{direction}"] = int(frame["n"].iloc[0])
    return counts
