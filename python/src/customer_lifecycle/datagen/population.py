"""Who visits the shop, who signs up, who buys, and who referred whom.

Visitors arrive over the whole window at a growing rate. A fixed number of them
become customers (a customer id); the others stay anonymous, either just looking
(acquired) or browsing products (attracted). Each customer gets a channel and
BG/NBD-style behaviour: a gamma-distributed purchase rate, a beta-distributed
dropout probability after each purchase, and a slow drift of the rate (so the
trend of the gaps carries signal). Customer numbers follow creation order
(sign-up, or first order for guest checkouts), so a referrer always has a
smaller number than the customer they referred.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import channels
from .clock import Clock

MINUTE = 1.0 / 1440
ANONYMOUS_PER_CUSTOMER = 1.0  # visitors who never sign up, per customer
ATTRACTED_SHARE = 0.45  # of anonymous visitors: browse products, never sign up
SAME_SESSION_SIGNUP = 0.75  # the rest sign up days later
SIGNUP_DELAY_DAYS = 5.0
SAME_SESSION_FIRST_ORDER = 0.45
FIRST_ORDER_DELAY_DAYS = 12.0
GUEST_SHARE = 0.005  # buyers who check out without a sign-up row
REVIEWER_SHARE = 0.25
ADVOCATE_SHARE = 0.15
# Purchase process: per business day, gamma across customers (mean 1/RATE_MEAN_GAP).
RATE_SHAPE, RATE_MEAN_GAP = 1.0, 12.0
DROPOUT_A, DROPOUT_B = 1.5, 14.0
DRIFT_MEAN, DRIFT_SD = -0.4 / 365, 0.6 / 365  # log-rate change per day
ORDER_VALUE_MEDIAN, CUSTOMER_VALUE_SD = 48.0, 0.45
RETURN_A, RETURN_B = 1.0, 19.0  # mean return probability 5%


@dataclass(frozen=True)
class Visitors:
    """One entry per visitor, in first-visit order (position = visitor number - 1)."""

    first_visit: np.ndarray  # calendar days
    customer: np.ndarray  # index into Customers, -1 if anonymous
    attracted: np.ndarray  # anonymous visitor who browsed products


@dataclass(frozen=True)
class Customers:
    """One entry per customer, in creation order (position = customer number - 1)."""

    visitor: np.ndarray
    registered: np.ndarray  # False for guest checkouts (no sign-up row)
    signup: np.ndarray  # calendar days, nan for guests
    channel: np.ndarray
    referred_by: np.ndarray  # customer index, -1 if not referred
    first_order: np.ndarray  # calendar days, inf if no order in the window
    rate: np.ndarray  # purchases per business day at the first order
    drift: np.ndarray  # change of log(rate) per business day
    dropout: np.ndarray  # probability of leaving after each purchase
    log_value: np.ndarray  # log median order value
    return_probability: np.ndarray
    reviewer: np.ndarray
    advocate: np.ndarray


def simulate_population(
    n_customers: int, rng: np.random.Generator, shop: Clock, arrivals: Clock, cohort_days: float | None = None
) -> tuple[Visitors, Customers]:
    """`cohort_days`: every visitor arrives in the window's first `cohort_days` days (one acquisition cohort)."""
    n_visitors = n_customers + round(n_customers * ANONYMOUS_PER_CUSTOMER)
    arriving = arrivals.length if cohort_days is None else arrivals.to_business(min(cohort_days, arrivals.length))
    first_visit = np.sort(arrivals.to_calendar(rng.uniform(0, arriving, n_visitors)))
    visitor = np.sort(rng.choice(n_visitors, n_customers, replace=False))
    visit = first_visit[visitor]

    channel = rng.choice(len(channels.NAMES), n_customers, p=channels.SHARE)
    signup = np.where(
        rng.random(n_customers) < SAME_SESSION_SIGNUP,
        visit + rng.uniform(1, 30, n_customers) * MINUTE,
        shop.advance(visit, rng.exponential(SIGNUP_DELAY_DAYS, n_customers)),
    )
    # Late arrivals still sign up inside the window: the customer count is fixed.
    signup = np.where(signup < shop.length, signup, visit + (shop.length - visit) * rng.random(n_customers))

    buys = rng.random(n_customers) < channels.BUY_PROBABILITY[channel]
    first_order = np.where(
        rng.random(n_customers) < SAME_SESSION_FIRST_ORDER,
        signup + rng.uniform(2, 40, n_customers) * MINUTE,
        shop.advance(signup, rng.exponential(FIRST_ORDER_DELAY_DAYS, n_customers)),
    )
    # Guests buy in their first session and never register.
    guest_order = visit + rng.uniform(5, 40, n_customers) * MINUTE
    guest = (
        buys & (channel != channels.REFERRAL) & (guest_order < shop.length) & (rng.random(n_customers) < GUEST_SHARE)
    )
    first_order = np.where(guest, guest_order, first_order)
    first_order = np.where(buys & (first_order < shop.length), first_order, np.inf)
    signup = np.where(guest, np.nan, signup)

    order = np.argsort(np.where(guest, first_order, signup), kind="stable")
    visitor, visit, channel, signup, first_order, guest = (
        a[order] for a in (visitor, visit, channel, signup, first_order, guest)
    )

    rate = rng.gamma(RATE_SHAPE, 1 / (RATE_SHAPE * RATE_MEAN_GAP), n_customers) * channels.RATE_FACTOR[channel]
    customers = Customers(
        visitor=visitor,
        registered=~guest,
        signup=signup,
        channel=channel,
        referred_by=np.full(n_customers, -1),
        first_order=first_order,
        rate=rate,
        drift=rng.normal(DRIFT_MEAN, DRIFT_SD, n_customers),
        dropout=np.minimum(rng.beta(DROPOUT_A, DROPOUT_B, n_customers) * channels.DROPOUT_FACTOR[channel], 0.95),
        log_value=(
            np.log(ORDER_VALUE_MEDIAN * channels.VALUE_FACTOR[channel]) + rng.normal(0, CUSTOMER_VALUE_SD, n_customers)
        ),
        return_probability=rng.beta(RETURN_A, RETURN_B, n_customers),
        reviewer=rng.random(n_customers) < REVIEWER_SHARE,
        advocate=rng.random(n_customers) < ADVOCATE_SHARE,
    )
    _assign_referrers(customers, visit, rng)

    customer_of_visitor = np.full(n_visitors, -1)
    customer_of_visitor[visitor] = np.arange(n_customers)
    visitors = Visitors(
        first_visit=first_visit, customer=customer_of_visitor, attracted=rng.random(n_visitors) < ATTRACTED_SHARE
    )
    return visitors, customers


def _assign_referrers(customers: Customers, visit: np.ndarray, rng: np.random.Generator) -> None:
    """Referred customers point at an advocate whose first order precedes their first visit.

    Frequent buyers refer more (weight = purchase rate). Referral-channel customers
    who arrive before any advocate has bought are relabelled `direct`.
    """
    pool = np.flatnonzero(customers.advocate & customers.registered & np.isfinite(customers.first_order))
    pool = pool[np.argsort(customers.first_order[pool], kind="stable")]
    weight = np.cumsum(customers.rate[pool])
    referred = np.flatnonzero(customers.channel == channels.REFERRAL)
    eligible = np.searchsorted(customers.first_order[pool], visit[referred])
    draw = rng.random(len(referred))
    has_referrer = eligible > 0
    picked = np.searchsorted(weight, draw[has_referrer] * weight[eligible[has_referrer] - 1], side="right")
    customers.referred_by[referred[has_referrer]] = pool[picked]
    customers.channel[referred[~has_referrer]] = channels.DIRECT
