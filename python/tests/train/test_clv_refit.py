"""BG/NBD and Gamma-Gamma are refit on the histories to each date they score: the validation candidate on the
validation snapshot's, the served scores on the as-of date's; a fit that fails at one date keeps the one before."""

import numpy as np
import pandas as pd
import pytest

from customer_lifecycle.clv import bgnbd, gamma_gamma, series_length
from customer_lifecycle.clv.fitting import FitError
from customer_lifecycle.contract import Contract
from customer_lifecycle.train.clv import fit_clv
from customer_lifecycle.train.split import TimeSplit

FEATURES = ["lt_frequency", "lt_recency", "lt_t", "lt_monetary"]
TRAINING, VALIDATION, AS_OF = pd.Timestamp("2025-03-31"), pd.Timestamp("2025-06-30"), pd.Timestamp("2025-09-30")


def _histories(age: int, customers: int, seed: int) -> pd.DataFrame:
    """BG/NBD customers of one cohort `age` days old (r 0.8, alpha 20 days, a 0.7, b 3), with Gamma spend."""
    rng = np.random.default_rng(seed)
    rows = []
    for rate, dropout in zip(rng.gamma(0.8, 1 / 20, customers), rng.beta(0.7, 3.0, customers)):
        days, now = [], rng.exponential(1 / rate)
        while now <= age:
            days.append(now)
            if rng.random() < dropout:
                break
            now += rng.exponential(1 / rate)
        rows.append((len(days), np.floor(days[-1]) if days else 0.0, float(age), rng.gamma(4.0, 10.0) if days else 0.0))
    return pd.DataFrame(rows, columns=FEATURES).astype(float)


def _split(training: pd.DataFrame, valid: pd.DataFrame) -> TimeSplit:
    def labelled(frame, date):
        return frame.assign(
            snapshot_date=date,
            churned_within_h=[n % 2 for n in range(len(frame))],
            value_within_h=1.0,
            customer_id=[f"C{n}" for n in range(len(frame))],
        )

    train, validation = labelled(training, TRAINING), labelled(valid, VALIDATION)
    return TimeSplit(train, validation, VALIDATION, train, Contract(FEATURES, [], "churned_within_h", "value_within_h"))


def _columns(frame):
    return frame["lt_frequency"], frame["lt_recency"], frame["lt_t"]


def test_each_date_has_its_own_fit_and_the_candidate_is_the_validation_one():
    training, valid, as_of = _histories(90, 800, 1), _histories(180, 800, 2), _histories(270, 800, 3)
    fitted = fit_clv(_split(training, valid), as_of, AS_OF, 90, print)
    assert [f.date for f in fitted.fits] == [TRAINING, VALIDATION, AS_OF]
    for f, history in zip(fitted.fits, (training, valid, as_of)):
        assert f.bgnbd == bgnbd.fit(*_columns(history)) and f.kept == {}
        assert f.gamma_gamma == gamma_gamma.fit(history["lt_frequency"], history["lt_monetary"])
    assert len({f.bgnbd for f in fitted.fits}) == 3
    candidate = next(r for r in fitted.results if r.name == "bgnbd")
    assert candidate.params == fitted.fits[1].bgnbd.params()
    np.testing.assert_array_equal(
        candidate.validation_prediction, bgnbd.p_no_purchase(fitted.fits[1].bgnbd, *_columns(valid), 90)
    )


def test_a_failed_refit_keeps_the_parameters_of_the_date_before_and_says_so():
    training, valid = _histories(90, 800, 1), _histories(180, 800, 2)
    everyone_once = valid.head(50).assign(lt_frequency=0.0, lt_recency=0.0, lt_monetary=0.0)
    printed = []
    fitted = fit_clv(_split(training, valid), everyone_once, AS_OF, 90, printed.append)
    assert fitted.fits[2].bgnbd == fitted.fits[1].bgnbd and fitted.fits[2].gamma_gamma == fitted.fits[1].gamma_gamma
    assert set(fitted.fits[2].kept) == {"bgnbd", "gamma_gamma"} and fitted.skipped == {}
    assert any(
        line.startswith("bgnbd not refit on the histories to 2025-09-30, the parameters fitted to 2025-06-30")
        for line in printed
    ), printed


def test_a_fit_whose_series_overflows_is_refused_at_once():
    """No dropout in the data: a and b run to ~1e9, the series' terms to infinity; refused, not summed 2000 times."""
    no_dropout = bgnbd.BgNbd(3.18556, 118.342, 2.57076e8, 1.705e9)
    with pytest.raises(FitError, match="series overflows"):
        series_length.series_terms(no_dropout, 90)
