"""Zip files (a workbook, a .docx) written the same byte for byte whenever their content is."""

from __future__ import annotations

import io
import zipfile


def reproducible_zip(archive: bytes, date_time: tuple[int, int, int, int, int, int]) -> bytes:
    """The zip ``archive`` again, its entries in the same order, each with the same date,
    compression, system and file mode, whatever machine and moment wrote it."""
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(archive)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return output.getvalue()
