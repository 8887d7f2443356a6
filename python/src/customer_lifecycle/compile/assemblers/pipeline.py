"""A Pipeline compiles to its final estimator's AST read through the preprocessing ASTs."""

from m2cgen import ast

from .base import Assembler
from .preprocessing import transform


class PipelineAssembler(Assembler):
    def __init__(self, model, final_assembler: Assembler):
        super().__init__(model)
        self.final = final_assembler
        self.routes_missing = final_assembler.routes_missing

    def inputs(self) -> list:
        features = [ast.FeatureRef(i) for i in range(self.n_features)]
        for _, step in self.model.steps[:-1]:
            if step not in (None, "passthrough"):
                features = transform(step, features)
        return features

    def assemble(self, output: str):
        return self.final.assemble(output)
