"""Fixtures: the committed seed CSVs, read back as text exactly like the dbt seeds load them."""

from pathlib import Path

import pandas as pd
import pytest

from customer_lifecycle.datagen import BAD_ROW_COUNTS, TABLES

SEEDS = Path(__file__).resolve().parents[3] / "seeds"


def read_text_csv(path: Path) -> pd.DataFrame:
    """All columns as strings, empty fields as None (NULL in the warehouse)."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False)
    return frame.astype(object).where(frame != "", None)


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seeds() -> dict[str, pd.DataFrame]:
    return {name: read_text_csv(SEEDS / f"{name}.csv") for name in TABLES}


@pytest.fixture(scope="session")
def valid_orders(seeds) -> pd.DataFrame:
    """raw_orders without the bad rows appended at the end, with parsed columns."""
    orders = seeds["raw_orders"].iloc[: -sum(BAD_ROW_COUNTS.values())].copy()
    orders["ts"] = pd.to_datetime(orders["ordered_at"], format="%Y-%m-%d %H:%M:%S")
    orders["value"] = orders["amount"].astype(float)
    return orders
