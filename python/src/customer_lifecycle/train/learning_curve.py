"""The default training budget (rows sampled in the warehouse) and the measured learning curve it was chosen from.

The one place for both: `lifecycle train` samples DEFAULT_ROWS training rows unless the var
lifecycle_training_sample_rows says otherwise, and the model card prints this curve beside the size it used.
Re-measure with the commands below and update POINTS, DEFAULT_ROWS and WHY together.
"""
from __future__ import annotations

import pandas as pd

DEFAULT_ROWS = 100_000
WHY = ("from about 87,000 tuning rows on, the churn models' validation ROC and PR AUC move by at most 0.0004 "
       "while the tuning time grows about linearly with the rows")

# Validation metrics of the deployed families, tuned (3 forward folds) on the warehouse sample of each budget and
# scored on the whole validation snapshot; "tuning rows" exclude the snapshots inside the label horizon, which
# only the refit uses. Measured on a 2-core machine shared with other jobs (load average 12-19).
COMMANDS = {
    "300k": "python python/benchmarks/train_bench.py --curve --shops shop_300k.duckdb "
            "--rows 10000 30000 100000 300000",
}
SHOPS = {"300k": "`lifecycle generate --customers 300000`: 2,151,549 feature rows, validation snapshot "
                 "2026-04-01 (163,321 customers)"}
COLUMNS = ["shop", "budget", "tuning_rows", "churn_lr_roc_auc", "churn_lr_pr_auc", "churn_tree_roc_auc",
           "churn_tree_pr_auc", "value_tree_rmse", "value_linear_rmse", "spend_tree_rmse"]
POINTS = [
    ("300k", 10_000, 43_376, 0.84791, 0.91316, 0.84799, 0.90078, 200.383, 201.978, 203.205),
    ("300k", 30_000, 43_457, 0.84795, 0.91317, 0.84831, 0.90115, 200.379, 201.966, 203.149),
    ("300k", 100_000, 86_734, 0.84844, 0.91347, 0.85212, 0.90564, 200.288, 200.021, 201.790),
    ("300k", 300_000, 241_127, 0.84867, 0.91362, 0.85245, 0.90576, 198.779, 199.355, 200.610),
]


def curve() -> pd.DataFrame:
    return pd.DataFrame(POINTS, columns=COLUMNS)
