"""The per-snapshot sampling shares: one fraction for the training budget, raised where a class would be too rare."""

import pandas as pd

from customer_lifecycle.train.sampling import Sample, fractions, threshold

LABEL = "churned"


def _counts(rows: dict) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"snapshot_date": pd.Timestamp(date), LABEL: label, "rows": n}
            for date, per_class in rows.items()
            for label, n in per_class.items()
        ]
    )


def test_every_snapshot_gets_the_budget_share_and_the_validation_snapshot_too():
    counts = _counts(
        {"2025-01-01": {0: 6_000, 1: 4_000}, "2025-02-01": {0: 6_000, 1: 4_000}, "2025-03-01": {0: 7_000, 1: 5_000}}
    )
    shares = fractions(counts, Sample(rows=5_000, min_class_rows=100), LABEL)
    assert shares == {pd.Timestamp(d): 0.25 for d in ["2025-01-01", "2025-02-01", "2025-03-01"]}


def test_a_rare_class_raises_its_snapshot_share_and_small_histories_are_kept_whole():
    counts = _counts(
        {"2025-01-01": {0: 9_900, 1: 100}, "2025-02-01": {0: 9_000, 1: 1_000}, "2025-03-01": {0: 9_000, 1: 1_000}}
    )
    shares = fractions(counts, Sample(rows=2_000, min_class_rows=50), LABEL)
    assert shares[pd.Timestamp("2025-01-01")] == 0.5 and shares[pd.Timestamp("2025-02-01")] == 0.1
    assert set(fractions(counts, Sample(rows=20_000), LABEL).values()) == {1.0}


def test_thresholds_are_fixed_width_lowercase_hex():
    assert threshold(0.25) == "40000000" and threshold(1.0) == "ffffffff" and threshold(1e-12) == "00000000"
