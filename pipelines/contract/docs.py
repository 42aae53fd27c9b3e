"""The contract's tables in words, written from the feeds' declarations.

Two files say what every raw table holds, and both are written from the one
declaration of each table (``pipelines/contract/<feed>.py``):

- the "Tables" section of ``docs/raw-feeds.md`` (a table per raw table:
  column, type, rules, what);
- dbt's source ``dbt_project/models/staging/raw/_raw__sources.yml`` (each
  table's and column's description, for the data dictionary; and in each table's
  ``meta`` its feed, the period of its files and whether it is optional, which the
  model ``feed_tables`` reads: what an office is expected to deliver,
  docs/warehouse.md "What has arrived").

A third part is written from the rules' words (:data:`pipelines.lib.messages.RULES`):
the table of every rule, what it means and how to fix it, in Bahasa Indonesia,
between two markers of the operator's guide ``docs/panduan-operator.md``.

``tests/test_docs.py`` holds all three equal to what this module writes; after a
change to a declaration or to a rule's words, write them again:

    .venv/bin/python -m pipelines.contract.docs
"""

from __future__ import annotations

import sys

import yaml

from pipelines.contract.specs import TABLES
from pipelines.lib import messages
from pipelines.lib.config import PROJECT_ROOT
from pipelines.lib.filenames import file_name_pattern
from pipelines.lib.ingest import FLAG_MARKS, Column, TableSpec

RAW_FEEDS_DOC = PROJECT_ROOT / "docs" / "raw-feeds.md"
OPERATOR_GUIDE = PROJECT_ROOT / "docs" / "panduan-operator.md"
RULES_BEGIN = "<!-- aturan: ditulis oleh python -m pipelines.contract.docs, jangan diubah -->"
RULES_END = "<!-- akhir aturan -->"
SOURCES_YAML = PROJECT_ROOT / "dbt_project" / "models" / "staging" / "raw" / "_raw__sources.yml"
TABLES_HEADING = "## Tables\n"

TYPES = {
    "text": "text",
    "integer": "integer",
    "number": "number (decimal comma)",
    "money": "Rupiah, DECIMAL(18,2)",
    "date": "date",
    "flag": " or ".join(f"`{mark}`" for mark in FLAG_MARKS) + " or empty",
}
CHECK_WORDS = {
    "in_range": "{min_value} to {max_value}",
    "greater_than_or_equal_to": "≥ {min_value}",
    "less_than_or_equal_to": "≤ {max_value}",
    "greater_than": "> {min_value}",
    "less_than": "< {max_value}",
}


def number(value: float) -> str:
    """A bound as the contract writes it: thousands grouped by dots from 10.000 on."""
    if float(value).is_integer():
        whole = int(value)
        return f"{whole:,}".replace(",", ".") if abs(whole) >= 10_000 else str(whole)
    return str(value).replace(".", ",")


def column_rules(spec: TableSpec, column: Column) -> str:
    """A column's rules in words, as the contract's tables give them."""
    rules = []
    if not column.required:
        rules.append("column may be absent")
    if not column.nullable:
        rules.append("value required")
    if spec.unique_key == column.field:
        rules.append("unique per office (later copies: `duplicate`)")
    if column.values:
        rules.append("one of " + ", ".join(f"`{value}`" for value in column.values))
    if column.pattern:
        rules.append(f"matches `{column.pattern}`")
    if column.reference:
        rules.append(f"looked up in `{column.reference.where}` (unknown: warning, row kept)")
    for check in column.checks:
        bounds = {k: number(v) for k, v in check.statistics.items() if k.endswith("_value")}
        rules.append(CHECK_WORDS[check.name].format(**bounds))
    if column.personal:
        rules.append(f"personal: stored as `{column.stored_as}`")
    return "; ".join(rules)


def file_pattern(spec: TableSpec) -> str:
    """``feed/prefix_<OFFICE>_<PERIOD>.ext``, and the sheet of a workbook."""
    name = f"`{spec.feed}/{file_name_pattern(spec.prefix, spec.period, spec.ext)}`"
    return name + (f", sheet `{spec.sheet}`" if spec.sheet else "")


def table_section(spec: TableSpec) -> str:
    """One raw table of the contract, in Markdown."""
    lines = [
        f"### `raw.{spec.table}`: {file_pattern(spec)}",
        "",
        spec.description,
        "",
        "| column | type | rules | what |",
        "|---|---|---|---|",
        *(
            f"| {c.name} | {TYPES[c.kind]} | {column_rules(spec, c)} | {c.description} |"
            for c in spec.columns
        ),
    ]
    if spec.row_checks:
        lines += ["", "Row rules: " + ", ".join(f"`{c.name}`" for c in spec.row_checks) + "."]
    if spec.notes:
        lines += ["", spec.notes]
    if spec.optional:
        lines += [
            "",
            f"Optional: the folder `{spec.feed}/` may be missing (read as no files); "
            "not every office delivers this feed yet.",
        ]
    return "\n".join(lines) + "\n"


def tables_markdown() -> str:
    """The "Tables" section of docs/raw-feeds.md."""
    intro = (
        "Every raw table of the contract, as its feed declares it "
        "(`pipelines/contract/<feed>.py`; this section is written from those "
        "declarations by `python -m pipelines.contract.docs`). Every table also carries "
        "its lineage: `office_code`, `file_period`, `source_file`, `source_row`, "
        "`source_sha256`.\n"
    )
    return TABLES_HEADING + "\n" + intro + "\n" + "\n".join(map(table_section, TABLES))


def with_tables(doc: str) -> str:
    """docs/raw-feeds.md with its "Tables" section (the last) written anew."""
    head = doc.split(TABLES_HEADING, 1)[0]
    return head + tables_markdown()


def delivery_meta(spec: TableSpec) -> dict[str, object]:
    """What dbt is told of a table's files (the model ``feed_tables``): its feed, the period
    one file covers (``month``, ``year`` or ``none``) and whether the feed is optional."""
    return {"feed": spec.feed, "period": spec.period, "optional": spec.optional}


def sources_yaml() -> str:
    """dbt's source of the raw tables, with every table's and column's description."""
    source = {
        "name": "raw",
        "description": (
            "The raw feeds as the ingest assets load them: rows that passed the raw-feed "
            "contract, typed, names and NIK replaced by keyed pseudonyms, with lineage "
            "columns (office_code, file_period, source_file, source_row, source_sha256). "
            "Written from the feeds' declarations (pipelines/contract/docs.py)."
        ),
        "schema": "raw",
        "tables": [
            {
                "name": spec.table,
                "description": spec.description,
                "meta": delivery_meta(spec),
                "columns": [
                    {
                        "name": column.stored_as,
                        "description": column.description
                        + (" Keyed pseudonym (HMAC-SHA256)." if column.personal else ""),
                    }
                    for column in spec.columns
                ],
            }
            for spec in TABLES
        ],
    }
    header = "# Written by `python -m pipelines.contract.docs` from the feeds' declarations.\n"
    body = yaml.safe_dump(
        {"version": 2, "sources": [source]}, sort_keys=False, allow_unicode=True, width=96
    )
    return header + body


def _cell(text: str) -> str:
    """Text in a Markdown table's cell: ``|``, ``<`` (``<OFFICE>`` is no HTML tag) and ``*``
    written as themselves."""
    for mark in ("\\", "|", "<", "*"):
        text = text.replace(mark, "\\" + mark)
    return text


def rules_markdown(lang: str = "id") -> str:
    """Every rule of :data:`messages.RULES`: its code, what it means, how to fix it."""
    lines = ["| kode | artinya | cara memperbaiki |", "|---|---|---|"]
    for rule in messages.RULES:
        words = messages.rule_text(rule, lang).removesuffix(f" ({rule})")
        lines.append(f"| `{rule}` | {_cell(words)} | {_cell(messages.rule_fix(rule, lang))} |")
    return "\n".join(lines) + "\n"


def with_rules(doc: str) -> str:
    """docs/panduan-operator.md with the rule table between its markers written anew."""
    head, begin, rest = doc.partition(RULES_BEGIN + "\n")
    _, end, tail = rest.partition(RULES_END)
    if not begin or not end:
        raise ValueError(f"{OPERATOR_GUIDE}: the markers {RULES_BEGIN} and {RULES_END} are gone")
    return head + begin + rules_markdown() + end + tail


def main() -> int:
    """Write the three from the declarations and the rules' words."""
    RAW_FEEDS_DOC.write_text(with_tables(RAW_FEEDS_DOC.read_text()))
    SOURCES_YAML.write_text(sources_yaml())
    OPERATOR_GUIDE.write_text(with_rules(OPERATOR_GUIDE.read_text()))
    print(f"wrote {RAW_FEEDS_DOC}, {SOURCES_YAML} and {OPERATOR_GUIDE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
