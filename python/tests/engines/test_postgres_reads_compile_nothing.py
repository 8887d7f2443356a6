"""Reading the scores on PostgreSQL compiles nothing: the scoring expressions run once, in the build of the
scored_snapshots table (with its JIT off), never in a read. As a view, every read of customer_scores or a
reporting view JIT-compiled BG/NBD's series: about 22 s of LLVM for a 0.2 s query on this shop."""

import pytest

READ_BY_USERS = ["customer_scores", "score_drift", "score_backtest", "report_churn_histogram", "report_roc_counts"]


@pytest.mark.parametrize("relation", READ_BY_USERS)
def test_a_read_of_the_scores_plans_no_jit(sample_shop_postgres, relation):
    plan = sample_shop_postgres.query(f"explain select * from {relation}")
    lines = plan.iloc[:, 0].tolist()
    assert not [line for line in lines if line.strip().startswith("JIT")], "\n".join(lines)
