"""Which office-years are provisional, for the views of many office-years at once.

Read from ``marts.fct_office_year_status`` (complete, or provisional with its label
"Sementara, data s.d. Maret 2025") and ``marts.fct_deliveries`` (the feeds of which
nothing of the year is delivered), the rule of the offices' reports (docs/reports.md,
"A provisional year"), by the national workbook (``national.py``) and the dashboard
(``bi/deliveries.py``, ``bi/national.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import duckdb

from pipelines.lib.warehouse import table_exists

PROVISIONAL = "sementara"  # after a figure of a provisional office-year in a trend
PROVISIONAL_NOTE = (
    f"({PROVISIONAL}): angka sebagian tahun (berkas kantor belum lengkap), belum sebanding "
    "dengan tahun penuh."
)


@dataclass(frozen=True)
class YearStatus:
    """The provisional office-years with their labels, those judged complete, and the
    feeds of which nothing is delivered for an office-year."""

    labels: dict[tuple[str, int], str] = field(default_factory=dict)
    complete: frozenset[tuple[str, int]] = frozenset()  # judged complete
    undelivered: dict[tuple[str, int], frozenset[str]] = field(default_factory=dict)

    def label(self, office: str, year: int) -> str:
        """``Sementara, data s.d. Maret 2025`` for a provisional office-year, else ""."""
        return self.labels.get((office, year), "")

    def provisional(self, office: str, year: int) -> bool:
        return (office, year) in self.labels

    def status(self, office: str, year: int) -> str:
        """The label, "Lengkap" for a year judged complete, "-" for one not judged (a year
        only in the historical feed)."""
        if (office, year) in self.complete:
            return "Lengkap"
        return self.label(office, year) or "-"

    def of_offices(self, offices: Sequence[str], year: int) -> str:
        """The status of the sum of ``offices``' ``year``: "Sementara (2 dari 24 kantor)"
        where one is provisional, "Lengkap" where one is judged complete, else "-"."""
        provisional = sum(self.provisional(office, year) for office in offices)
        if provisional:
            return f"Sementara ({provisional} dari {len(offices)} kantor)"
        return "Lengkap" if any((office, year) in self.complete for office in offices) else "-"

    def is_undelivered(self, office: str, year: int, feed: str | None) -> bool:
        """Nothing of ``feed`` is delivered for the office-year: its figures print "-"."""
        return feed in self.undelivered.get((office, year), ())


def load_year_status(con: duckdb.DuckDBPyConnection) -> YearStatus:
    """Every office-year's status (none in a warehouse built before the marts judged
    them: every year is then taken as complete, as the reports do)."""
    if not table_exists(con, "marts", "fct_office_year_status"):
        return YearStatus()
    rows = con.execute(
        "select office_code, year, is_complete, status_label from marts.fct_office_year_status"
    ).fetchall()
    undelivered: dict[tuple[str, int], set[str]] = {}
    if table_exists(con, "marts", "fct_deliveries"):
        for office, year, feed in con.execute(
            "select office_code, year, feed from marts.fct_deliveries group by all "
            "having not bool_or(status = 'delivered')"
        ).fetchall():
            undelivered.setdefault((office, year), set()).add(feed)
    return YearStatus(
        labels={(office, year): label for office, year, complete, label in rows if not complete},
        complete=frozenset((office, year) for office, year, complete, _ in rows if complete),
        undelivered={key: frozenset(feeds) for key, feeds in undelivered.items()},
    )
