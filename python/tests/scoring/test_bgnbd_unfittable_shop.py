"""A shop where nobody has bought on a second day by the training cutoff: BG/NBD and Gamma-Gamma cannot be
fitted to the training window, yet `lifecycle run` trains, scores every customer, says which fits failed and why,
and leaves their columns NULL on the snapshots that fit would score; the refits on the validation snapshot's and
the as-of date's histories (the repeat purchases after the cutoff) score the later snapshots. A shop that no fit
suits at any date: python/tests/train/test_clv_skipped.py."""

import pandas as pd
import pytest
from own_orders import orders_only_vars, run_on_orders

AS_OF = "2025-10-01"  # after the data: validation snapshot 2025-05-31; the newest training snapshot 2025-02-28
CUSTOMERS = 300


def _orders() -> pd.DataFrame:
    """One first order per customer in Q1; every other customer buys again in Q2 or Q3, after the cutoff."""
    rows = []
    for n in range(CUSTOMERS):
        first = pd.Timestamp("2025-01-01") + pd.Timedelta(days=n % 90)
        rows.append((f"C{n}", first))
        if n % 2:
            rows.append((f"C{n}", pd.Timestamp("2025-04-01") + pd.Timedelta(days=(n * 7) % 170)))
    return pd.DataFrame(
        {
            "order_id": [f"O{i}" for i in range(len(rows))],
            "customer_id": [r[0] for r in rows],
            "ordered_at": [r[1].strftime("%Y-%m-%d") for r in rows],
            "amount": [20.0 + i % 13 for i in range(len(rows))],
        }
    )


@pytest.fixture(scope="module")
def unfittable(tmp_path_factory):
    wh, printed = run_on_orders(
        tmp_path_factory.mktemp("unfittable"), _orders(), orders_only_vars(AS_OF, lifecycle_orders_has_status=False)
    )
    wh.printed = printed
    yield wh
    wh.close()


def test_trains_and_scores_with_null_bgnbd_columns_where_it_could_not_be_fitted_and_says_why(unfittable):
    assert (
        "bgnbd not fitted on the histories to 2025-02-28, its scored_snapshots columns are NULL on the snapshots "
        "it would score: BG/NBD: no customer bought on a second day"
    ) in unfittable.printed
    assert (
        "gamma_gamma not fitted on the histories to 2025-02-28, its scored_snapshots columns are NULL on the "
        "snapshots it would score: Gamma-Gamma: 0 customers"
    ) in unfittable.printed
    scores = unfittable.query("""select count(*) as customers, count(churn_probability) as scored,
                                        count(churn_probability_bgnbd) as bgnbd, count(expected_value_h_bgnbd) as value
                                 from customer_scores""").iloc[0]
    assert scores["customers"] == scores["scored"] == scores["bgnbd"] == scores["value"] == CUSTOMERS
    # the validation snapshot's refit fails too (no interior maximum): only the as-of date's scores
    earlier = unfittable.query("""select count(*) as customers, count(churn_probability_bgnbd) as bgnbd
                                  from scored_snapshots where snapshot_date < date '2025-10-01'""").iloc[0]
    assert earlier["customers"] > 0 and earlier["bgnbd"] == 0
    macro = (unfittable.project_dir / "macros" / "generated" / "bgnbd.sql").read_text()
    assert (
        "histories to 2025-02-28: none, its columns are NULL on these snapshots "
        "(not refit here: BG/NBD: no customer bought on a second day"
    ) in macro
