"""The raw feeds of the contract: every table of every feed, declared in its feed's module.

A feed is a folder of the raw directory (``penempatan/``, ``anggaran/``, ...)
with one or more kinds of file, each loaded into one table ``raw.<table>``.
Each feed declares its tables once, in ``pipelines/contract/<feed>.py``
(:class:`~pipelines.lib.ingest.TableSpec`): file name, format, columns and
their rules, one description. Adding a column is one line there (and a row
in the sample files and the tests).
"""

from __future__ import annotations

from pipelines.contract import (
    anggaran,
    historis,
    kasus,
    narasi,
    orientasi,
    pemberdayaan,
    pemulangan,
    pencegahan,
    penempatan,
    target,
    tata_kelola,
)
from pipelines.contract.anggaran import ANGGARAN_DIPA, ANGGARAN_PAGU, ANGGARAN_REALISASI
from pipelines.contract.historis import REALISASI_HISTORIS
from pipelines.contract.kasus import KASUS
from pipelines.contract.narasi import NARASI
from pipelines.contract.orientasi import ORIENTASI
from pipelines.contract.pemberdayaan import PEMBERDAYAAN
from pipelines.contract.pemulangan import PEMULANGAN
from pipelines.contract.pencegahan import PENCEGAHAN
from pipelines.contract.penempatan import PENEMPATAN
from pipelines.contract.target import TARGET_KINERJA
from pipelines.contract.tata_kelola import TATA_KELOLA_IKPA, TATA_KELOLA_NILAI
from pipelines.lib.ingest import TableSpec

__all__ = [
    "ANGGARAN_DIPA",
    "ANGGARAN_PAGU",
    "ANGGARAN_REALISASI",
    "FEEDS",
    "FEED_TITLES",
    "KASUS",
    "NARASI",
    "ORIENTASI",
    "PEMBERDAYAAN",
    "PEMULANGAN",
    "PENCEGAHAN",
    "PENEMPATAN",
    "REALISASI_HISTORIS",
    "TABLES",
    "TARGET_KINERJA",
    "TATA_KELOLA_IKPA",
    "TATA_KELOLA_NILAI",
]

# The feeds in the order a refresh loads them (each with its tables, and its title: the
# feed in plain Indonesian words).
_MODULES = (
    penempatan,
    kasus,
    pencegahan,
    pemulangan,
    pemberdayaan,
    orientasi,
    anggaran,
    tata_kelola,
    target,
    historis,
    narasi,
)
FEEDS: dict[str, tuple[TableSpec, ...]] = {
    module.__name__.rsplit(".", 1)[1]: module.TABLES for module in _MODULES
}
FEED_TITLES: dict[str, str] = {
    module.__name__.rsplit(".", 1)[1]: module.TITLE for module in _MODULES
}


def feed_title(feed: str) -> str:
    """The feed in plain words (``pengaduan kasus PMI``); its code if it has none."""
    return FEED_TITLES.get(feed, feed)


# Every table of every feed.
TABLES: tuple[TableSpec, ...] = tuple(spec for specs in FEEDS.values() for spec in specs)
