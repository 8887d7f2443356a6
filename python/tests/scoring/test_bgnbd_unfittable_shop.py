"""A shop where nobody has bought on a second day by the training cutoff: BG/NBD and Gamma-Gamma cannot be
fitted, yet `lifecycle run` trains, scores every customer, says which models it skipped and why, and leaves
their columns NULL."""
import pandas as pd
import pytest

from own_orders import orders_only_vars, run_on_orders

AS_OF = "2025-10-01"  # validation snapshot 2025-06-30; the newest training snapshot 2025-03-31 (H = 90)
CUSTOMERS = 300


def _orders() -> pd.DataFrame:
    """One first order per customer in Q1; every other customer buys again in Q2 or Q3, after the cutoff."""
    rows = []
    for n in range(CUSTOMERS):
        first = pd.Timestamp("2025-01-01") + pd.Timedelta(days=n % 90)
        rows.append((f"C{n}", first))
        if n % 2:
            rows.append((f"C{n}", pd.Timestamp("2025-04-01") + pd.Timedelta(days=(n * 7) % 170)))
    return pd.DataFrame({"order_id": [f"O{i}" for i in range(len(rows))], "customer_id": [r[0] for r in rows],
                         "ordered_at": [r[1].strftime("%Y-%m-%d") for r in rows],
                         "amount": [20.0 + i % 13 for i in range(len(rows))]})


@pytest.fixture(scope="module")
def unfittable(tmp_path_factory):
    wh, printed = run_on_orders(tmp_path_factory.mktemp("unfittable"), _orders(),
                                orders_only_vars(AS_OF, lifecycle_orders_has_status=False))
    wh.printed = printed
    yield wh
    wh.close()


def test_trains_and_scores_with_null_bgnbd_columns_and_says_why(unfittable):
    assert "bgnbd skipped, its scored_snapshots columns are NULL: BG/NBD: no customer bought on a second day" \
        in unfittable.printed
    assert "gamma_gamma skipped, its scored_snapshots columns are NULL: Gamma-Gamma: 0 customers" in unfittable.printed
    scores = unfittable.query("""select count(*) as customers, count(churn_probability) as scored,
                                        count(churn_probability_bgnbd) as bgnbd, count(expected_value_h_bgnbd) as value,
                                        min(bgnbd_model_version) as version
                                 from customer_scores""").iloc[0]
    assert scores["customers"] == scores["scored"] == CUSTOMERS
    assert scores["bgnbd"] == scores["value"] == 0 and scores["version"] == "bgnbd-skipped"
    macro = (unfittable.project_dir / "macros" / "generated" / "bgnbd.sql").read_text()
    assert "why: BG/NBD: no customer bought on a second day" in macro
    card = (unfittable.project_dir / "python" / "model_card" / "README.md").read_text()
    assert "BG/NBD or Gamma-Gamma could not be fitted to this history" in card
