"""Scores a frame with scikit-learn and with the compiled SQL on an engine, and compares them."""

import numpy as np
import pandas as pd

from customer_lifecycle.compile import to_sql

_SKLEARN_OUTPUT = {
    "probability": lambda m, X: m.predict_proba(X)[:, 1],
    "class": lambda m, X: m.predict(X),
    "decision": lambda m, X: m.decision_function(X),
    "value": lambda m, X: m.predict(X),
}


def sklearn_scores(model, frame: pd.DataFrame, output: str) -> list:
    """sklearn's output per row; None where sklearn refuses the row's NaN (the SQL must give NULL)."""
    predict = _SKLEARN_OUTPUT[output]
    try:
        return list(predict(model, frame))
    except ValueError:
        complete = frame.notna().all(axis=1).to_numpy()
        scores = np.full(len(frame), None, dtype=object)
        scores[complete] = list(predict(model, frame[complete]))
        return list(scores)


def compare(model, frame: pd.DataFrame, engine, output: str, noise_band: float = 0.0) -> float:
    """Max error of SQL against sklearn over rows: |SQL - sklearn| / max(1, |sklearn|), so absolute
    for probabilities and relative for large values. 0 for labels; NULLs and labels must agree exactly."""
    sql = to_sql(model, list(frame.columns), dialect=engine.dialect, output=output)
    got = engine.score(frame, sql)
    expected = sklearn_scores(model, frame, output)
    assert len(got) == len(expected)
    null_mismatch = [i for i, (g, e) in enumerate(zip(got, expected)) if (g is None) != (e is None)]
    assert not null_mismatch, (
        f"{engine.name}: NULL disagreement on {len(null_mismatch)} rows, first {null_mismatch[:5]}"
    )
    pairs = [(g, e) for g, e in zip(got, expected) if e is not None]
    if output == "class":
        wrong = np.array([i for i, (g, e) in enumerate(zip(got, expected)) if e is not None and g != e], dtype=int)
        if noise_band and wrong.size:
            margins = np.abs(model.decision_function(frame.iloc[wrong]))
            print(f"\n{engine.name}: {wrong.size} classes differ, all with |margin| <= {margins.max():.2g}")
            wrong = wrong[margins > noise_band]
        assert not wrong.size, f"{engine.name}: {wrong.size} wrong classes at rows {wrong[:5]}"
        return 0.0
    g, e = np.array([p[0] for p in pairs], dtype=float), np.array([p[1] for p in pairs], dtype=float)
    return float(np.max(np.abs(g - e) / np.maximum(1.0, np.abs(e)))) if len(pairs) else 0.0
