"""The documentation says what the code does."""

from __future__ import annotations

import re

from pipelines.contract.specs import FEEDS
from tests.conftest import PROJECT_ROOT


def test_raw_feed_doc_lists_every_table_and_column() -> None:
    doc = (PROJECT_ROOT / "docs" / "raw-feeds.md").read_text()
    for specs in FEEDS.values():
        for spec in specs:
            section = doc.split(f"### `raw.{spec.table}`:", 1)
            assert len(section) == 2, spec.table
            body = section[1].split("\n### ", 1)[0]
            documented = re.findall(r"^\| ([A-Z0-9_]+) \|", body, flags=re.MULTILINE)
            assert documented == [c.name for c in spec.columns], spec.table


def test_readme_names_the_two_commands() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text()
    assert "make refresh" in readme
    assert "make test" in readme
    ci = (PROJECT_ROOT / ".ci" / "run").read_text()
    assert "make test" in ci


def test_the_contract_tables_and_the_dbt_source_are_written_from_the_declarations() -> None:
    """After a change to a feed's declaration: python -m pipelines.contract.docs."""
    from pipelines.contract import docs

    doc = docs.RAW_FEEDS_DOC.read_text()
    assert doc == docs.with_tables(doc), "run python -m pipelines.contract.docs"
    assert docs.SOURCES_YAML.read_text() == docs.sources_yaml(), (
        "run python -m pipelines.contract.docs"
    )


def test_every_raw_column_is_described_once_in_its_declaration() -> None:
    for specs in FEEDS.values():
        for spec in specs:
            assert spec.description.endswith((".", ")")), spec.table
            for column in spec.columns:
                assert column.description.endswith("."), f"{spec.table}.{column.name}"


def test_the_operator_guide_has_every_rule_in_the_messages_words() -> None:
    """After a change to a rule's words or fix: python -m pipelines.contract.docs."""
    from pipelines.contract import docs
    from pipelines.lib import messages

    doc = docs.OPERATOR_GUIDE.read_text()
    assert doc == docs.with_rules(doc), "run python -m pipelines.contract.docs"
    table = doc.split(docs.RULES_BEGIN, 1)[1].split(docs.RULES_END, 1)[0]
    codes = re.findall(r"^\| `([a-z_]+)` \|", table, flags=re.MULTILINE)
    assert codes == list(messages.RULES)
    assert "| `invalid_date` | bukan tanggal yang sah |" in table


def test_every_doc_gives_make_sql_as_the_makefile_runs_it() -> None:
    """Issue 21: docs/input-errors.md said `make sql` sets enable_external_access = false;
    the Makefile uses the shell's .safe_mode. Every doc that spells the command out gives
    the Makefile's recipe."""
    import shlex

    makefile = (PROJECT_ROOT / "Makefile").read_text()
    recipe = shlex.split(makefile.split("\nsql:", 1)[1].splitlines()[1].strip())
    assert ".safe_mode" in recipe
    spelled = 0
    for doc in [*sorted((PROJECT_ROOT / "docs").glob("*.md")), PROJECT_ROOT / "README.md"]:
        text = doc.read_text()
        for paragraph in text.split("\n\n"):  # make sql sets no setting of DuckDB's
            assert "make sql" not in paragraph or "enable_external_access" not in paragraph
        for command in re.findall(r"`?(\.venv/bin/duckdb -readonly [^`\n]+)`?", text):
            words = shlex.split(command)
            assert words[1:-1] == recipe[1:-1], doc.name
            spelled += 1
    assert spelled >= 2  # docs/warehouse.md and docs/input-errors.md


def test_the_manual_iku_is_written_from_the_declaration() -> None:
    """After a change to the indicators' declaration: python -m pipelines.manual_iku."""
    from pipelines import manual_iku

    assert manual_iku.MANUAL_DOC.read_text(encoding="utf-8") == manual_iku.markdown(), (
        "run python -m pipelines.manual_iku"
    )
    doc = manual_iku.MANUAL_DOC.read_text(encoding="utf-8")
    assert "## Renstra 2020-2024" in doc
    assert "| IKU2 | Penurunan Kasus Pekerja Migran Indonesia |" in doc
