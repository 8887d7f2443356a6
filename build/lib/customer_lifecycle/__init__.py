"""customer_lifecycle: lifecycle stages, RFM features and predictive scores, built inside the warehouse."""
__version__ = "0.1.0"
