"""python/model_card/README.md: what the deployed models are, how they were validated, and how they compare."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from customer_lifecycle.calibrated import uncalibrated
from customer_lifecycle.train import learning_curve, plots
from customer_lifecycle.train.directions import check_directions, describe
from customer_lifecycle.train.fit import Fitted
from customer_lifecycle.train.macros import versions
from customer_lifecycle.train.metrics import BY_NAME, RELIABILITY_BINS, calibration_by_decile, reliability, shown
from customer_lifecycle.train.paths import ArtifactPaths
from customer_lifecycle.train.split import TimeSplit, Tuning


def _markdown(frame: pd.DataFrame) -> str:
    header = "| " + " | ".join(frame.columns) + " |"
    rule = "|" + "|".join("---" for _ in frame.columns) + "|"
    rows = [
        "| " + " | ".join(f"{v:.4f}" if isinstance(v, float) else str(v) for v in row) + " |"
        for row in frame.itertuples(index=False)
    ]
    return "\n".join([header, rule, *rows])


def _comparison(results: list[Fitted], task: str, columns: list[str]) -> str:
    rows = [
        {
            "model": f.name,
            "family": f.family,
            "deployed": "yes" if f.deployed else "",
            **{c: float(f.metrics[c]) for c in columns},
            "parameters": ", ".join(f"{k}={v}" for k, v in f.params.items()),
        }
        for f in results
        if f.task == task
    ]
    return _markdown(pd.DataFrame(rows))


# The BG/NBD row each deployed model is compared with, and the metrics compared.
AGAINST_BGNBD = {
    "churn": ("bgnbd", ["roc_auc", "pr_auc", "log_loss"]),
    "value": ("bgnbd_gamma_gamma", ["rmse", "spearman"]),
}


def _against_bgnbd(results: list[Fitted]) -> str:
    """Every deployed model against BG/NBD on the validation snapshot, saying by how much each wins or loses."""
    by_name = {f.name: f for f in results}
    rows = []
    for fitted in (f for f in results if f.deployed and AGAINST_BGNBD[f.task][0] in by_name):
        baseline, metrics = AGAINST_BGNBD[fitted.task]
        for metric in metrics:
            ours, theirs = float(fitted.metrics[metric]), float(by_name[baseline].metrics[metric])
            margin = BY_NAME[metric].better * (ours - theirs)
            rows.append(
                {
                    "model": fitted.name,
                    "metric": metric,
                    "ours": ours,
                    "BG/NBD": theirs,
                    "ours better by": margin,
                    "beats BG/NBD": "yes" if margin > 0 else "NO",
                }
            )
    if not rows:
        return (
            "BG/NBD or Gamma-Gamma could not be fitted to this history (the training log and the headers of "
            "macros/generated/bgnbd.sql, gamma_gamma.sql say why): no comparison."
        )
    losses = [r for r in rows if r["beats BG/NBD"] == "NO"]
    verdict = (
        "The deployed models beat BG/NBD on every comparison."
        if not losses
        else f"The deployed models do NOT beat BG/NBD on {len(losses)} of {len(rows)} comparisons: "
        + "; ".join(f"{r['model']} {r['metric']} by {-r['ours better by']:.4f}" for r in losses)
        + "."
    )
    return verdict + "\n\n" + _markdown(pd.DataFrame(rows))


def _odds_ratios(lr: Fitted, features: list[str]) -> tuple[list[str], np.ndarray]:
    """Per +1 standard deviation of the feature over the refit rows, so units compare; from the served model
    (rounded, scaler folded in: deploy.py), so the card prints what churn_lr_odds_ratios computes in SQL."""
    return features, np.exp(uncalibrated(lr.model).coef_[0] * lr.pipeline.named_steps["scale"].scale_)


def _directions(lr: Fitted, split: TimeSplit) -> str:
    """Every declared direction, what the training rows show and what training did (directions.py); the same
    checks fit.py held the models to."""
    contract = split.contract
    checks = check_directions(split.train, contract.directions, contract.churn_label)
    if not checks:
        return "customer_features declares no direction: both models are unconstrained."
    dropped = {contract.numeric_features[j] for j in lr.pipeline.named_steps["model"].dropped_}
    return "\n".join(f"- {describe(check, dropped)}" for check in checks)


def _curve_table() -> str:
    """The measured learning curve, with the shops and the commands that measured it."""
    shops = "\n".join(
        f"- {shop}: {learning_curve.SHOPS[shop]}; `{command}`" for shop, command in learning_curve.COMMANDS.items()
    )
    curve = learning_curve.curve()
    table = _markdown(
        curve.assign(
            budget=curve["budget"].map("{:,}".format),  # metrics as measured, not rounded
            tuning_rows=curve["tuning_rows"].map("{:,}".format),
        ).astype(str)
    )
    return f"{table}\n\n{shops}"


def _calibration(results: list[Fitted]) -> str:
    rows = [
        {
            "model": f.name,
            "map": f.calibration.method,
            **{
                m: f"{f.calibration.losses[m]:.4f}" if m in f.calibration.losses else "not tried"
                for m in ("none", "sigmoid", "isotonic")
            },
        }
        for f in results
        if f.calibration
    ]
    chain = next(f.calibration.chain.description for f in results if f.calibration)
    return (
        f"Time chain: {chain}.\n\nCross-fitted log loss of each map on the snapshots it is fit on (one left out "
        f"at a time), the lowest chosen:\n\n" + _markdown(pd.DataFrame(rows))
    )


def _reliability(y, fitted: Fitted) -> str:
    table = reliability(y, fitted.validation_prediction).reset_index()
    last, width = RELIABILITY_BINS - 1, 1 / RELIABILITY_BINS
    table["bin"] = [f"[{b * width:.1f}, {(b + 1) * width:.1f}{']' if b == last else ')'}" for b in table["bin"]]
    return _markdown(table)


def _shop(origin: dict) -> str:
    """Whose data the models learned from: the simulated sample shop, or the orders of the user's project."""
    if origin["trained_on_sample_shop"]:
        return "trained on the simulated sample shop, so retrain on your own orders before use."
    return f"trained on the orders of your shop, as dbt project `{origin['trained_in_project']}` models them."


def _relative(paths: ArtifactPaths, folder: Path) -> str:
    return folder.relative_to(paths.project).as_posix()


def write_model_card(
    paths: ArtifactPaths,
    results: list[Fitted],
    split: TimeSplit,
    data: dict,
    refit: dict,
    tuning: Tuning,
    as_of,
    sample: str,
    origin: dict,
    selections: dict,
) -> Path:
    """The card in `paths.card`, naming the folders and the shop (`origin`, as in deployment.sql) of the project
    it was trained in; `selections`: the served model per target (selection.py)."""
    directory = paths.card
    directory.mkdir(parents=True, exist_ok=True)
    contract = split.contract
    features = contract.numeric_features
    y = split.valid[contract.churn_label].to_numpy()
    churn = [f for f in results if f.task == "churn"]
    by_name = {f.name: f for f in results}
    names, ratios = _odds_ratios(by_name["churn_lr"], features)
    figures = {
        "roc_pr": plots.roc_pr(churn, y, directory / "roc_pr.png"),
        "calibration": plots.calibration(churn, y, directory / "calibration.png"),
        "gain": plots.gain(churn, y, directory / "gain.png"),
        "tree": plots.tree(uncalibrated(by_name["churn_tree"].model), features, directory / "churn_tree.png"),
        "odds": plots.odds_ratios(names, ratios, directory / "odds_ratios.png"),
        "curve": plots.learning_curve(learning_curve.curve(), data["rows"], directory / "learning_curve.png"),
    }
    calibration = calibration_by_decile(y, by_name["churn_lr"].validation_prediction).reset_index()
    odds = pd.DataFrame({"feature": names, "odds_ratio_per_sd": ratios}).sort_values(
        "odds_ratio_per_sd", ascending=False, kind="stable"
    )
    text = f"""# Model card: churn and value models

Generated by `lifecycle train` (do not edit; retrain instead). Data as of {pd.Timestamp(as_of).date()}.
Libraries: {versions()}.

## Intended use
Rank customers by the risk of not buying again within the label horizon (`{contract.churn_label}`) and by the
revenue they will bring in it (`{contract.value_label}`), for retention campaigns and BI. The scores are computed
in the warehouse by the `customer_scores` view from SQL compiled out of the models below; they equal the
saved scikit-learn models' `predict_proba` / `predict` (tested). Not for decisions about individuals
beyond marketing contact; {_shop(origin)}

## Data and validation
- Rows: one customer per labelled snapshot of `customer_features` (features use data up to the snapshot only).
- Training: {data["rows"]:,} rows, {data["snapshots"]} snapshots {data["first_snapshot"]}..{data["last_snapshot"]}
  (sha256 {data["sha256"]}).
- Sample: {sample}.
- Validation: the latest fully-labelled snapshot, {split.valid_date.date()} ({len(split.valid):,} customers, churn rate
  {y.mean():.1%}). Training snapshots end one label horizon before it, so no training label peeks into the
  validation period.
- Tuning: {tuning.description}. Forward folds (the default with enough history) each validate on one later
  snapshot and train only on snapshots whose labels had matured by then; shorter histories fall back to
  folds grouped by customer, then to each grid's first values. Churn grids are tuned on log loss (a proper
  scoring rule; ROC and PR AUC are reported, never chosen on) and include `class_weight` (None / balanced),
  which is only kept with a calibration map after it; value grids on RMSE. random_state=0 everywhere.
- Calibration: every churn model is followed by a map (none, sigmoid or isotonic) chosen by cross-fitted log
  loss and fitted on a snapshot after the model's training rows and their labels (see "Calibration" below).
- Deployed: `churn_lr` (churn_probability_lr, reasons), `churn_tree` (churn_probability_tree, reason paths): the
  tuned models (training window above) with their calibration map refit on the validation snapshot; `value_tree`
  (predicted_value_h), `value_linear` (predicted_value_h_linear), `spend_tree` (expected_value_h_spend =
  (1 - churn_probability_lr) x spend if active), each refit after validation with its tuned parameters on every labelled snapshot: {refit["rows"]:,}
  rows, {refit["snapshots"]} snapshots {refit["first_snapshot"]}..{refit["last_snapshot"]} (sha256 {refit["sha256"]}).
  The metrics below are the held-out ones of the same models (and maps) trained before the validation snapshot.
  Saved as joblib in `{_relative(paths, paths.models)}/`, compiled to `{_relative(paths, paths.macros)}/`.
- Stacks (`train/blends.py`): `bgnbd_tree_churn` (churn_probability_blend) and `bgnbd_gamma_gamma_tree_value`
  (expected_value_h_blend), the mean of BG/NBD's (x Gamma-Gamma's) score and the tree's, equal weights, nothing
  fitted.
- Served (`train/selection.py`: on the validation snapshot, churn by log loss, value by RMSE among the totals within
  10% of the revenue that followed, the simpler model when within 2 paired standard errors):
  `churn_probability` is {selections["churn"].describe()}; `expected_value_h` is {selections["value"].describe()}.

## Training sample size
This training tuned on {data["rows"]:,} rows. Unless the var `lifecycle_training_sample_rows` sets it, the budget is
{learning_curve.DEFAULT_ROWS:,} training rows, chosen from the learning curve below, measured on benchmark shops:
{learning_curve.WHY}.

{_curve_table()}

![Learning curve]({figures["curve"]})

## Churn models (validation snapshot)
{_comparison(results, "churn", shown("card", "churn"))}

Baseline: the training churn rate of the customer's recency decile (days since the last order).

![ROC and PR curves]({figures["roc_pr"]})

![Cumulative gain]({figures["gain"]})

## Against BG/NBD (validation snapshot)
BG/NBD (churn: P(no purchase in the horizon)) and BG/NBD x Gamma-Gamma (value), our maximum-likelihood fit on
each customer's history up to the validation snapshot here (refit up to the as-of date for the served scores),
are the probabilistic models most users know;
scored_snapshots carries their columns (p_alive, churn_probability_bgnbd, expected_value_h_bgnbd, ...).

{_against_bgnbd(results)}

## Calibration
{_calibration(results)}

ECE (expected calibration error): |mean predicted - observed churn rate| in ten equal-width bins of the
probability ([0, 0.1), ..., [0.9, 1]), weighted by each bin's share of customers. Mean predicted vs observed
churn on the validation snapshot: {", ".join(f"{f.name} {f.metrics['mean_predicted']:.3f}" for f in churn)}
vs {y.mean():.3f}.

Reliability of churn_lr on the validation snapshot:

{_reliability(y, by_name["churn_lr"])}

churn_lr by decile of its probability:

{_markdown(calibration)}

![Reliability]({figures["calibration"]})

## Value models (validation snapshot)
{_comparison(results, "value", shown("card", "value"))}

`spend_tree` is scored as the expected value (1 - churn_lr) x spend predicted for buyers. Baseline: the last
90 days' spend scaled to the horizon. total_error = (predicted - actual revenue) / actual revenue.

## Domain sense: declared directions
A feature declared `increases_churn` / `decreases_churn` (customer_features' column meta) is held to it unless,
alone, it relates to churn the other way on the training rows (rank correlation more than 2 standard errors
from 0): churn_tree through monotonic constraints, churn_lr by refitting without a feature whose coefficient
takes the forbidden sign. Reasons (customer_scores) never name a feature in its forbidden direction.

{_directions(by_name["churn_lr"], split)}

## Logistic regression (deployed refit): odds ratios per +1 standard deviation
{_markdown(odds)}

![Odds ratios]({figures["odds"]})

## The decision tree (deployed refit)
![Decision tree]({figures["tree"]})

## Limitations
- Trained on one shop's history; retrain (`lifecycle train`) when `score_drift` warns.
- The metrics are held out: they describe the models trained before the validation snapshot. The deployed
  refit also learned from the newest labelled snapshots, so no labelled snapshot is out of its sample
  (`score_backtest` marks them all `in_training`); its own test is the next labelled snapshot.
- The calibration map is fit on one snapshot (its churn rate, its customers): a shift in the churn rate after
  it is only caught at the next retrain; `score_backtest` and the report show matured snapshots as they come.
- Features are the numeric features `customer_features` declares in its column meta; the categorical ones
  ({", ".join(f"`{c}`" for c in contract.categorical_features) or "none"}) are not used.
"""  # noqa: E501 (the card's markdown: its lines are the card's, not the code's)
    path = directory / "README.md"
    path.write_text(text)
    return path
