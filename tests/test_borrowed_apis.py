"""What the project borrows from libraries' private parts, checked so that an upgrade fails
here, with a message saying where to look, rather than quietly somewhere else.

- ``pipelines/defs/models/dbt.py`` overrides two private methods of dagster-dbt's
  ``DbtCliResource`` (``_cli_version``, ``_initialize_dbt_core_adapter``) to spare
  two fixed costs of every dbt command (about 5 s), and reads
  ``AssetsDefinition.node_keys_by_output_name`` to tell a whole-project build from a
  subset. A renamed method would not fail: the override would simply stop being called.
- ``pipelines/defs/reports/lkj_workbook.py`` (``Formats``) reads and writes openpyxl's
  cell style arrays (``Cell._style``, ``StyleArray``) and a sheet's cell dict
  (``Worksheet._cells``) to style a workbook an order of magnitude faster than the
  public setters; ``test_reports`` proves the files equal, byte for byte, to those the
  public setters write.
"""

from __future__ import annotations

import inspect

import pytest
from dagster import AssetsDefinition
from dagster_dbt import DbtCliResource
from openpyxl import Workbook
from openpyxl.styles.cell_style import StyleArray

from pipelines.defs.models.dbt import WarehouseDbtCli


@pytest.mark.parametrize("name", ["_cli_version", "_initialize_dbt_core_adapter"])
def test_the_dagster_dbt_methods_we_override_are_still_called(name: str) -> None:
    source = inspect.getsource(DbtCliResource)
    assert f"def {name}" in source, (
        f"dagster-dbt no longer defines DbtCliResource.{name}: WarehouseDbtCli's override "
        "(pipelines/defs/models/dbt.py) is dead; find what replaced it"
    )
    assert f"self.{name}" in inspect.getsource(DbtCliResource.cli), (
        f"DbtCliResource.cli no longer calls self.{name}: check WarehouseDbtCli's override"
    )
    assert name in vars(WarehouseDbtCli)


def test_the_dagster_node_keys_we_read_exist() -> None:
    for name in ("node_keys_by_output_name", "node_check_specs_by_output_name"):
        assert isinstance(getattr(AssetsDefinition, name, None), property), (
            f"AssetsDefinition.{name} is gone: _is_whole_project in pipelines/defs/models/"
            "dbt.py needs another way to tell a subset of the dbt project"
        )


def test_the_openpyxl_internals_the_workbook_styles_use_exist() -> None:
    sheet = Workbook().active
    cell = sheet.cell(row=1, column=1, value=1)
    cell.font = cell.font.copy(bold=True)
    message = "openpyxl changed its internals: check Formats in lkj_workbook.py"
    assert isinstance(cell._style, StyleArray), message
    assert len(tuple(StyleArray())) == len(tuple(cell._style)), message
    assert sheet._cells[(1, 1)] is cell, message
