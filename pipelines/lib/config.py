"""The settings of the pipeline: read from the environment here, and only here.

Every setting is one row of :data:`SETTINGS` (its field, environment
variable, default and description; the "Configuration" table of
docs/operations.md is checked against it by ``tests/test_settings.py``) and one
field of the frozen
:class:`Settings`. :meth:`Settings.from_env` reads them all at once; the rest
of the pipeline is handed the values:

- The command line (``pipelines/cli.py``) reads :class:`Settings` once: its
  language (``REFRESH_LANG``) and Dagster home (``DAGSTER_HOME``), and the raw
  directory and warehouse its options do not give, which it passes to
  ``build_definitions``.
- Dagster's code location (``pipelines/definitions.py``) reads them once, when
  it is first loaded. The DuckDB settings become fields of the warehouse
  resource (``pipelines/lib/resources.py``: ``Warehouse.memory_limit``,
  ``threads``, ``temp_directory``), which opens every connection of a run with
  them and hands the same values to dbt as ``--vars``
  (``Warehouse.dbt_vars``; ``dbt_project/profiles.yml`` has no default of its
  own). ``python -m pipelines dbt`` and the data dictionary do the same.
- The resources carry the rest down to the library: the raw directory
  resource (``RawDirectory``) whether links may leave the raw directory and
  the largest workbook, which the assets pass to the scan and the readers;
  the warehouse resource the pseudonym key's source
  (``Warehouse.key_source()``). A secret read from the environment
  (``WAREHOUSE_URL``, ``PSEUDONYM_KEY``) is a :class:`FromVariable`, which the
  resources keep by its variable's name. No module under ``pipelines/lib/``
  reads a setting itself (``tests/test_settings.py``).
- The functions at the end (:func:`warehouse_path`, :func:`warehouse_url`,
  :func:`language`) read one setting when called, for code outside the
  library that is not handed :class:`Settings`: analysts' connections, the
  dashboard, the data dictionary's default warehouse.

Every value is checked when it is read, against the range its row states
(``DUCKDB_THREADS`` 1 to four per core, ``DUCKDB_MEMORY_LIMIT`` a DuckDB size
up to the machine's memory, a switch ``0`` or ``1``): one that cannot be used
(``DUCKDB_THREADS=99999``, ``DUCKDB_MEMORY_LIMIT=abc``,
``RAW_FOLLOW_SYMLINKS=maybe``) raises a :class:`SettingError` naming the
variable, in the operator's language, before anything runs. Relative paths
in variables are taken from the current directory; the defaults are relative
to the project.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipelines.lib import messages, secrets
from pipelines.lib.i18n import SOURCE_LANGUAGE, Either, Message

PROJECT_ROOT = Path(__file__).resolve().parents[2]

# The warehouse file is written in the storage format of DuckDB 1.4 (the long-term
# release), so that readers with an older DuckDB (BI drivers, the duckdb-cli package,
# which trails the library) can open it. Set when the file is created.
STORAGE_COMPATIBILITY_VERSION = "v1.4.0"

# DuckDB spills to disk beyond this: it bounds the refresh, not the warehouse
# (a refresh stays under 2 GiB whatever the size of the warehouse; docs/performance.md).
DEFAULT_MEMORY_LIMIT = "1GB"
DEFAULT_XLSX_MAX_UNCOMPRESSED_MB = 100
# DuckDB spills here, beside the published warehouse, unless DUCKDB_TEMP_DIRECTORY says.
SPILL_FOLDER = ".duckdb_tmp"
# dbt's threads (models built at once), not DuckDB's: 2 measured faster than 4 or 8
# (docs/performance.md, "dbt `threads`"). Not a setting of the environment.
DBT_THREADS = 2
# DUCKDB_THREADS may ask for up to this many threads per core (DUCKDB_THREADS=99999 hung
# the refresh in its first step, saying nothing).
THREADS_PER_CORE = 4
# The smallest DUCKDB_MEMORY_LIMIT accepted (the largest: the machine's memory).
MIN_MEMORY_LIMIT = "128MB"
MIN_MEMORY_LIMIT_BYTES = 128 * 10**6


class FromVariable(str):
    """A secret's value as read from this process's environment, knowing its variable.

    Dagster keeps a resource's values in its run history and shows them in its UI: a
    resource given one of these keeps the variable's name instead (``dg.EnvVar``), not the
    secret (``pipelines/lib/resources.py``). Equal to the plain text otherwise.
    """

    variable: str

    def __new__(cls, text: str, variable: str) -> FromVariable:
        value = super().__new__(cls, text)
        value.variable = variable
        return value


class SettingError(ValueError):
    """A setting's value cannot be used; the message names the variable, its value and the
    values it may take. ``str()`` is English, :meth:`text` the operator's language."""

    def __init__(self, message: Message):
        self.message = message
        super().__init__(message.render(SOURCE_LANGUAGE))

    def text(self, lang: str) -> str:
        """The sentence in ``lang``."""
        return self.message.render(lang)


class _Refused(ValueError):
    """Why a parser refuses a value: a sentence of its own, said in the operator's language."""

    def __init__(self, reason: Message):
        self.reason = reason
        super().__init__(reason.render(SOURCE_LANGUAGE))


def _path(text: str) -> Path:
    try:
        return Path(text).expanduser().resolve()
    except (OSError, RuntimeError, ValueError):  # a NUL byte, ~user unknown, a link loop
        raise _Refused(Message("not a path")) from None


def _file_path(text: str) -> Path:
    """A path to a file: not an existing folder."""
    path = _path(text)
    if path.is_dir():
        raise _Refused(Message("{path} is a folder; give the path of a file", path=str(path)))
    return path


def _folder_path(text: str) -> Path:
    """A path to a folder: not an existing file."""
    path = _path(text)
    if path.exists() and not path.is_dir():
        raise _Refused(Message("{path} is a file; give the path of a folder", path=str(path)))
    return path


# The paper sizes of the LKj's Word document (LKJ_PAPER): width and height in millimetres.
PAPER_SIZES = {"A4": (210, 297), "F4": (215, 330)}


def _paper(text: str) -> str:
    if text.upper() not in PAPER_SIZES:
        raise _Refused(Message("use {languages}", languages=Either(tuple(PAPER_SIZES))))
    return text.upper()


def _docx_file(text: str) -> Path:
    """An existing Word document (``.docx``): an office's template of the LKj."""
    path = _file_path(text)
    if path.suffix.lower() != ".docx" or not path.is_file():
        raise _Refused(
            Message("give the path of an existing Word document (.docx): {path} is not one",
                    path=str(path))
        )  # fmt: skip
    return path


def _switch(text: str) -> bool:
    if text not in ("0", "1"):
        raise _Refused(Message("use 1 (on) or 0 (off)"))
    return text == "1"


def _lake_url(text: str) -> str:
    secrets.remember(text)  # its password out of every message of this process from now on
    if not text.startswith("ducklake:postgres:"):
        raise _Refused(
            Message("a DuckLake with a PostgreSQL catalog is written ducklake:postgres:...")
        )
    return text


def _whole(low: int, high: Callable[[], int]) -> Callable[[str], int]:
    """A parser of whole numbers from ``low`` to ``high()`` (the machine's, read when parsed)."""

    def parse(text: str) -> int:
        if not re.fullmatch(r"[0-9]+", text) or not low <= int(text) <= high():
            raise _Refused(
                Message("use a whole number from {low} to {high}", low=str(low), high=str(high()))
            )
        return int(text)

    return parse


def _positive_int(text: str) -> int:
    """A whole number from 1 to a million (sizes in MB, counts)."""
    return _whole(1, lambda: 1_000_000)(text)


def max_threads() -> int:
    """The most DuckDB threads a setting may ask for: four per core of this machine."""
    return THREADS_PER_CORE * (os.cpu_count() or 1)


def memory_bytes() -> int:
    """This machine's memory in bytes (a terabyte when it cannot say)."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (OSError, ValueError, AttributeError):
        return 10**12


# DuckDB's memory sizes: a number and a unit, 1000^i (KB..TB) or 1024^i (KiB..TiB).
_MEMORY = re.compile(r"([0-9]+(?:\.[0-9]+)?) ?([KMGT]I?B)", re.IGNORECASE)
_UNITS = {"KB": 10**3, "MB": 10**6, "GB": 10**9, "TB": 10**12}
_UNITS |= {f"{unit[0]}IB": 2 ** (10 * power) for power, unit in enumerate(_UNITS, 1)}


def _memory_limit(text: str) -> str:
    """A memory size as DuckDB reads it (``1GB``, ``512MiB``), from
    :data:`MIN_MEMORY_LIMIT` to the machine's memory; the text as given."""
    match = _MEMORY.fullmatch(text)
    size = float(match[1]) * _UNITS[match[2].upper()] if match else 0
    if not MIN_MEMORY_LIMIT_BYTES <= size <= memory_bytes():
        raise _Refused(
            Message(
                "use a size such as 1GB or 512MB (units KB, MB, GB, TB, KiB, MiB, GiB, TiB), "
                "from {low} to this machine's memory ({high})",
                low=MIN_MEMORY_LIMIT,
                high=f"{memory_bytes() // 10**6}MB",
            )
        )
    return text


def _language(text: str) -> str:
    try:
        return messages.language(text)
    except ValueError:
        raise _Refused(Message("use {languages}", languages=Either(messages.LANGUAGES))) from None


# Due dates (docs/operations.md, "Due dates"): a file is due this many days after its
# period ends. Each period kind of the contract (pipelines/lib/filenames.py PeriodKind)
# has one setting, the field named here; a feed may have its own (DUE_DAYS_BY_FEED).
DUE_DAYS_FIELDS: dict[str, str] = {
    "month": "due_days_month",
    "year": "due_days_year",
    "none": "due_days_standing",
}
MAX_DUE_DAYS = 366


def _due_days(text: str) -> int:
    """Days after a period ends: 1 to :data:`MAX_DUE_DAYS`."""
    return _whole(1, lambda: MAX_DUE_DAYS)(text)


def _due_days_by_feed(text: str) -> dict[str, int]:
    """``feed=days`` pairs separated by commas (``tata_kelola=45,kasus=20``), each feed a
    folder of the contract (pipelines/contract/specs.py FEEDS)."""
    from pipelines.contract.specs import FEEDS  # the contract imports the library

    given: dict[str, int] = {}
    for pair in text.split(","):
        feed, _, days = (part.strip() for part in pair.partition("="))
        if feed not in FEEDS:
            raise _Refused(
                Message("write feed=days, the feed one of {feeds}", feeds=Either(tuple(FEEDS)))
            )
        given[feed] = _due_days(days)
    return given


@dataclass(frozen=True)
class Setting:
    """One setting: the field of :class:`Settings`, its variable, its default, what it is.

    ``shown`` is the default in the words of docs/operations.md's table; ``description``
    is that table's too. ``parse`` turns a variable's value (set, not blank) into the
    field's; an unset or blank variable gives ``default``. A ``secret``'s value read from
    this process's environment is a :class:`FromVariable`.
    """

    field: str
    variable: str
    default: Any
    shown: str
    description: str
    parse: Callable[[str], Any] = str
    secret: bool = False


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "raw_dir", "RAW_DIR", PROJECT_ROOT / "raw", "`raw/`",
        "the raw directory: one folder per feed; `--raw-dir` of the command line",
        _path,
    ),
    Setting(
        "raw_follow_symlinks", "RAW_FOLLOW_SYMLINKS", False, "`0` (off)",
        "`1`: a raw file may be a symbolic link to a file outside the raw directory "
        "(`0`: refused, rule `symlink`; links inside it are always followed); only `0` or "
        "`1`",
        _switch,
    ),
    Setting(
        "xlsx_max_uncompressed_mb", "XLSX_MAX_UNCOMPRESSED_MB", DEFAULT_XLSX_MAX_UNCOMPRESSED_MB,
        f"`{DEFAULT_XLSX_MAX_UNCOMPRESSED_MB}`",
        "the most a raw workbook's parts may take once uncompressed; a larger one, or one "
        "whose part claims to expand over 100 times, is refused before it is read "
        "(rule `xlsx_too_large`); 1 to 1000000",
        _positive_int,
    ),
    Setting(
        "warehouse", "WAREHOUSE_PATH", PROJECT_ROOT / "warehouse" / "warehouse.duckdb",
        "`warehouse/warehouse.duckdb`",
        "the DuckDB file that is built; `--warehouse` of the command line; a file, not a "
        "folder, and outside the raw directory",
        _file_path,
    ),
    Setting(
        "warehouse_url", "WAREHOUSE_URL", "", "none",
        "`ducklake:postgres:<connection>`: also publish into this DuckLake (its catalog in "
        "PostgreSQL, its data as Parquet files under `WAREHOUSE_DATA_PATH`), for readers on "
        "other machines; unset: the embedded file only (docs/deploy.md)",
        _lake_url, secret=True,
    ),
    Setting(
        "warehouse_data_path", "WAREHOUSE_DATA_PATH", "", "none",
        "where the DuckLake's Parquet files go: a shared folder (or an S3-compatible URL); "
        "needed with `WAREHOUSE_URL`",
    ),
    Setting(
        "pseudonym_key", "PSEUDONYM_KEY", "", "none",
        "key of the person pseudonyms, 64 hex digits; when set, the key file is not read",
        secret=True,
    ),
    Setting(
        "pseudonym_key_file", "PSEUDONYM_KEY_FILE",
        Path("~") / ".config" / "bp3mi-warehouse" / "pseudonym.key",
        "`~/.config/bp3mi-warehouse/pseudonym.key`",
        "the key file, created by the first refresh; only its owner's (`chmod 600`), "
        "outside the repository; every user that runs the refresh needs the same key (the "
        "warehouse records which key built it: docs/operations.md, \"The pseudonym key\")",
        _path,  # checked as a key file when the key is read (pipelines/lib/pseudonym.py)
    ),
    Setting(
        "duckdb_memory_limit", "DUCKDB_MEMORY_LIMIT", DEFAULT_MEMORY_LIMIT,
        f"`{DEFAULT_MEMORY_LIMIT}`",
        "DuckDB's memory limit for the refresh, ingest and dbt (the warehouse resource's "
        f"`memory_limit`): a size as DuckDB writes it (`1GB`, `512MiB`), from "
        f"`{MIN_MEMORY_LIMIT}` to the machine's memory",
        _memory_limit,
    ),
    Setting(
        "duckdb_threads", "DUCKDB_THREADS", None, "every core",
        "DuckDB's threads for the refresh, ingest and dbt (the resource's `threads`): "
        f"1 to {THREADS_PER_CORE} times the number of cores",
        _whole(1, max_threads),
    ),
    Setting(
        "duckdb_temp_directory", "DUCKDB_TEMP_DIRECTORY", None,
        f"`{SPILL_FOLDER}/` beside the warehouse",
        "where DuckDB spills what does not fit in memory, ingest and dbt (the resource's "
        "`temp_directory`); a folder",
        _folder_path,
    ),
    Setting(
        "language", "REFRESH_LANG", messages.DEFAULT_LANGUAGE, f"`{messages.DEFAULT_LANGUAGE}`",
        "language of what the command line prints: `id` (Bahasa Indonesia) or `en`; "
        "`--lang` of the command line",
        _language,
    ),
    Setting(
        "dagster_home", "DAGSTER_HOME", PROJECT_ROOT / ".dagster_home", "`.dagster_home/`",
        "where Dagster keeps its run history (the web UI's, `make dev`): a command-line "
        "refresh is recorded there too, and shows in the UI's run list; a folder",
        _folder_path,
    ),
    Setting(
        "lkj_paper", "LKJ_PAPER", "A4", "`A4`",
        "paper of the LKj's Word document (`lkj_<OFFICE>_<YEAR>.docx`): `A4` (210 x 297 mm) "
        "or `F4` (215 x 330 mm)",
        _paper,
    ),
    Setting(
        "lkj_docx_template", "LKJ_DOCX_TEMPLATE", None,
        "the project's (`pipelines/lkj/templates/lkj.docx`)",
        "the office's own Word template of the LKj's Word document: a `.docx` whose styles, "
        "margins, header and footer the document takes (docs/reports.md, \"The Word "
        "document\")",
        _docx_file,
    ),
    Setting(
        "due_days_month", "DUE_DAYS_MONTHLY", 10, "`10`",
        "days after its month ends by which a monthly file (placements) is due: by default "
        "the 10th of the next month; 1 to 366 (docs/operations.md, \"Due dates\")",
        _due_days,
    ),
    Setting(
        "due_days_year", "DUE_DAYS_ANNUAL", 15, "`15`",
        "days after its year ends by which an annual file (cases, budget, IKPA, ...) is due: "
        "by default 15 January; 1 to 366",
        _due_days,
    ),
    Setting(
        "due_days_standing", "DUE_DAYS_STANDING", 31, "`31`",
        "days after the year before ends by which a standing file (targets, history) is "
        "due for a year: by default 31 January; 1 to 366",
        _due_days,
    ),
    Setting(
        "due_days_by_feed", "DUE_DAYS_BY_FEED", {}, "none",
        "a feed's own due days instead of its period's: `feed=days` separated by commas, "
        "e.g. `tata_kelola=45,kasus=20`",
        _due_days_by_feed,
    ),
)  # fmt: skip
SETTING = {setting.field: setting for setting in SETTINGS}


def _read(setting: Setting, environ: Mapping[str, str]) -> Any:
    """The one place that reads the environment."""
    text = environ.get(setting.variable, "").strip()
    if not text:
        default = setting.default
        if isinstance(default, dict):
            return dict(default)
        return default.expanduser() if isinstance(default, Path) else default
    try:
        value = setting.parse(text)
    except ValueError as error:
        reason = error.reason if isinstance(error, _Refused) else str(error)
        raise SettingError(
            Message(
                "{variable}={value} cannot be used: {reason}",
                variable=setting.variable,
                value=repr(secrets.scrub(text)),  # WAREHOUSE_URL's password, if any, left out
                reason=reason,
            )
        ) from None
    if setting.secret and environ is os.environ:
        return FromVariable(value, setting.variable)
    return value


@dataclass(frozen=True)
class Settings:
    """Every setting's value (:data:`SETTINGS` says which variable and default)."""

    raw_dir: Path
    warehouse: Path
    warehouse_url: str
    warehouse_data_path: str
    pseudonym_key: str
    pseudonym_key_file: Path
    duckdb_memory_limit: str
    duckdb_threads: int | None
    duckdb_temp_directory: Path | None
    raw_follow_symlinks: bool
    xlsx_max_uncompressed_mb: int
    language: str
    dagster_home: Path | None
    lkj_paper: str
    lkj_docx_template: Path | None
    due_days_month: int
    due_days_year: int
    due_days_standing: int
    due_days_by_feed: dict[str, int]

    def due_days(self) -> dict[str, int]:
        """Days after a period ends by which a file is due, per period kind of the contract."""
        return {kind: getattr(self, field) for kind, field in DUE_DAYS_FIELDS.items()}

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> Settings:
        """The settings of ``environ`` (by default this process's environment)."""
        settings = cls(**{setting.field: _read(setting, environ) for setting in SETTINGS})
        if settings.warehouse_url and not settings.warehouse_data_path:
            raise SettingError(Message("WAREHOUSE_URL is set but not WAREHOUSE_DATA_PATH: say "
                                       "where the DuckLake's Parquet files go"))  # fmt: skip
        return settings

    def replace(self, **changes: Any) -> Settings:
        """These settings with some changed (the command line's options)."""
        return dataclasses.replace(self, **changes)


# DuckDB's settings, declared once: each DuckDB option the environment sets, with the field of
# Settings (the row of SETTINGS: variable, default, range) that holds its value. The warehouse
# resource has a field of each option's name (pipelines/lib/resources.py), opens every
# read-write connection of a run with them (duckdb_config) and hands dbt the same, as --vars
# that dbt_project/profiles.yml passes on as its config_options.
DUCKDB_OPTIONS: dict[str, str] = {
    "memory_limit": "duckdb_memory_limit",
    "threads": "duckdb_threads",
    "temp_directory": "duckdb_temp_directory",
}


def duckdb_config(options: Mapping[str, Any]) -> dict[str, str]:
    """The configuration of every read-write connection to a warehouse (and dbt's): the
    storage format, and each of :data:`DUCKDB_OPTIONS` that ``options`` gives a value
    (``None``: DuckDB's own default)."""
    given = {name: str(options[name]) for name in DUCKDB_OPTIONS if options.get(name) is not None}
    return {"storage_compatibility_version": STORAGE_COMPATIBILITY_VERSION, **given}


def spill_directory(warehouse: Path, temp_directory: Path | None = None) -> Path:
    """Where DuckDB spills: ``temp_directory``, else ``.duckdb_tmp/`` beside ``warehouse``."""
    return temp_directory or warehouse.parent / SPILL_FOLDER


# --- one setting, read when called: for code outside pipelines/lib/ that is not handed
# Settings (analysts' connections, the dashboard, the data dictionary's default). Nothing
# under pipelines/lib/ calls these (tests/test_settings.py): it is given the values.


def _setting(field: str) -> Any:
    return _read(SETTING[field], os.environ)


def warehouse_path() -> Path:
    """The DuckDB warehouse file (``WAREHOUSE_PATH``)."""
    return _setting("warehouse")


def warehouse_url() -> tuple[str, str]:
    """The DuckLake the warehouse is also published into, and its data path (``WAREHOUSE_URL``,
    ``WAREHOUSE_DATA_PATH``); ``("", "")`` for the embedded file only."""
    return _setting("warehouse_url"), _setting("warehouse_data_path")


def language() -> str:
    """The language of what the command line prints (``REFRESH_LANG``)."""
    return _setting("language")


def lkj_paper() -> str:
    """The paper of the LKj's Word document (``LKJ_PAPER``): ``A4`` or ``F4``."""
    return _setting("lkj_paper")


def lkj_docx_template() -> Path | None:
    """The office's template of the LKj's Word document (``LKJ_DOCX_TEMPLATE``), None for the
    project's."""
    return _setting("lkj_docx_template")
