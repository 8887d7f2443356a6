"""Hostile input (issue 10): a new user's messy tables and vars; nothing lost, nothing silently wrong.

One hostile shop is built once on DuckDB and asserted on by most tests; the cases that must stop the
build (bad vars, a missing column, every order quarantined, a spine beyond its generator) each run one
small build that is expected to fail with one line naming the cause.
"""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from dbt_scenarios import MODEL_SELECTION, load_scenario, source_schema, spell_mismatches
from hostile_shop import (
    COLLIDING_VISIT,
    COLLIDING_VISITOR,
    CONFLICTS,
    EXTRA_NULL_MARKERS,
    HOSTILE_ORDERS,
    KEPT_VERSIONS,
    MERGED_INPUTS,
    NULL_MARKERS,
    NULL_ORDER_IDS,
    QUARANTINED_INPUTS,
    SENTINEL_CUSTOMER,
    VARS,
    WARNED_INPUTS,
    WARNED_ORDERS,
    hostile_shop,
    hostile_tables,
    text_id_shop,
)
from repository import REPOSITORY_DIR as PROJECT_DIR

from customer_lifecycle.main_job import as_of_after_data
from customer_lifecycle.var_rules import VarError, validate_vars
from customer_lifecycle.warehouse import DbtCommandError, Warehouse

MARTS = ["customer_rfm", "customer_features", "customer_lifecycle", "customer_lifecycle_history", "orders_load_summary"]


def _tiny_shop():
    """Three customers, a handful of orders: enough for every model to have rows, fast to build."""
    orders = [(f"T{i}", float(i % 3 + 1), f"2025-0{i % 9 + 1}-15 10:00:00", "20.00", "completed") for i in range(12)]
    customers = [(c, "2025-01-01 09:00:00", "organic", None) for c in (1, 2, 3)]
    events = [(f"TE{i}", float(i % 3 + 1), f"V{i % 3 + 1}", "review", "2025-02-01 10:00:00") for i in range(3)]
    return orders, customers, events


def _failure(wh: Warehouse, *args: str, vars: dict | None = None) -> str:
    with pytest.raises(DbtCommandError) as error:
        wh.dbt(*args, vars=vars)
    return str(error.value)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    wh = load_scenario(
        tmp_path_factory.mktemp("hostile") / "hostile.duckdb", hostile_tables("duckdb", *hostile_shop()), VARS
    )
    wh.dbt("build", "--select", *MODEL_SELECTION, "--exclude", "test_type:unit")
    yield wh
    wh.close()


@pytest.fixture(scope="module")
def validated(hostile):
    return hostile.query("select * from stg_lifecycle__orders_validated")


def _by_order(frame: pd.DataFrame) -> dict:
    rows = frame[frame["order_id"].str.startswith("H_", na=False)]
    return {
        r.order_id: (
            None if pd.isna(r.quarantine_reason) else r.quarantine_reason,
            None if pd.isna(r.ordered_at) else str(r.ordered_at),
        )
        for r in rows.itertuples()
        if r.order_id not in KEPT_VERSIONS
    }


# ---------- vars

INJECTION = "x'; drop table canary; --"
STRING_VARS = [
    "as_of_date",
    "lifecycle_load_time",
    "lifecycle_earliest_valid_date",
    "lifecycle_snapshot_cadence",
    "lifecycle_drift_reference",
    "lifecycle_risk_band_method",
    "lifecycle_source_database",
    "lifecycle_source_schema",
    "lifecycle_orders_table",
    "lifecycle_customers_table",
    "lifecycle_events_table",
]
TABLE_VARS = [
    "lifecycle_source_database",
    "lifecycle_source_schema",
    "lifecycle_orders_table",
    "lifecycle_customers_table",
    "lifecycle_events_table",
]


def test_injected_vars_never_reach_the_database(tmp_path):
    wh = load_scenario(tmp_path / "vars.duckdb", hostile_tables("duckdb", *_tiny_shop()), VARS)
    wh.execute("create table main.canary as select 1 as alive")
    wh.close()
    every = dict.fromkeys(STRING_VARS, INJECTION)
    # every string var at once (caught while dbt parses the models), then only the table names, which no
    # model renders at parse time: the on-run-start hook stops those before any model runs
    for payloads in (every, dict.fromkeys(TABLE_VARS, INJECTION)):
        message = _failure(
            wh, "build", "--select", *MODEL_SELECTION, vars={"lifecycle_use_sample_shop": False, **payloads}
        )
        line = next(line for line in message.splitlines() if "customer_lifecycle: var" in line).strip()
        for name in payloads:
            assert f"var {name} = '{INJECTION}' is not allowed" in line
        with pytest.raises(VarError) as python_error:  # the CLI's rules say exactly the same
            validate_vars(payloads)
        assert str(python_error.value) == line
    assert wh.query("select alive from main.canary")["alive"].tolist() == [1]
    wh.close()


@pytest.mark.parametrize(
    "name, value, expected",
    [
        ("lifecycle_label_horizon_days", "90d", "a whole number >= 1"),
        ("lifecycle_snapshot_cadence", "fortnight", "one of day, week, month, quarter"),
        ("lifecycle_risk_band_method", "decile", "one of probability, quantile"),
        ("lifecycle_churn_floor_days", "ninety", "a whole number >= 1"),
        ("as_of_date", "2025-02-30", "null or a calendar date YYYY-MM-DD"),
        ("lifecycle_has_events", "no", "true or false"),
        ("lifecycle_risk_high", 1.5, "a number between 0 and 1"),
        ("lifecycle_training_sample_rows", 0, "null or a whole number >= 1"),
        ("lifecycle_extra_null_id_markers", "unknown", "a list of texts of 1 to 40 characters"),
        ("lifecycle_extra_null_id_markers", ["unknown", " "], "a list of texts of 1 to 40 characters"),
    ],
)
def test_bad_var_values_are_named_with_what_is_allowed(name, value, expected):
    with pytest.raises(VarError, match=re.escape(f"var {name} = '{value}' is not allowed: expected {expected}") + "$"):
        validate_vars({name: value})
    validate_vars({"as_of_date": None, "lifecycle_label_horizon_days": 90, "lifecycle_snapshot_cadence": "Week"})


def test_risk_bands_must_be_ordered():
    with pytest.raises(
        VarError,
        match="var lifecycle_risk_medium = '0.8' is not allowed: expected a number <= "
        r"lifecycle_risk_high \(0.75\)$",
    ):
        validate_vars({"lifecycle_risk_high": 0.75, "lifecycle_risk_medium": 0.8})


# ---------- optional inputs

# what each switch turns off, as a query that counts what must then be absent
SWITCHED_OFF = {
    "lifecycle_orders_has_status": "select count(*) as n from stg_lifecycle__orders_validated "
    "where status_raw is not null or status <> 'completed'",
    "lifecycle_has_customers": "select count(*) as n from stg_lifecycle__customers",
    "lifecycle_has_events": "select count(*) as n from stg_lifecycle__events",
}


def _without(switches, engine: str) -> dict:
    """The tiny shop's tables typed for `engine`, without what the `switches` turn off."""
    tables = hostile_tables(engine, *_tiny_shop())
    if "lifecycle_orders_has_status" in switches:
        frame, types = tables["raw_orders"]
        tables["raw_orders"] = (frame.drop(columns="status"), {c: t for c, t in types.items() if c != "status"})
    for switch, table in [("lifecycle_has_customers", "raw_customers"), ("lifecycle_has_events", "raw_events")]:
        if switch in switches:
            del tables[table]
    return tables


def _build_without(where, switches, engine: str) -> Warehouse:
    wh = load_scenario(where, _without(switches, engine), {**VARS, **dict.fromkeys(switches, False)})
    wh.dbt("build", "--select", *MODEL_SELECTION)  # unit tests included
    return wh


def _assert_switched_off(wh: Warehouse, switch: str) -> None:
    assert wh.query(SWITCHED_OFF[switch])["n"][0] == 0
    assert len(wh.query("select * from customer_features")) > 0


@pytest.mark.parametrize("engine", ["duckdb", "postgres"])
@pytest.mark.parametrize("switch", SWITCHED_OFF)
def test_each_optional_input_switch_builds_with_every_test(switch, engine, request, tmp_path):
    if engine == "duckdb":
        wh = _build_without(tmp_path / "switch.duckdb", [switch], engine)
        _assert_switched_off(wh, switch)
    else:
        with request.getfixturevalue("postgres_target")(f"lifecycle_{switch}"):
            wh = _build_without(Warehouse("postgres"), [switch], engine)
            _assert_switched_off(wh, switch)
    wh.close()


@pytest.fixture(scope="module")
def spark_without_optional_inputs(spark_warehouse):
    """Spark runs a build's ~200 nodes in minutes, so its switch tests share one build with every switch off:
    each switch's SQL (the staging models that read the input, or an empty one instead) and every model and
    test downstream, unit tests included, run on Spark without that input."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LIFECYCLE_SPARK_SCHEMA", "lifecycle_switches")
        wh = _build_without(Warehouse("spark"), list(SWITCHED_OFF), "spark")
        yield wh
        wh.close()


@pytest.mark.parametrize("switch", SWITCHED_OFF)
def test_each_optional_input_switch_builds_with_every_test_on_spark(switch, spark_without_optional_inputs):
    _assert_switched_off(spark_without_optional_inputs, switch)


# ---------- timestamps


def test_text_offsets_epochs_and_garbage(validated):
    got = _by_order(validated)
    for order_id, (*_, reason, utc) in HOSTILE_ORDERS.items():
        assert got[order_id][0] == reason, order_id
        if utc is not None:
            assert got[order_id][1] == utc, order_id


def _tz_tables():
    """Orders and sign-ups as `timestamptz` columns: one order at 23:30 New York time is the next day in UTC."""
    orders, customers, events = _tiny_shop()
    orders = [(o, c, t + "+00", a, s) for o, c, t, a, s in orders]
    orders += [
        ("Z_LATE", 1.0, "2025-03-01 23:30:00-05", "10", "completed"),
        ("Z_IST", 2.0, "2025-03-01 02:00:00+05:30", "10", "completed"),
    ]
    customers = [(c, t + "+00", ch, r) for c, t, ch, r in customers]
    customers.append((SENTINEL_CUSTOMER, "1900-01-01 00:00:00+00", "organic", None))
    return hostile_tables(
        "duckdb", orders, customers, events, ordered_at_type="timestamptz", signed_up_at_type="timestamptz"
    )


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(list(frame.columns)).reset_index(drop=True)


def test_marts_are_identical_in_every_machine_time_zone(tmp_path):
    dbt = str(Path(sys.executable).parent / "dbt")
    frames = {}
    for tz in ("UTC", "America/New_York"):
        path = tmp_path / f"{tz.replace('/', '_')}.duckdb"
        wh = load_scenario(path, _tz_tables(), VARS)
        subprocess.run(
            [
                dbt,
                "run",
                "--select",
                *MODEL_SELECTION,
                "--project-dir",
                str(PROJECT_DIR),
                "--profiles-dir",
                str(PROJECT_DIR),
                "--target",
                "duckdb",
                "--vars",
                json.dumps(wh.vars),
            ],
            env={**os.environ, "TZ": tz, "LIFECYCLE_DUCKDB_PATH": str(path)},
            check=True,
            capture_output=True,
        )
        frames[tz] = {
            m: _sorted(wh.query(f"select * from {m}"))
            for m in [*MARTS, "stg_lifecycle__orders", "stg_lifecycle__customers"]
        }
        wh.close()
    for model, frame in frames["UTC"].items():
        pd.testing.assert_frame_equal(frame, frames["America/New_York"][model], obj=model)
    orders = frames["America/New_York"]["stg_lifecycle__orders"].set_index("order_id")
    assert str(orders.loc["Z_LATE", "ordered_at"]) == "2025-03-02 04:30:00"
    assert str(orders.loc["Z_IST", "ordered_at"]) == "2025-02-28 20:30:00"


# ---------- dates


def test_sentinel_dates_are_quarantined_and_never_size_a_spine(hostile, validated):
    assert _by_order(validated)["H_SENTINEL"][0] == "implausible_date"
    months = hostile.query("select min(month_start) as first, count(*) as n from int_lifecycle__history_months")
    assert months["first"][0].year == 2024 and months["n"][0] <= 20  # the base shop's span, not since 1900
    assert hostile.query("select count(*) as n from int_lifecycle__snapshot_dates")["n"][0] <= 20
    assert len(hostile.query("select * from customer_lifecycle")) > 100


def test_signups_and_events_outside_the_window_are_quarantined_and_counted(hostile):
    summary = hostile.query("select input, outcome, reason, row_count from inputs_load_summary")
    for outcome, expected in [
        ("quarantined", QUARANTINED_INPUTS),
        ("merged", MERGED_INPUTS),
        ("warning", WARNED_INPUTS),
    ]:
        rows = summary[summary["outcome"] == outcome]
        assert dict(zip(zip(rows["input"], rows["reason"]), rows["row_count"])) == expected
    for input, dated in [("customers", "signed_up_at"), ("events", "occurred_at")]:
        raw = hostile.query(f"select count(*) as n from stg_lifecycle__{input}_tmp")["n"].iloc[0]
        counted = summary[(summary["input"] == input) & (summary["outcome"] != "warning")]
        assert counted["row_count"].sum() == raw  # every raw row counted once
        staged = hostile.query(f"select * from stg_lifecycle__{input}")
        assert staged[staged["quarantine_reason"].notna()][dated].isna().all()  # no date: no model uses it
    signup = hostile.query(f"select * from stg_lifecycle__customers where customer_id = '{SENTINEL_CUSTOMER}'")
    assert signup["quarantine_reason"].tolist() == ["implausible_date"]
    persons = set(
        hostile.query("select person_id from int_lifecycle__persons where signed_up_date is not null")["person_id"]
    )
    assert str(SENTINEL_CUSTOMER) not in persons


def test_a_spine_beyond_its_generator_is_an_error_not_a_truncation(tmp_path):
    orders = [
        ("D1", 1.0, "1991-01-01 10:00:00", "10", "completed"),
        ("D2", 1.0, "2025-06-01 10:00:00", "10", "completed"),
    ]
    wh = load_scenario(
        tmp_path / "spine.duckdb",
        hostile_tables("duckdb", orders, [], []),
        {**VARS, "lifecycle_snapshot_cadence": "day", "lifecycle_has_customers": False, "lifecycle_has_events": False},
    )
    message = _failure(wh, "build", "--select", "+int_lifecycle__snapshot_dates", "--exclude", "test_type:unit")
    assert (
        "int_lifecycle__snapshot_dates would need more than its generator's 10000 rows "
        "(lifecycle_integers(4)), so it would be truncated; set lifecycle_snapshot_count"
    ) in message


def test_an_as_of_date_years_after_the_data_labels_only_observed_windows_and_warns(tmp_path):
    wh = load_scenario(
        tmp_path / "future.duckdb", hostile_tables("duckdb", *_tiny_shop()), {**VARS, "as_of_date": "2031-01-01"}
    )
    result = wh.dbt("build", "--select", *MODEL_SELECTION, "--exclude", "test_type:unit")
    warned = [r.node.name for r in result.result.results if str(r.status) == "warn"]
    assert warned == ["assert_as_of_date_within_the_data"]
    data_end = wh.query("select data_end_date from int_lifecycle__as_of_date")["data_end_date"][0]
    assert pd.Timestamp(data_end) == pd.Timestamp("2025-09-16")  # the day after the tiny shop's last order (2025-09-15)
    labels = wh.query("select snapshot_date, churned_within_h from customer_features where is_labelled = 1")
    assert len(labels) > 0  # the windows the data covers keep their labels ...
    latest = pd.Timestamp(data_end) - pd.Timedelta(days=90)  # ... no window past the data has one
    assert (pd.to_datetime(labels["snapshot_date"]) <= latest).all()
    assert as_of_after_data(wh) == (  # `lifecycle run` prints it too
        "as_of_date 2031-01-01 is after the data (the latest loaded order or event is dated 2025-09-15): snapshots "
        "whose label window ends after 2025-09-16 get no label, and the stages read the days without data as "
        "customers who stopped buying"
    )
    wh.close()


# ---------- amounts


def test_non_finite_and_absurd_amounts_are_quarantined_and_features_stay_finite(hostile, validated):
    got = _by_order(validated)
    for order_id in ["H_INF", "H_NEG_INF", "H_INF_WORD", "H_NAN", "H_MAX_DOUBLE", "H_HUGE_1", "H_HUGE_2"]:
        assert got[order_id][0] == HOSTILE_ORDERS[order_id][4], order_id
    features = hostile.query("select * from customer_features")
    doubles = features.select_dtypes("number")
    assert len(features) > 0 and all(math.isfinite(v) for v in doubles.to_numpy().ravel() if not pd.isna(v))


# ---------- ids


def test_ids_of_different_types_join_as_canonical_text(hostile):
    rfm = hostile.query("select customer_id from customer_rfm")
    assert not rfm["customer_id"].str.contains(r"\.").any()
    persons = hostile.query("select count(*) as n from customer_lifecycle where person_type = 'customer'")["n"][0]
    customers = hostile.query("select count(*) as n from stg_lifecycle__customers")["n"][0]
    buyers_without_signup = hostile.query("""
        select count(distinct customer_id) as n from stg_lifecycle__orders
        where customer_id not in (select customer_id from stg_lifecycle__customers)""")["n"][0]
    assert persons <= customers + buyers_without_signup + 1
    assert buyers_without_signup == 8  # the base shop's guests (every 15th customer): 7.0 met 7
    channels = hostile.query("select acquisition_channel from customer_rfm join customer_features using (customer_id)")
    assert (channels["acquisition_channel"] != "unknown").mean() > 0.8


def _is_marker(value) -> bool:
    return str(value).strip().lower() in {m.lower() for m in NULL_MARKERS + EXTRA_NULL_MARKERS}


def test_null_markers_and_nan_ids_are_missing_and_counted(hostile, validated):
    by_raw = validated[validated["order_id_raw"].isin(NULL_ORDER_IDS[1:])]
    assert sorted(by_raw["order_id_raw"]) == sorted(NULL_ORDER_IDS[1:])
    assert set(by_raw["quarantine_reason"]) == {"null_order_id"}
    warnings = hostile.query("select reason, row_count from orders_load_summary where outcome = 'warning'")
    assert dict(zip(warnings["reason"], warnings["row_count"])) == WARNED_ORDERS
    events = hostile.query("select * from stg_lifecycle__events").set_index("event_id", drop=False)
    assert events.loc["E_NAN_CUSTOMER", ["customer_id", "quarantine_reason"]].isna().all()  # an anonymous visit
    for column in ["person_id", "customer_id"]:
        ids = hostile.query(f"select {column} from customer_lifecycle where {column} is not null")[column]
        assert not ids.map(_is_marker).any(), column


def test_a_visitor_id_equal_to_a_customer_id_is_another_person(hostile):
    persons = hostile.query(f"select * from int_lifecycle__persons where person_id = '{COLLIDING_VISITOR}'")
    first_seen = dict(zip(persons["person_type"], persons["first_seen_date"].astype(str)))
    assert first_seen.pop("anonymous_visitor") == COLLIDING_VISIT
    assert first_seen.pop("customer") > COLLIDING_VISIT and not first_seen  # customer 5's own first sighting


def test_history_from_stage_spells_equals_the_months(hostile):
    # colliding, case-variant and null-marker people keep their months when stored as spells (issue 24)
    assert set(spell_mismatches(hostile).values()) == {0}


def test_case_variant_ids_stay_two_people(hostile):
    visitors = hostile.query("select person_id from customer_lifecycle where lower(person_id) = 'vx'")["person_id"]
    assert sorted(visitors) == ["VX", "vx"]  # and inputs_load_summary warns (WARNED_INPUTS)


def test_true_nulls_in_every_column_are_quarantined_or_counted(hostile):
    events = hostile.query("select * from stg_lifecycle__events where event_id like 'E_NULL_%'")
    assert dict(zip(events["event_id"], events["quarantine_reason"].fillna("accepted"))) == {
        "E_NULL_CUSTOMER": "accepted",
        "E_NULL_VISITOR": "accepted",
        "E_NULL_PERSON": "null_person_id",
        "E_NULL_TYPE": "unknown_event_type",
        "E_NULL_TIME": "unparseable_timestamp",
    }
    signups = hostile.query(f"""select customer_id, quarantine_reason, acquisition_channel from stg_lifecycle__customers
                               where customer_id in ('{SENTINEL_CUSTOMER - 2}', '{SENTINEL_CUSTOMER - 3}')""")
    assert sorted(map(tuple, signups.fillna("-").values.tolist())) == [
        (str(SENTINEL_CUSTOMER - 3), "-", "-"),
        (str(SENTINEL_CUSTOMER - 2), "unparseable_timestamp", "organic"),
    ]


@pytest.fixture(scope="module")
def text_ids(tmp_path_factory):
    wh = load_scenario(tmp_path_factory.mktemp("text_ids") / "text_ids.duckdb", text_id_shop(), VARS)
    wh.dbt("build", "--select", *MODEL_SELECTION, "--exclude", "test_type:unit")
    yield wh
    wh.close()


def _summary(wh: Warehouse, model: str) -> dict:
    input = "input" if model == "inputs_load_summary" else "'orders'"
    rows = wh.query(f"select {input} as input, outcome, reason, row_count from {wh.schema}.{model}")
    return {(r.input, r.outcome, r.reason): r.row_count for r in rows.itertuples()}


def test_text_ids_as_users_type_them(text_ids):
    summary = _summary(text_ids, "orders_load_summary") | _summary(text_ids, "inputs_load_summary")
    # the 14 guest orders are no customer's (not 7 customers with two orders each), and say why
    assert summary[("orders", "quarantined", "null_customer_id")] == 2 * len(NULL_MARKERS)
    assert summary[("orders", "warning", "null_marker_id")] == 2 * len(NULL_MARKERS)
    assert summary[("customers", "merged", "missing_customer_id")] == 2  # `NULL` and a true NULL
    assert summary[("customers", "warning", "null_marker_id")] == 2  # `NULL`, referrer `None`
    assert summary[("events", "quarantined", "null_event_id")] == 1
    assert summary[("events", "warning", "null_marker_id")] == 1
    # C7 buys, c7 signs up: two people, and each input says so
    assert (
        summary[("orders", "warning", "case_variant_id")] == summary[("customers", "warning", "case_variant_id")] == 1
    )
    for input in ["orders", "customers", "events"]:
        raw = text_ids.query(f"select count(*) as n from stg_lifecycle__{input}_tmp")["n"][0]
        assert sum(n for (i, outcome, _), n in summary.items() if i == input and outcome != "warning") == raw, input
    lifecycle = text_ids.query("select person_id, person_type, signed_up_date from customer_lifecycle")
    assert sorted(lifecycle["person_id"][lifecycle["person_type"] == "customer"]) == ["1", "2", "3", "C7", "c7"]
    persons = text_ids.query("select person_type, first_seen_date from int_lifecycle__persons where person_id = '1'")
    assert dict(zip(persons["person_type"], persons["first_seen_date"].astype(str))) == {
        "anonymous_visitor": "2024-12-01",
        "customer": "2025-01-01",
    }
    referred = text_ids.query("select referred_by_customer_id from stg_lifecycle__customers where customer_id = '2'")
    assert referred["referred_by_customer_id"].isna().all()


# ---------- conflicting versions


def test_conflicting_versions_follow_the_documented_rule(validated):
    kept = validated[validated["order_id"].isin(KEPT_VERSIONS) & validated["quarantine_reason"].isna()]
    assert {r.order_id: (r.amount, r.status) for r in kept.itertuples()} == KEPT_VERSIONS
    rejected = validated[validated["order_id"].isin(KEPT_VERSIONS) & validated["quarantine_reason"].notna()]
    assert set(rejected["quarantine_reason"]) == {"conflicting_order_id"} and len(rejected) == len(CONFLICTS) - 2


# ---------- the contract


@pytest.mark.parametrize(
    "missing, flag_hint",
    [
        ("amount", "lifecycle_orders_has_status: false"),
        ("status", "lifecycle_orders_has_status: false"),
    ],
)
def test_a_missing_required_column_is_named_with_the_contract(missing, flag_hint, tmp_path):
    tables = hostile_tables("duckdb", *_tiny_shop())
    frame, types = tables["raw_orders"]
    tables["raw_orders"] = (frame.drop(columns=missing), {c: t for c, t in types.items() if c != missing})
    wh = load_scenario(tmp_path / "contract.duckdb", tables, VARS)
    message = _failure(wh, "build", "--select", "stg_lifecycle__orders_tmp")
    expected = (
        f'"{source_schema(wh)}"."raw_orders" has no column {missing}, which the input contract '
        "requires (orders: order_id, customer_id, ordered_at, amount, status; docs/input_contract.md); "
        f"the status column is optional with {flag_hint}"
    )
    assert expected in message


# ---------- everything quarantined


def test_all_quarantined_stops_with_a_pointer_to_the_load_summary(tmp_path):
    orders = [(f"Q{i}", float(i), str(1700000000 + i) + " UTC?", "10", "completed") for i in range(5)]
    wh = load_scenario(
        tmp_path / "quarantined.duckdb",
        hostile_tables("duckdb", orders, [], []),
        {**VARS, "as_of_date": None, "lifecycle_has_customers": False, "lifecycle_has_events": False},
    )
    message = _failure(wh, "build", "--select", *MODEL_SELECTION, "--exclude", "test_type:unit")
    assert (
        "customer_lifecycle: no order to analyse: all 5 raw order rows were quarantined or are dated after "
        "as_of_date; see orders_load_summary"
    ) in message
    summary = wh.query("select outcome, reason, row_count from orders_load_summary")
    assert summary.values.tolist() == [["quarantined", "unparseable_timestamp", 5]]
    wh.close()


def test_an_empty_orders_table_stops_with_one_line_after_the_load_summary(tmp_path):
    orders, customers, events = _tiny_shop()
    wh = load_scenario(tmp_path / "empty.duckdb", hostile_tables("duckdb", orders[:0], customers, events), VARS)
    message = _failure(wh, "build", "--select", *MODEL_SELECTION, "--exclude", "test_type:unit")
    assert (
        f'customer_lifecycle: no order to analyse: the orders table "empty"."{source_schema(wh)}"."raw_orders" '
        "is empty; load the orders into it, or point lifecycle_orders_table at the table that holds them"
    ) in message
    assert "Got 1 result" not in message
    assert wh.query("select count(*) as n from orders_load_summary")["n"][0] == 0  # built, with nothing to count
    wh.close()


def test_load_summary_counts_every_hostile_row(hostile, validated):
    summary = hostile.query(
        "select reason, sum(row_count) as n from orders_load_summary where outcome <> 'warning' group by reason"
    )
    counts = dict(zip(summary["reason"], summary["n"]))
    assert sum(counts.values()) == len(validated)
    for reason in [
        "unparseable_timestamp",
        "implausible_date",
        "unparseable_amount",
        "implausible_amount",
        "conflicting_order_id",
    ]:
        expected = (validated["quarantine_reason"] == reason).sum()
        assert counts[reason] == expected > 0, reason


# ---------- the same staging on PostgreSQL and Spark

STAGED = {
    "stg_lifecycle__orders_validated": (
        ["order_id_raw", "ordered_at_raw", "amount_raw", "status_raw"],
        ["customer_id", "ordered_at", "amount", "status", "quarantine_reason"],
    ),
    "stg_lifecycle__customers": (
        ["customer_id"],
        ["signed_up_at", "quarantine_reason", "acquisition_channel", "referred_by_customer_id"],
    ),
    "stg_lifecycle__events": (["event_id"], ["customer_id", "occurred_at", "quarantine_reason"]),
}


def _staged(wh: Warehouse, model: str) -> pd.DataFrame:
    keys, values = STAGED[model]
    frame = wh.query(f"select * from {wh.schema}.{model}")[keys + values]
    for column in frame.columns:  # drivers differ in types (Decimal, numpy, str): compare the text
        frame[column] = frame[column].map(
            lambda v: (
                None
                if pd.isna(v)
                else str(pd.Timestamp(v))
                if hasattr(v, "year")
                else f"{float(v):.6f}"
                if isinstance(v, (int, float))
                else str(v)
            )
        )
    return frame.sort_values(keys, na_position="first").reset_index(drop=True)


def _warnings(wh: Warehouse) -> dict:
    """The warning rows of both load summaries: they come from the hostile rows only, whatever the base rows."""
    summary = _summary(wh, "orders_load_summary") | _summary(wh, "inputs_load_summary")
    return {key: n for key, n in summary.items() if key[1] == "warning"}


def _build_staging(wh: Warehouse, engine: str) -> dict:
    """Only the staging models and load summaries, on another engine, from the hostile rows typed for it: its
    staged rows as text, and the summaries' warnings.

    Staging judges every row on its own, so a few base rows plus every hostile one are enough (Spark is slow)."""
    wh = load_scenario(wh, hostile_tables(engine, *hostile_shop(base_rows=30)), VARS)
    wh.dbt("run", "--select", *(f"+{model}" for model in STAGED), "+orders_load_summary", "+inputs_load_summary")
    staged = {model: _staged(wh, model) for model in STAGED}
    staged["warnings"] = _warnings(wh)
    wh.close()
    return staged


@pytest.fixture(scope="module")
def staged_postgres(postgres_target):
    with postgres_target("lifecycle_hostile"):
        return _build_staging(Warehouse("postgres"), "postgres")


@pytest.fixture(scope="module")
def staged_spark(spark_warehouse):
    with pytest.MonkeyPatch.context() as mp:  # the session's SparkSession, its own schema
        mp.setenv("LIFECYCLE_SPARK_SCHEMA", "lifecycle_hostile")
        return _build_staging(Warehouse("spark"), "spark")


@pytest.mark.parametrize("engine", ["postgres", "spark"])
def test_staging_gives_the_same_rows_and_reasons_on_every_engine(engine, hostile, request):
    staged = request.getfixturevalue(f"staged_{engine}")
    assert staged["warnings"] == _warnings(hostile)
    for model, (keys, _) in STAGED.items():
        on_duckdb = _staged(hostile, model).merge(staged[model][keys].drop_duplicates(), on=keys)
        assert len(staged[model]) >= 30
        pd.testing.assert_frame_equal(staged[model], on_duckdb, obj=f"{engine} {model}")
