"""Picks the assembler for a fitted estimator; anything not listed here is refused by name."""

from sklearn import ensemble, linear_model, neural_network, tree
from sklearn.naive_bayes import GaussianNB
from sklearn.pipeline import Pipeline
from sklearn.svm import SVC, LinearSVC

from ...calibrated import CalibratedClassifier
from ..errors import UnsupportedModelError
from .base import OUTPUTS, Assembler
from .boosting import GradientBoostingAssembler, HistGradientBoostingAssembler
from .calibrated import CalibratedAssembler
from .linear import LinearClassifierAssembler, LinearRegressorAssembler
from .mlp import MLPAssembler
from .naive_bayes import GaussianNBAssembler
from .pipeline import PipelineAssembler
from .svm import SVCAssembler
from .trees import TreeEnsembleAssembler

_ASSEMBLERS = {
    tree.DecisionTreeClassifier: TreeEnsembleAssembler,
    tree.DecisionTreeRegressor: TreeEnsembleAssembler,
    ensemble.RandomForestClassifier: TreeEnsembleAssembler,
    ensemble.RandomForestRegressor: TreeEnsembleAssembler,
    ensemble.ExtraTreesClassifier: TreeEnsembleAssembler,
    ensemble.ExtraTreesRegressor: TreeEnsembleAssembler,
    ensemble.GradientBoostingClassifier: GradientBoostingAssembler,
    ensemble.GradientBoostingRegressor: GradientBoostingAssembler,
    ensemble.HistGradientBoostingClassifier: HistGradientBoostingAssembler,
    ensemble.HistGradientBoostingRegressor: HistGradientBoostingAssembler,
    linear_model.LogisticRegression: LinearClassifierAssembler,
    LinearSVC: LinearClassifierAssembler,
    SVC: SVCAssembler,
    GaussianNB: GaussianNBAssembler,
    neural_network.MLPClassifier: MLPAssembler,
    neural_network.MLPRegressor: MLPAssembler,
    linear_model.LinearRegression: LinearRegressorAssembler,
    linear_model.Ridge: LinearRegressorAssembler,
    linear_model.Lasso: LinearRegressorAssembler,
    linear_model.ElasticNet: LinearRegressorAssembler,
    Pipeline: PipelineAssembler,
    CalibratedClassifier: CalibratedAssembler,
}


def assembler_for(model) -> Assembler:
    # Exact type match: a subclass may change predict and would then compile to wrong SQL.
    assembler_type = _ASSEMBLERS.get(type(model))
    if assembler_type is None:
        raise UnsupportedModelError(
            f"{type(model).__name__} is not supported by the SQL compiler; supported: "
            + ", ".join(sorted(t.__name__ for t in _ASSEMBLERS))
        )
    if not hasattr(model, "n_features_in_"):
        raise UnsupportedModelError(f"{type(model).__name__} is not fitted")
    if assembler_type is PipelineAssembler:
        return PipelineAssembler(model, assembler_for(model.steps[-1][1]))
    if assembler_type is CalibratedAssembler:
        return CalibratedAssembler(model, assembler_for(model.base))
    return assembler_type(model)


__all__ = ["OUTPUTS", "Assembler", "assembler_for"]
