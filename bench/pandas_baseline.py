"""What an office would write instead: one pandas script, pandera's pandas backend.

    python -m bench.pandas_baseline --raw-dir DIR --out kpi.duckdb [--max-rows N]

Reads every file with ``pandas.read_csv`` / ``pandas.read_excel``, parses
the Indonesian dates and numbers, validates each feed with a pandera model on
the pandas backend (the same rules as the contract, ``lazy=True``, failing
rows dropped), computes the annual KPI table per office-year (IKU1-5 from the
records, IKU2 against the previous year's cases, IKU6-8 the year's latest
score, the PK targets and the achievement) and writes it to DuckDB.

``--max-rows`` keeps whole offices (in name order) until their placement rows
would pass N: the benchmark extrapolates from such a subset when the full
size would take too long. No lineage, no quarantine table, no pseudonyms,
no incremental loading: it is the baseline, not a replacement.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import time
from collections import defaultdict
from pathlib import Path

import duckdb
import pandas as pd
import pandera.pandas as pa

SCHEMES = ["P to P", "G to G", "UKPS", "Mandiri", "Pelaut"]
NAME = re.compile(
    r"^(?P<prefix>[a-z_]+?)_(?P<office>[A-Z]{3,8})(?:_(?P<period>\d{4}(?:-\d{2})?))?$"
)
MONTH_NAMES = (
    "januari", "februari", "maret", "april", "mei", "juni",
    "juli", "agustus", "september", "oktober", "november", "desember",
)  # fmt: skip
MONTHS = {name: number for number, name in enumerate(MONTH_NAMES, start=1)}


def in_period(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame[column].isna() | frame[column].between(frame["period_start"], frame["period_end"])


class Penempatan(pa.DataFrameModel):
    """The contract's placement rules on pandas (pipelines' polars model, ported)."""

    id_pmi: str = pa.Field()
    nik: str = pa.Field(str_matches=r"^\d{16}$")
    nama: str = pa.Field()
    jenis_kelamin: str = pa.Field(isin=["L", "P"])
    tanggal_penempatan: pd.Timestamp = pa.Field()
    unit_layanan: str = pa.Field()
    jenis_unit: str = pa.Field(isin=["BP3MI/P4MI", "LTSA/MPP"])
    skema: str = pa.Field(isin=SCHEMES)
    sektor: str = pa.Field(isin=["Formal", "Informal"])
    negara_tujuan: str = pa.Field()
    jabatan: str = pa.Field(nullable=True)
    kab_kota_asal: str = pa.Field(nullable=True)
    p3mi: str = pa.Field(nullable=True)
    period_start: pd.Timestamp = pa.Field()
    period_end: pd.Timestamp = pa.Field()

    @pa.dataframe_check(name="out_of_period")
    def in_period(cls, frame: pd.DataFrame) -> pd.Series:
        return in_period(frame, "tanggal_penempatan")

    class Config:
        strict = True
        coerce = False


class Kasus(pa.DataFrameModel):
    no_pengaduan: str = pa.Field()
    tanggal_pengaduan: pd.Timestamp = pa.Field()
    nama_pmi: str = pa.Field(nullable=True)
    negara: str = pa.Field()
    jenis_kasus: str = pa.Field()
    status: str = pa.Field(isin=["Proses", "Selesai"])
    unit_layanan: str = pa.Field(nullable=True)
    kanal: str = pa.Field(nullable=True)
    period_start: pd.Timestamp = pa.Field()
    period_end: pd.Timestamp = pa.Field()

    @pa.dataframe_check(name="out_of_period")
    def in_period(cls, frame: pd.DataFrame) -> pd.Series:
        return in_period(frame, "tanggal_pengaduan")


class Pencegahan(pa.DataFrameModel):
    tanggal: pd.Timestamp = pa.Field()
    nama_pmi: str = pa.Field()
    l: bool = pa.Field()
    p: bool = pa.Field()
    period_start: pd.Timestamp = pa.Field()
    period_end: pd.Timestamp = pa.Field()

    @pa.dataframe_check(name="one_sex_marked")
    def one_sex(cls, frame: pd.DataFrame) -> pd.Series:
        return frame["l"] != frame["p"]

    @pa.dataframe_check(name="out_of_period")
    def in_period(cls, frame: pd.DataFrame) -> pd.Series:
        return in_period(frame, "tanggal")


class Pemulangan(pa.DataFrameModel):
    id_pemulangan: str = pa.Field()
    tanggal: pd.Timestamp = pa.Field()
    kategori: str = pa.Field(isin=["PMI Terkendala", "PMI Sakit", "PMI Meninggal"])
    period_start: pd.Timestamp = pa.Field()
    period_end: pd.Timestamp = pa.Field()

    @pa.dataframe_check(name="out_of_period")
    def in_period(cls, frame: pd.DataFrame) -> pd.Series:
        return in_period(frame, "tanggal")


class Pemberdayaan(pa.DataFrameModel):
    tanggal_kegiatan: pd.Timestamp = pa.Field()
    nama_peserta: str = pa.Field()
    status_peserta: str = pa.Field(isin=["PMI Purna", "Keluarga PMI"])
    period_start: pd.Timestamp = pa.Field()
    period_end: pd.Timestamp = pa.Field()

    @pa.dataframe_check(name="out_of_period")
    def in_period(cls, frame: pd.DataFrame) -> pd.Series:
        return in_period(frame, "tanggal_kegiatan")


class Nilai(pa.DataFrameModel):
    triwulan: int = pa.Field(in_range={"min_value": 1, "max_value": 4})
    kode_iku: str = pa.Field(isin=["IKU6", "IKU7", "IKU8"])
    nilai: float = pa.Field(in_range={"min_value": 0, "max_value": 100})


class Target(pa.DataFrameModel):
    tahun: int = pa.Field(in_range={"min_value": 2000, "max_value": 2100})
    kode_iku: str = pa.Field(isin=[f"IKU{i}" for i in range(1, 9)])
    dasar: str = pa.Field(isin=["PK", "DIPA_AWAL", "DIPA_AA"])
    triwulan: float = pa.Field(nullable=True)
    target: float = pa.Field(ge=0)


class Historis(pa.DataFrameModel):
    tahun: int = pa.Field()
    kode_iku: str = pa.Field()
    realisasi: float = pa.Field()
    jumlah_kasus: float = pa.Field(nullable=True, ge=0)


def identity(path: Path) -> tuple[str, str, pd.Timestamp | None, pd.Timestamp | None]:
    match = NAME.match(path.stem)
    if not match:
        raise ValueError(f"{path}: file name does not parse")
    period = match["period"]
    if period is None:
        return match["prefix"], match["office"], None, None
    start = pd.Timestamp(f"{period}-01" if "-" in period else f"{period}-01-01")
    end = start + (pd.offsets.MonthEnd(0) if "-" in period else pd.offsets.YearEnd(0))
    return match["prefix"], match["office"], start, end


def read_csv(path: Path) -> pd.DataFrame:
    frame = pd.read_csv(
        path, sep=";", quotechar='"', dtype=str, keep_default_na=False, encoding="utf-8-sig"
    )
    frame.columns = [c.strip().lower() for c in frame.columns]
    return frame.apply(lambda c: c.str.strip()).replace("", None)


def read_xlsx(path: Path, sheet: str) -> pd.DataFrame:
    frame = pd.read_excel(path, sheet_name=sheet, dtype=object, engine="calamine")
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    return frame.dropna(how="all")


def dmy(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series, format="%d/%m/%Y", errors="coerce")


def xlsx_date(value: object) -> pd.Timestamp | None:
    """A date cell, or an Indonesian text date (``5 Maret 2024``)."""
    if isinstance(value, dt.date):
        return pd.Timestamp(value)
    if isinstance(value, str):
        parts = value.split()
        if len(parts) == 3 and parts[1].lower() in MONTHS:
            try:
                return pd.Timestamp(int(parts[2]), MONTHS[parts[1].lower()], int(parts[0]))
            except ValueError:
                return None
    return None


def number(series: pd.Series) -> pd.Series:
    text = series.astype("string").str.replace(".", "", regex=False).str.replace(",", ".")
    return pd.to_numeric(text, errors="coerce")


def valid(model: type[pa.DataFrameModel], frame: pd.DataFrame) -> pd.DataFrame:
    """The rows that pass the model (pandera pandas backend, lazy)."""
    try:
        model.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        bad = errors.failure_cases["index"].dropna().unique()
        return frame.drop(index=bad)
    return frame


def with_period(frame: pd.DataFrame, path: Path) -> pd.DataFrame:
    _, office, start, end = identity(path)
    return frame.assign(office_code=office, period_start=start, period_end=end)


def load(raw: Path, offices: set[str]) -> dict[str, pd.DataFrame]:
    """Every feed the KPIs need, validated, one frame per table."""
    parts: dict[str, list[pd.DataFrame]] = defaultdict(list)

    def files(feed: str, prefix: str) -> list[Path]:
        return [
            p
            for p in sorted((raw / feed).glob(f"{prefix}_*"))
            if identity(p)[1] in offices and not p.name.startswith((".", "~$"))
        ]

    for path in files("penempatan", "penempatan"):
        frame = with_period(read_csv(path), path)
        frame["tanggal_penempatan"] = dmy(frame["tanggal_penempatan"])
        parts["penempatan"].append(valid(Penempatan, frame.drop(columns="office_code")))
        parts["penempatan"][-1]["office_code"] = identity(path)[1]
    for path in files("kasus", "kasus"):
        frame = with_period(read_xlsx(path, "Pengaduan"), path)
        frame["tanggal_pengaduan"] = (
            frame["tanggal_pengaduan"].map(xlsx_date).astype("datetime64[ns]")
        )
        frame = frame.astype({c: "string" for c in ("no_pengaduan", "status")})
        parts["kasus"].append(valid(Kasus, frame))
    for path in files("pencegahan", "pencegahan"):
        frame = with_period(read_xlsx(path, "Pencegahan"), path)
        frame["tanggal"] = frame["tanggal"].map(xlsx_date).astype("datetime64[ns]")
        frame["l"] = frame["l"].eq("\u2713")
        frame["p"] = frame["p"].eq("\u2713")
        parts["pencegahan"].append(valid(Pencegahan, frame))
    for path in files("pemulangan", "pemulangan"):
        frame = with_period(read_csv(path), path)
        frame["tanggal"] = dmy(frame["tanggal"])
        parts["pemulangan"].append(valid(Pemulangan, frame))
    for path in files("pemberdayaan", "pemberdayaan"):
        frame = with_period(read_csv(path), path)
        frame["tanggal_kegiatan"] = dmy(frame["tanggal_kegiatan"])
        parts["pemberdayaan"].append(valid(Pemberdayaan, frame))
    for path in files("tata_kelola", "nilai"):
        frame = with_period(read_csv(path), path)
        frame["triwulan"] = frame["triwulan"].astype(int)
        frame["nilai"] = number(frame["nilai"]).astype(float)
        parts["nilai"].append(valid(Nilai, frame))
    for path in files("target", "target_kinerja"):
        frame = with_period(read_csv(path), path)
        frame["tahun"] = frame["tahun"].astype(int)
        frame["triwulan"] = pd.to_numeric(frame["triwulan"])
        frame["target"] = number(frame["target"]).astype(float)
        parts["target"].append(valid(Target, frame))
    for path in files("historis", "realisasi_historis"):
        frame = with_period(read_csv(path), path)
        frame["tahun"] = frame["tahun"].astype(int)
        frame["realisasi"] = number(frame["realisasi"]).astype(float)
        frame["jumlah_kasus"] = pd.to_numeric(frame["jumlah_kasus"]).astype(float)
        parts["historis"].append(valid(Historis, frame))
    tables = {name: pd.concat(frames, ignore_index=True) for name, frames in parts.items()}
    # Ids unique per office: later copies are dropped, as the contract says.
    for table, key in (("penempatan", "id_pmi"), ("kasus", "no_pengaduan")):
        tables[table] = tables[table].drop_duplicates(["office_code", key], keep="first")
    return tables


def kpi_annual(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per office, year and indicator: target (PK), realisation, achievement."""

    def yearly_count(table: str, date: str, iku: str) -> pd.DataFrame:
        frame = tables[table]
        counted = frame.groupby([frame["office_code"], frame[date].dt.year.rename("year")]).size()
        return counted.rename("realisation").reset_index().assign(indicator_code=iku)

    counts = [
        yearly_count("penempatan", "tanggal_penempatan", "IKU1"),
        yearly_count("pencegahan", "tanggal", "IKU3"),
        yearly_count("pemulangan", "tanggal", "IKU4"),
        yearly_count("pemberdayaan", "tanggal_kegiatan", "IKU5"),
    ]
    cases = yearly_count("kasus", "tanggal_pengaduan", "IKU2")
    history = tables["historis"].query("kode_iku == 'IKU2'")
    earlier = history.rename(columns={"tahun": "year", "jumlah_kasus": "previous"})[
        ["office_code", "year", "previous"]
    ]
    earlier["year"] += 1
    previous = cases.assign(year=cases["year"] + 1).rename(columns={"realisation": "previous"})[
        ["office_code", "year", "previous"]
    ]
    cases = cases.merge(pd.concat([earlier, previous]), on=["office_code", "year"], how="left")
    cases["realisation"] = (cases["previous"] - cases["realisation"]) / cases["previous"] * 100
    scores = tables["nilai"].assign(year=tables["nilai"]["period_start"].dt.year)
    latest = (
        scores.sort_values("triwulan")
        .groupby(["office_code", "year", "kode_iku"])
        .tail(1)
        .rename(columns={"kode_iku": "indicator_code", "nilai": "realisation"})
    )
    realisations = pd.concat(
        [*counts, cases.drop(columns="previous"), latest[list(counts[0].columns)]],
        ignore_index=True,
    )
    targets = tables["target"].query("dasar == 'PK' and triwulan.isna()", engine="python")
    targets = targets.rename(columns={"tahun": "year", "kode_iku": "indicator_code"})[
        ["office_code", "year", "indicator_code", "target"]
    ]
    kpi = realisations.merge(targets, on=["office_code", "year", "indicator_code"], how="left")
    kpi["achievement_pct"] = kpi["realisation"] / kpi["target"] * 100
    return kpi.sort_values(["office_code", "year", "indicator_code"], ignore_index=True)


def choose_offices(raw: Path, max_rows: int | None) -> tuple[set[str], int]:
    """Whole offices, in name order, while their placement rows stay within ``max_rows``."""
    per_office: dict[str, int] = defaultdict(int)
    for path in (raw / "penempatan").glob("*.csv"):
        with path.open("rb") as handle:
            per_office[identity(path)[1]] += sum(1 for _ in handle) - 1
    chosen: set[str] = set()
    rows = 0
    for office in sorted(per_office):
        if max_rows is not None and chosen and rows + per_office[office] > max_rows:
            break
        chosen.add(office)
        rows += per_office[office]
    return chosen, rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--raw-dir", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True, help="DuckDB file to write")
    parser.add_argument("--max-rows", type=int, help="placement rows to read at most")
    parser.add_argument("--summary", type=Path, help="write what was read here (JSON)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    offices, rows = choose_offices(args.raw_dir, args.max_rows)
    tables = load(args.raw_dir, offices)
    kpi = kpi_annual(tables)
    args.out.unlink(missing_ok=True)
    with duckdb.connect(str(args.out)) as con:
        con.register("kpi", kpi)
        con.execute("create table kpi_annual as select * from kpi")
    seconds = time.perf_counter() - started
    summary = {
        "offices": len(offices),
        "placement_rows": rows,
        "placements_valid": len(tables["penempatan"]),
        "kpi_rows": len(kpi),
        "seconds": seconds,
    }
    print(json.dumps(summary))
    if args.summary:
        args.summary.write_text(json.dumps(summary))


if __name__ == "__main__":
    main()
