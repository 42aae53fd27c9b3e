"""The error a data officer sees when a raw file cannot be taken at all."""

from __future__ import annotations

from pathlib import Path

_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """``text`` with control and other non-printable characters escaped (``\\n``, ``\\x1b``).

    A file name is the sender's to choose: one with a line break or a
    terminal's escape codes must not rewrite the log or the screen it is
    printed on.
    """
    if text.isprintable():
        return text
    out = []
    for char in text:
        if char.isprintable():
            out.append(char)
        elif char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x100:
            out.append(f"\\x{ord(char):02x}")
        elif ord(char) < 0x10000:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    return "".join(out)


class FeedFileError(ValueError):
    """A whole file is rejected: its name, its encoding, a sheet or a required column.

    The message always names the file and the rule it breaks, and, where one
    row is to blame, the row. Names and details are printed with control
    characters escaped, and never hold a cell's value.
    """

    def __init__(self, path: Path | str, rule: str, detail: str, row: int | None = None):
        self.source = Path(path)  # the path itself, unescaped, to find the file again
        self.path = printable(str(path))
        self.rule = rule
        self.row = row
        self.detail = printable(detail)
        where = f"{self.path}, row {row}" if row is not None else self.path
        super().__init__(f"{where}: [{rule}] {self.detail}")
