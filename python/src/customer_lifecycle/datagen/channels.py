"""Acquisition channels and how good the customers they bring are.

Columns: share of sign-ups, probability that a sign-up ever buys, and multipliers
on purchase rate, dropout probability and order value. Referral and email bring
the best customers, social the weakest: channel should matter to the models.
"""

from __future__ import annotations

import numpy as np

#                  name            share  buys  rate  dropout  value
_TABLE = [
    ("organic_search", 0.30, 0.68, 1.00, 1.00, 1.00),
    ("paid_search", 0.22, 0.62, 0.90, 1.20, 0.95),
    ("social", 0.15, 0.48, 0.80, 1.45, 0.85),
    ("email", 0.10, 0.76, 1.20, 0.80, 1.05),
    ("referral", 0.08, 0.80, 1.25, 0.70, 1.10),
    ("direct", 0.15, 0.72, 1.10, 0.90, 1.00),
]

NAMES = [row[0] for row in _TABLE]
SHARE = np.array([row[1] for row in _TABLE])
BUY_PROBABILITY = np.array([row[2] for row in _TABLE])
RATE_FACTOR = np.array([row[3] for row in _TABLE])
DROPOUT_FACTOR = np.array([row[4] for row in _TABLE])
VALUE_FACTOR = np.array([row[5] for row in _TABLE])

REFERRAL = NAMES.index("referral")
DIRECT = NAMES.index("direct")
