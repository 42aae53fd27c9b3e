"""The KPI rules hold on a few rows each: dbt's unit tests, run against the sample warehouse.

The unit tests (``dbt_project/models/**/_*__unit_tests.yml``) give a model made-up input
rows and the rows it must return: IKU 2's reduction on the LKj 2024's published case
counts, the ratio kind, a count's own quarters, the fallback to the historical feed.
dbt reads the column types of the inputs from a built warehouse, so they run here
against a copy of the session's (dbt opens it to write); a refresh leaves them out
(``BuildPlan.args``).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

PROJECT_ROOT = Path(__file__).resolve().parents[1]
MODELS = PROJECT_ROOT / "dbt_project" / "models"


def declared_unit_tests() -> set[str]:
    names = set()
    for path in MODELS.rglob("*.yml"):
        names |= {t["name"] for t in yaml.safe_load(path.read_text()).get("unit_tests", [])}
    return names


def test_the_kpi_rules_pass_their_dbt_unit_tests(warehouse: Path, tmp_path: Path) -> None:
    # The same file name: dbt names the catalog after it.
    copy = Path(shutil.copyfile(warehouse, tmp_path / warehouse.name))
    run = subprocess.run(
        [
            sys.executable, "-m", "pipelines", "dbt", "--warehouse", str(copy),
            "test", "--select", "test_type:unit",
            "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs"),
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-5000:] + run.stderr[-2000:]
    results = json.loads((tmp_path / "target" / "run_results.json").read_text())["results"]
    statuses = {
        r["unique_id"].rsplit(".", 1)[-1]: r["status"]
        for r in results
        if r["unique_id"].startswith("unit_test.")
    }
    declared = declared_unit_tests()
    assert len(declared) >= 4
    assert statuses == dict.fromkeys(declared, "pass")
