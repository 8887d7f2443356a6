"""Site events: a sample of sessions, plus every review and referral.

The site logs sessions, not every page view, and keeps a sample of the
repeat sessions (ORDER_SESSION_SAMPLE) so the events table stays small. Always
logged: each visitor's first session (anonymous visitors who only look are
'acquired', those who browse products are 'attracted'), the visit at sign-up
(so every registered visitor has an event carrying both ids), reviews and
referral invitations. Whether an event carries the customer id is decided by time alone:
only events at or after the sign-up do.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .clock import Clock, whole_seconds
from .population import MINUTE, Customers, Visitors
from .purchases import COMPLETED, Orders

EVENT_TYPES = ("visit", "product_view", "add_to_cart", "review", "referral_sent")
VISIT, PRODUCT_VIEW, ADD_TO_CART, REVIEW, REFERRAL_SENT = range(5)

ATTRACTED_CART_PROBABILITY = 0.3
ANONYMOUS_RETURN_VISITS = 0.3  # mean extra sessions of an anonymous visitor, within 60 days
ORDER_SESSION_SAMPLE = 0.12  # share of purchase sessions that are logged
BROWSE_SESSIONS_PER_ORDER = 0.1  # logged sessions without a purchase, per order (+1)
BROWSE_AFTER_LAST_ORDER_DAYS = 120
REVIEW_PROBABILITY = 0.35  # per completed order of a reviewer
REVIEW_DELAY_DAYS = 2.0, 6.0  # fixed + exponential
UNCONVERTED_INVITES = 1.0  # referral invitations per advocate that lead nowhere


@dataclass(frozen=True)
class Events:
    visitor: np.ndarray
    customer: np.ndarray  # customer index, -1 when logged anonymously
    time: np.ndarray
    event_type: np.ndarray


def simulate_events(
    visitors: Visitors, customers: Customers, block: slice, orders: Orders, rng: np.random.Generator, shop: Clock
) -> Events:
    """Events of the visitors in `block`; `orders` are the orders of that block's customers."""
    visitor = np.arange(block.start, block.stop)
    customer = visitors.customer[visitor]
    is_customer = customer >= 0
    attracted = visitors.attracted[visitor] & ~is_customer
    parts = [
        _first_sessions(visitor, visitors.first_visit[visitor], is_customer, attracted, rng),
        _anonymous_returns(
            visitor[~is_customer], visitors.first_visit[visitor[~is_customer]], attracted[~is_customer], rng, shop
        ),
        _signup_visits(customers, customer[is_customer]),
        _order_sessions(customers, orders, rng),
        _browse_sessions(customers, customer[is_customer], orders, rng, shop),
        _reviews(customers, orders, rng, shop),
        _referrals(visitors, customers, customer[is_customer], rng, shop),
    ]
    v, t, kind = (np.concatenate(column) for column in zip(*parts))
    inside = (t >= 0) & (t < shop.length)
    v, t, kind = v[inside], t[inside], kind[inside]
    c = visitors.customer[v]
    # Compared as written (whole seconds); guests have no sign-up and stay anonymous.
    signed_up = (c >= 0) & np.isfinite(np.where(c >= 0, customers.signup[c], np.nan))
    known = np.zeros(len(v), bool)
    known[signed_up] = whole_seconds(t[signed_up]) >= whole_seconds(customers.signup[c[signed_up]])
    return Events(visitor=v, customer=np.where(known, c, -1), time=t, event_type=kind.astype(np.int8))


def _sessions(visitor, start, n_views, with_cart, rng):
    """A visit, then product views, then maybe an add-to-cart, a few minutes apart."""
    size = 1 + n_views + with_cart
    v = np.repeat(visitor, size)
    first = np.cumsum(size) - size
    position = np.arange(len(v)) - np.repeat(first, size)
    gap = np.where(position == 0, 0.0, rng.uniform(0.5, 4.0, len(v)) * MINUTE)
    elapsed = np.cumsum(gap)
    t = np.repeat(start, size) + elapsed - np.repeat(elapsed[first], size)
    kind = np.where(position == 0, VISIT, np.where(position <= np.repeat(n_views, size), PRODUCT_VIEW, ADD_TO_CART))
    return v, t, kind


def _first_sessions(visitor, first_visit, is_customer, attracted, rng):
    n = len(visitor)
    views = np.where(is_customer, 1 + rng.poisson(0.6, n), np.where(attracted, 1 + rng.poisson(1.2, n), 0))
    cart = (attracted & (rng.random(n) < ATTRACTED_CART_PROBABILITY)).astype(int)
    return _sessions(visitor, first_visit, views, cart, rng)


def _anonymous_returns(visitor, first_visit, attracted, rng, shop):
    count = rng.poisson(ANONYMOUS_RETURN_VISITS, len(visitor))
    v, first, attracted = np.repeat(visitor, count), np.repeat(first_visit, count), np.repeat(attracted, count)
    start = first + rng.random(len(v)) * np.minimum(60.0, shop.length - first)
    views = np.where(attracted, 1 + rng.poisson(1.0, len(v)), 0)
    return _sessions(v, start, views, np.zeros(len(v), int), rng)


def _signup_visits(customers, members):
    members = members[customers.registered[members]]
    return customers.visitor[members], customers.signup[members], np.full(len(members), VISIT)


def _order_sessions(customers, orders, rng):
    logged = rng.random(len(orders.time)) < ORDER_SESSION_SAMPLE
    n = int(logged.sum())
    start = orders.time[logged] - rng.uniform(10, 40, n) * MINUTE
    return _sessions(customers.visitor[orders.customer[logged]], start, 1 + rng.poisson(0.5, n), np.ones(n, int), rng)


def _browse_sessions(customers, members, orders, rng, shop):
    members = np.sort(members[customers.registered[members]])
    mine = np.isin(orders.customer, members)
    slot = np.searchsorted(members, orders.customer[mine])
    n_orders = np.bincount(slot, minlength=len(members))
    last_order = np.full(len(members), -np.inf)
    np.maximum.at(last_order, slot, orders.time[mine])
    since = customers.signup[members]
    until = np.minimum(shop.length, np.maximum(last_order, since) + BROWSE_AFTER_LAST_ORDER_DAYS)
    count = rng.poisson(BROWSE_SESSIONS_PER_ORDER * (1 + n_orders))
    start = np.repeat(since, count) + rng.random(count.sum()) * np.repeat(until - since, count)
    v = np.repeat(customers.visitor[members], count)
    return _sessions(v, start, 1 + rng.poisson(1.0, len(v)), np.zeros(len(v), int), rng)


def _reviews(customers, orders, rng, shop):
    reviewed = (
        (orders.status == COMPLETED)
        & customers.reviewer[orders.customer]
        & (rng.random(len(orders.time)) < REVIEW_PROBABILITY)
    )
    fixed, mean = REVIEW_DELAY_DAYS
    t = orders.time[reviewed] + fixed + rng.exponential(mean, int(reviewed.sum()))
    return customers.visitor[orders.customer[reviewed]], t, np.full(len(t), REVIEW)


def _referrals(visitors, customers, members, rng, shop):
    """Invitations that brought the block's referred customers, plus some that led nowhere."""
    referee = members[customers.referred_by[members] >= 0]
    referrer = customers.referred_by[referee]
    arrival = visitors.first_visit[customers.visitor[referee]]
    lead = np.minimum(7.0, arrival - customers.first_order[referrer])
    converted_t = arrival - rng.random(len(referee)) * lead

    advocates = members[
        customers.advocate[members] & customers.registered[members] & np.isfinite(customers.first_order[members])
    ]
    count = rng.poisson(UNCONVERTED_INVITES, len(advocates))
    since = np.repeat(customers.first_order[advocates], count)
    unconverted_t = since + rng.random(len(since)) * (shop.length - since)

    v = customers.visitor[np.concatenate([referrer, np.repeat(advocates, count)])]
    t = np.concatenate([converted_t, unconverted_t])
    return v, t, np.full(len(t), REFERRAL_SENT)
