"""The one error the compiler raises on purpose."""


class UnsupportedModelError(ValueError):
    """The estimator, a pipeline step or the requested output cannot be compiled to exact SQL."""
