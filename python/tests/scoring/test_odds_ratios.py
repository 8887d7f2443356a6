"""churn_lr_odds_ratios (what the report draws) equals the saved logistic model and the model card's table."""

import re

import numpy as np
from saved_models import features, saved_models

from customer_lifecycle.calibrated import uncalibrated

CARD_ROW = re.compile(r"^\| (\w+) \| (\d+\.\d{4}) \|$")


def test_odds_ratios_equal_the_saved_model_and_the_model_card(trained):
    table = trained.query("select feature, coefficient, odds_ratio_per_sd from churn_lr_odds_ratios").set_index(
        "feature"
    )
    model = uncalibrated(saved_models(trained)["churn_lr"])  # scaler (and Platt's map) folded in, as the SQL uses
    numeric = features(saved_models(trained))
    coefficients = dict(zip(numeric, model.coef_[0]))
    assert sorted(table.index) == sorted(numeric)
    for feature, coefficient in coefficients.items():
        np.testing.assert_allclose(table.loc[feature, "coefficient"], coefficient, rtol=1e-9, err_msg=feature)
    card = (trained.project_dir / "python" / "model_card" / "README.md").read_text()
    section = card.split("## Logistic regression (deployed refit): odds ratios per +1 standard deviation", 1)[1]
    printed = {m[1]: float(m[2]) for m in map(CARD_ROW.match, section.splitlines()) if m}
    assert sorted(printed) == sorted(numeric)
    for feature, ratio in printed.items():
        assert abs(table.loc[feature, "odds_ratio_per_sd"] - ratio) <= 0.5e-4 + 1e-9, feature  # printed to 4 places
