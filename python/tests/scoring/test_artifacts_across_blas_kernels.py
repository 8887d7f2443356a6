"""Retraining gives the committed artifacts whatever OpenBLAS kernel the processor gets.

The in-process `trained` fixture covers this machine's own kernel; here `lifecycle train` runs again in
subprocesses forced onto two other kernels (conservative ones every x86-64 / ARMv8 processor can run).
Without the rounding in train/deploy.py the linear models' macros, joblibs and registry versions differ.
"""

import json
import os
import pickle
import platform
import shutil
import subprocess
import sys

from artifacts import REGISTRY, assert_artifacts_equal_committed

KERNELS = {"x86_64": ["Prescott", "Sandybridge"], "aarch64": ["ARMV8", "NEOVERSEN1"]}

TRAIN = """
import json, pickle, sys
from threadpoolctl import threadpool_info
from customer_lifecycle.train import train
from customer_lifecycle.warehouse import Warehouse
project = sys.argv[1]
wh = Warehouse(duckdb_path=project + "/shop.duckdb", project_dir=project)
wh.contract = pickle.loads(bytes.fromhex(sys.argv[2]))  # the parent's, from the manifest: no second full dbt parse
train(wh, progress=lambda _: None, with_card=False)
print(json.dumps(sorted({i["architecture"] for i in threadpool_info() if i["internal_api"] == "openblas"})))
"""


def _train_under(kernel: str, project, contract) -> list[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("OPENBLAS_")}
    done = subprocess.run(
        [sys.executable, "-c", TRAIN, str(project), pickle.dumps(contract).hex()],
        env={**env, "OPENBLAS_CORETYPE": kernel},
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_retraining_under_two_openblas_kernels_reproduces_the_committed_artifacts(trained, tmp_path):
    contract = trained.contract
    trained.close()  # release the DuckDB file (it reopens on the next query) so a copy is consistent
    architectures = []
    for kernel in KERNELS[platform.machine()]:
        project = shutil.copytree(
            trained.project_dir, tmp_path / kernel, ignore=shutil.ignore_patterns("target", "logs")
        )
        architectures.append(_train_under(kernel, project, contract))
        assert_artifacts_equal_committed(project, files=(REGISTRY,))
    assert architectures[0] != architectures[1], f"both runs used the same OpenBLAS kernel: {architectures}"
