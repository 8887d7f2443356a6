"""The training-data fingerprint depends on the data only, not on which engine delivered it."""
import pandas as pd

from customer_lifecycle.train.snapshots import CHURN_LABEL, FEATURES, NUMERIC_FEATURES, VALUE_LABEL, _typed, fingerprint


def _delivered(date_unit: str, ids, numbers) -> pd.DataFrame:
    """Rows as a driver returns them: dates at the engine's resolution, ids and numbers in its types."""
    frame = pd.DataFrame({"customer_id": ids,
                          "snapshot_date": pd.to_datetime(["2025-01-01", "2025-02-01"]).astype(f"datetime64[{date_unit}]"),
                          **{c: numbers for c in NUMERIC_FEATURES}, "acquisition_channel": ["organic", None],
                          CHURN_LABEL: [0, 1], VALUE_LABEL: numbers})
    return frame[["customer_id", "snapshot_date", *FEATURES, CHURN_LABEL, VALUE_LABEL]]


def test_same_rows_from_spark_duckdb_and_postgres_give_one_fingerprint():
    spark = _delivered("s", ["C1", "C2"], [1.5, 2.0])
    duckdb = _delivered("us", pd.array(["C1", "C2"], dtype="string"), [1.5, 2.0])
    postgres = _delivered("ns", ["C1", "C2"], pd.array([1.5, 2.0], dtype="object"))
    prints = {name: fingerprint(_typed(frame)) for name, frame in
              {"spark": spark, "duckdb": duckdb, "postgres": postgres}.items()}
    assert prints["spark"] == prints["duckdb"] == prints["postgres"], prints
    changed = _delivered("us", ["C1", "C2"], [1.5, 2.5])
    assert fingerprint(_typed(changed))["sha256"] != prints["duckdb"]["sha256"]
