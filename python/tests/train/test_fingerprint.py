"""The training-data fingerprint depends on the data only, not on which engine delivered it."""

import pandas as pd

from customer_lifecycle.contract import Contract
from customer_lifecycle.train.snapshots import KEYS, SAMPLED, _typed, fingerprint

CONTRACT = Contract(["recency_days", "total_spend"], ["acquisition_channel"], "churned_within_h", "value_within_h")


def _delivered(date_unit: str, ids, numbers) -> pd.DataFrame:
    """Rows as a driver returns them: dates at the engine's resolution, ids and numbers in its types."""
    frame = pd.DataFrame(
        {
            "customer_id": ids,
            "snapshot_date": pd.to_datetime(["2025-01-01", "2025-02-01"]).astype(f"datetime64[{date_unit}]"),
            **{c: numbers for c in CONTRACT.numeric_features},
            "acquisition_channel": ["organic", None],
            CONTRACT.churn_label: [0, 1],
            CONTRACT.value_label: numbers,
            SAMPLED: [True, False],
        }
    )
    return frame[[*KEYS, *CONTRACT.features, *CONTRACT.labels, SAMPLED]]


def test_same_rows_from_spark_duckdb_and_postgres_give_one_fingerprint():
    spark = _delivered("s", ["C1", "C2"], [1.5, 2.0])
    duckdb = _delivered("us", pd.array(["C1", "C2"], dtype="string"), [1.5, 2.0])
    postgres = _delivered("ns", ["C1", "C2"], pd.array([1.5, 2.0], dtype="object"))
    prints = {
        name: fingerprint(_typed(frame, CONTRACT), CONTRACT)
        for name, frame in {"spark": spark, "duckdb": duckdb, "postgres": postgres}.items()
    }
    assert prints["spark"] == prints["duckdb"] == prints["postgres"], prints
    changed = _delivered("us", ["C1", "C2"], [1.5, 2.5])
    assert fingerprint(_typed(changed, CONTRACT), CONTRACT)["sha256"] != prints["duckdb"]["sha256"]
