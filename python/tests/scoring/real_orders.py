"""Real shops' orders in the orders contract, loaded as a user would (every column as text):
- lifetimes' CDNOW: one cohort of CD buyers (first order in January-March 1997), every order to June 1998;
  no status column. CDNOW_master.txt has all 23,570 customers, CDNOW_sample.txt a tenth of them (2,357).
- UCI Online Retail: a UK gift shop, 2010-12-01 to 2011-12-09, 4,372 customers, with cancelled reversal
  invoices (README.md next to the file)."""

from importlib.resources import files
from pathlib import Path

import pandas as pd
from repository import REPOSITORY_DIR

CDNOW_MASTER = "CDNOW_master.txt"
CDNOW_SAMPLE = "CDNOW_sample.txt"
ONLINE_RETAIL = REPOSITORY_DIR.parent / "shared" / "data" / "online_retail" / "orders.csv.gz"


def cdnow_orders(name: str = CDNOW_SAMPLE) -> pd.DataFrame:
    """One order per line of lifetimes' file: customer id, yyyymmdd, CDs, dollars (the sample starts with the
    master's customer id; the master has a header line)."""
    raw = pd.read_csv(files("lifetimes.datasets") / name, sep=r"\s+", header=None, dtype=str)
    raw = raw[raw.iloc[:, -3] != "date"]  # the master's header line
    customer_id, day, _, amount = (raw[column] for column in raw.columns[-4:])
    return pd.DataFrame(
        {
            "order_id": [f"O{n}" for n in range(1, len(raw) + 1)],
            "customer_id": customer_id.to_numpy(),
            "ordered_at": pd.to_datetime(day, format="%Y%m%d").dt.strftime("%Y-%m-%d").to_numpy(),
            "amount": amount.to_numpy(),
        }
    )


def online_retail_orders(path: Path = ONLINE_RETAIL) -> pd.DataFrame:
    """order_id, customer_id, ordered_at, amount, status (completed / cancelled), one row per invoice."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)
