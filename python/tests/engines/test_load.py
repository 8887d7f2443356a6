"""The fast CSV loaders give text tables that hold exactly the file's rows, NULL for empty fields."""

import pandas as pd
import pytest

from customer_lifecycle.engines.load import load_csv_tables

CSV = 'id,name,note\n1,Ann,"says ""hi"", then leaves"\n2,Bob,\n3,"Multi\nline",x\n'


@pytest.mark.parametrize("engine", ["postgres", "spark"])
def test_csv_loads_as_text_with_nulls(engine, request, tmp_path):
    wh = request.getfixturevalue(f"{engine}_warehouse")
    path = tmp_path / "people.csv"
    path.write_text(CSV)
    load_csv_tables(wh, {"load_test_people": path}, schema="load_test")
    frame = wh.query("select id, name, note from load_test.load_test_people order by id")
    rows = [[None if pd.isna(v) else v for v in row] for row in frame.values.tolist()]
    assert rows == [["1", "Ann", 'says "hi", then leaves'], ["2", "Bob", None], ["3", "Multi\nline", "x"]]
    load_csv_tables(wh, {"load_test_people": path}, schema="load_test")  # reloading replaces, not appends
    assert wh.query("select count(*) as n from load_test.load_test_people")["n"].tolist() == [3]


def test_column_names_must_be_plain_identifiers(tmp_path, postgres_warehouse):
    path = tmp_path / "bad.csv"
    path.write_text('id,"Order Date"\n1,2024-01-01\n')
    with pytest.raises(ValueError, match="Order Date"):
        load_csv_tables(postgres_warehouse, {"bad": path}, schema="load_test")
