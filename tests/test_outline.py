"""The LKj's outline (pipelines/lkj/outline.py): the tables' numbers as the published LKj
2024 prints them, and a period's tables numbered from its Renstra's declaration."""

from pipelines import indicators
from pipelines.lkj import outline
from pipelines.lkj.lkj_data import year_lists

# The LKj 2024 of BP3MI Jawa Tengah: Tabel 3-6, the indicators' Tabel 7-23 (IKU 1: 7-10,
# IKU 2: 11-12, IKU 3: 13-14, IKU 4: 15-17, IKU 5: 18-20, IKU 6-8: 21-23), Tabel 24 and 25
# (the budget), Lampiran I-V, and the tables the warehouse adds (the IKPA's components,
# the Manual IKU, the data findings).
PUBLISHED_2024 = [
    "tabel-ringkasan",
    *(f"tabel-{n}" for n in range(3, 26)),
    "lampiran-i",
    "lampiran-ii",
    "lampiran-iii",
    "lampiran-iv",
    "lampiran-v",
    "lampiran-ikpa",
    "tabel-manual-iku",
    "temuan",
]


def by_section(year: int) -> dict[str, list[str]]:
    return {
        section.key: [p.label for p in section.parts if isinstance(p, outline.PlacedTable)]
        for section in outline.placed(year_lists(year)[1])
    }


def test_2024_numbers_its_tables_as_published() -> None:
    assert outline.table_keys(2024) == PUBLISHED_2024
    sections = by_section(2024)
    assert sections["iku1"] == ["Tabel 7", "Tabel 8", "Tabel 9", "Tabel 10"]
    assert sections["iku4"] == ["Tabel 15", "Tabel 16", "Tabel 17"]
    assert sections["iku8"] == ["Tabel 23"]
    assert sections["realisasi-anggaran"] == ["Tabel 24", "Tabel 25"]


def test_another_period_numbers_its_tables_from_its_declaration() -> None:
    """2025: as many indicator tables as the 2025-2029 declaration names, then the budget."""
    declared = indicators.renstra().for_year(2025)  # goal by goal, as the LKj lists them
    last = 6 + sum(len(i.tables) for i in declared)
    sections = by_section(2025)
    assert sections["realisasi-anggaran"] == [f"Tabel {last + 1}", f"Tabel {last + 2}"]
    assert [s for s in sections if s.startswith("iku")] == [i.code.lower() for i in declared]


def test_every_table_an_indicator_names_is_in_the_outline() -> None:
    outline.check_declared_tables()


def test_each_mart_is_read_once_with_the_rows_of_its_tables() -> None:
    """One read per mart. A read of every year up to the report's (the series of Bab III,
    the same months of the year before) has the year among its columns, to tell its years
    apart; every other read is of the report's year alone."""
    marts = [read.mart for read in outline.MART_READS]
    assert len(marts) == len(set(marts))
    assert outline.MARTS_READ_ROWS["fct_kpi_annual"] == "<="
    for read in outline.MART_READS:
        assert read.years in {"=", "<="}, read.mart
        assert (read.years == "<=") == ("year" in read.columns), read.mart


def test_charts_are_numbered_from_the_outline_as_published() -> None:
    """The LKj's charts from Grafik 5 (Grafik 1-4, the staff, are no data): three for an
    indicator with a series, one more for a series on the DIPA basis; 2024: Grafik 5-20."""
    for year in (2024, 2025):
        declared = indicators.renstra().for_year(year)
        drawn = sum(3 * ("series" in i.tables) + ("series_dipa" in i.tables) for i in declared)
        charts = outline.placed_charts(year_lists(year)[1])
        numbered = [chart.label for chart in charts if chart.chart.numbered]
        assert numbered == [f"Grafik {n}" for n in range(5, 5 + drawn)], year
        assert {c.label for c in charts if not c.chart.numbered} == {outline.EXTRA_CHART}
        assert year != 2024 or numbered[-1] == "Grafik 20"
