"""The command line's words: every rule of the contract in plain words, in both languages.

That every sentence has its Indonesian in the catalog is tests/test_i18n.py's.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipelines.lib import i18n, messages
from tests.conftest import PROJECT_ROOT


def documented_rules() -> set[str]:
    """The rule codes of the tables in docs/raw-feeds.md ("Quarantine rules", "File rules")."""
    text = (PROJECT_ROOT / "docs" / "raw-feeds.md").read_text()
    rules = set()
    for section in ("## Quarantine rules", "## File rules"):
        body = text.split(section, 1)[1].split("\n## ", 1)[0]
        for line in body.splitlines():
            if line.startswith("| `"):
                rules.update(re.findall(r"`([a-z_]+)`", line.split("|")[1]))
    return rules


def test_every_documented_rule_has_plain_words_in_both_languages() -> None:
    rules = documented_rules()
    assert {"missing_value", "out_of_period", "file_name", "xlsx_too_large"} <= rules
    for rule in sorted(rules):
        words = {lang: messages.rule_text(rule, lang) for lang in messages.LANGUAGES}
        fixes = {lang: messages.rule_fix(rule, lang) for lang in messages.LANGUAGES}
        assert words["en"] == f"{messages.RULES[rule].words} ({rule})"
        assert words["id"] != words["en"] and fixes["id"] != fixes["en"], rule
    assert set(messages.RULES) == rules  # and none that the contract does not name


def test_every_text_in_both_languages() -> None:
    assert messages.text("succeeded", "id", path="w.duckdb") == "Refresh berhasil: w.duckdb"
    assert messages.text("succeeded", "en", path="w.duckdb") == "Refresh succeeded: w.duckdb"
    assert messages.text("more_files", "id", count=1200).startswith("... dan 1.200 berkas lain")
    assert messages.step_text("raw_files", "id") == "memeriksa direktori raw"
    assert messages.step_text("raw_penempatan", "id") is None
    for key, msgid in messages.TEXTS.items():
        values = {name: "x" for name in i18n.placeholders(msgid)}
        if key not in ("feed", "progress_feed", "error_in", "check_failed", "log_file"):
            assert messages.text(key, "id", **values) != messages.text(key, "en", **values), key


@pytest.mark.parametrize(("lang", "expected"), [("id", "25.207"), ("en", "25,207")])
def test_numbers_as_each_language_writes_them(lang: str, expected: str) -> None:
    assert messages.number(25207, lang) == expected
    assert messages.rule_text("invalid_date", lang).endswith("(invalid_date)")
    assert messages.rule_text("no_such_rule", lang) == "no_such_rule"


def test_a_language_not_offered_is_refused() -> None:
    assert messages.language(None) == "id"
    assert messages.language("EN") == "en"
    with pytest.raises(ValueError, match="not one of id, en"):
        messages.language("fr")


def test_the_summary_prints_thousands_as_they_are(warehouse: Path, tmp_path: Path) -> None:
    """'2.000' rows is two thousand: the table writer must not read it as the number 2,0
    (it did: 'penempatan 48 2 0')."""
    import shutil

    import duckdb

    from pipelines.lib.summary import render

    copy = tmp_path / "warehouse.duckdb"
    shutil.copyfile(warehouse, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute(  # the sample's 12 monthly placement files, 2.000 rows each
            "update audit.file_ledger set rows_loaded = 2000 "
            "where status = 'current' and feed = 'penempatan'"
        )
        text = render(con, "id")
    row = next(line for line in text.splitlines() if line.startswith("penempatan"))
    assert row.split() == ["penempatan", "12", "24.000", "0"]
