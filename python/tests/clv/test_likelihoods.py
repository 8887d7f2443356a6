"""The analytic log-likelihood gradients the fits stop on equal central differences of the log-likelihoods."""

import numpy as np
import pytest

from customer_lifecycle.clv import bgnbd, gamma_gamma

X = np.array([0.0, 0, 1, 2, 7, 40, 300])
T_X = np.array([0.0, 0, 3, 50, 90, 200, 380])
T = np.array([1.0, 400, 60, 50, 365, 900, 390])
M = np.array([1.0, 1, 25.5, 10, 300, 42, 18])


def _central_differences(function, params, step=1e-6):
    return np.stack(
        [
            (function(*(params + step * unit * params)) - function(*(params - step * unit * params)))
            / (2 * step * params[i])
            for i, unit in enumerate(np.eye(len(params)))
        ],
        axis=1,
    )


@pytest.mark.parametrize("params", [[0.56, 10.3, 1.67, 23.7], [0.24, 4.4, 0.79, 2.4], [3.0, 0.5, 0.3, 0.6]])
def test_bgnbd_gradient(params):
    params = np.array(params)
    numeric = _central_differences(lambda *p: bgnbd.log_likelihood(*p, X, T_X, T), params)
    np.testing.assert_allclose(bgnbd.log_likelihood_gradient(*params, X, T_X, T), numeric, rtol=1e-5, atol=1e-8)


@pytest.mark.parametrize("params", [[2.6, 5.1, 111.9], [6.2, 3.7, 15.4], [0.3, 1.2, 0.01]])
def test_gamma_gamma_gradient(params):
    params, buyers = np.array(params), X > 0
    numeric = _central_differences(lambda *p: gamma_gamma.log_likelihood(*p, X[buyers], M[buyers]), params)
    np.testing.assert_allclose(
        gamma_gamma.log_likelihood_gradient(*params, X[buyers], M[buyers]), numeric, rtol=1e-5, atol=1e-8
    )
