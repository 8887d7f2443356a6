"""Incremental staging with a load-time column (issue 24) gives the rows a full refresh gives.

The small shop arrives in three daily loads, each row stamped with its load time: the first day most of the
history; then new orders, events and sign-ups, late re-exports of old rows (exact copies, an earlier
version that wins by the conflict rule, later versions that lose) and rows that are quarantined; then more of
the same, including a repaired version of a quarantined order. After each load an incremental run stages
only the rows loaded since the last one. After the last, everything must equal a full refresh of the same raw
tables, row for row: staging, the load summaries and the marts. A staged row of an id that did not come again
is marked before the last run and must keep its mark: that run really did not stage it again.
On Spark, whose Parquet tables cannot delete rows, staging is a table rebuilt every run: the same loads and
vars must give the same rows there too.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
import pytest
from dbt_scenarios import (
    CUSTOMER_COLUMNS,
    EVENT_COLUMNS,
    MODEL_SELECTION,
    ORDER_COLUMNS,
    base_shop,
    load_scenario,
    load_table,
    source_schema,
)

from customer_lifecycle.warehouse import DbtCommandError, Warehouse

LOADS = ["2025-12-29 06:00:00", "2025-12-30 06:00:00", "2025-12-31 06:00:00"]
FIRST_NEW_DAY = {"2025-12-01": 1, "2025-12-16": 2}  # rows dated on or after: loaded that day (0-based)
VARS = {
    **{f"lifecycle_{name}_loaded_at_column": "loaded_at" for name in ("orders", "customers", "events")},
    "lifecycle_load_time": "2026-01-01 00:00:00",  # future_timestamp judged the same on every run
    "lifecycle_incremental": True,  # the stage spells' delete+insert too, on PostgreSQL as on DuckDB
    "lifecycle_reopen_days": 60,  # the late winning version below is dated within it
}
STAGING = [
    "stg_lifecycle__orders_validated",
    "stg_lifecycle__events",
    "stg_lifecycle__customers",
    "orders_load_summary",
    "inputs_load_summary",
]
MARTS = [
    "customer_features",
    "customer_lifecycle",
    "customer_lifecycle_history",
    "customer_lifecycle_transitions",
    "orders_quarantine",
    "int_lifecycle__person_stages",
]
SPARK_SELECTION = ("path:models/staging", "+orders_load_summary", "+inputs_load_summary")
# a staged row of an id that no later load brings again: marked after day 2, kept by day 3's run (the mark
# is a load time older than any, which no model reads but the next run's watermark, a maximum)
KEPT = {"stg_lifecycle__orders_validated": ("order_id", "O000010"), "stg_lifecycle__events": ("event_id", "E0000010")}
MARK = "2000-01-01 00:00:00"


def _shifted(when: str, days: int) -> str:
    return (datetime.strptime(when, "%Y-%m-%d %H:%M:%S") + timedelta(days=days)).strftime("%Y-%m-%d %H:%M:%S")


def _load_day(when) -> int:
    day = 0
    for first, index in FIRST_NEW_DAY.items():
        if isinstance(when, str) and when[:10] >= first:
            day = index
    return day


def daily_loads():
    """{input: [rows of day 0, day 1, day 2]}: the small shop by date, plus each day's re-exports and bad rows."""
    orders, customers, events = base_shop()
    loads = {name: [[], [], []] for name in ("orders", "customers", "events")}
    for name, rows, column in (("orders", orders, 2), ("customers", customers, 1), ("events", events, 4)):
        for row in rows:
            loads[name][_load_day(row[column])].append(row)
    # versions that win change the marts: dated within lifecycle_reopen_days, as incremental marts need
    november = next(o for o in orders if o[2].startswith("2025-11"))
    event = next(e for e in events if e[4].startswith("2025-11"))
    customer = next(c for c in customers if c[1].startswith("2025-11"))
    winner = (november[0], november[1], _shifted(november[2], -1), "1.00", "completed")
    loads["orders"][1] += [
        orders[3],  # exact copy of a 2024 order
        winner,  # earlier version: wins
        (orders[4][0], orders[4][1], _shifted(orders[4][2], 1), "2.00", "completed"),  # later version: loses
        ("D1BAD1", "C0001", "2025-12-10 10:00:00", "abc", "completed"),  # unparseable_amount
        ("D1BAD2", None, "2025-12-10 10:00:00", "10.00", "completed"),  # null_customer_id
        (None, "C0002", "2025-12-10 10:00:00", "10.00", "completed"),  # null_order_id
    ]
    loads["orders"][2] += [
        winner,  # the winner sent again: a copy
        ("D1BAD1", "C0001", "2025-12-10 10:00:00", "10.00", "completed"),  # a quarantined order repaired
        (orders[4][0], orders[4][1], _shifted(orders[4][2], 2), "3.00", "completed"),  # another loser
        (None, "C0003", "2025-12-20 10:00:00", "10.00", "completed"),
    ]
    loads["events"][1] += [
        (event[0], *event[1:4], _shifted(event[4], -1)),  # earlier version: wins
        events[6],  # exact copy
        ("D1E1", "C0001", "V0001", "teleport", "2025-12-10 10:00:00"),  # unknown_event_type
    ]
    loads["events"][2] += [(event[0], *event[1:4], _shifted(event[4], 3))]  # later: loses
    loads["customers"][1] += [
        (customer[0], _shifted(customer[1], -1), "email", None),  # earlier sign-up: wins
        customers[3],  # exact copy
        ("D1C1", "not a date", "paid", None),  # unparseable_timestamp
    ]
    loads["customers"][2] += [(customer[0], _shifted(customer[1], 1), "paid", None)]  # later: loses
    return loads


def _raw_tables(loads, days, engine: str):
    """{raw table: (rows loaded on the given days, each with its load time, column types)}."""
    text = "string" if engine == "spark" else "varchar"
    columns = {"orders": ORDER_COLUMNS, "customers": CUSTOMER_COLUMNS, "events": EVENT_COLUMNS}
    tables = {}
    for name, per_day in loads.items():
        rows = [(*row, LOADS[day]) for day in days for row in per_day[day]]
        types = {**dict.fromkeys(columns[name], text), "loaded_at": "timestamp"}
        tables[f"raw_{name}"] = (pd.DataFrame(rows, columns=[*columns[name], "loaded_at"]), types)
    return tables


def _append_day(wh: Warehouse, loads, day: int, engine: str) -> None:
    """A loader's next batch: the day's rows appended to the raw tables (the staging views read them)."""
    for table, (frame, types) in _raw_tables(loads, [day], engine).items():
        load_table(wh, f"{table}_batch", frame, types)
        wh.execute(f"insert into {source_schema(wh)}.{table} select * from {source_schema(wh)}.{table}_batch")
    wh.close()


def _rows(wh: Warehouse, relations) -> dict[str, pd.DataFrame]:
    frames = {}
    for relation in relations:
        frame = wh.query(f"select * from {relation}")
        for column in frame.select_dtypes("float").columns:  # PostgreSQL sums doubles in any order
            frame[column] = frame[column].map(lambda value: float(f"{value:.12g}"))
        frame = frame.astype(str).fillna("null")
        frames[relation] = frame.sort_values(list(frame.columns)).reset_index(drop=True)
    return frames


def _build_daily_then_full(where, engine: str, selection, relations):
    """(incremental rows after the three loads, full-refresh rows of the same raw tables)."""
    loads, wh = daily_loads(), where
    vars = {**VARS, "lifecycle_incremental": engine != "spark"}
    for day in range(len(LOADS)):
        if day == 0:
            wh = load_scenario(wh, _raw_tables(loads, [0], engine), vars)
        else:
            _append_day(wh, loads, day, engine)
        if day == 2 and engine != "spark":
            for model, (key, value) in KEPT.items():
                wh.execute(f"create table unmarked_{model} as select * from {model} where {key} = '{value}'")
                wh.execute(f"update {model} set loaded_at = cast('{MARK}' as timestamp) where {key} = '{value}'")
            wh.close()
        wh.dbt("run", "--select", *selection)
    if engine != "spark":
        for model, (key, value) in KEPT.items():
            kept = wh.query(f"select loaded_at from {model} where {key} = '{value}'")["loaded_at"]
            assert list(pd.to_datetime(kept)) == [pd.Timestamp(MARK)], f"{model}: {value} was staged again"
            wh.execute(f"delete from {model} where {key} = '{value}'")
            wh.execute(f"insert into {model} select * from unmarked_{model}")
    incremental = _rows(wh, relations)
    wh.dbt("run", "--full-refresh", "--select", *selection)
    full = _rows(wh, relations)
    wh.close()
    return incremental, full


@pytest.fixture(scope="module")
def duckdb_runs(tmp_path_factory):
    where = tmp_path_factory.mktemp("incremental-staging") / "daily.duckdb"
    return _build_daily_then_full(where, "duckdb", MODEL_SELECTION, STAGING + MARTS)


@pytest.fixture(scope="module")
def postgres_runs(postgres_target):
    with postgres_target("lifecycle_incremental_staging"):
        return _build_daily_then_full(Warehouse("postgres"), "postgres", MODEL_SELECTION, STAGING + MARTS)


@pytest.mark.parametrize("engine", ["duckdb", "postgres"])
def test_daily_incremental_staging_equals_a_full_refresh(engine, request):
    incremental, full = request.getfixturevalue(f"{engine}_runs")
    for relation, rows in full.items():
        assert len(rows) > 0, relation
        pd.testing.assert_frame_equal(incremental[relation], rows, obj=f"{engine} {relation}")


def test_daily_staging_equals_a_full_refresh_on_spark(spark_warehouse):
    with pytest.MonkeyPatch.context() as mp:  # the session's SparkSession, its own schema
        mp.setenv("LIFECYCLE_SPARK_SCHEMA", "lifecycle_incremental_staging")
        incremental, full = _build_daily_then_full(Warehouse("spark"), "spark", SPARK_SELECTION, STAGING)
    for relation, rows in full.items():
        pd.testing.assert_frame_equal(incremental[relation], rows, obj=f"spark {relation}")


def test_a_late_earlier_version_wins_and_the_summaries_add_up(duckdb_runs):
    incremental, _ = duckdb_runs
    loads = daily_loads()
    orders = incremental["stg_lifecycle__orders_validated"]
    winner = next(order for order in loads["orders"][1] if order[3] == "1.00")
    first = next(order for order in loads["orders"][0] if order[0] == winner[0])
    versions = orders[orders["order_id"] == winner[0]]
    assert sorted(zip(versions["amount_raw"], versions["quarantine_reason"], versions["loaded_at"])) == sorted(
        [
            (winner[3], "null", LOADS[1]),
            (winner[3], "duplicate_order_id", LOADS[2]),  # the first loaded copy kept
            (first[3], "conflicting_order_id", LOADS[0]),
        ]
    )
    repaired = orders[orders["order_id"] == "D1BAD1"].set_index("amount_raw")["quarantine_reason"]
    assert repaired.to_dict() == {"abc": "unparseable_amount", "10.00": "null"}
    summary = incremental["orders_load_summary"]
    counted = summary[summary["outcome"] != "warning"]["row_count"].astype(int).sum()
    assert counted == sum(len(day) for day in loads["orders"])
    inputs = incremental["inputs_load_summary"]
    inputs = inputs[inputs["outcome"] != "warning"]
    for name in ("customers", "events"):
        assert inputs[inputs["input"] == name]["row_count"].astype(int).sum() == sum(len(d) for d in loads[name])


def test_a_table_staged_without_load_times_asks_for_a_full_refresh(tmp_path):
    wh = load_scenario(tmp_path / "before_the_var.duckdb", _raw_tables(daily_loads(), [0], "duckdb"), {})
    wh.dbt("run", "--select", "+stg_lifecycle__orders_validated")
    wh.vars.update(VARS)
    with pytest.raises(DbtCommandError) as error:
        wh.dbt("run", "--select", "stg_lifecycle__orders_validated")
    assert "was staged without a load time" in str(error.value) and "--full-refresh" in str(error.value)
    wh.dbt("run", "--full-refresh", "--select", "stg_lifecycle__orders_validated")
    staged = wh.query("select count(*) as n, count(loaded_at) as stamped from stg_lifecycle__orders_validated")
    assert staged["n"].iloc[0] == staged["stamped"].iloc[0] > 0
