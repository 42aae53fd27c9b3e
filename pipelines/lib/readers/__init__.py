"""Read a raw file into a frame of text cells, exactly as delivered.

Every reader returns one string column per header cell (header names as
written, trimmed) plus ``source_row``, the row's number in the file as a
spreadsheet shows it (the header is row 1). Values are trimmed and empty
cells are null; typing is the parser's job, so that a bad cell ends in
quarantine with its raw text rather than in a reader's exception.

- :mod:`.files`: only regular files are opened; hashing; reading whole.
- :mod:`.cells`: trimming, control characters, header names.
- :mod:`.csv_files`: the contract's CSV dialect, and naming the row that breaks it.
- :mod:`.workbooks`: one sheet of a workbook, checked before it is opened.
"""

from pipelines.lib.readers.cells import (
    CONTROL_BYTES,
    CONTROL_MARK,
    CONTROL_PATTERN,
    RESERVED_COLUMNS,
    SOURCE_ROW,
    tidy_cells,
)
from pipelines.lib.readers.csv_files import (
    PART_BYTES,
    csv_problem,
    read_csv_parts,
    read_csv_text,
)
from pipelines.lib.readers.files import file_kind, file_sha256, open_regular, read_bytes
from pipelines.lib.readers.workbooks import read_xlsx_sheet

__all__ = [
    "CONTROL_BYTES",
    "CONTROL_MARK",
    "CONTROL_PATTERN",
    "PART_BYTES",
    "RESERVED_COLUMNS",
    "SOURCE_ROW",
    "csv_problem",
    "file_kind",
    "file_sha256",
    "open_regular",
    "read_bytes",
    "read_csv_parts",
    "read_csv_text",
    "read_xlsx_sheet",
    "tidy_cells",
]
