"""The error a data officer sees when a raw file cannot be taken at all."""

from __future__ import annotations

from pathlib import Path

from pipelines.lib.i18n import N_, Message, render

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
    characters escaped, and never hold a cell's value. ``str()`` is English;
    :meth:`text` is the same sentence in the operator's language, the detail
    being a :class:`~pipelines.lib.i18n.Message`.
    """

    def __init__(self, path: Path | str, rule: str, detail: Message | str, row: int | None = None):
        self.source = Path(path)  # the path itself, unescaped, to find the file again
        self.path = printable(str(path))
        self.rule = rule
        self.row = row
        self.message = detail
        self.detail = self.detail_text("en")
        super().__init__(self.text("en"))

    def detail_text(self, lang: str) -> str:
        """What is wrong with the file, in ``lang``, control characters escaped."""
        return printable(render(self.message, lang))

    def text(self, lang: str) -> str:
        """The whole sentence in ``lang``: ``<file>, row <n>: [<rule>] <detail>``."""
        where = self.path
        if self.row is not None:
            where = Message(N_("{path}, row {row}"), path=self.path, row=str(self.row)).render(lang)
        return f"{where}: [{self.rule}] {self.detail_text(lang)}"


class OperatorError(RuntimeError):
    """An operator's mistake that stops a refresh before it changes anything: a missing raw
    directory, a mass removal, a refused key. One sentence naming the path or setting and
    what to do; ``str()`` is English, :meth:`text` the operator's language."""

    def __init__(self, message: Message):
        self.message = message
        super().__init__(printable(message.render("en")))

    def text(self, lang: str) -> str:
        """The sentence in ``lang``, control characters escaped."""
        return printable(self.message.render(lang))
