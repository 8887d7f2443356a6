"""customer_scores' reasons read back in Python: each feature against the typical customer of the stage."""

import pandas as pd
from saved_models import features, saved_models, scored_rows

REASONS = ("churn_reason_1", "churn_reason_2", "churn_reason_3")


def against_stage(frame: pd.DataFrame, numeric: list[str]) -> pd.DataFrame:
    """Each feature's value less its average among today's customers of the same lifecycle stage."""
    values = frame[numeric].astype("float64")
    return values - values.groupby(frame["lifecycle_stage"].fillna("")).transform("mean")


def reasons_by_direction(wh) -> tuple[int, list[tuple[str, str, int]]]:
    """(how many reasons name a feature with a declared direction, [(customer, feature, direction)] of those
    naming it where the customer is not worse than the stage's typical customer in that direction)."""
    frame = scored_rows(wh, "customer_scores", "as_of_date")
    deviations = against_stage(frame, features(saved_models(wh)))
    named, forbidden = 0, []
    for feature, direction in wh.contract.directions.items():
        for column in REASONS:
            rows = frame[column] == feature
            named += int(rows.sum())
            wrong = rows & ~(direction * deviations[feature] > 0)
            forbidden += [(customer, feature, direction) for customer in frame.loc[wrong, "customer_id"]]
    return named, forbidden
