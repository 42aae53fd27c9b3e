"""What the command line says, in Bahasa Indonesia (the default) or English.

The rules of the raw-feed contract have short codes (``not_allowed_value``,
``out_of_period``); the data officer reads them here in plain words, each
with how to fix it. The language is the command line's ``--lang`` or the
setting ``REFRESH_LANG`` (``id`` or ``en``). Numbers are written by Babel in
the language's own way (``25.207`` in Indonesian, ``25,207`` in English).

Every sentence is declared here once, in English (``N_``); its Indonesian is
in the gettext catalog (:mod:`pipelines.lib.i18n`, ``docs/translations.md``).
"""

from __future__ import annotations

from dataclasses import dataclass

from pipelines.lib import i18n
from pipelines.lib.i18n import N_

LANGUAGES = i18n.LANGUAGES
DEFAULT_LANGUAGE = LANGUAGES[0]


@dataclass(frozen=True)
class Rule:
    """A rule of the contract: what it means, and how the clerk fixes a file that breaks it."""

    words: str
    fix: str


# Row rules (audit.quarantine.rule) and file rules (FeedFileError.rule), in plain words.
RULES: dict[str, Rule] = {
    "missing_value": Rule(
        N_("a required value is empty"),
        N_("Fill in the empty cell: the contract requires a value in this column"),
    ),
    "not_allowed_value": Rule(
        N_("the value is not in the contract's list"),
        N_(
            "Use one of the values the contract lists for this column, spelled the same way "
            "(docs/raw-feeds.md)"
        ),
    ),
    "bad_format": Rule(
        N_("the value has the wrong shape (NIK: 16 digits)"),
        N_("A NIK is 16 digits, without spaces, dots or letters"),
    ),
    "out_of_range": Rule(
        N_("a number outside its allowed range"),
        N_(
            "Check the number against the range the detail names (month 1-12, quarter 1-4, "
            "score 0-100, no negative amounts)"
        ),
    ),
    "out_of_period": Rule(
        N_("the date lies outside the file's month or year"),
        N_(
            "Check the date, or move the row to the file of its month or year (the period is "
            "in the file name)"
        ),
    ),
    "repeated_header": Rule(
        N_("the header row is repeated (files pasted together?)"),
        N_("Delete the repeated header row: files pasted together keep only the first header"),
    ),
    "one_sex_marked": Rule(
        N_("exactly one of L and P must be marked"),
        N_("Mark exactly one of the columns L and P with ✓ and leave the other empty"),
    ),
    "indicator_not_of_year": Rule(
        N_("the indicator code is not one of the file's year"),
        N_(
            "Write the code of an indicator of the year in the file name (the form of "
            "python -m pipelines narasi lists them), or move the row to that year's file"
        ),
    ),
    "indicator_repeated": Rule(
        N_("the indicator has a row above already"),
        N_("Keep one row per indicator: put the text of both rows in one and delete the other"),
    ),
    "duplicate": Rule(
        N_("the id is already loaded from another row"),
        N_(
            "Delete the repeated row, or correct its ID if it is another record (the detail "
            "names the row loaded first)"
        ),
    ),
    "control_character": Rule(
        N_("a cell holds a control character (a damaged export?)"),
        N_("Export the file again from the source system; if it comes back, retype the cell"),
    ),
    "invalid_date": Rule(
        N_("not a valid date"),
        N_(
            "Write the date as DD/MM/YYYY, e.g. 14/02/2025 (in a workbook: a date cell, or "
            "14 Februari 2025)"
        ),
    ),
    "invalid_number": Rule(
        N_("not a valid number"),
        N_(
            "Write the number the Indonesian way, e.g. 1.234.567,89 (a dot groups thousands, "
            "a comma marks the decimals)"
        ),
    ),
    "invalid_money": Rule(
        N_("not a valid amount of Rupiah"),
        N_("Write the amount as 1.234.567,89 or 1234567 (at most 2 decimals, without 'Rp')"),
    ),
    "invalid_integer": Rule(
        N_("not a valid whole number"),
        N_("Write a whole number without decimals, e.g. 1.234 or 1234"),
    ),
    "invalid_flag": Rule(
        N_("an unknown mark (only ✓ or empty)"),
        N_("Mark the cell with ✓, or leave it empty"),
    ),
    "file_name": Rule(
        N_("the file name does not follow the contract's pattern"),
        N_(
            "Rename the file as the contract says, <feed>_<OFFICE>_<PERIOD>.<ext>, e.g. "
            "penempatan_JATENG_2024-03.csv (docs/raw-feeds.md)"
        ),
    ),
    "missing_folder": Rule(
        N_("a feed folder is missing"),
        N_(
            "Check that the raw directory is mounted and has the feed's folder (an empty "
            "folder is fine)"
        ),
    ),
    "missing_column": Rule(
        N_("a required column is missing from the header"),
        N_(
            "Correct the file's header row: the column names must be exactly as in the "
            "contract (docs/raw-feeds.md)"
        ),
    ),
    "duplicate_column": Rule(
        N_("a column name appears twice"),
        N_("Keep one column of that name in the header row: delete or rename the other"),
    ),
    "missing_sheet": Rule(
        N_("the workbook lacks the contract's sheet"),
        N_(
            "Name the data sheet as the contract says (docs/raw-feeds.md), or save the file "
            "from the right template"
        ),
    ),
    "csv_format": Rule(
        N_("not a readable CSV file"),
        N_(
            "Open the file at the row named and correct its quotes and ';', or export it "
            "again as CSV"
        ),
    ),
    "xlsx_format": Rule(
        N_("not a readable XLSX workbook"),
        N_("Open the file in Excel and save it again as an Excel Workbook (.xlsx)"),
    ),
    "xlsx_too_large": Rule(
        N_("the workbook is too large once uncompressed"),
        N_(
            "Delete the stray cells beyond the data and save again, or split the file (the "
            "limit is the setting XLSX_MAX_UNCOMPRESSED_MB)"
        ),
    ),
    "empty_file": Rule(
        N_("the file is empty"),
        N_("Export the file again, with its header row and its rows"),
    ),
    "encoding": Rule(
        N_("not UTF-8 (save again as CSV UTF-8)"),
        N_("Save the file again as CSV UTF-8 (in Excel: Save As, CSV UTF-8)"),
    ),
    "delimiter": Rule(
        N_("the fields are not separated by ';'"),
        N_("Save the file again with ';' between the fields, as the contract says"),
    ),
    "symlink": Rule(
        N_("a symbolic link out of the raw directory"),
        N_(
            "Copy the file itself into the raw directory, not a link to it (or set "
            "RAW_FOLLOW_SYMLINKS=1)"
        ),
    ),
    "unreadable": Rule(
        N_("the file cannot be read (its permissions?)"),
        N_("Check the file's permissions, or copy it in again"),
    ),
    "not_a_file": Rule(
        N_("not a regular file"),
        N_("Put a regular file in its place (not a link to nothing, a pipe or a device)"),
    ),
    "unknown_value": Rule(
        N_("a spelling the reference list does not know"),
        N_(
            "Correct the spelling in the file (the detail suggests the closest known one), or "
            "add it to the reference list (dbt_project/seeds/) if it is right"
        ),
    ),
    "schema": Rule(
        N_("the file's content breaks the contract"),
        N_(
            "Report it with the log to the warehouse's maintainers: a fault of the pipeline, "
            "not of the file"
        ),
    ),
}

# What a step of the refresh does, in words (the feed steps say their counts instead).
STEPS: dict[str, str] = {
    "raw_files": N_("checking the raw directory"),
    "warehouse_models": N_("building and testing the dbt models"),
    "published_warehouse": N_("writing the LKj reports and publishing"),
    "deliveries_on_time": N_("checking which deliveries are overdue"),
}

TEXTS: dict[str, str] = {
    "succeeded_rejected": N_(
        "Refresh succeeded, {count} file(s) rejected: {path}. Every other file was "
        "loaded and published; for a rejected file the version accepted before it (if any) "
        "stays."
    ),
    "still_rejected": N_("{count} rejected file(s) are still not fixed: see {path}"),
    "rejected_files": N_("Files REJECTED (not loaded; fix and deliver them again):"),
    "error_workbooks": N_("Every fault, a workbook per file (open with Excel): {path}"),
    "check_files_rejected": N_(
        "{count} file(s) rejected: see the list in the metadata and the workbooks in kesalahan/"
    ),
    "errorbook_title": N_("Faults of the file {file}"),
    "errorbook_status_rejected": N_(
        "This file was REJECTED whole: none of its rows was loaded. The version accepted "
        "before it (if any) stays until it is fixed."
    ),
    "errorbook_status_rows": N_(
        "{rows} row(s) quarantined (not counted); the other rows are loaded."
    ),
    "errorbook_how": N_(
        "Open the original file beside this list, fix every row named, save it under "
        "the same name and put it back in the raw folder."
    ),
    "errorbook_personal": N_("(personal data, not shown)"),
    "errorbook_empty": N_("(empty)"),
    "errorbook_file_rejected": N_("FILE REJECTED: {rule}"),
    "errorbook_status_warnings": N_(
        "{rows} row(s) with a spelling the reference list does not know (still counted; fix "
        "the spelling, or add it to the reference list if it is right)."
    ),
    "errorbook_warning": N_("WARNING: {rule}"),
    "extra_columns": N_(
        "Columns the contract does not know were ignored (their contents are read nowhere; "
        "docs/raw-feeds.md lists each file's columns):"
    ),
    "summary_warnings": N_(
        "{rows} row(s) use a spelling the reference list does not know (still counted); see "
        "marts.dq_findings (unknown_value)."
    ),
    "validate_every_row": N_("Every row to fix:"),
    "feed": N_("feed"),
    "files": N_("files"),
    "loaded": N_("rows loaded"),
    "quarantined": N_("quarantined"),
    "row": N_("row"),
    "column": N_("column"),
    "total": N_("total"),
    "file": N_("file"),
    "first_row": N_("first row"),
    "rule": N_("rule"),
    "progress_feed": N_(
        "{feed}: {files} file(s), {loaded} row(s) loaded, {quarantined} quarantined"
    ),
    "progress_feed_rejected": N_(
        "{feed}: {files} file(s) ({rejected} REJECTED), {loaded} row(s) loaded, "
        "{quarantined} quarantined"
    ),
    "progress_unchanged": N_("unchanged"),
    "first_bad_rows": N_("First row to fix, per file:"),
    "more_files": N_("... and {count} more file(s): see marts.fct_quarantine_summary"),
    "succeeded": N_("Refresh succeeded: {path}"),
    "reports_done": N_(
        "reports: {written} written, {kept} kept, {removed} removed; national workbooks: "
        "{national_written} written, {national_removed} removed: {path}"
    ),
    "failed": N_("Refresh FAILED: nothing was published, the warehouse is as it was."),
    "error_in": N_("Error in {step}: {message}"),
    "edited_outside": N_(
        "The warehouse {path} was changed outside the refresh since its last publish (a "
        "program wrote to it): it is rebuilt from the raw files."
    ),
    "not_read": N_("NOT READ: {what}"),
    "folder_refused": N_(
        "{command} FAILED: {cause}. Free some space on that disk, or ask the server's "
        "administrator to let the user running it write there, then run it again."
    ),
    "folder_failed": N_(
        "Refresh FAILED: {cause}. Nothing was published, the warehouse is as it was; "
        "the refresh's unfinished files are removed."
    ),
    "recorded_elsewhere": N_(
        "The failure is recorded in {path} (the warehouse folder cannot take it)."
    ),
    "not_recorded": N_("The failure could not be recorded anywhere ({reason})."),
    "check_failed": N_("Check failed: {check}"),
    "log_file": N_("Full log: {path}"),
    "quarantine_hint": N_(
        "{rows} row(s) quarantined; fix the files and run the refresh again (docs/operations.md)."
    ),
    "validate_ok": N_(
        "Validation: {files} file(s) follow the contract; {rows} row(s) would be quarantined."
    ),
    "validate_unreconciled": N_(
        "{file}: {read} row(s) read but {kept} loaded or quarantined: rows were lost while "
        "they were written (a fault of the program, not of the file); report it with this "
        "line."
    ),
    "validate_rejected": N_(
        "Validation: {count} file(s) would be REJECTED (see the list above); nothing was "
        "loaded or published."
    ),
    "nothing_to_do": N_(
        "Nothing to do: since the publish of {at} the {files} raw "
        "file(s), the rules, the dbt project and the report code are unchanged. The "
        "warehouse stays as it is (--force runs the refresh all the same)."
    ),
    "locked": N_(
        "Another refresh of this warehouse is running: {holder}. Wait until it ends, or use --wait."
    ),
    "how_to_fix": N_("How to fix: {fix}"),
    "lake_published": N_(
        "Lake {lake}: snapshot {snapshot} published, {tables} table(s) with {rows} row(s) written."
    ),
    "lake_behind": N_(
        "WARNING: the lake {lake} is now behind. It was last published to on {at} "
        "(snapshot {snapshot}); this refresh did not publish to it, WAREHOUSE_URL being unset. "
        "To catch it up, set WAREHOUSE_URL and WAREHOUSE_DATA_PATH as before and run the "
        "refresh again."
    ),
    "lake_unreachable": N_(
        "The lake of WAREHOUSE_URL ({lake}) cannot be reached. Check WAREHOUSE_URL "
        "and that its PostgreSQL server is running. The cause: {reason}"
    ),
    "lake_failed": N_(
        "Publishing into the lake of WAREHOUSE_URL ({lake}) failed; the lake stays as it "
        "was. The cause: {reason}"
    ),
    "lake_other_writer": N_(
        "The lake of WAREHOUSE_URL ({lake}) is written by another working copy: {owner}, "
        "since {since}. One lake has one writer: this working copy, {this}, publishes "
        "nothing into it. Unset WAREHOUSE_URL here; or, to make this working copy the "
        "lake's writer on purpose (the other one then stops publishing), "
        "run `python -m pipelines take-over-lake` once."
    ),
    "lake_taken_over": N_(
        "The lake {lake} is now written by this working copy, {this} (before: {before}). "
        "The other working copy's publishes into it are refused from now on."
    ),
    "lake_not_set": N_("WAREHOUSE_URL is not set: there is no lake to take over."),
    "narasi_written": N_(
        "form of the office's own words for {year} ({count} indicators) written: {path}. "
        "Fill it and put it in the raw directory's narasi/ folder."
    ),
    "narasi_no_period": N_("no Renstra period covers {year}: there are no indicators to list"),
    "narasi_bad_office": N_("office code {office} is not 3-8 capital letters, e.g. JATENG"),
    "overdue_heading": N_(
        "Deliveries OVERDUE on {date} ({count}): past their due date and not loaded. "
        "Ask the office to send them:"
    ),
    "overdue_item": N_("{table} {period} (due {due})"),
    "overdue_item_rejected": N_("{table} {period} (due {due}; the file sent was rejected)"),
    "overdue_file": N_("{file} (due {due})"),
    "overdue_file_rejected": N_("{file} (due {due}; the file sent was rejected)"),
    "overdue_more": N_("and {count} more: see {file} or the dashboard"),
    "overdue_none": N_("No delivery is overdue on {date}."),
    "check_overdue": N_("{count} delivery(ies) past their due date: see the list in the metadata"),
}


def language(value: str | None) -> str:
    """A supported language from a setting (``id`` when empty)."""
    lang = (value or DEFAULT_LANGUAGE).strip().lower()[:2]
    if lang not in LANGUAGES:
        raise ValueError(f"language {value!r} is not one of {', '.join(LANGUAGES)}")
    return lang


def rule_text(rule: str, lang: str) -> str:
    """A rule in plain words, with its code behind it: ``kolom wajib kosong (missing_value)``."""
    entry = RULES.get(rule)
    return f"{i18n.translate(entry.words, lang)} ({rule})" if entry else rule


def rule_fix(rule: str, lang: str) -> str:
    """How the clerk fixes a file that breaks ``rule``, in a sentence (empty for no such rule)."""
    entry = RULES.get(rule)
    return i18n.translate(entry.fix, lang) if entry else ""


def error_text(error: Exception, lang: str) -> str:
    """An error of ours as the operator reads it in ``lang``: a refused file as
    ``path: [rule] why``, any other by its own sentence (``error.text(lang)`` where it has
    one)."""
    translated = getattr(error, "text", None)  # FeedFileError.text: English as str(error)
    return translated(lang) if callable(translated) else str(error)


def text(key: str, lang: str, **values: object) -> str:
    """A sentence of the command line in ``lang``, with ``values`` put in."""
    return i18n.Message(TEXTS[key], **values).render(lang)


def step_text(step: str, lang: str) -> str | None:
    """What a step of the refresh does, in words (None for the feed steps)."""
    msgid = STEPS.get(step)
    return i18n.translate(msgid, lang) if msgid else None


def number(value: int | float, lang: str) -> str:
    """A number as the language writes it."""
    return i18n.number(value, lang)
