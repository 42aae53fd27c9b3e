"""The operator's sentences in Bahasa Indonesia: the gettext catalog, and what reads it.

Every sentence the code marks (``Message("...")``, ``N_("...")``) is found by
Babel's own extractor with the project's ``babel.cfg``, as ``make messages``
finds it, and must have its translation in the catalog a translator edits.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from pipelines.contract.specs import FEEDS
from pipelines.lib import i18n, messages
from pipelines.lib.errors import FeedFileError
from pipelines.lib.i18n import Either, Message, Number
from pipelines.lib.ingest import AUDIT_DDL, LOADER_VERSION, read_file
from tests.conftest import PROJECT_ROOT, SMALL_OFFICE, ingest_feeds

CORPUS = PROJECT_ROOT / "tests" / "fixtures" / "bad_inputs"
JANUARY = "penempatan/penempatan_TESTC_2024-01.csv"
PLACEMENTS = next(spec for spec in FEEDS["penempatan"] if spec.table == "penempatan")


def extracted_msgids() -> set[str]:
    """Every sentence marked in pipelines/, found as `make messages` finds it (babel.cfg)."""
    with (PROJECT_ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    found = extract_from_dir(str(PROJECT_ROOT / "pipelines"), method_map, options_map)
    return {message for _, _, message, _, _ in found}


def catalog():
    with i18n.catalog_path("id").open("rb") as po:
        return read_po(po, locale="id")


def test_every_marked_sentence_has_its_indonesian_translation() -> None:
    msgids = extracted_msgids()
    assert len(msgids) > 150  # the rules, the file errors, the row details, the command line
    assert "required column(s) missing: {columns}" in msgids
    assert "{column}: {value} is not a valid {kind}: {reason}" in msgids
    entries = {m.id: m for m in catalog() if m.id}
    assert set(entries) == msgids, "run `make messages` (docs/translations.md)"
    for msgid, entry in entries.items():
        assert entry.string.strip(), f"no translation: {msgid!r}"
        assert not entry.fuzzy, f"fuzzy (to be checked): {msgid!r}"
        # A placeholder the English sentence does not give would make it fall back to English.
        assert i18n.placeholders(entry.string) == i18n.placeholders(msgid), msgid


def test_every_rule_says_its_words_and_its_fix_in_both_languages() -> None:
    for code, rule in messages.RULES.items():
        for lang in messages.LANGUAGES:
            assert messages.rule_fix(code, lang), (code, lang)
        assert messages.rule_fix(code, "id") != rule.fix, code  # translated, not copied
        assert messages.rule_text(code, "id") != messages.rule_text(code, "en"), code
    assert messages.rule_fix("missing_column", "id") == (
        "Perbaiki baris judul berkas: nama kolom harus persis seperti di kontrak "
        "(docs/raw-feeds.md)"
    )
    assert messages.rule_fix("bad_format", "id").startswith("NIK harus 16 angka tanpa spasi")
    assert messages.rule_fix("invalid_date", "id").startswith(
        "Tulis tanggal sebagai DD/MM/YYYY, mis. 14/02/2025"
    )
    assert messages.rule_fix("no_such_rule", "id") == ""


def test_a_message_says_its_values_the_languages_way() -> None:
    inner = Message("{length} digits, {required} required", length=15, required="16")
    outer = Message("{column}: {problem}", column="NIK", problem=inner)
    assert outer.render("id") == "NIK: 15 angka, harus 16"
    assert str(outer) == "NIK: 15 digits, 16 required"
    size = Message(
        "the workbook's parts take {size} MB once uncompressed; {setting}",
        size=Number(1234.56, 1),
        setting=Message("the limit is {limit} MB (setting XLSX_MAX_UNCOMPRESSED_MB)", limit="64"),
    )
    assert size.render("en").startswith("the workbook's parts take 1,234.6 MB once")
    assert size.render("id") == (
        "isi buku kerja menjadi 1.234,6 MB setelah dibuka; batasnya 64 MB "
        "(pengaturan XLSX_MAX_UNCOMPRESSED_MB)"
    )
    names = Message("not a file of feed {feed} ({names})", feed="'x'", names=Either(("a", "b")))
    assert names.render("id") == "bukan berkas feed 'x' (a atau b)"
    assert names.render("en") == "not a file of feed 'x' (a or b)"
    assert Message("a sentence no catalog has").render("id") == "a sentence no catalog has"


def test_the_catalog_is_read_without_a_compile_step(tmp_path: Path) -> None:
    """A fresh clone has the .po only; a .mo older than its .po is not used."""
    po = tmp_path / "messages.po"
    shutil.copyfile(i18n.catalog_path("id"), po)
    fresh = i18n.read_catalog(po, "id")
    assert fresh.gettext("no such day") == "tanggal itu tidak ada di kalender"
    stale = catalog()
    stale.get("no such day").string = "usang"
    with po.with_suffix(".mo").open("wb") as mo:
        write_mo(mo, stale)
    os.utime(po.with_suffix(".mo"), (1, 1))
    assert i18n.read_catalog(po, "id").gettext("no such day") == "tanggal itu tidak ada di kalender"
    os.utime(po, (0, 0))  # now the .mo is the newer: compiled by `make messages`
    assert i18n.read_catalog(po, "id").gettext("no such day") == "usang"


def test_a_wrong_header_is_named_in_indonesian_with_its_suggestion() -> None:
    """The renamed-column case of docs/input-errors.md, read as the ingest reads it."""
    raw = CORPUS / "renamed_column"
    with pytest.raises(FeedFileError) as caught:
        read_file(PLACEMENTS, raw / JANUARY, raw, xlsx_max_uncompressed_mb=100)
    error = caught.value
    assert (error.rule, error.row) == ("missing_column", None)
    assert str(error) == (
        f"{raw / JANUARY}: [missing_column] required column(s) missing: "
        "TANGGAL_PENEMPATAN (is it 'TGL_PENEMPATAN'?)"
    )
    assert error.detail_text("id") == (
        "kolom wajib tidak ada: TANGGAL_PENEMPATAN (mungkin maksudnya 'TGL_PENEMPATAN'?)"
    )
    assert error.text("id") == f"{raw / JANUARY}: [missing_column] {error.detail_text('id')}"


def test_a_row_number_is_said_in_indonesian_too() -> None:
    raw = CORPUS / "windows_1252"
    with pytest.raises(FeedFileError) as caught:
        read_file(PLACEMENTS, raw / JANUARY, raw, xlsx_max_uncompressed_mb=100)
    assert caught.value.text("id") == (
        f"{raw / JANUARY}, baris 3: [encoding] bukan UTF-8: byte 0xE9 tidak bisa dibaca "
        "(hasil ekspor Windows-1252?); simpan ulang berkas sebagai CSV UTF-8"
    )


def write_placements(raw: Path, *rows: str) -> None:
    header = (CORPUS / "out_of_period" / JANUARY).read_text().splitlines()[0]
    (raw / "penempatan").mkdir(parents=True)
    (raw / JANUARY).write_text("\n".join([header, *rows]) + "\n")


def placement(row_id: str, date: str, nik: str = "9912345678900001") -> str:
    return (
        f"{row_id};{nik};Nama Contoh;P;{date};P4MI Cilacap;BP3MI/P4MI;P to P;Informal;"
        "Hongkong;House Maid;Kab. Cilacap;PT. Contoh"
    )


def quarantine(warehouse: Path) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(
            "select source_row, rule, detail, detail_id from audit.quarantine order by all"
        ).fetchall()


def test_a_quarantined_row_says_why_in_both_languages(tmp_path: Path) -> None:
    """A bad date, a short NIK and a repeated id, in audit.quarantine of a real warehouse."""
    raw = tmp_path / "raw"
    write_placements(
        raw,
        placement("A1", "05/01/2024"),
        placement("A2", "2024-01-14"),  # ISO, not DD/MM/YYYY
        placement("A3", "06/01/2024", nik="991234567890000"),  # 15 digits
        placement("A1", "07/01/2024"),  # A1 again
    )
    warehouse = tmp_path / "w.duckdb"
    assert ingest_feeds(raw, warehouse, {"penempatan"}).success
    assert quarantine(warehouse) == [
        (
            3,
            "invalid_date",
            "TANGGAL_PENEMPATAN: '2024-01-14' is not a valid date: write a date as DD/MM/YYYY",
            "TANGGAL_PENEMPATAN: '2024-01-14' bukan tanggal yang sah: tulis tanggal sebagai "
            "DD/MM/YYYY",
        ),
        (4, "bad_format", "NIK: 15 digits, 16 required", "NIK: 15 angka, harus 16"),
        (
            5,
            "duplicate",
            f"ID_PMI: A1 is already loaded from {JANUARY} row 2",
            f"ID_PMI: A1 sudah dimuat dari {JANUARY} baris 2",
        ),
    ]


def test_a_warehouse_from_before_detail_id_is_read_again(tmp_path: Path) -> None:
    """An older loader's warehouse: its quarantine gains the column, its files are read again."""
    raw = tmp_path / "raw"
    write_placements(raw, placement("A1", "05/01/2024"), placement("A2", "2024-01-14"))
    warehouse = tmp_path / "w.duckdb"
    assert ingest_feeds(raw, warehouse, {"penempatan"}).success
    with duckdb.connect(str(warehouse)) as con:
        con.execute("alter table audit.quarantine drop column detail_id")
        con.execute("update audit.file_ledger set loader_fingerprint = 'loader 3'")
    assert LOADER_VERSION != "3"
    assert ingest_feeds(raw, warehouse, {"penempatan"}).success
    [(row, rule, _, detail_id)] = quarantine(warehouse)
    assert (row, rule) == (3, "invalid_date")
    assert detail_id.endswith("bukan tanggal yang sah: tulis tanggal sebagai DD/MM/YYYY")
    with duckdb.connect(str(warehouse)) as con:  # the DDL runs again on it unharmed
        con.execute(AUDIT_DDL)
        assert con.execute("select count(*) from audit.quarantine").fetchone() == (1,)


def test_validate_prints_a_rejected_file_in_indonesian(tmp_path: Path) -> None:
    raw = Path(shutil.copytree(SMALL_OFFICE, tmp_path / "raw"))
    target = raw / "penempatan" / "penempatan_TESTB_2025-01.csv"
    target.write_text(target.read_text().replace("TANGGAL_PENEMPATAN", "TGL_PENEMPATAN", 1))
    env = {k: v for k, v in os.environ.items() if k != "REFRESH_LANG"}
    errors_dir = ("--errors-dir", str(tmp_path / "kesalahan"))
    run = subprocess.run(
        [sys.executable, "-m", "pipelines", "validate", "--raw-dir", str(raw), *errors_dir],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    assert run.returncode == 1, run.stderr
    [line] = [line for line in run.stdout.splitlines() if "penempatan_TESTB_2025-01.csv:" in line]
    assert line.endswith(
        "kolom wajib tidak ada: TANGGAL_PENEMPATAN (mungkin maksudnya 'TGL_PENEMPATAN'?)"
    )
    assert (
        "  -> Perbaiki baris judul berkas: nama kolom harus persis seperti di kontrak "
        "(docs/raw-feeds.md)"
    ) in run.stdout.splitlines()
    assert "Validasi: 1 berkas akan DITOLAK" in run.stderr


def test_every_file_error_of_the_project_says_a_message() -> None:
    """A FeedFileError's detail is a Message (or a name bound to one), never bare text."""
    import ast

    bare, calls = [], 0
    for path in (PROJECT_ROOT / "pipelines").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "FeedFileError"):
                continue
            calls += 1
            detail = node.args[2] if len(node.args) > 2 else None
            if isinstance(detail, ast.Constant | ast.JoinedStr | ast.BinOp) or detail is None:
                bare.append(f"{path.relative_to(PROJECT_ROOT)}:{node.lineno}")
    assert calls > 20 and not bare
