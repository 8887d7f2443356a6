"""The stage history stored as spells (issue 24) gives the rows the month-by-month stages give.

int_lifecycle__person_stages holds one row per person and stage spell; customer_lifecycle_history expands it
into months and customer_lifecycle_transitions reads its flows from it. Both must equal, row for row, what
the stages evaluated month by month (int_lifecycle__person_months) give. The hostile shop has the same
check (test_hostile_input.py).
"""

from __future__ import annotations

from dbt_scenarios import spell_mismatches

NONE = {f"{name}_{direction}": 0 for name in ("history", "transitions") for direction in ("only_spells", "only_months")}


def test_sample_shop_history_from_spells_equals_the_months(committed):
    assert spell_mismatches(committed) == NONE


def test_small_shop_history_from_spells_equals_the_months(base_shop_duckdb):
    assert spell_mismatches(base_shop_duckdb) == NONE


def test_spells_are_fewer_than_months(committed):
    spells = committed.query("select count(*) as n from int_lifecycle__person_stages")["n"].iloc[0]
    months = committed.query("select count(*) as n from customer_lifecycle_history")["n"].iloc[0]
    assert spells < months / 2
