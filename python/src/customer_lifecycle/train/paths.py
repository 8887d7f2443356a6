"""Where `lifecycle train` writes: always into the dbt project it runs in, never into the installed package.

In this repository (the package is the root project) the artifacts are the shipped default models. In a
consumer project they go to the consumer's own macro and seed folders; the package's scoring models
find them because dbt's adapter.dispatch searches the root project before the package.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path

from customer_lifecycle.project import DbtProject


@dataclass(frozen=True)
class ArtifactPaths:
    project: Path  # the dbt project written into
    macros: Path  # the generated scoring macros and deployment()
    registry: Path  # the ml_model_registry seed (csv)
    registry_properties: Path | None  # its column types (yml); the package's own are in models/scoring/scoring.yml
    card: Path  # the model card (README.md, PNGs)
    models: Path  # the deployed scikit-learn models (joblib)

    @classmethod
    def of(cls, project: DbtProject) -> ArtifactPaths:
        if project.is_package_itself:
            card = project.directory / "python" / "model_card"
            macros = project.folder("macro") / "generated"
        else:
            card = project.directory / "lifecycle_model_card"
            macros = project.folder("macro") / "customer_lifecycle"
        registry = project.folder("seed") / "ml_model_registry.csv"
        properties = None if project.is_package_itself else registry.with_suffix(".yml")
        return cls(
            project=project.directory,
            macros=macros,
            registry=registry,
            registry_properties=properties,
            card=card,
            models=card / "models",
        )

    @property
    def similarity(self) -> Path:
        """The product_similarity seed (recommend/fit.py), beside the registry."""
        return self.registry.with_name("product_similarity.csv")

    @property
    def deployment(self) -> Path:
        return self.macros / "deployment.sql"

    def rooted_at(self, directory: Path) -> ArtifactPaths:
        """The same layout under `directory`: where a training stages its files (publication.py)."""
        return replace(
            self,
            **{
                f.name: directory / getattr(self, f.name).relative_to(self.project)
                for f in fields(self)
                if getattr(self, f.name) is not None
            },
        )
