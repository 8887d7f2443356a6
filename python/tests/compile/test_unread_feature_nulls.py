"""scikit-learn's gradient boosting refuses a row with NaN in any feature, even one the fitted model
never reads: the SQL must give NULL for that row, not a score."""

import numpy as np
import pandas as pd
import pytest
from sklearn.ensemble import GradientBoostingClassifier

from customer_lifecycle.compile import to_sql

from .engines import DuckDBEngine


def test_null_in_an_unread_feature_gives_null():
    X = pd.DataFrame({"read": [0.0, 1.0, 2.0, 3.0], "unread": [5.0, 5.0, 5.0, 5.0]})
    model = GradientBoostingClassifier(n_estimators=2, max_depth=1, random_state=0).fit(X, [0, 0, 1, 1])
    assert all(tree.tree_.feature[0] == 0 for tree in model.estimators_.ravel()), "must not read `unread`"
    with pytest.raises(ValueError):
        model.predict_proba(pd.DataFrame({"read": [1.0], "unread": [np.nan]}))

    rows = pd.DataFrame({"read": [1.0, 2.5, None], "unread": [None, 5.0, 5.0]})
    connection = DuckDBEngine().connection
    connection.register("rows_in", rows)
    scores = [row[0] for row in connection.execute(f"select {to_sql(model, list(X.columns))} from rows_in").fetchall()]
    assert scores[0] is None and scores[2] is None
    assert scores[1] == pytest.approx(model.predict_proba(rows.iloc[[1]])[0, 1], abs=1e-15)
