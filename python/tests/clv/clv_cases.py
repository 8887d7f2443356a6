"""BG/NBD parameter sets and customers that stress the numerics, shared by the reference and SQL tests."""

import itertools

import pandas as pd

from customer_lifecycle.clv.bgnbd import BgNbd

# Fitted shapes seen in practice and edges: a < 1, a = 1 (lifetimes divides by zero), a just above 1, large a,
# r tiny, alpha short against the horizon (z close to 1), a + b < 1 (c < 0 for one-time buyers: lifetimes' 2F1 is NaN);
# days.
MODELS = [
    BgNbd(0.563133, 10.32649, 1.669249, 23.73516),
    BgNbd(0.242593, 30.89471, 0.792886, 2.42576),
    BgNbd(0.8, 20.0, 1.0, 3.0),
    BgNbd(0.8, 20.0, 1.0000001, 3.0),
    BgNbd(0.05, 60.0, 6.0, 0.7),
    BgNbd(3.0, 5.0, 0.3, 40.0),
    BgNbd(0.29309, 187.1232, 0.3243, 0.644456),
]


def adversarial_grid() -> pd.DataFrame:
    """x up to 800 repeat purchase days, T up to 3000 days, t_x at the start, middle and end, H up to 365."""
    rows = []
    for x, t, horizon in itertools.product(
        [0, 1, 2, 5, 20, 100, 300, 800], [0, 1, 7, 30, 90, 365, 1000, 3000], [1, 30, 90, 365]
    ):
        if t < x:
            continue
        for t_x in sorted({x, (x + t) // 2, t} if x else {0}):
            rows.append((x, t_x, t, horizon))
    return pd.DataFrame(rows, columns=["x", "t_x", "t", "horizon"]).astype(float)
