"""MLPClassifier / MLPRegressor: the forward pass unrolled into one expression per output.

Each hidden unit is inlined wherever the next layer reads it (SQL has no local variables), so
the expression grows with the product of layer widths (ReLU is GREATEST(z, 0), which reads z once);
matrix products are summed left to right, which matches BLAS to ~1e-15 relative, not bit for bit.
"""

from m2cgen import ast

from ..errors import UnsupportedModelError
from ..nodes import Relu
from .base import Assembler, argmax_label, binary_classes, threshold_label
from .linear import affine

_ACTIVATIONS = {"identity": lambda z: z, "relu": Relu, "logistic": ast.SigmoidExpr, "tanh": ast.TanhExpr}


class MLPAssembler(Assembler):
    def __init__(self, model):
        super().__init__(model)
        for name in (model.activation, model.out_activation_):
            if name not in _ACTIVATIONS and name != "softmax":
                raise UnsupportedModelError(f"{type(model).__name__} activation {name!r} is not supported")

    def _output_layer(self):
        """Pre-activation outputs of the last layer."""
        units = [ast.FeatureRef(i) for i in range(self.n_features)]
        activate = _ACTIVATIONS[self.model.activation]
        layers = list(zip(self.model.coefs_, self.model.intercepts_))
        for depth, (weights, biases) in enumerate(layers):
            units = [affine(weights[:, j], biases[j], units) for j in range(weights.shape[1])]
            if depth < len(layers) - 1:
                units = [activate(u) for u in units]
        return units

    def probability(self):
        binary_classes(self.model)
        (logit,) = self._output_layer()
        return ast.SigmoidExpr(logit)

    def label(self):
        classes = list(self.model.classes_)
        if len(classes) == 2:  # LabelBinarizer.inverse_transform: probability > 0.5
            return threshold_label(self.probability(), 0.5, classes, at_cut_is_positive=False)
        # softmax is increasing in each logit, so the argmax of the logits is the predicted class
        return argmax_label(self._output_layer(), classes)

    def value(self):
        if hasattr(self.model, "classes_") or self.model.n_outputs_ != 1:
            self._unsupported("value")
        (output,) = self._output_layer()
        return output
