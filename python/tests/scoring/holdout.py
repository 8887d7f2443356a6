"""The scores of customer_scores against what the customers did in the H days after the as-of date, beside the
baselines users know, each fitted on what the warehouse knew at the as-of date.

`lifecycle run` never sees orders after an explicit as_of_date (they are out of scope), so what happened next is
computed here from the raw orders, with customer_features' label definitions: a scored customer (a row of
customer_scores) churned when they have no completed order dated in (as_of, as_of + H]; their value is the sum
of those orders' amounts (returned and cancelled orders earn nothing; an empty status is completed).

Baselines:
- BG/NBD (+ Gamma-Gamma), fitted with lifetimes on every scored customer's history to the as-of date (the lt_*
  columns of the as-of snapshot): P(no purchase in the horizon) and expected purchases x expected spend;
- recency: the churn rate by recency decile over every labelled snapshot (train/baselines.py), with the last
  90 days' spend scaled to the horizon as its value;
- the BG/NBD columns customer_scores has when the deployed models include them (SCORE_COLUMNS).
"""

from __future__ import annotations

import contextlib
import io
import warnings

import numpy as np
import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter
from lifetimes.utils import ConvergenceError

from customer_lifecycle.train.baselines import RecencyChurnBaseline, last_period_spend
from customer_lifecycle.train.metrics import classification_metrics, regression_metrics

# name: customer_scores' (churn probability, value in the horizon) columns; rows whose columns are absent are skipped
DEPLOYED = "deployed"
SCORE_COLUMNS = {
    DEPLOYED: ("churn_probability", "expected_value_h"),
    "churn_lr, churn_lr x spend_tree": ("churn_probability_lr", "expected_value_h_spend"),
    "churn_tree, value_tree": ("churn_probability_tree", "predicted_value_h"),
    "churn_lr, value_linear": ("churn_probability_lr", "predicted_value_h_linear"),
    "BG/NBD + GG (warehouse)": ("churn_probability_bgnbd", "expected_value_h_bgnbd"),
}
LIFETIMES = "BG/NBD + GG (lifetimes)"
RECENCY = "recency decile, last 90 d spend"
# lifetimes' default, then a looser one: where the likelihood peaks at no dropout (a -> 0, b free; Online Retail
# to 2011-09-01) its optimiser stops at a gradient of ~3e-7 with "precision loss" and reports no convergence
GRADIENT_TOLERANCES = (1e-7, 1e-6)
HISTORY_COLUMNS = ["lt_frequency", "lt_recency", "lt_t", "lt_monetary", "recency_days", "spend_last_90d"]


def what_happened(orders: pd.DataFrame, customers: pd.Series, as_of: str, horizon_days: int) -> pd.DataFrame:
    """churned (0/1) and value per customer in `customers`, from the raw `orders` dated in (as_of, as_of + H]."""
    status = orders["status"].str.strip().replace("", "completed") if "status" in orders else "completed"
    day = pd.to_datetime(orders["ordered_at"], format="ISO8601").dt.normalize()
    start = pd.Timestamp(as_of)
    bought = orders[(status == "completed") & (day > start) & (day <= start + pd.Timedelta(days=horizon_days))]
    unknown = set(customers) - set(orders["customer_id"])
    if unknown:
        raise ValueError(
            f"{len(unknown)} scored customers (e.g. {sorted(unknown)[0]!r}) have no raw order: "
            "customer_scores and the orders table do not spell customer ids alike"
        )
    value = bought["amount"].astype(float).groupby(bought["customer_id"]).sum()
    value = value.reindex(customers, fill_value=0.0)
    return pd.DataFrame(
        {"churned": (~customers.isin(bought["customer_id"])).astype(int).to_numpy(), "value": value.to_numpy()},
        index=customers.to_numpy(),
    )


def labels_disagreeing(wh, orders: pd.DataFrame, horizon_days: int) -> tuple[str, int, int]:
    """what_happened on the newest labelled snapshot against the labels customer_features gives it there:
    (that snapshot, its customers, how many of them disagree on churn or value). 0 means the same definitions."""
    churn, value = wh.contract.churn_label, wh.contract.value_label
    labelled = wh.query(f"""
        select customer_id, snapshot_date, {churn}, {value}
        from customer_features
        where snapshot_date = (select max(snapshot_date) from customer_features where is_labelled = 1)
        order by customer_id""")
    snapshot = str(labelled["snapshot_date"].iloc[0])[:10]
    happened = what_happened(orders, labelled["customer_id"], snapshot, horizon_days)
    disagree = (happened["churned"].to_numpy() != labelled[churn].to_numpy()) | ~np.isclose(
        happened["value"].to_numpy(), labelled[value].to_numpy(), rtol=1e-12, atol=1e-9
    )
    return snapshot, len(labelled), int(disagree.sum())


def scored_at_as_of(wh) -> pd.DataFrame:
    """customer_scores beside each customer's history columns at the as-of snapshot, one row per customer."""
    history = ", ".join(f"f.{column}" for column in HISTORY_COLUMNS)
    return wh.query(f"""
        select s.*, {history}
        from customer_scores as s
        inner join customer_features as f on f.customer_id = s.customer_id and f.snapshot_date = s.as_of_date
        order by s.customer_id""")


def _bgnbd_fit(x: pd.Series, tx: pd.Series, t: pd.Series) -> BetaGeoFitter:
    """lifetimes' BG/NBD fit at its gradient tolerance, else at the looser one (lifetimes prints the failed try)."""
    for tolerance in GRADIENT_TOLERANCES:
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                return BetaGeoFitter().fit(x, tx, t, tol=tolerance)
        except ConvergenceError:
            if tolerance == GRADIENT_TOLERANCES[-1]:
                raise


def bgnbd_lifetimes(history: pd.DataFrame, horizon_days: int) -> tuple[np.ndarray, np.ndarray]:
    """BG/NBD's P(no purchase in (T, T + H]) and BG/NBD x Gamma-Gamma value, fitted on `history` (lt_* columns).
    No purchase: dead, or alive and silent for H days at a Poisson rate whose posterior is Gamma(r + x, alpha + T)
    (an alive customer can only drop out right after a purchase)."""
    x, tx, t, monetary = (history[column] for column in ["lt_frequency", "lt_recency", "lt_t", "lt_monetary"])
    repeaters = history[(x > 0) & (monetary > 0)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # lifetimes' optimiser probes overflowing points
        bgf = _bgnbd_fit(x, tx, t)
        ggf = GammaGammaFitter().fit(repeaters["lt_frequency"], repeaters["lt_monetary"])
    r, alpha = bgf.params_["r"], bgf.params_["alpha"]
    alive = np.asarray(bgf.conditional_probability_alive(x, tx, t), dtype=float)
    silent = (((alpha + t) / (alpha + t + horizon_days)) ** (r + x)).to_numpy()
    purchases = np.asarray(bgf.conditional_expected_number_of_purchases_up_to_time(horizon_days, x, tx, t))
    spend = np.asarray(ggf.conditional_expected_average_profit(x, monetary), dtype=float)
    return 1 - alive * (1 - silent), purchases * spend


def recency_baseline(wh, history: pd.DataFrame, horizon_days: int) -> tuple[np.ndarray, np.ndarray]:
    """The churn rate of the customer's recency decile over every labelled snapshot; last 90 days' spend."""
    label = wh.contract.churn_label
    labelled = wh.query(f"select recency_days, {label} from customer_features where is_labelled = 1")
    churn = RecencyChurnBaseline().fit(labelled, labelled[label]).predict_proba(history)[:, 1]
    return churn, last_period_spend(history, horizon_days)


def predictions(wh, scored: pd.DataFrame, horizon_days: int) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """name: (churn probability, value in the horizon) per scored customer, in `scored`'s order."""
    present = {
        name: (scored[churn].to_numpy(float), scored[value].to_numpy(float))
        for name, (churn, value) in SCORE_COLUMNS.items()
        if {churn, value} <= set(scored.columns)
    }
    return {
        **present,
        LIFETIMES: bgnbd_lifetimes(scored, horizon_days),
        RECENCY: recency_baseline(wh, scored, horizon_days),
    }


def holdout_metrics(actual: pd.DataFrame, predicted: dict[str, tuple[np.ndarray, np.ndarray]]) -> pd.DataFrame:
    """One row per score: churn ROC AUC, PR AUC, Brier, Brier skill (1 - Brier / the Brier of predicting the
    actual churn rate for everyone), log loss, mean predicted churn; value Spearman and total error (relative)."""
    y, value = actual["churned"].to_numpy(), actual["value"].to_numpy()
    constant_brier = y.mean() * (1 - y.mean())
    rows = {}
    for name, (churn, expected) in predicted.items():
        c, v = classification_metrics(y, churn), regression_metrics(value, expected)
        rows[name] = {
            "roc_auc": c["roc_auc"],
            "pr_auc": c["pr_auc"],
            "brier": c["brier"],
            "brier_skill": 1 - c["brier"] / constant_brier,
            "log_loss": c["log_loss"],
            "mean_churn": churn.mean(),
            "value_spearman": v["spearman"],
            "total_value_error": v["total_error"],
        }
    return pd.DataFrame.from_dict(rows, orient="index")


def evaluate(wh, orders: pd.DataFrame, as_of: str, horizon_days: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(metrics per score, what happened per scored customer) for the scores `wh` holds at `as_of`."""
    scored = scored_at_as_of(wh)
    dates = {str(day)[:10] for day in scored["as_of_date"]}
    if dates != {as_of}:
        raise ValueError(f"customer_scores is as of {sorted(dates)}, not {as_of}")
    actual = what_happened(orders, scored["customer_id"], as_of, horizon_days)
    return holdout_metrics(actual, predictions(wh, scored, horizon_days)), actual
