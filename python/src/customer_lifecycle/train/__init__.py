"""Training: point-in-time snapshots in the warehouse -> tuned scikit-learn models -> SQL macros for dbt."""

from customer_lifecycle.train.run import TrainingReport, train
from customer_lifecycle.train.snapshots import TrainingDataError

__all__ = ["train", "TrainingReport", "TrainingDataError"]
