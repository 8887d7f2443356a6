"""BG/NBD (churn) and BG/NBD x Gamma-Gamma (value) in `lifecycle train`: our fit (customer_lifecycle.clv), refit at
each date whose snapshots it scores, validated on the validation snapshot, published as the SQL scored_snapshots
runs.

BG/NBD and Gamma-Gamma need no labels: the parameters fitted on every customer's history up to a date (the lt_*
columns of that date's snapshot) know nothing after it. So they are fitted three times, and scored_snapshots
scores each snapshot with the newest set fitted as of its date or before (sql.parameter_table):
- the newest training snapshot: the window the other models learn from; it also serves the older snapshots;
- the validation snapshot: the candidate selection.py compares on it, so the registry's metrics describe the
  published SQL exactly, and what the as-of refit will do (no label is read, nothing leaks);
- the as-of date: the scores customer_scores serves, fitted on every history to that date.
A past snapshot (the backtest, drift) is never scored with parameters fitted on later data.

A shop BG/NBD or Gamma-Gamma cannot be fitted to (everyone bought once, a handful of customers) still trains:
the model is skipped, the training log and the macro's header say why, and its columns are NULL. A fit that
fails at one date only keeps the parameters fitted at the date before (the log and the header say so).
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
from customer_lifecycle.train.snapshots import DECIMALS, fingerprint
from customer_lifecycle.train.split import TimeSplit

SAVED = "clv.json"
MODELS = ("bgnbd", "gamma_gamma")


@dataclass(frozen=True)
class FittedAsOf:
    """The parameters fitted on every customer's history up to `date` (the one before when this fit failed)."""

    date: pd.Timestamp
    customers: int
    bgnbd: bgnbd.BgNbd | None
    gamma_gamma: gamma_gamma.GammaGamma | None
    kept: dict[str, str]  # model -> why it was not refit here (it keeps the parameters of the date before)


@dataclass(frozen=True)
class ClvFit:
    fits: list[FittedAsOf]  # the training, validation and as-of dates, oldest first
    series_terms: int | None  # the most any set's series needs
    skipped: dict[str, str]  # model -> why it could not be fitted at any date
    history: dict  # fingerprint of the training histories
    results: list[Fitted]  # registry rows, validated on the validation snapshot

    def fitted(self, name: str) -> list:
        """Every fitted parameter set of model `name` ("bgnbd", "gamma_gamma")."""
        return [getattr(f, name) for f in self.fits if getattr(f, name) is not None]


def as_of_histories(wh, as_of: pd.Timestamp) -> pd.DataFrame:
    """Every customer's lt_* columns at the as-of date: an unlabelled snapshot, which load_snapshots leaves out."""
    date = exp.column("snapshot_date", quoted=True)
    query = (
        exp.select(*[exp.column(c, quoted=True) for c in sql.COLUMNS])
        .from_(exp.to_table("customer_features"))
        .where(date.eq(exp.cast(exp.Literal.string(as_of.date().isoformat()), exp.DataType.build("date"))))
    )
    frame = wh.read(query.sql(wh.kind))
    return frame.apply(pd.to_numeric, errors="coerce").astype("float64").round(DECIMALS)


def _columns(frame: pd.DataFrame):
    return frame["lt_frequency"], frame["lt_recency"], frame["lt_t"]


def _fit_bgnbd(history: pd.DataFrame, horizon: int) -> bgnbd.BgNbd:
    model = bgnbd.fit(*_columns(history))
    series_length.series_terms(model, horizon)  # FitError too when alpha is too short for the series
    return model


def _fit_at(date: pd.Timestamp, history: pd.DataFrame, before: FittedAsOf | None, horizon: int, progress) -> FittedAsOf:
    fitters = {
        "bgnbd": lambda: _fit_bgnbd(history, horizon),
        "gamma_gamma": lambda: gamma_gamma.fit(history["lt_frequency"], history["lt_monetary"]),
    }
    fitted, kept = {}, {}
    for name, fitter in fitters.items():
        try:
            fitted[name] = fitter()
        except FitError as error:
            fitted[name], kept[name] = before and getattr(before, name), str(error)
            served = (
                f"the parameters fitted to {before.date.date()} serve its snapshots"
                if fitted[name]
                else "its scored_snapshots columns are NULL on the snapshots it would score"
            )
            progress(
                f"{name} not {'refit' if fitted[name] else 'fitted'} on the histories to {date.date()}, "
                f"{served}: {error}"
            )
    return FittedAsOf(date, len(history), fitted["bgnbd"], fitted["gamma_gamma"], kept)


def fit_clv(split: TimeSplit, as_of_history: pd.DataFrame, as_of: pd.Timestamp, horizon: int, progress) -> ClvFit:
    started = time.perf_counter()
    train = split.train
    training_date = pd.Timestamp(train["snapshot_date"].max())
    history = train[train["snapshot_date"] == training_date]
    histories = {training_date: history, split.valid_date: split.valid, as_of: as_of_history}
    progress(
        "fitting BG/NBD and Gamma-Gamma on every customer's history to "
        + ", ".join(f"{date.date()} ({len(frame):,} customers)" for date, frame in histories.items())
        + ": the newest training snapshot, the validation snapshot and the as-of date"
    )
    fits = []
    for date, frame in histories.items():
        fits.append(_fit_at(date, frame, fits[-1] if fits else None, horizon, progress))
    skipped = {name: reason for name, reason in fits[0].kept.items() if all(getattr(f, name) is None for f in fits)}
    for model, reason in skipped.items():
        progress(f"{model} skipped, its scored_snapshots columns are NULL: {reason}")
    terms = max((series_length.series_terms(m, horizon) for m in {f.bgnbd for f in fits} - {None}), default=None)
    valid, labels, validated = split.valid, split.contract, fits[1]
    results = []
    if validated.bgnbd is not None:
        p = bgnbd.p_no_purchase(validated.bgnbd, *_columns(valid), horizon)
        results.append(
            Fitted(
                "bgnbd",
                "BG/NBD (our fit): P(no purchase in the horizon)",
                "churn",
                None,
                None,
                validated.bgnbd.params(),
                None,
                classification_metrics(valid[labels.churn_label], p),
                p,
                False,
                time.perf_counter() - started,
            )
        )
        if validated.gamma_gamma is not None:
            value = bgnbd.expected_purchases(validated.bgnbd, *_columns(valid), horizon) * gamma_gamma.expected_spend(
                validated.gamma_gamma, valid["lt_frequency"], valid["lt_monetary"]
            )
            results.append(
                Fitted(
                    "bgnbd_gamma_gamma",
                    "BG/NBD purchases x Gamma-Gamma spend (our fit)",
                    "value",
                    None,
                    None,
                    {**validated.bgnbd.params(), **validated.gamma_gamma.params()},
                    None,
                    regression_metrics(valid[labels.value_label], value),
                    value,
                    False,
                    0.0,
                )
            )
    return ClvFit(fits, terms, skipped, fingerprint(history, split.contract), results)


def _null(dialect: str) -> str:
    return exp.cast(exp.Null(), exp.DataType.build("double")).sql(dialect=dialect)


def _renderings(tree, pretty: bool = True) -> dict[str, str]:
    return {d: sql.render(tree, d, pretty=pretty) for d in DIALECTS}


def _parameter_tables(fitted: ClvFit, name: str, horizon: int) -> dict[str, str]:
    """<name>_parameters(): the parameter sets by the date they were fitted as of (sql.parameter_table)."""
    columns = {
        "bgnbd": (sql.BGNBD_PARAMETERS, lambda m: sql.bgnbd_parameters(m, horizon)),
        "gamma_gamma": (sql.GAMMA_GAMMA_PARAMETERS, sql.gamma_gamma_parameters),
    }
    names, values = columns[name]
    sets = [(f.date, None if getattr(f, name) is None else values(getattr(f, name))) for f in fitted.fits]
    if name in fitted.skipped:
        sets = [(None, None)]
    return {d: sql.parameter_table(sets, names, d) for d in DIALECTS}


def _fitted_lines(fitted: ClvFit, name: str) -> dict[str, object]:
    """One header line per parameter set: the date, the customers, the parameters (and why not refit)."""
    lines = {}
    for f in fitted.fits:
        model = getattr(f, name)
        shown = model.params() if model else "none, its columns are NULL on these snapshots"
        if name in f.kept:
            shown = f"{shown} (not refit here: {f.kept[name]})"
        lines[f"fitted on {f.customers} customers' histories to {f.date.date()}"] = shown
    return lines


def _header(
    fitted: ClvFit,
    name: str,
    result: Fitted | None,
    version: str,
    features: str,
    method: str,
    valid_date,
    as_of,
    saved: str,
) -> dict[str, object]:
    history = fitted.history
    metrics = ", ".join(f"{k} {v:.4f}" for k, v in result.metrics.items()) if result else "none"
    return {
        "model": method,
        "version": version,
        "features": features,
        "parameters": "a set per date, each snapshot scored with the newest set fitted as of its date or before "
        "(the oldest also scores the older snapshots)",
        **_fitted_lines(fitted, name),
        "libraries": f"scipy {scipy.__version__}, sqlglot {sqlglot.__version__}",
        "training data": f"{history['rows']} customers' histories to {history['last_snapshot']}, "
        f"sha256 {history['sha256']}",
        f"held-out validation on snapshot {valid_date.date()} (the set fitted to it)": metrics,
        "trained as of (data)": as_of.date().isoformat(),
        "saved parameters": saved,
    }


def _skipped_header(name: str, version: str, reason: str, as_of) -> dict[str, object]:
    return {
        "model": f"{name}: skipped, every column it fills is NULL",
        "version": version,
        "why": reason,
        "trained as of (data)": as_of.date().isoformat(),
    }


def _versioned(name: str, renderings: dict[str, str], tables: dict[str, str]) -> str:
    """The version of the expression and its parameter table together."""
    return model_version(name, {"duckdb": renderings["duckdb"] + "\n" + tables["duckdb"]})


def publish_clv(paths: ArtifactPaths, fitted: ClvFit, horizon: int, valid_date, as_of) -> dict[str, str]:
    """macros/generated/bgnbd.sql (bgnbd(): expected purchases in the horizon; bgnbd_p_alive(),
    bgnbd_churn_probability(), bgnbd_parameters(); every file also bgnbd_version() etc.) and gamma_gamma.sql
    (gamma_gamma(): expected spend per purchase, gamma_gamma_parameters()), NULL for a skipped model, and the
    parameters as JSON beside the saved models. Returns {name: version}."""
    results = {f.name: f for f in fitted.results}
    saved = paths.models / SAVED
    shown = saved.relative_to(paths.project).as_posix()
    versions = {}
    tables = {name: _parameter_tables(fitted, name, horizon) for name in MODELS}
    if "bgnbd" in fitted.skipped:
        nulls = {d: _null(d) for d in DIALECTS}
        versions["bgnbd"] = "bgnbd-skipped"
        write_model_macro(
            paths.macros,
            "bgnbd",
            nulls,
            _skipped_header("BG/NBD", versions["bgnbd"], fitted.skipped["bgnbd"], as_of),
            {"bgnbd_p_alive": nulls, "bgnbd_churn_probability": nulls, "bgnbd_parameters": tables["bgnbd"]},
        )
    else:
        purchases = _renderings(
            sql.expected_purchases(fitted.fitted("bgnbd"), horizon, fitted.series_terms), pretty=False
        )
        versions["bgnbd"] = _versioned("bgnbd", purchases, tables["bgnbd"])
        method = (
            f"BG/NBD (Fader, Hardie & Lee 2005), maximum likelihood in log space (scipy); horizon "
            f"{horizon} days; expected purchases sum {fitted.series_terms} terms of a 2F1 series "
            f"(customer_lifecycle/clv: within {series_length.TRUNCATION_ERROR:g} relative)"
        )
        write_model_macro(
            paths.macros,
            "bgnbd",
            purchases,
            _header(
                fitted,
                "bgnbd",
                results.get("bgnbd"),
                versions["bgnbd"],
                ", ".join(sql.COLUMNS[:3]),
                method,
                valid_date,
                as_of,
                shown,
            ),
            {
                "bgnbd_p_alive": _renderings(sql.p_alive()),
                "bgnbd_churn_probability": _renderings(sql.p_no_purchase()),
                "bgnbd_parameters": tables["bgnbd"],
            },
        )
    if "gamma_gamma" in fitted.skipped:
        versions["gamma_gamma"] = "gamma_gamma-skipped"
        write_model_macro(
            paths.macros,
            "gamma_gamma",
            {d: _null(d) for d in DIALECTS},
            _skipped_header("Gamma-Gamma", versions["gamma_gamma"], fitted.skipped["gamma_gamma"], as_of),
            {"gamma_gamma_parameters": tables["gamma_gamma"]},
        )
    else:
        spend = _renderings(sql.expected_spend())
        versions["gamma_gamma"] = _versioned("gamma_gamma", spend, tables["gamma_gamma"])
        write_model_macro(
            paths.macros,
            "gamma_gamma",
            spend,
            _header(
                fitted,
                "gamma_gamma",
                results.get("bgnbd_gamma_gamma"),
                versions["gamma_gamma"],
                "lt_frequency, lt_monetary",
                "Gamma-Gamma (Fader, Hardie & Lee 2005b), maximum likelihood in log space "
                "(scipy) on the customers with a repeat purchase",
                valid_date,
                as_of,
                shown,
            ),
            {"gamma_gamma_parameters": tables["gamma_gamma"]},
        )
    parameters = {
        "horizon_days": horizon,
        "series_terms": fitted.series_terms,
        "skipped": fitted.skipped,
        "fitted": [
            {
                "as_of": f.date.date().isoformat(),
                "customers": f.customers,
                "kept": f.kept,
                **{name: getattr(f, name) and getattr(f, name).params() for name in MODELS},
            }
            for f in fitted.fits
        ],
        "versions": versions,
    }
    paths.models.mkdir(parents=True, exist_ok=True)
    saved.write_text(json.dumps(parameters, indent=2, sort_keys=True) + "\n")
    return versions
