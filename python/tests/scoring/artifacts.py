"""What `lifecycle train` writes, and the check that a retrain reproduced the committed files byte for byte."""

import filecmp
from pathlib import Path

from repository import REPOSITORY_DIR as PROJECT_DIR

ARTIFACT_DIRS = ["macros/generated", "python/model_card/models"]
REGISTRY = "seeds/ml_model_registry.csv"
MODEL_CARD = "python/model_card/README.md"


def assert_artifacts_equal_committed(project_dir: Path, files=(REGISTRY, MODEL_CARD)) -> None:
    for relative in ARTIFACT_DIRS:
        comparison = filecmp.dircmp(PROJECT_DIR / relative, project_dir / relative)
        assert not (comparison.diff_files or comparison.left_only or comparison.right_only), relative
        assert filecmp.cmpfiles(PROJECT_DIR / relative, project_dir / relative, comparison.common_files, shallow=False)[
            1:
        ] == ([], []), relative
    for relative in files:
        assert filecmp.cmp(PROJECT_DIR / relative, project_dir / relative, shallow=False), relative
