"""BG/NBD and Gamma-Gamma: our own fit (scipy, log-space likelihoods), the Python reference functions, and the
same functions as SQL expressions for every engine."""
