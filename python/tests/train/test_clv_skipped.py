"""A shop BG/NBD or Gamma-Gamma cannot be fitted to still trains: the model is skipped, the log and the macro say
why, and the published SQL fills its columns with NULL."""

import pandas as pd
import pytest

from customer_lifecycle.contract import Contract
from customer_lifecycle.train.clv import fit_clv, publish_clv
from customer_lifecycle.train.paths import ArtifactPaths
from customer_lifecycle.train.split import TimeSplit

FEATURES = ["lt_frequency", "lt_recency", "lt_t", "lt_monetary"]
TRAINING, VALIDATION, AS_OF = pd.Timestamp("2025-03-31"), pd.Timestamp("2025-06-30"), pd.Timestamp("2025-10-01")


def _split(histories: pd.DataFrame) -> TimeSplit:
    rows = histories.assign(churned_within_h=1, value_within_h=0.0, snapshot_date=TRAINING)
    rows["customer_id"] = [f"C{n}" for n in range(len(rows))]
    valid = rows.assign(snapshot_date=VALIDATION, churned_within_h=[n % 2 for n in range(len(rows))])
    return TimeSplit(rows, valid, VALIDATION, rows, Contract(FEATURES, [], "churned_within_h", "value_within_h"))


SHOPS = {
    "everyone bought once": (
        pd.DataFrame(
            {"lt_frequency": [0] * 50, "lt_recency": [0] * 50, "lt_t": range(10, 60), "lt_monetary": [0.0] * 50}
        ),
        "no customer bought on a second day",
    ),
    "one customer": (
        pd.DataFrame({"lt_frequency": [3], "lt_recency": [40], "lt_t": [60], "lt_monetary": [25.0]}),
        "1 customers, fewer than 20",
    ),
}


@pytest.mark.parametrize("shop", SHOPS)
def test_skipped_models_say_why_and_publish_null_columns(shop, tmp_path):
    histories, why = SHOPS[shop]
    printed = []
    fitted = fit_clv(_split(histories), histories, AS_OF, 90, printed.append)
    assert fitted.results == [] and set(fitted.skipped) == {"bgnbd", "gamma_gamma"}
    assert any(
        line.startswith("bgnbd skipped, its scored_snapshots columns are NULL") and why in line for line in printed
    ), printed
    paths = ArtifactPaths(
        tmp_path, tmp_path / "macros", tmp_path / "registry.csv", None, tmp_path / "card", tmp_path / "card" / "models"
    )
    paths.macros.mkdir()
    versions = publish_clv(paths, fitted, 90, VALIDATION, AS_OF)
    assert versions == {"bgnbd": "bgnbd-skipped", "gamma_gamma": "gamma_gamma-skipped"}
    macro = (paths.macros / "bgnbd.sql").read_text()
    assert why in macro and "CAST(NULL AS DOUBLE PRECISION)" in macro
    for helper in ("bgnbd_p_alive", "bgnbd_churn_probability"):
        assert f"macro postgres__{helper}()" in macro
