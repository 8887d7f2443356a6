"""risk_band: a rule on the calibrated churn_probability, or (var lifecycle_risk_band_method: quantile) on its
percentile among today's customers, with the cut-offs lifecycle_risk_high and lifecycle_risk_medium."""

import numpy as np
import pandas as pd
from scipy.stats import rankdata

BANDS = "select churn_probability, risk_band from customer_scores"


def _expected(position: np.ndarray, high: float, medium: float) -> list[str]:
    return list(np.where(position >= high, "high", np.where(position >= medium, "medium", "low")))


def test_probability_bands_cut_the_calibrated_probability(trained):
    scores = trained.query(BANDS)
    assert list(scores["risk_band"]) == _expected(scores["churn_probability"].to_numpy(), 0.75, 0.5)


def test_quantile_bands_cut_the_percentile_with_the_cut_offs_a_user_sets(trained):
    bands = {"lifecycle_risk_band_method": "quantile", "lifecycle_risk_high": 0.9, "lifecycle_risk_medium": 0.6}
    try:
        trained.dbt("build", "--select", "customer_scores", vars=bands)
        scores = trained.query(BANDS)
    finally:
        trained.dbt("build", "--select", "customer_scores")
    probability = scores["churn_probability"].to_numpy()
    percent_rank = (rankdata(probability, method="min") - 1) / (len(probability) - 1)  # SQL's percent_rank()
    assert list(scores["risk_band"]) == _expected(percent_rank, 0.9, 0.6)
    shares = pd.Series(scores["risk_band"]).value_counts(normalize=True)
    assert abs(shares["high"] - 0.1) < 0.01 and abs(shares["medium"] - 0.3) < 0.01
