"""What the project borrows from libraries' private parts, checked so that an upgrade fails
here, with a message saying where to look, rather than quietly somewhere else.

- ``pipelines/lib/dbt.py`` overrides two private methods of dagster-dbt's
  ``DbtCliResource`` (``_cli_version``, ``_initialize_dbt_core_adapter``) to spare
  two fixed costs of every dbt command (about 5 s), and reads
  ``AssetsDefinition.node_keys_by_output_name`` to tell a whole-project build from a
  subset. A renamed method would not fail: the override would simply stop being called.
- The same resource starts dbt as ``python -c <run_dbt> <dbt arguments>``
  (``pipelines/lib/child.py``): dagster-dbt must put ``global_config_flags`` right after
  the executable, and give dbt this process's environment (the parent's process id).
"""

from __future__ import annotations

import inspect

import pytest
from dagster import AssetsDefinition
from dagster_dbt import DbtCliResource

from pipelines.lib.dbt import WarehouseDbtCli


@pytest.mark.parametrize("name", ["_cli_version", "_initialize_dbt_core_adapter"])
def test_the_dagster_dbt_methods_we_override_are_still_called(name: str) -> None:
    source = inspect.getsource(DbtCliResource)
    assert f"def {name}" in source, (
        f"dagster-dbt no longer defines DbtCliResource.{name}: WarehouseDbtCli's override "
        "(pipelines/lib/dbt.py) is dead; find what replaced it"
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


def test_dagster_dbt_starts_the_executable_with_its_global_flags_first() -> None:
    source = inspect.getsource(DbtCliResource.cli)
    order = ["self.dbt_executable,", "*self.global_config_flags,", "*cleaned_args,"]
    places = [source.find(part) for part in order]
    assert -1 not in places and places == sorted(places), (
        "DbtCliResource.cli no longer starts [dbt_executable, *global_config_flags, *args]: "
        "dbt_resource() in pipelines/lib/dbt.py passes python -c <run_dbt> that way"
    )
    assert "os.environ.copy()" in source, "dbt no longer gets this process's environment"
