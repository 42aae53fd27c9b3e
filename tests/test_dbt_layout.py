"""The dbt project's YAML stays findable: no two files share a name, none grows past a page.

A folder's ``_<folder>__models.yml`` that grows past ~300 lines is split into one file per
model beside its SQL (``marts/kpi/fct_kpi_annual.yml``); two files of one name (the
intermediate and the marts ``_kpi__models.yml`` once) are confused in an editor's tabs and
in search results.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

MODELS = Path(__file__).resolve().parents[1] / "dbt_project" / "models"
MAX_LINES = 300


def yaml_files() -> list[Path]:
    files = sorted([*MODELS.rglob("*.yml"), *MODELS.rglob("*.yaml")])
    assert len(files) > 10  # the walk found the project
    return files


def test_no_two_yaml_files_of_the_models_share_a_name() -> None:
    by_name = defaultdict(list)
    for path in yaml_files():
        by_name[path.name].append(str(path.relative_to(MODELS)))
    assert {name: paths for name, paths in by_name.items() if len(paths) > 1} == {}


def test_no_yaml_file_of_the_models_is_longer_than_a_page() -> None:
    lengths = {str(p.relative_to(MODELS)): len(p.read_text().splitlines()) for p in yaml_files()}
    assert {path: n for path, n in lengths.items() if n > MAX_LINES} == {}
