"""Issue 20's measurements: `lifecycle run` on real orders at several as-of dates, then the scores of
customer_scores against what the customers did in the following H days, beside BG/NBD (+ Gamma-Gamma) and a
recency baseline (python/tests/scoring/holdout.py says how each is computed).

    python python/benchmarks/real_data.py                                   # every cut
    python python/benchmarks/real_data.py --cuts cdnow-1997-10-01-h90-month # some cuts
    python python/benchmarks/real_data.py --online-retail PATH/orders.csv.gz --workdir /tmp/real

Each cut runs the main job as a user would, in a copy of this dbt project whose DuckDB file holds only the
shop's orders table, with the vars of an orders-only shop (no customers, no events), `as_of_date` and
`lifecycle_label_horizon_days`. Orders after the as-of date are out of scope for the run; the benchmark reads
them from the raw file. Shops: lifetimes' CDNOW_master.txt (23,570 customers of one cohort, 1997-01 to
1998-06, no status) and UCI Online Retail (4,372 customers, 2010-12 to 2011-12, with cancelled invoices).
Per cut it prints a markdown table, issue 20's acceptance checks and the seconds; then a summary of every cut.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

REPOSITORY = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPOSITORY / "python" / "tests"), str(REPOSITORY / "python" / "tests" / "scoring")]

from holdout import DEPLOYED, LIFETIMES, evaluate, labels_disagreeing  # noqa: E402
from own_orders import orders_only_vars, run_on_orders  # noqa: E402
from real_orders import CDNOW_MASTER, ONLINE_RETAIL, cdnow_orders, online_retail_orders  # noqa: E402

from customer_lifecycle.train.card import _markdown  # noqa: E402

CALIBRATION_POINTS = 0.03  # issue 20: mean predicted churn within 3 points of the actual rate


@dataclass(frozen=True)
class Shop:
    name: str
    vars: dict  # beyond orders_only_vars
    value_tolerance: float  # issue 20: |total value error| allowed (Online Retail is seasonal)
    first_day: str


SHOPS = {
    "cdnow": Shop("CDNOW", {"lifecycle_orders_has_status": False}, 0.10, "1997-01-01"),
    "online_retail": Shop("Online Retail", {}, 0.20, "2010-12-01"),
}


@dataclass(frozen=True)
class Cut:
    shop: str  # a key of SHOPS
    as_of: str
    horizon_days: int
    cadence: str = "month"  # lifecycle_snapshot_cadence

    @property
    def key(self) -> str:
        return f"{self.shop.replace('_', '-')}-{self.as_of}-h{self.horizon_days}-{self.cadence}"

    @property
    def title(self) -> str:
        months = round((pd.Timestamp(self.as_of) - pd.Timestamp(SHOPS[self.shop].first_day)).days / 30.44)
        return f"{SHOPS[self.shop].name}, as of {self.as_of} ({months} months of history), H = {self.horizon_days}" + (
            "" if self.cadence == "month" else f", a snapshot every {self.cadence}"
        )


# H = 180 needs a training snapshot, a validation snapshot H later whose labels end by the as-of date, and H
# after it to compare with: CDNOW's 545 days allow it at 1998-01-01 only, and only with daily snapshots (the
# first month-end, 1997-01-31, is 25 days too late); Online Retail's 374 days allow no H = 180 cut, and with
# month-end snapshots its first H = 90 cut is 2011-07-01
CUTS = [
    Cut("cdnow", "1997-10-01", 90),
    Cut("cdnow", "1998-01-01", 90),
    Cut("cdnow", "1998-04-01", 90),
    Cut("cdnow", "1998-01-01", 180, "day"),
    Cut("online_retail", "2011-07-01", 90),
    Cut("online_retail", "2011-09-01", 90),
]


def acceptance(metrics: pd.DataFrame, actual_churn: float, value_tolerance: float) -> list[tuple[str, bool]]:
    """Issue 20's checks on one cut: (what was compared, met?)."""
    ours, bgnbd = metrics.loc[DEPLOYED], metrics.loc[LIFETIMES]
    gap = ours["mean_churn"] - actual_churn
    return [
        (f"churn ROC AUC {ours.roc_auc:.3f} >= BG/NBD {bgnbd.roc_auc:.3f}", ours.roc_auc >= bgnbd.roc_auc),
        (
            f"Brier skill {ours.brier_skill:.3f} >= BG/NBD {bgnbd.brier_skill:.3f}",
            ours.brier_skill >= bgnbd.brier_skill,
        ),
        (
            f"mean churn {ours.mean_churn:.3f} vs actual {actual_churn:.3f} ({gap:+.3f}) within {CALIBRATION_POINTS}",
            abs(gap) <= CALIBRATION_POINTS,
        ),
        (
            f"value Spearman {ours.value_spearman:.3f} >= BG/NBD+GG {bgnbd.value_spearman:.3f}",
            ours.value_spearman >= bgnbd.value_spearman,
        ),
        (
            f"total value error {ours.total_value_error:+.1%} within {value_tolerance:.0%}",
            abs(ours.total_value_error) <= value_tolerance,
        ),
    ]


def cut_table(metrics: pd.DataFrame) -> str:
    shown = metrics.copy()
    shown["total_value_error"] = shown["total_value_error"].map(lambda error: f"{error:+.1%}")
    shown.insert(0, "score", shown.index)
    shown.columns = [
        "score",
        "ROC AUC",
        "PR AUC",
        "Brier",
        "Brier skill",
        "log loss",
        "mean P(churn)",
        "value Spearman",
        "total value error",
    ]
    return _markdown(shown)


def run_cut(cut: Cut, orders: pd.DataFrame, workdir: Path) -> dict:
    shop = SHOPS[cut.shop]
    started = time.perf_counter()
    wh, printed = run_on_orders(
        workdir / cut.key,
        orders,
        orders_only_vars(
            cut.as_of,
            lifecycle_label_horizon_days=cut.horizon_days,
            lifecycle_snapshot_cadence=cut.cadence,
            **shop.vars,
        ),
    )
    (workdir / cut.key / "lifecycle_run.txt").write_text(printed)
    ran = time.perf_counter() - started
    metrics, actual = evaluate(wh, orders, cut.as_of, cut.horizon_days)
    snapshot, labelled, disagreeing = labels_disagreeing(wh, orders, cut.horizon_days)
    wh.close()
    evaluated = time.perf_counter() - started - ran
    actual_churn = actual["churned"].mean()
    checks = acceptance(metrics, actual_churn, shop.value_tolerance)
    print(
        f"\n### {cut.title}\n\n{len(actual):,} scored customers; actual churn {actual_churn:.3f}, "
        f"actual value {actual['value'].sum():,.0f}; lifecycle run {ran:.0f} s, evaluation {evaluated:.0f} s\n"
        f"(what happened is computed as customer_features labels it: on its labelled snapshot {snapshot}, "
        f"{disagreeing} of {labelled:,} customers' labels differ)\n\n"
        f"{cut_table(metrics)}\n\nIssue 20 on this cut: {sum(met for _, met in checks)} of {len(checks)} met\n"
        + "\n".join(f"- [{'x' if met else ' '}] {text}" for text, met in checks),
        flush=True,
    )
    return {"cut": cut, "metrics": metrics, "actual_churn": actual_churn, "checks": checks, "seconds": ran + evaluated}


def run_or_report(cut: Cut, orders: pd.DataFrame, workdir: Path) -> dict:
    """run_cut, or what stopped it (a cut the product cannot run is a result too: the other cuts still run)."""
    try:
        return run_cut(cut, orders, workdir)
    except Exception as error:  # noqa: BLE001  # whatever failed, say so and go on
        traceback.print_exc()  # to stderr
        failure = f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
        print(f"\n### {cut.title}\n\nFAILED: {failure}", flush=True)
        return {"cut": cut, "failure": failure}


def summary(results: list[dict]) -> str:
    """Every cut on one line each: ours / BG/NBD (lifetimes), as issue 20 quotes them."""
    rows = []
    for result in results:
        if "failure" in result:
            rows.append({"cut": result["cut"].title, "churn AUC": f"failed: {result['failure']}"})
            continue
        ours, bgnbd = result["metrics"].loc[DEPLOYED], result["metrics"].loc[LIFETIMES]
        rows.append(
            {
                "cut": result["cut"].title,
                "churn AUC": f"{ours.roc_auc:.3f} / {bgnbd.roc_auc:.3f}",
                "Brier skill": f"{ours.brier_skill:.3f} / {bgnbd.brier_skill:.3f}",
                "mean churn vs actual": f"{ours.mean_churn:.3f} vs {result['actual_churn']:.3f}",
                "value Spearman": f"{ours.value_spearman:.3f} / {bgnbd.value_spearman:.3f}",
                "total value error": f"{ours.total_value_error:+.0%} / {bgnbd.total_value_error:+.0%}",
                "met": f"{sum(met for _, met in result['checks'])}/{len(result['checks'])}",
                "seconds": f"{result['seconds']:.0f}",
            }
        )
    return _markdown(pd.DataFrame(rows).fillna(""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cuts", nargs="+", choices=[cut.key for cut in CUTS], help="default: every cut")
    parser.add_argument("--online-retail", type=Path, default=ONLINE_RETAIL, help="its orders.csv.gz")
    parser.add_argument("--workdir", type=Path, help="where each cut's project copy stays (default: a temp dir)")
    args = parser.parse_args()
    cuts = [cut for cut in CUTS if args.cuts is None or cut.key in args.cuts]
    if any(cut.shop == "online_retail" for cut in cuts) and not args.online_retail.is_file():
        parser.error(f"no Online Retail orders at {args.online_retail}: pass --online-retail PATH/orders.csv.gz")
    loaders = {
        "cdnow": lambda: cdnow_orders(CDNOW_MASTER),
        "online_retail": lambda: online_retail_orders(args.online_retail),
    }
    orders = {shop: loaders[shop]() for shop in dict.fromkeys(cut.shop for cut in cuts)}
    with tempfile.TemporaryDirectory(prefix="real-data-") as scratch:
        workdir = args.workdir or Path(scratch)
        results = [run_or_report(cut, orders[cut.shop], workdir) for cut in cuts]
    print("\n### Every cut: deployed / BG/NBD (+GG, lifetimes)\n\n" + summary(results))


if __name__ == "__main__":
    main()
