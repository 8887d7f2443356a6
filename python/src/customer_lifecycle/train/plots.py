"""The model card's figures, as PNGs that are byte-identical for identical models (no timestamps). matplotlib draws
the HTML report's charts too (report/figures.py)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)
import numpy as np  # noqa: E402
from matplotlib.ticker import FuncFormatter, NullFormatter  # noqa: E402
from sklearn.metrics import precision_recall_curve, roc_curve  # noqa: E402
from sklearn.tree import plot_tree  # noqa: E402

from customer_lifecycle.ratio_ticks import ratio_ticks  # noqa: E402
from customer_lifecycle.train.metrics import gain_curve, reliability  # noqa: E402


def _save(figure, path: Path) -> str:
    figure.tight_layout()
    figure.savefig(path, dpi=90, metadata={"Software": None})
    plt.close(figure)
    return path.name


def roc_pr(churn, y, path: Path) -> str:
    figure, (roc_axis, pr_axis) = plt.subplots(1, 2, figsize=(11, 4.5))
    for fitted in churn:
        fpr, tpr, _ = roc_curve(y, fitted.validation_prediction)
        precision, recall, _ = precision_recall_curve(y, fitted.validation_prediction)
        style = "--" if fitted.model is None else "-"
        roc_axis.plot(fpr, tpr, style, label=f"{fitted.name} ({fitted.metrics['roc_auc']:.3f})")
        pr_axis.plot(recall, precision, style, label=f"{fitted.name} ({fitted.metrics['pr_auc']:.3f})")
    roc_axis.plot([0, 1], [0, 1], ":", color="grey")
    roc_axis.set(title="ROC (validation snapshot)", xlabel="false positive rate", ylabel="true positive rate")
    pr_axis.set(title="Precision-recall", xlabel="recall", ylabel="precision")
    roc_axis.legend(fontsize=7)
    pr_axis.legend(fontsize=7)
    return _save(figure, path)


def calibration(churn, y, path: Path) -> str:
    figure, axis = plt.subplots(figsize=(5.5, 5))
    for fitted in churn:
        table = reliability(y, fitted.validation_prediction)
        axis.plot(table["predicted"], table["observed"], "o-", markersize=3, label=fitted.name)
    axis.plot([0, 1], [0, 1], ":", color="grey")
    axis.set(title="Reliability (ten equal-width bins)", xlabel="mean predicted churn", ylabel="observed churn rate")
    axis.legend(fontsize=7)
    return _save(figure, path)


def gain(churn, y, path: Path) -> str:
    figure, axis = plt.subplots(figsize=(5.5, 5))
    for fitted in churn:
        contacted, captured = gain_curve(y, fitted.validation_prediction)
        axis.plot(contacted, captured, label=f"{fitted.name} (lift@10% {fitted.metrics['lift_top_decile']:.2f})")
    axis.plot([0, 1], [0, 1], ":", color="grey", label="random")
    axis.set(
        title="Cumulative gain",
        xlabel="share of customers contacted (highest risk first)",
        ylabel="share of churners captured",
    )
    axis.legend(fontsize=7)
    return _save(figure, path)


def tree(model, feature_names: list[str], path: Path) -> str:
    # Room for every leaf's box side by side (a fixed-size figure overlapped the bottom row and cut its text);
    # the class line is left out: the box's colour and its churn share already say it.
    leaves, depth = model.get_n_leaves(), model.get_depth()
    figure, axis = plt.subplots(figsize=(1.25 * leaves, 1.6 * (depth + 1)))
    plot_tree(
        model,
        feature_names=feature_names,
        filled=True,
        impurity=False,
        proportion=True,
        precision=2,
        label="root",
        fontsize=9,
        ax=axis,
    )
    for text in axis.texts:  # "value = [0.36, 0.64]" -> "churn 64%", the one number a reader wants
        text.set_text(_churn_share(text.get_text()))
    return _save(figure, path)


def _churn_share(box: str) -> str:
    lines = []
    for line in box.split("\n"):
        shares = line.removeprefix("value = ")  # the root's box spells its labels out, the others don't
        if shares.startswith("["):
            line = f"churn {float(shares.strip('[]').split(',')[1]):.0%}"
        lines.append(line)
    return "\n".join(lines)


def odds_ratios(names: list[str], ratios: np.ndarray, path: Path) -> str:
    figure, axis = plt.subplots(figsize=(7, 6))
    odds_ratio_bars(axis, names, ratios)
    axis.set(title="Logistic regression: odds ratio of churn per +1 SD", xlabel="odds ratio (log scale)")
    return _save(figure, path)


def odds_ratio_bars(axis, names: list[str], ratios: np.ndarray) -> None:
    """One bar per feature from 1 (no effect) to its odds ratio, on a log scale: red raises the churn risk, green
    lowers it. The card's chart and the report's (report/figures.py)."""
    order = np.argsort(ratios)
    axis.barh(
        np.array(names)[order],
        ratios[order] - 1,
        left=1,
        color=["tab:green" if r < 1 else "tab:red" for r in ratios[order]],
    )
    axis.axvline(1, color="black", linewidth=0.8)
    axis.set_xscale("log")
    # plain ticks: the log scale's default labels read 6x10^-1
    ticks = ratio_ticks(ratios.min(), ratios.max())
    axis.set_xticks(ticks, labels=[f"{t:g}" for t in ticks])
    axis.xaxis.set_minor_formatter(NullFormatter())


def learning_curve(curve, used_rows: int, path: Path) -> str:
    """Validation ROC AUC of the deployed churn models against tuning rows, per benchmark shop, and the rows this
    training tuned on."""
    figure, axis = plt.subplots(figsize=(6.5, 4.5))
    for shop, points in curve.groupby("shop", sort=False):
        for model in ["churn_lr", "churn_tree"]:
            axis.plot(
                points["tuning_rows"], points[f"{model}_roc_auc"], "o-", markersize=3, label=f"{model}, {shop} shop"
            )
    axis.axvline(used_rows, color="grey", linestyle=":", label=f"this training: {used_rows:,} rows")
    axis.set_xscale("log")
    axis.xaxis.set_major_formatter(FuncFormatter(lambda rows, _: f"{rows:,.0f}"))  # not 2x10^4
    axis.xaxis.set_minor_formatter(NullFormatter())
    axis.set(title="Learning curve (benchmark shops)", xlabel="tuning rows (log scale)", ylabel="validation ROC AUC")
    axis.legend(fontsize=7)
    return _save(figure, path)
