"""What the command line says, in Bahasa Indonesia (the default) or English.

The rules of the raw-feed contract have short codes (``not_allowed_value``,
``out_of_period``); the data officer reads them here in plain words. The
language is the command line's ``--lang`` or the setting ``REFRESH_LANG``
(``id`` or ``en``). Numbers are written by Babel in the language's own way
(``25.207`` in Indonesian, ``25,207`` in English).
"""

from __future__ import annotations

from babel.numbers import format_decimal

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"

# Row rules (audit.quarantine.rule) and file rules (FeedFileError.rule), in plain words.
RULES: dict[str, dict[str, str]] = {
    "missing_value": {
        "id": "kolom wajib kosong",
        "en": "a required value is empty",
    },
    "not_allowed_value": {
        "id": "nilai tidak ada dalam daftar yang diizinkan kontrak",
        "en": "the value is not in the contract's list",
    },
    "bad_format": {
        "id": "bentuk nilai salah (NIK: 16 angka)",
        "en": "the value has the wrong shape (NIK: 16 digits)",
    },
    "out_of_range": {
        "id": "angka di luar batas yang wajar",
        "en": "a number outside its allowed range",
    },
    "out_of_period": {
        "id": "tanggal di luar bulan/tahun berkasnya",
        "en": "the date lies outside the file's month or year",
    },
    "repeated_header": {
        "id": "baris judul kolom terulang (berkas digabung?)",
        "en": "the header row is repeated (files pasted together?)",
    },
    "one_sex_marked": {
        "id": "harus tepat satu dari L dan P yang ditandai",
        "en": "exactly one of L and P must be marked",
    },
    "duplicate": {
        "id": "ID sudah dimuat dari baris lain",
        "en": "the id is already loaded from another row",
    },
    "control_character": {
        "id": "sel berisi karakter kendali (ekspor rusak?)",
        "en": "a cell holds a control character (a damaged export?)",
    },
    "invalid_date": {
        "id": "bukan tanggal yang sah",
        "en": "not a valid date",
    },
    "invalid_number": {
        "id": "bukan angka yang sah",
        "en": "not a valid number",
    },
    "invalid_money": {
        "id": "bukan jumlah rupiah yang sah",
        "en": "not a valid amount of Rupiah",
    },
    "invalid_integer": {
        "id": "bukan bilangan bulat yang sah",
        "en": "not a valid whole number",
    },
    "invalid_flag": {
        "id": "tanda tidak dikenal (hanya ✓ atau kosong)",
        "en": "an unknown mark (only ✓ or empty)",
    },
    "file_name": {
        "id": "nama berkas tidak sesuai pola kontrak",
        "en": "the file name does not follow the contract's pattern",
    },
    "missing_folder": {
        "id": "folder feed tidak ada",
        "en": "a feed folder is missing",
    },
    "missing_column": {
        "id": "kolom wajib tidak ada di baris judul",
        "en": "a required column is missing from the header",
    },
    "duplicate_column": {
        "id": "nama kolom muncul dua kali",
        "en": "a column name appears twice",
    },
    "missing_sheet": {
        "id": "lembar kerja (sheet) tidak ditemukan",
        "en": "the workbook lacks the contract's sheet",
    },
    "csv_format": {
        "id": "bukan CSV yang bisa dibaca",
        "en": "not a readable CSV file",
    },
    "xlsx_format": {
        "id": "bukan buku kerja XLSX yang bisa dibaca",
        "en": "not a readable XLSX workbook",
    },
    "xlsx_too_large": {
        "id": "buku kerja terlalu besar setelah dibuka",
        "en": "the workbook is too large once uncompressed",
    },
    "empty_file": {
        "id": "berkas kosong",
        "en": "the file is empty",
    },
    "encoding": {
        "id": "bukan UTF-8 (simpan ulang sebagai CSV UTF-8)",
        "en": "not UTF-8 (save again as CSV UTF-8)",
    },
    "delimiter": {
        "id": "pemisah kolom bukan ';'",
        "en": "the fields are not separated by ';'",
    },
    "symlink": {
        "id": "tautan simbolik ke luar direktori raw",
        "en": "a symbolic link out of the raw directory",
    },
    "unreadable": {
        "id": "berkas tidak bisa dibaca (izin akses?)",
        "en": "the file cannot be read (its permissions?)",
    },
    "not_a_file": {
        "id": "bukan berkas biasa",
        "en": "not a regular file",
    },
    "unknown_value": {
        "id": "ejaan tidak dikenal daftar rujukan",
        "en": "a spelling the reference list does not know",
    },
    "schema": {
        "id": "isi berkas melanggar kontrak",
        "en": "the file's content breaks the contract",
    },
}

TEXTS: dict[str, dict[str, str]] = {
    "succeeded_rejected": {
        "id": "Refresh berhasil, {count} berkas ditolak: {path}. Berkas lain dimuat dan "
        "diterbitkan; untuk berkas yang ditolak, versi yang diterima sebelumnya (bila ada) "
        "tetap dipakai.",
        "en": "Refresh succeeded, {count} file(s) rejected: {path}. Every other file was "
        "loaded and published; for a rejected file the version accepted before it (if any) "
        "stays.",
    },
    "still_rejected": {
        "id": "Masih ada {count} berkas yang ditolak dan belum diperbaiki: lihat {path}",
        "en": "{count} rejected file(s) are still not fixed: see {path}",
    },
    "rejected_files": {
        "id": "Berkas DITOLAK (tidak dimuat; perbaiki lalu kirim ulang):",
        "en": "Files REJECTED (not loaded; fix and deliver them again):",
    },
    "error_workbooks": {
        "id": "Daftar lengkap kesalahan per berkas (buka dengan Excel): {path}",
        "en": "Every fault, a workbook per file (open with Excel): {path}",
    },
    "check_files_rejected": {
        "id": "{count} berkas ditolak: lihat daftar di metadata dan buku kerja di kesalahan/",
        "en": "{count} file(s) rejected: see the list in the metadata and the workbooks in "
        "kesalahan/",
    },
    "errorbook_title": {"id": "Kesalahan dalam berkas {file}", "en": "Faults of the file {file}"},
    "errorbook_status_rejected": {
        "id": "Berkas ini DITOLAK seluruhnya: tidak ada barisnya yang dimuat. Versi yang "
        "diterima sebelumnya (bila ada) tetap dipakai sampai berkas ini diperbaiki.",
        "en": "This file was REJECTED whole: none of its rows was loaded. The version accepted "
        "before it (if any) stays until it is fixed.",
    },
    "errorbook_status_rows": {
        "id": "{rows} baris dikarantina (tidak dihitung); baris lain sudah dimuat.",
        "en": "{rows} row(s) quarantined (not counted); the other rows are loaded.",
    },
    "errorbook_how": {
        "id": "Buka berkas aslinya di samping daftar ini, perbaiki setiap baris yang disebut, "
        "simpan dengan nama yang sama, lalu taruh kembali di folder raw.",
        "en": "Open the original file beside this list, fix every row named, save it under "
        "the same name and put it back in the raw folder.",
    },
    "errorbook_status_warnings": {
        "id": "{rows} baris dengan ejaan yang tidak dikenal daftar rujukan (tetap dihitung; "
        "perbaiki ejaannya, atau tambahkan ke daftar rujukan bila memang benar).",
        "en": "{rows} row(s) with a spelling the reference list does not know (still counted; "
        "fix the spelling, or add it to the reference list if it is right).",
    },
    "errorbook_warning": {"id": "PERINGATAN: {rule}", "en": "WARNING: {rule}"},
    "summary_warnings": {
        "id": "{rows} baris memakai ejaan yang tidak dikenal daftar rujukan (tetap dihitung); "
        "lihat marts.dq_findings (unknown_value).",
        "en": "{rows} row(s) use a spelling the reference list does not know (still counted); "
        "see marts.dq_findings (unknown_value).",
    },
    "errorbook_personal": {
        "id": "(data pribadi, tidak ditampilkan)",
        "en": "(personal data, not shown)",
    },
    "errorbook_empty": {"id": "(kosong)", "en": "(empty)"},
    "errorbook_file_rejected": {
        "id": "BERKAS DITOLAK: {rule}",
        "en": "FILE REJECTED: {rule}",
    },
    "feed": {"id": "feed", "en": "feed"},
    "files": {"id": "berkas", "en": "files"},
    "loaded": {"id": "baris dimuat", "en": "rows loaded"},
    "quarantined": {"id": "dikarantina", "en": "quarantined"},
    "row": {"id": "baris", "en": "row"},
    "column": {"id": "kolom", "en": "column"},
    "total": {"id": "jumlah", "en": "total"},
    "progress_feed": {
        "id": "{feed}: {files} berkas, {loaded} baris dimuat, {quarantined} dikarantina",
        "en": "{feed}: {files} file(s), {loaded} row(s) loaded, {quarantined} quarantined",
    },
    "progress_feed_rejected": {
        "id": "{feed}: {files} berkas ({rejected} DITOLAK), {loaded} baris dimuat, "
        "{quarantined} dikarantina",
        "en": "{feed}: {files} file(s) ({rejected} REJECTED), {loaded} row(s) loaded, "
        "{quarantined} quarantined",
    },
    "progress_unchanged": {"id": "tidak berubah", "en": "unchanged"},
    "progress_step": {
        "raw_files": {"id": "memeriksa direktori raw", "en": "checking the raw directory"},
        "warehouse_models": {
            "id": "membangun dan menguji model dbt",
            "en": "building and testing the dbt models",
        },
        "published_warehouse": {
            "id": "menulis laporan LKj dan menerbitkan",
            "en": "writing the LKj reports and publishing",
        },
    },
    "first_bad_rows": {
        "id": "Baris pertama yang harus diperbaiki, per berkas:",
        "en": "First row to fix, per file:",
    },
    "more_files": {
        "id": "... dan {count} berkas lain: lihat marts.fct_quarantine_summary",
        "en": "... and {count} more file(s): see marts.fct_quarantine_summary",
    },
    "succeeded": {"id": "Refresh berhasil: {path}", "en": "Refresh succeeded: {path}"},
    "reports_done": {
        "id": "laporan: {written} ditulis, {kept} tetap, {removed} dihapus; workbook nasional: "
        "{national_written} ditulis, {national_removed} dihapus: {path}",
        "en": "reports: {written} written, {kept} kept, {removed} removed; national workbooks: "
        "{national_written} written, {national_removed} removed: {path}",
    },
    "failed": {
        "id": "Refresh GAGAL: tidak ada yang diterbitkan, gudang data tetap seperti sebelumnya.",
        "en": "Refresh FAILED: nothing was published, the warehouse is as it was.",
    },
    "error_in": {"id": "Galat di {step}: {message}", "en": "Error in {step}: {message}"},
    "check_failed": {"id": "Pemeriksaan gagal: {check}", "en": "Check failed: {check}"},
    "log_file": {"id": "Log lengkap: {path}", "en": "Full log: {path}"},
    "quarantine_hint": {
        "id": "{rows} baris dikarantina; perbaiki berkasnya lalu jalankan refresh lagi "
        "(docs/operations.md).",
        "en": "{rows} row(s) quarantined; fix the files and run the refresh again "
        "(docs/operations.md).",
    },
    "validate_ok": {
        "id": "Validasi: {files} berkas sesuai kontrak; {rows} baris akan dikarantina.",
        "en": "Validation: {files} file(s) follow the contract; {rows} row(s) would be "
        "quarantined.",
    },
    "validate_rejected": {
        "id": "Validasi: {count} berkas akan DITOLAK (lihat daftar di atas); tidak ada yang "
        "dimuat atau diterbitkan.",
        "en": "Validation: {count} file(s) would be REJECTED (see the list above); nothing "
        "was loaded or published.",
    },
    "validate_every_row": {
        "id": "Semua baris yang harus diperbaiki:",
        "en": "Every row to fix:",
    },
    "nothing_to_do": {
        "id": "Tidak ada yang perlu dikerjakan: sejak publikasi {at} UTC (run {run_id}) "
        "{files} berkas raw, aturan, proyek dbt dan kode laporan tidak berubah. Gudang data "
        "tetap seperti itu (--force untuk tetap menjalankan refresh).",
        "en": "Nothing to do: since the publish of {at} UTC (run {run_id}) the {files} raw "
        "file(s), the rules, the dbt project and the report code are unchanged. The "
        "warehouse stays as it is (--force runs the refresh all the same).",
    },
    "lake_published": {
        "id": "Lake {lake}: snapshot {snapshot} diterbitkan, {tables} tabel dengan {rows} baris "
        "ditulis.",
        "en": "Lake {lake}: snapshot {snapshot} published, {tables} table(s) with {rows} row(s) "
        "written.",
    },
    "lake_behind": {
        "id": "PERINGATAN: lake {lake} sekarang tertinggal. Terakhir diterbitkan ke sana pada "
        "{at} UTC (snapshot {snapshot}); refresh ini tidak menerbitkan ke lake karena "
        "WAREHOUSE_URL tidak diisi. Untuk menyusulkannya, isi WAREHOUSE_URL dan "
        "WAREHOUSE_DATA_PATH seperti sebelumnya lalu jalankan refresh lagi.",
        "en": "WARNING: the lake {lake} is now behind. It was last published to at {at} UTC "
        "(snapshot {snapshot}); this refresh did not publish to it, WAREHOUSE_URL being unset. "
        "To catch it up, set WAREHOUSE_URL and WAREHOUSE_DATA_PATH as before and run the "
        "refresh again.",
    },
    "lake_unreachable": {
        "id": "Lake di WAREHOUSE_URL ({lake}) tidak bisa dihubungi. Periksa WAREHOUSE_URL "
        "dan apakah server PostgreSQL-nya berjalan. Sebabnya: {reason}",
        "en": "The lake of WAREHOUSE_URL ({lake}) cannot be reached. Check WAREHOUSE_URL "
        "and that its PostgreSQL server is running. The cause: {reason}",
    },
    "locked": {
        "id": "Refresh lain sedang berjalan untuk gudang data ini: {holder}. Tunggu sampai "
        "selesai, atau pakai --wait.",
        "en": "Another refresh of this warehouse is running: {holder}. Wait until it ends, "
        "or use --wait.",
    },
}


def language(value: str | None) -> str:
    """A supported language from a setting (``id`` when empty)."""
    lang = (value or DEFAULT_LANGUAGE).strip().lower()[:2]
    if lang not in LANGUAGES:
        raise ValueError(f"language {value!r} is not one of {', '.join(LANGUAGES)}")
    return lang


def rule_text(rule: str, lang: str) -> str:
    """A rule in plain words, with its code behind it: ``kolom wajib kosong (missing_value)``."""
    words = RULES.get(rule, {}).get(lang)
    return f"{words} ({rule})" if words else rule


def text(key: str, lang: str, **values: object) -> str:
    """A sentence of the command line in ``lang``, with ``values`` put in."""
    return TEXTS[key][lang].format(**values)


def step_text(step: str, lang: str) -> str | None:
    """What a step of the refresh does, in words (None for the feed steps)."""
    entry = TEXTS["progress_step"].get(step)
    return entry[lang] if entry else None


def number(value: int | float, lang: str) -> str:
    """A number as the language writes it."""
    return format_decimal(value, locale="id_ID" if lang == "id" else "en_US")


def file_error_text(error, lang: str) -> str:
    """Why a file was refused whole (a :class:`~pipelines.lib.errors.FeedFileError`), in ``lang``:
    the rule in words, then the detail (which names the column, the row, the hint)."""
    if lang == "en":
        return f"{rule_text(error.rule, lang)}: {error.detail}"
    translated = getattr(error, "detail_text", None)
    detail = translated(lang) if callable(translated) else error.detail
    return f"{rule_text(error.rule, lang)}: {detail}"


# How to fix what each rule refuses (the error workbook's last column).
FIXES: dict[str, dict[str, str]] = {}


def rule_fix(rule: str, lang: str) -> str:
    """How to fix what ``rule`` refuses, in ``lang`` (empty when nothing is written)."""
    return FIXES.get(rule, {}).get(lang, "")


def error_text(error: Exception, lang: str) -> str:
    """An error of ours as the operator reads it in ``lang``: a refused file as
    ``path: [rule] why``, any other by its own sentence (``error.text(lang)`` where it has
    one)."""
    rule = getattr(error, "rule", None)
    if rule is not None and hasattr(error, "path"):
        if lang == "en":
            return str(error)
        where = f"{error.path}, {text('row', lang)} {error.row}" if error.row else error.path
        translated = getattr(error, "detail_text", None)
        return f"{where}: [{rule}] {translated(lang) if callable(translated) else error.detail}"
    translated = getattr(error, "text", None)
    return translated(lang) if callable(translated) else str(error)
