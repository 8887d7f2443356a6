"""Picks the assembler for a fitted estimator; anything not listed here is refused by name."""
from sklearn import ensemble, linear_model, tree

from ..errors import UnsupportedModelError
from .base import OUTPUTS, Assembler
from .linear import LinearClassifierAssembler, LinearRegressorAssembler
from .trees import TreeEnsembleAssembler

_ASSEMBLERS = {
    tree.DecisionTreeClassifier: TreeEnsembleAssembler,
    tree.DecisionTreeRegressor: TreeEnsembleAssembler,
    ensemble.RandomForestClassifier: TreeEnsembleAssembler,
    ensemble.RandomForestRegressor: TreeEnsembleAssembler,
    ensemble.ExtraTreesClassifier: TreeEnsembleAssembler,
    ensemble.ExtraTreesRegressor: TreeEnsembleAssembler,
    linear_model.LogisticRegression: LinearClassifierAssembler,
    linear_model.LinearRegression: LinearRegressorAssembler,
    linear_model.Ridge: LinearRegressorAssembler,
    linear_model.Lasso: LinearRegressorAssembler,
    linear_model.ElasticNet: LinearRegressorAssembler,
}


def register(estimator_type, assembler_type) -> None:
    _ASSEMBLERS[estimator_type] = assembler_type


def assembler_for(model) -> Assembler:
    # Exact type match: a subclass may change predict and would then compile to wrong SQL.
    assembler_type = _ASSEMBLERS.get(type(model))
    if assembler_type is None:
        raise UnsupportedModelError(
            f"{type(model).__name__} is not supported by the SQL compiler; supported: "
            + ", ".join(sorted(t.__name__ for t in _ASSEMBLERS)))
    if not hasattr(model, "n_features_in_"):
        raise UnsupportedModelError(f"{type(model).__name__} is not fitted")
    return assembler_type(model)


__all__ = ["OUTPUTS", "Assembler", "assembler_for", "register"]
