"""The SQL lint of `make lint`: sqlfluff with the project's .sqlfluff, on strings.

Not a rerun of the lint over the models (make lint does that): a model in the house style
passes, and the faults the rules are there for are reported.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlfluff.core import FluffConfig, Linter

PROJECT_ROOT = Path(__file__).resolve().parents[1]

# The house style: lower case, trailing commas, 4 spaces, join conditions under `on`,
# `where a\n    and b`, Jinja blocks at the indent of their SQL, the project's macros.
HOUSE_STYLE = """\
{{ config(materialized='incremental', incremental_strategy='changed_slices') }}

with placements as (
    select * from {{ ref('stg_raw__placements') }}
    {% if is_incremental() -%}
    where {{ changed_slices_filter('penempatan') }}
    {%- endif %}
),

countries as (
    select * from {{ ref('country_spellings') }}
),

final as (
    select
        placements.office_code,
        placements.year,
        countries.country_code,
        {{ spelling_key('placements.destination_country_as_typed') }} as typed_key,
        count(*) as placements
    from placements
    left join countries
        on placements.destination_country_key = countries.country_spelling
        and countries.country_code is not null
    where placements.sex = 'P'
        and placements.year >= 2021
    group by all
)

select * from final
"""


@pytest.fixture(scope="module")
def linter() -> Linter:
    assert (PROJECT_ROOT / ".sqlfluff").is_file()
    return Linter(config=FluffConfig.from_path(str(PROJECT_ROOT)))


def codes(linter: Linter, sql: str) -> list[str]:
    """The codes of the violations sqlfluff finds in ``sql``, as a model file."""
    fname = str(PROJECT_ROOT / "dbt_project" / "models" / "lint_probe.sql")
    return [v.rule_code() for v in linter.lint_string(sql, fname=fname).violations]


def test_config_is_the_projects(linter: Linter) -> None:
    assert linter.config.get("dialect") == "duckdb"
    assert linter.config.get("templater") == "jinja"
    assert linter.config.get("max_line_length") == 100


def test_a_model_in_the_house_style_passes(linter: Linter) -> None:
    assert codes(linter, HOUSE_STYLE) == []


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (("    left join countries", "    LEFT JOIN countries"), "CP01"),
        (("        placements.year,\n", "      placements.year,\n"), "LT02"),
        (("count(*) as placements", "count(*) placements"), "AL02"),
        (("count(*) as placements", "count(*)"), "AL03"),
        (("        placements.year,\n", "        placements.year\n        , "), "LT04"),
        (("where placements.sex = 'P'", "where placements.sex = 'P'" + " " * 60), "LT01"),
        (
            ("        countries.country_code,\n", "        countries.country_code, " * 4 + "\n"),
            "LT05",
        ),
        (("        countries.country_code,\n", "        country_code,\n"), "RF02"),
        (("{{ ref('stg_raw__placements') }}", "{{ ref('stg_raw__placements') }} as p"), "AL05"),
    ],
)
def test_a_fault_is_reported(linter: Linter, change: tuple[str, str], code: str) -> None:
    old, new = change
    assert old in HOUSE_STYLE
    assert code in codes(linter, HOUSE_STYLE.replace(old, new, 1))


def test_a_jinja_error_is_reported(linter: Linter) -> None:
    assert "TMP" in codes(linter, HOUSE_STYLE.replace("{{ ref(", "{{ no_such_macro(", 1))
