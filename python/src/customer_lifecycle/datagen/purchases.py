"""Orders: first and repeat purchases, order values and statuses.

Repeat purchases follow a BG/NBD-like process in business time. Some buyers
only ever try the shop once; the others, while alive, buy at rate
`rate * exp(drift * t)` (t since the first order; gamma-distributed gaps, so
purchases come in bursts) and after each purchase drop out with probability
`dropout`. A dropped-out customer is won back with probability WIN_BACK after a
long dormant spell, so a long silence does not always mean churn. Simulated in
rounds (round k = k-th purchase of every customer still active), vectorised over
customers. Values are lognormal around each customer's median; 3% of orders are
cancelled, and each customer returns orders at their own rate (5% on average).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .clock import Clock
from .population import Customers

ORDER_VALUE_SD = 0.55
TRIAL_ONLY = 0.1  # buyers who never come back after the first order
WIN_BACK = 0.45
DORMANT_DAYS = 120.0  # mean business days of a dormant spell
GAP_SHAPE = 0.5  # < 1: purchases come in bursts, so a gap alone is weak evidence of churn
CANCEL_PROBABILITY = 0.03
STATUSES = ("completed", "returned", "cancelled")
COMPLETED, RETURNED, CANCELLED = range(3)


@dataclass(frozen=True)
class Orders:
    customer: np.ndarray  # customer index
    time: np.ndarray  # calendar days
    amount_cents: np.ndarray
    status: np.ndarray


def simulate_orders(customers: Customers, members: np.ndarray, rng: np.random.Generator, shop: Clock) -> Orders:
    """Orders of the customers with indices `members`, grouped by customer, in time order."""
    buyers = members[np.isfinite(customers.first_order[members])]
    who, when = [buyers], [customers.first_order[buyers]]
    start = shop.to_business(customers.first_order[buyers])
    rate, drift, dropout = customers.rate[buyers], customers.drift[buyers], customers.dropout[buyers]
    spent = np.zeros(len(buyers))  # integrated intensity since the first order
    active = np.flatnonzero(rng.random(len(buyers)) >= TRIAL_ONLY)
    while len(active):
        drops = rng.random(len(active)) < dropout[active]
        won_back = drops & (rng.random(len(active)) < WIN_BACK)
        start[active[won_back]] += rng.exponential(DORMANT_DAYS, int(won_back.sum()))
        active = active[~drops | won_back]
        spent[active] += rng.gamma(GAP_SHAPE, 1 / GAP_SHAPE, len(active))
        # Invert the integrated intensity rate*(exp(drift*t)-1)/drift; a fading rate can run dry.
        x = drift[active] * spent[active] / rate[active]
        reachable = x > -1
        elapsed = np.full(len(active), np.inf)
        elapsed[reachable] = np.log1p(x[reachable]) / drift[active][reachable]
        time = shop.to_calendar(start[active] + elapsed)
        inside = time < shop.length
        active = active[inside]
        who.append(buyers[active])
        when.append(time[inside])

    customer, time = np.concatenate(who), np.concatenate(when)
    grouped = np.lexsort((time, customer))
    customer, time = customer[grouped], time[grouped]
    value = np.exp(customers.log_value[customer] + rng.normal(0, ORDER_VALUE_SD, len(customer)))
    draw = rng.random(len(customer))
    status = np.where(
        draw < CANCEL_PROBABILITY,
        CANCELLED,
        np.where(draw < CANCEL_PROBABILITY + customers.return_probability[customer], RETURNED, COMPLETED),
    )
    return Orders(
        customer=customer,
        time=time,
        amount_cents=np.maximum(np.round(value * 100), 100).astype(np.int64),
        status=status.astype(np.int8),
    )
