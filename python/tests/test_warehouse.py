"""The warehouse door: the profile as dbt renders it, dbt errors that name the failure, queries on real engines."""

import pytest

from customer_lifecycle.warehouse import DbtCommandError, Warehouse


def test_default_target_is_embedded_duckdb(monkeypatch):
    monkeypatch.delenv("LIFECYCLE_TARGET", raising=False)
    wh = Warehouse()
    assert (wh.target, wh.kind, wh.schema) == ("duckdb", "duckdb", "main")


def test_target_comes_from_environment(monkeypatch):
    monkeypatch.setenv("LIFECYCLE_TARGET", "postgres")
    monkeypatch.setenv("PGPORT", "6543")
    wh = Warehouse()
    assert (wh.target, wh.settings["port"]) == ("postgres", 6543)


def test_unknown_target_is_named():
    with pytest.raises(Exception, match="oracle"):
        Warehouse("oracle")


def test_duckdb_path_needs_a_profile_that_reads_it(tmp_path):
    (tmp_path / "profiles.yml").write_text(
        "customer_lifecycle:\n  target: dev\n  outputs:\n    dev: {type: duckdb, path: fixed.duckdb}\n"
    )
    with pytest.raises(ValueError, match="LIFECYCLE_DUCKDB_PATH"):
        Warehouse(duckdb_path=tmp_path / "w.duckdb", profiles_dir=tmp_path)


def test_duckdb_query_and_execute(tmp_path):
    wh = Warehouse("duckdb", duckdb_path=tmp_path / "w.duckdb")
    wh.execute("create table t as select 1 as a union all select 2")
    assert wh.query("select sum(a) as s from t")["s"].iloc[0] == 3
    wh.close()


def test_failed_dbt_command_raises_with_the_database_error(tmp_path):
    wh = Warehouse("duckdb", duckdb_path=tmp_path / "w.duckdb")
    with pytest.raises(DbtCommandError, match="no_such_table"):
        wh.dbt("show", "--inline", "select * from no_such_table")


def test_postgres_query_and_execute(postgres_target):
    with postgres_target("warehouse_test"):
        wh = Warehouse("postgres")
        assert wh.schema == "warehouse_test"
        wh.execute("create schema if not exists warehouse_test")
        wh.execute("create table if not exists warehouse_test.t as select 40 + 2 as a")
        assert wh.query("select a from t")["a"].tolist() == [42]  # the target's schema is on the search path
        wh.close()
