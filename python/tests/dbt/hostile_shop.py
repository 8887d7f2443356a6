"""A shop as a new user's messy tables look: typed ids that differ between tables, time zones, epochs,
sentinel dates, non-finite and absurd amounts, conflicting versions of an order, true NULLs in every
column, text null markers and NaN as ids, visitor ids equal to customer ids, ids that differ only in case.

Ids are numbers: orders store customer ids as floats (`7.0`), customers as integers (`7`), so only a
canonical id text makes them join. Every hostile order row is listed in HOSTILE_ORDERS with the
outcome staging must give it: (reason or None, UTC timestamp it must be read as).
"""

from __future__ import annotations

import pandas as pd
from dbt_scenarios import CUSTOMER_COLUMNS, EVENT_COLUMNS, ORDER_COLUMNS, base_shop, shop_tables

AS_OF = "2025-12-31"
# the text null markers every id column reads as missing, and two more through the var (one quoted)
NULL_MARKERS = ["NULL", "\\N", "None", "nan", "N/A", "null", "-"]
EXTRA_NULL_MARKERS = ["unknown", "n'a"]
# fixed, so future_timestamp does not depend on when the test runs
VARS = {
    "as_of_date": AS_OF,
    "lifecycle_load_time": "2026-01-15 00:00:00",
    "lifecycle_extra_null_id_markers": EXTRA_NULL_MARKERS,
}
NAN = "NaN"  # loaded as cast('NaN' as <float type>): a NaN, not a NULL, in a float id column

# order_id -> (customer id as float, ordered_at, amount, status, expected reason, expected UTC ordered_at or None)
HOSTILE_ORDERS = {
    "H_OFFSET_NEG": (1.0, "2025-03-01T23:30:00-05:00", "10", "completed", None, "2025-03-02 04:30:00"),
    "H_OFFSET_SPACE": (1.0, "2025-03-01 10:00:00 +0530", "10", "completed", None, "2025-03-01 04:30:00"),
    "H_OFFSET_Z": (2.0, "2025-03-01T10:00:00.250Z", "10", "completed", None, "2025-03-01 10:00:00"),
    "H_OFFSET_HOURS": (2.0, "2025-03-01 01:00+02", "10", "completed", None, "2025-02-28 23:00:00"),
    "H_GARBAGE": (2.0, "2025-03-01 10:00:00 garbage", "10", "completed", "unparseable_timestamp", None),
    "H_EPOCH_S": (3.0, "1740787200", "10", "completed", None, "2025-03-01 00:00:00"),
    "H_EPOCH_MS": (3.0, "1740787200999", "10", "completed", None, "2025-03-01 00:00:00"),
    # past 2^31 seconds (2038): read, then dated after the load time
    "H_EPOCH_2040_S": (3.0, "2240524800", "10", "completed", "future_timestamp", "2040-12-31 00:00:00"),
    "H_EPOCH_2040_MS": (3.0, "2240524800500", "10", "completed", "future_timestamp", "2040-12-31 00:00:00"),
    "H_EPOCH_TOO_LONG": (3.0, "17407872009990", "10", "completed", "unparseable_timestamp", None),
    "H_SENTINEL": (4.0, "1900-01-01", "10", "completed", "implausible_date", None),
    "H_INF": (4.0, "2025-03-01 10:00:00", "1e309", "completed", "unparseable_amount", None),
    "H_NEG_INF": (4.0, "2025-03-01 10:00:00", "-1e400", "completed", "unparseable_amount", None),
    "H_INF_WORD": (4.0, "2025-03-01 10:00:00", "Infinity", "completed", "unparseable_amount", None),
    "H_NAN": (4.0, "2025-03-01 10:00:00", "NaN", "completed", "unparseable_amount", None),
    "H_MAX_DOUBLE": (5.0, "2025-03-01 10:00:00", "1e308", "completed", "unparseable_amount", None),
    "H_HUGE_1": (5.0, "2025-03-01 10:00:00", "1e15", "completed", "implausible_amount", None),
    "H_HUGE_2": (5.0, "2025-03-02 10:00:00", "-2000000000.00", "returned", "implausible_amount", None),
    # true NULLs and a NaN customer id
    "H_NULL_CUSTOMER": (None, "2025-03-01 10:00:00", "10", "completed", "null_customer_id", None),
    "H_NAN_CUSTOMER": (NAN, "2025-03-01 10:00:00", "10", "completed", "null_customer_id", None),
    "H_NULL_TIME": (1.0, None, "10", "completed", "unparseable_timestamp", None),
    "H_NULL_AMOUNT": (1.0, "2025-03-01 10:00:00", None, "completed", "unparseable_amount", None),
    "H_NULL_STATUS": (1.0, "2025-03-03 10:00:00", "10", None, None, "2025-03-03 10:00:00"),
}
# order ids that are no id: a true NULL, each text null marker (padded, in another case) and the var's markers
NULL_ORDER_IDS = [None, *NULL_MARKERS, " NULL ", "NONE", *EXTRA_NULL_MARKERS, "UNKNOWN"]
# Same order id and timestamp, different content: text order of the row would keep `100.00` (and
# `completed`); the documented rule keeps the most final status, then the smaller amount.
CONFLICTS = [
    ("H_AMOUNT", 6.0, "2025-04-01 10:00:00", "100.00", "completed"),
    ("H_AMOUNT", 6.0, "2025-04-01 10:00:00", "99.00", "completed"),
    ("H_STATUS", 6.0, "2025-04-02 10:00:00", "20.00", "completed"),
    ("H_STATUS", 6.0, "2025-04-02 10:00:00", "20.00", "returned"),
]
KEPT_VERSIONS = {"H_AMOUNT": (99.0, "completed"), "H_STATUS": (20.0, "returned")}

# sign-ups and events outside the plausible window (or of an unknown type) are quarantined, and counted
SENTINEL_CUSTOMER = 999
QUARANTINED_INPUTS = {
    ("customers", "implausible_date"): 1,
    ("customers", "future_timestamp"): 1,
    ("customers", "unparseable_timestamp"): 1,
    ("events", "implausible_date"): 1,
    ("events", "future_timestamp"): 1,
    ("events", "unknown_event_type"): 2,
    ("events", "unparseable_timestamp"): 1,
    ("events", "null_event_id"): 2,
    ("events", "null_person_id"): 1 + len(NULL_MARKERS),
}
# a re-exported sign-up and event (exact copies) keep one version; the copies are counted as merged, and so
# is a sign-up without a customer id
MERGED_INPUTS = {
    ("customers", "duplicate_version"): 1,
    ("events", "duplicate_version"): 1,
    ("customers", "missing_customer_id"): 1,
}
# rows read with a null marker (NaN included) as an id; ids differing only in case (visitor VX / vx)
WARNED_INPUTS = {("events", "null_marker_id"): 2 + len(NULL_MARKERS), ("events", "case_variant_id"): 2}
WARNED_ORDERS = {"null_marker_id": len(NULL_ORDER_IDS[1:]) + 1}  # every marker order id, H_NAN_CUSTOMER
# an anonymous visitor whose id is a customer's: browsing before that customer was ever seen
COLLIDING_VISITOR, COLLIDING_VISIT = "5", "2024-06-15"
TEXT, FLOAT, INTEGER = "text", "float", "integer"
TYPES = {
    "duckdb": {TEXT: "varchar", FLOAT: "double", INTEGER: "integer"},
    "postgres": {TEXT: "varchar", FLOAT: "double precision", INTEGER: "integer"},
    "spark": {TEXT: "string", FLOAT: "double", INTEGER: "int"},
}


def _number(cid: str | None) -> int | None:
    return int(cid[1:]) if cid else None


def hostile_shop(base_rows: int | None = None):
    """(orders, customers, events) rows: the base shop with numeric ids plus every hostile case.

    `base_rows` keeps only that many of the base shop's rows per table (and its bad order rows): enough for
    staging on a slow engine, where every row is judged on its own.
    """
    orders, customers, events = base_shop()
    if base_rows is not None:
        orders, customers, events = orders[:base_rows] + orders[-4:], customers[:base_rows], events[:base_rows]
    orders = [(o, None if c is None else float(_number(c)), t, a, s) for o, c, t, a, s in orders]
    orders += [(order_id, *row[:4]) for order_id, row in HOSTILE_ORDERS.items()] + CONFLICTS
    customers = [(_number(c), t, ch, _number(r)) for c, t, ch, r in customers]
    customers.append((SENTINEL_CUSTOMER, "1900-01-01 00:00:00", "organic", None))
    customers.append((SENTINEL_CUSTOMER - 1, "2099-01-01 00:00:00", "organic", None))
    orders.append(("H_SENTINEL_BUYER", float(SENTINEL_CUSTOMER), "2025-05-01 10:00:00", "15.00", "completed"))
    events = [(e, float(_number(c)), v, k, t) for e, c, v, k, t in events]
    events.append(("E_SENTINEL", 1.0, "V0001", "visit", "1900-01-01 00:00:00"))
    events.append(("E_FUTURE", 1.0, "V0001", "visit", "2099-01-01 00:00:00"))
    events.append(("E_UNKNOWN_TYPE", 1.0, "V0001", "purchase?", "2025-03-01 10:00:00"))
    customers.append(customers[0])
    events.append(events[0])
    orders += [(order_id, 1.0, "2025-03-01 10:00:00", "10", "completed") for order_id in NULL_ORDER_IDS]
    # a true NULL in every other column (orders: HOSTILE_ORDERS)
    customers += [
        (None, "2025-03-01 10:00:00", "organic", None),
        (SENTINEL_CUSTOMER - 2, None, "organic", None),
        (SENTINEL_CUSTOMER - 3, "2025-03-01 10:00:00", None, None),
    ]
    events += [
        (None, 1.0, "V0001", "visit", "2025-03-01 10:00:00"),
        ("E_NULL_CUSTOMER", None, "V0001", "visit", "2025-03-01 10:00:00"),
        ("E_NULL_VISITOR", 1.0, None, "visit", "2025-03-01 10:00:00"),
        ("E_NULL_PERSON", None, None, "visit", "2025-03-01 10:00:00"),
        ("E_NULL_TYPE", 1.0, "V0001", None, "2025-03-01 10:00:00"),
        ("E_NULL_TIME", 1.0, "V0001", "visit", None),
    ]
    # null markers as ids: an event id, a NaN customer id, and visitor ids of events without a customer
    events += [
        ("N/A", 1.0, "V0001", "visit", "2025-03-01 10:00:00"),
        ("E_NAN_CUSTOMER", NAN, "V_NAN", "visit", "2025-03-01 10:00:00"),
    ]
    events += [(f"E_MARKER_{i}", None, marker, "visit", "2025-03-01 10:00:00") for i, marker in enumerate(NULL_MARKERS)]
    # visitor 5 is not customer 5; visitors VX and vx are two people
    events += [
        ("E_COLLIDING", None, COLLIDING_VISITOR, "product_view", f"{COLLIDING_VISIT} 10:00:00"),
        ("E_CASE_UPPER", None, "VX", "visit", "2025-03-01 10:00:00"),
        ("E_CASE_LOWER", None, "vx", "visit", "2025-03-01 10:00:00"),
    ]
    return orders, customers, events


def hostile_tables(engine: str, orders, customers, events, ordered_at_type: str = TEXT, signed_up_at_type: str = TEXT):
    """The raw tables with this engine's column types: float customer ids in orders and events, integer in customers."""
    types = TYPES[engine]
    order_types = {
        "order_id": TEXT,
        "customer_id": FLOAT,
        "ordered_at": ordered_at_type,
        "amount": TEXT,
        "status": TEXT,
    }
    customer_types = {
        "customer_id": INTEGER,
        "signed_up_at": signed_up_at_type,
        "acquisition_channel": TEXT,
        "referred_by_customer_id": INTEGER,
    }
    event_types = {"event_id": TEXT, "customer_id": FLOAT, "visitor_id": TEXT, "event_type": TEXT, "occurred_at": TEXT}
    return {
        "raw_orders": (
            pd.DataFrame(orders, columns=ORDER_COLUMNS),
            {c: types.get(t, t) for c, t in order_types.items()},
        ),
        "raw_customers": (
            pd.DataFrame(customers, columns=CUSTOMER_COLUMNS),
            {c: types.get(t, t) for c, t in customer_types.items()},
        ),
        "raw_events": (
            pd.DataFrame(events, columns=EVENT_COLUMNS),
            {c: types.get(t, t) for c, t in event_types.items()},
        ),
    }


def text_id_shop():
    """Every column text, ids as users type them: 14 guest orders whose customer id is a null marker (two per
    marker), a sign-up keyed `NULL` and one referred by `None`, customer C7 buying and c7 signing up, visitor
    1 browsing before customer 1 signs up, an event whose customer id is `NULL`, and a row of true NULLs in
    every input."""
    orders = [(f"T{i}", f"{i % 3 + 1}", f"2025-0{i % 9 + 1}-15 10:00:00", "20.00", "completed") for i in range(12)]
    orders += [
        (f"G{i}", marker, "2025-03-01 10:00:00", "15.00", "completed") for i, marker in enumerate(NULL_MARKERS * 2)
    ]
    orders += [("T_C7", "C7", "2025-04-01 10:00:00", "30.00", "completed"), (None,) * len(ORDER_COLUMNS)]
    customers = [
        ("1", "2025-01-01 09:00:00", "organic", None),
        ("2", "2025-01-01 09:00:00", "paid", "None"),
        ("3", "2025-01-01 09:00:00", "social", "1"),
        ("NULL", "2025-01-01 09:00:00", "organic", None),
        ("c7", "2025-02-01 09:00:00", "email", None),
        (None,) * len(CUSTOMER_COLUMNS),
    ]
    events = [
        ("TE1", "1", "V1", "review", "2025-02-01 10:00:00"),
        ("TE_VISITOR_1", None, "1", "product_view", "2024-12-01 10:00:00"),
        ("TE_NULL_CUSTOMER", "NULL", "V2", "visit", "2025-02-01 10:00:00"),
        (None,) * len(EVENT_COLUMNS),
    ]
    return shop_tables(orders, customers, events)
