"""Operator-facing sentences in English and Bahasa Indonesia, through gettext catalogs.

Every sentence an operator may read (a rejected file, a quarantined row, the
command line) is written once in the code, in English, with ``{name}``
placeholders, and marked for extraction: ``Message("... {column} ...",
column=...)`` where it is said, ``N_("...")`` where it is declared. That
English sentence is the msgid of the catalog
``pipelines/locale/<lang>/LC_MESSAGES/messages.po``, which a translator edits
(``docs/translations.md``; ``make messages`` extracts new sentences into it).

The catalog is read through Babel: a compiled ``messages.mo`` beside it is
used when it is newer than the ``.po``, otherwise the ``.po`` is compiled in
memory, so a fresh clone needs no compile step (the ``.mo`` files are not
committed). A sentence without a translation, or whose translation names
placeholders the English one does not have, is said in English.

A :class:`Message` is rendered when it is read, in the reader's language.
Its values may be Messages themselves, numbers (written the language's way
by Babel: ``25.207`` or ``25,207``), :class:`Number` (a set count of
decimals), lists (joined with ``, ``) or :class:`Either` (``a atau b``).
A row number or a year is an identifier, not a quantity: pass it as text,
as Excel shows it (``12345``, not ``12.345``).
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from string import Formatter

from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

# The languages an operator can choose, the first the default; msgids are in English.
LANGUAGES = ("id", "en")
SOURCE_LANGUAGE = "en"
LOCALES = {"id": "id_ID", "en": "en_US"}
LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
DOMAIN = "messages"


def N_(msgid: str) -> str:
    """Mark a sentence declared here and said later (``pybabel extract -k N_``)."""
    return msgid


def catalog_path(lang: str) -> Path:
    """The ``.po`` file a translator edits for ``lang``."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The catalog of ``lang`` (none for English, the msgids' language)."""
    if lang == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    return read_catalog(catalog_path(lang), lang)


def read_catalog(po: Path, lang: str) -> Translations:
    """A catalog: the ``.mo`` beside ``po`` if it is up to date, else ``po`` compiled in memory."""
    mo = po.with_suffix(".mo")
    if mo.is_file() and mo.stat().st_mtime >= po.stat().st_mtime:
        with mo.open("rb") as handle:
            return Translations(handle, domain=DOMAIN)
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=lang, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)  # fuzzy entries left out, as pybabel compile does
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def translate(msgid: str, lang: str) -> str:
    """``msgid`` in ``lang`` (the English msgid itself when it has no translation)."""
    return translations(lang).gettext(msgid)


def placeholders(template: str) -> set[str]:
    """The names of a template's ``{name}`` placeholders."""
    return {name for _, name, _, _ in Formatter().parse(template) if name is not None}


@lru_cache(maxsize=4096)  # Babel takes some 20 µs a number; row details repeat theirs
def number(value: float, lang: str, decimals: int | None = None) -> str:
    """A number as the language writes it (``decimals`` fixed, or as many as it has)."""
    pattern = None if decimals is None else "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=LOCALES[lang])


@dataclass(frozen=True)
class Number:
    """A quantity with a fixed number of decimals (``2.8`` MB, ``2,8`` MB)."""

    value: float
    decimals: int


@dataclass(frozen=True)
class Either:
    """Alternatives, as the language lists them: ``a or b``, ``a atau b``."""

    items: tuple[object, ...]


def render_value(value: object, lang: str) -> str:
    """One value of a Message, in ``lang``."""
    if type(value) is str:  # the most frequent: a column's name, a cell's value
        return value
    if isinstance(value, Message):
        return value.render(lang)
    if isinstance(value, Number):
        return number(value.value, lang, value.decimals)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return number(value, lang)
    if isinstance(value, Either):
        items = [render_value(item, lang) for item in value.items]
        return format_list(items, style="or", locale=LOCALES[lang]) if items else ""
    if isinstance(value, list | tuple):
        return ", ".join(render_value(item, lang) for item in value)
    return str(value)


class Message:
    """A sentence said in the reader's language when it is read.

    ``Message("{column}: missing", column="NIK")``: the msgid is the English
    sentence (found by ``pybabel extract -k Message``); ``str()`` is English.
    """

    __slots__ = ("msgid", "params")

    def __init__(self, msgid: str, /, **params: object) -> None:
        self.msgid = msgid
        self.params = params

    def render(self, lang: str) -> str:
        """The sentence in ``lang`` (``id`` or ``en``)."""
        values = {name: render_value(value, lang) for name, value in self.params.items()}
        template = translate(self.msgid, lang)
        try:
            return template.format(**values)
        except (KeyError, IndexError, ValueError):  # a translation's broken placeholder
            return self.msgid.format(**values)

    def __str__(self) -> str:
        return self.render(SOURCE_LANGUAGE)

    def __repr__(self) -> str:
        params = "".join(f", {name}={value!r}" for name, value in self.params.items())
        return f"Message({self.msgid!r}{params})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Message):
            return NotImplemented
        return (self.msgid, self.params) == (other.msgid, other.params)

    __hash__ = None  # type: ignore[assignment]


def render(text: Message | str, lang: str) -> str:
    """A Message in ``lang``; a plain string as it is."""
    return text.render(lang) if isinstance(text, Message) else text


def joined(texts: Sequence[Message | str], lang: str, separator: str = "; ") -> str:
    """Several sentences in ``lang``, one after the other."""
    return separator.join(render(text, lang) for text in texts)
