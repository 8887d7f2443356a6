"""BG/NBD (churn) and BG/NBD x Gamma-Gamma (value) in `lifecycle train`: our fit (customer_lifecycle.clv) on the
training snapshots only, validated on the validation snapshot, published as the SQL scored_snapshots runs.

Window: each customer's history up to the newest training snapshot (its lt_* columns: every order up to the
training cutoff, one label horizon before the validation snapshot), the window the other models learn from.
Unlike the scikit-learn models these parameters are not refit on later snapshots, so the columns are out of
sample from the validation snapshot on (a later model may learn from them without leakage) and the registry's
metrics describe the published SQL exactly.

A shop BG/NBD or Gamma-Gamma cannot be fitted to (everyone bought once, a handful of customers) still trains:
the model is skipped, the training log and the macro's header say why, and its columns are NULL.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass

import pandas as pd
import scipy
import sqlglot
from sqlglot import exp

from customer_lifecycle.clv import bgnbd, gamma_gamma, series_length, sql
from customer_lifecycle.clv.fitting import FitError
from customer_lifecycle.train.fit import Fitted
from customer_lifecycle.train.macros import DIALECTS, model_version, write_model_macro
from customer_lifecycle.train.metrics import classification_metrics, regression_metrics
from customer_lifecycle.train.paths import ArtifactPaths
from customer_lifecycle.train.snapshots import fingerprint
from customer_lifecycle.train.split import TimeSplit

SAVED = "clv.json"


@dataclass(frozen=True)
class ClvFit:
    bgnbd: bgnbd.BgNbd | None
    gamma_gamma: gamma_gamma.GammaGamma | None
    series_terms: int | None
    skipped: dict[str, str]  # model -> why it could not be fitted
    history: dict  # fingerprint of the histories fitted on
    results: list[Fitted]  # registry rows, validated on the validation snapshot


def _history(split: TimeSplit) -> pd.DataFrame:
    train = split.train
    return train[train["snapshot_date"] == train["snapshot_date"].max()]


def _columns(frame: pd.DataFrame):
    return frame["lt_frequency"], frame["lt_recency"], frame["lt_t"]


def _fit_bgnbd(history: pd.DataFrame, horizon: int) -> tuple[bgnbd.BgNbd, int]:
    model = bgnbd.fit(*_columns(history))
    return model, series_length.series_terms(model, horizon)  # FitError too when alpha is too short for the series


def fit_clv(split: TimeSplit, horizon: int, progress) -> ClvFit:
    started = time.perf_counter()
    history = _history(split)
    progress(f"fitting BG/NBD and Gamma-Gamma on {len(history):,} customers' histories to "
             f"{pd.Timestamp(history['snapshot_date'].iloc[0]).date()} (the newest training snapshot)")
    skipped, purchases_model, spend_model, terms = {}, None, None, None
    try:
        purchases_model, terms = _fit_bgnbd(history, horizon)
    except FitError as error:
        skipped["bgnbd"] = str(error)
    try:
        spend_model = gamma_gamma.fit(history["lt_frequency"], history["lt_monetary"])
    except FitError as error:
        skipped["gamma_gamma"] = str(error)
    for model, reason in skipped.items():
        progress(f"{model} skipped, its scored_snapshots columns are NULL: {reason}")
    valid, labels = split.valid, split.contract
    results = []
    if purchases_model is not None:
        p = bgnbd.p_no_purchase(purchases_model, *_columns(valid), horizon)
        results.append(Fitted("bgnbd", "BG/NBD (our fit): P(no purchase in the horizon)", "churn", None, None,
                              purchases_model.params(), None, classification_metrics(valid[labels.churn_label], p),
                              p, False, time.perf_counter() - started))
        if spend_model is not None:
            value = (bgnbd.expected_purchases(purchases_model, *_columns(valid), horizon)
                     * gamma_gamma.expected_spend(spend_model, valid["lt_frequency"], valid["lt_monetary"]))
            results.append(Fitted("bgnbd_gamma_gamma", "BG/NBD purchases x Gamma-Gamma spend (our fit)", "value",
                                  None, None, {**purchases_model.params(), **spend_model.params()}, None,
                                  regression_metrics(valid[labels.value_label], value), value, False, 0.0))
    return ClvFit(purchases_model, spend_model, terms, skipped, fingerprint(history, split.contract), results)


def _null(dialect: str) -> str:
    return exp.cast(exp.Null(), exp.DataType.build("double")).sql(dialect=dialect)


def _renderings(tree, pretty: bool = True) -> dict[str, str]:
    return {d: sql.render(tree, d, pretty=pretty) for d in DIALECTS}


def _header(fitted: ClvFit, model, result: Fitted | None, version: str, features: str, method: str,
            valid_date, as_of, saved: str) -> dict[str, object]:
    history = fitted.history
    window = (f"{history['rows']} customers' histories to {history['last_snapshot']} (the newest training "
              f"snapshot; not refit), sha256 {history['sha256']}")
    metrics = ", ".join(f"{k} {v:.4f}" for k, v in result.metrics.items()) if result else "none"
    return {"model": method, "version": version, "parameters": model.params(), "features": features,
            "libraries": f"scipy {scipy.__version__}, sqlglot {sqlglot.__version__}", "training data": window,
            f"held-out validation on snapshot {valid_date.date()}": metrics,
            "trained as of (data)": as_of.date().isoformat(), "saved parameters": saved}


def _skipped_header(name: str, version: str, reason: str, as_of) -> dict[str, object]:
    return {"model": f"{name}: skipped, every column it fills is NULL", "version": version, "why": reason,
            "trained as of (data)": as_of.date().isoformat()}


def publish_clv(paths: ArtifactPaths, fitted: ClvFit, horizon: int, valid_date, as_of) -> dict[str, str]:
    """macros/generated/bgnbd.sql (bgnbd(): expected purchases in the horizon; bgnbd_p_alive(),
    bgnbd_churn_probability(); every file also bgnbd_version() etc.) and gamma_gamma.sql (gamma_gamma():
    expected spend per purchase), NULL for a skipped model, and the parameters as JSON beside the saved
    models. Returns {name: version}."""
    results = {f.name: f for f in fitted.results}
    saved = paths.models / SAVED
    shown = saved.relative_to(paths.project).as_posix()
    versions = {}
    if fitted.bgnbd is None:
        nulls = {d: _null(d) for d in DIALECTS}
        versions["bgnbd"] = "bgnbd-skipped"
        write_model_macro(paths.macros, "bgnbd", nulls,
                          _skipped_header("BG/NBD", versions["bgnbd"], fitted.skipped["bgnbd"], as_of),
                          {"bgnbd_p_alive": nulls, "bgnbd_churn_probability": nulls})
    else:
        model = fitted.bgnbd
        purchases = _renderings(sql.expected_purchases(model, horizon, fitted.series_terms), pretty=False)
        versions["bgnbd"] = model_version("bgnbd", purchases)
        method = (f"BG/NBD (Fader, Hardie & Lee 2005), maximum likelihood in log space (scipy); horizon "
                  f"{horizon} days; expected purchases sum {fitted.series_terms} terms of a 2F1 series "
                  f"(customer_lifecycle/clv: within {series_length.TRUNCATION_ERROR:g} relative)")
        write_model_macro(paths.macros, "bgnbd", purchases,
                          _header(fitted, model, results.get("bgnbd"), versions["bgnbd"],
                                  ", ".join(sql.COLUMNS[:3]), method, valid_date, as_of, shown),
                          {"bgnbd_p_alive": _renderings(sql.p_alive(model)),
                           "bgnbd_churn_probability": _renderings(sql.p_no_purchase(model, horizon))})
    if fitted.gamma_gamma is None:
        versions["gamma_gamma"] = "gamma_gamma-skipped"
        write_model_macro(paths.macros, "gamma_gamma", {d: _null(d) for d in DIALECTS},
                          _skipped_header("Gamma-Gamma", versions["gamma_gamma"], fitted.skipped["gamma_gamma"], as_of))
    else:
        spend = _renderings(sql.expected_spend(fitted.gamma_gamma))
        versions["gamma_gamma"] = model_version("gamma_gamma", spend)
        write_model_macro(paths.macros, "gamma_gamma", spend,
                          _header(fitted, fitted.gamma_gamma, results.get("bgnbd_gamma_gamma"),
                                  versions["gamma_gamma"], "lt_frequency, lt_monetary",
                                  "Gamma-Gamma (Fader, Hardie & Lee 2005b), maximum likelihood in log space "
                                  "(scipy) on the customers with a repeat purchase", valid_date, as_of, shown))
    parameters = {"horizon_days": horizon, "series_terms": fitted.series_terms, "skipped": fitted.skipped,
             "bgnbd": fitted.bgnbd and fitted.bgnbd.params(),
             "gamma_gamma": fitted.gamma_gamma and fitted.gamma_gamma.params(), "versions": versions}
    paths.models.mkdir(parents=True, exist_ok=True)
    saved.write_text(json.dumps(parameters, indent=2, sort_keys=True) + "\n")
    return versions
