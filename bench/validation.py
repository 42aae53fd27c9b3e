"""Validation candidates on the same placement files: which one scales.

    python -m bench.validation --raw-dir /tmp/bench/raw-1m [--files N]

All three check the contract's placement rules (required values, closed
lists, the NIK's shape, a date that exists and lies in its file's month, ids
unique per office) on the same cells, read once as text with polars:

- ``pandera-pandas``: the rules as a pandera model on the pandas backend;
- ``pandera-polars``: the project's own schema (``PENEMPATAN.schema``) on
  pandera's polars backend, as the ingest runs it: per file, and once over
  all the files in one frame;
- ``duckdb-sql``: the same rules as SQL over ``read_csv`` (reading included).

Each prints its seconds, rows per second and the rows it finds failing; the
counts must agree. Reading and parsing are timed apart from validation.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import pandas as pd
import pandera.pandas as pa_pd
import polars as pl

from pipelines.contract.penempatan import PENEMPATAN
from pipelines.contract.values import NIK_PATTERN, SCHEMES, SECTORS, SEXES, UNIT_KINDS
from pipelines.lib.filenames import parse_file_name
from pipelines.lib.ingest import match_header, parse_cells
from pipelines.lib.readers import read_csv_text


class PenempatanPandas(pa_pd.DataFrameModel):
    """``PENEMPATAN.schema`` ported to pandera's pandas backend."""

    source_row: int = pa_pd.Field(ge=2)
    period_start: pd.Timestamp = pa_pd.Field(nullable=True)
    period_end: pd.Timestamp = pa_pd.Field(nullable=True)
    id_pmi: str = pa_pd.Field()
    nik: str = pa_pd.Field(str_matches=NIK_PATTERN)
    nama: str = pa_pd.Field()
    jenis_kelamin: str = pa_pd.Field(isin=list(SEXES))
    tanggal_penempatan: pd.Timestamp = pa_pd.Field()
    unit_layanan: str = pa_pd.Field()
    jenis_unit: str = pa_pd.Field(isin=list(UNIT_KINDS))
    skema: str = pa_pd.Field(isin=list(SCHEMES))
    sektor: str = pa_pd.Field(isin=list(SECTORS))
    negara_tujuan: str = pa_pd.Field()
    jabatan: str = pa_pd.Field(nullable=True)
    kab_kota_asal: str = pa_pd.Field(nullable=True)
    p3mi: str = pa_pd.Field(nullable=True)

    @pa_pd.dataframe_check(name="out_of_period")
    def in_period(cls, frame: pd.DataFrame) -> pd.Series:
        date = frame["tanggal_penempatan"]
        return date.isna() | date.between(frame["period_start"], frame["period_end"])

    class Config:
        strict = True
        coerce = False


def typed_files(paths: list[Path]) -> list[pl.DataFrame]:
    """Each file's cells, typed by the project's parser (before validation)."""
    frames = []
    for path in paths:
        identity = parse_file_name(path, "penempatan", "month", "csv")
        text, _ = match_header(PENEMPATAN, read_csv_text(path), path)
        typed, _ = parse_cells(PENEMPATAN, text, identity)
        frames.append(typed.with_columns(pl.lit(identity.office_code).alias("office")))
    return frames


def failing_rows_polars(frame: pl.DataFrame) -> set[int]:
    try:
        PENEMPATAN.schema.validate(frame, lazy=True)
    except Exception as errors:  # pandera.errors.SchemaErrors
        cases = errors.failure_cases  # type: ignore[attr-defined]
        return set(cases["index"].drop_nulls().to_list())
    return set()


def failing_rows_pandas(frame: pd.DataFrame) -> set[int]:
    try:
        PenempatanPandas.validate(frame, lazy=True)
    except pa_pd.errors.SchemaErrors as errors:
        return set(errors.failure_cases["index"].dropna().astype(int).tolist())
    return set()


def duplicates(frame: pl.DataFrame) -> int:
    """Later copies of an id within an office (the ingest does this in DuckDB)."""
    return frame.height - frame.unique(["office", "id_pmi"]).height


DUCKDB_SQL = r"""
with cells as (
    select
        *,
        regexp_extract(filename, '_([A-Z]{3,8})_(\d{4})-(\d{2})\.csv$', ['office', 'y', 'm'])
            as name_parts,
        try_strptime(tanggal_penempatan, '%d/%m/%Y')::date as placed_on
    from read_csv(
        ?, delim = ';', quote = '"', header = true, all_varchar = true,
        filename = true, normalize_names = true
    )
),
checked as (
    select
        *,
        make_date(name_parts.y::int, name_parts.m::int, 1) as period_start,
        row_number() over (
            partition by name_parts.office, id_pmi order by filename
        ) as copy_number
    from cells
)
select count(*) filter (
    where id_pmi is null or nama is null or unit_layanan is null or negara_tujuan is null
        or nik is null or not regexp_full_match(nik, '\d{16}')
        or jenis_kelamin is null or jenis_kelamin not in ('L', 'P')
        or jenis_unit is null or jenis_unit not in ('BP3MI/P4MI', 'LTSA/MPP')
        or skema is null or lower(skema) not in ('p to p', 'g to g', 'ukps', 'mandiri', 'pelaut')
        or sektor is null or lower(sektor) not in ('formal', 'informal')
        or placed_on is null
        or placed_on not between period_start and last_day(period_start)
        or copy_number > 1
) as failing,
count(*) as rows
from checked
"""


def timed(label: str, rows: int, run: Callable[[], int]) -> dict:
    started = time.perf_counter()
    failing = run()
    seconds = time.perf_counter() - started
    print(f"{label:<34} {seconds:8.2f} s {rows / seconds:12,.0f} rows/s {failing:8,} failing")
    return {"name": label, "seconds": seconds, "rows": rows, "failing": failing}


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--raw-dir", type=Path, required=True)
    parser.add_argument("--files", type=int, help="only the first N placement files")
    args = parser.parse_args(argv)
    paths = sorted((args.raw_dir / "penempatan").glob("penempatan_*.csv"))[: args.files]

    started = time.perf_counter()
    frames = typed_files(paths)
    read_seconds = time.perf_counter() - started
    whole = pl.concat(frames)
    rows = whole.height
    print(f"{len(paths):,} files, {rows:,} rows; polars read + parse {read_seconds:.1f} s")
    results = []

    def polars_per_file() -> int:
        return sum(len(failing_rows_polars(f.drop("office"))) for f in frames) + duplicates(whole)

    def polars_whole() -> int:
        return len(failing_rows_polars(whole.drop("office"))) + duplicates(whole)

    started = time.perf_counter()
    pandas_frame = whole.drop("office").to_pandas()
    for column in ("tanggal_penempatan", "period_start", "period_end"):
        pandas_frame[column] = pd.to_datetime(pandas_frame[column])
    convert = time.perf_counter() - started
    print(f"(polars -> pandas conversion {convert:.1f} s, not counted)")

    def pandas_whole() -> int:
        return len(failing_rows_pandas(pandas_frame)) + duplicates(whole)

    def duckdb_sql() -> int:
        with duckdb.connect() as con:
            glob = str(args.raw_dir / "penempatan" / "penempatan_*.csv")
            files = [str(p) for p in paths] if args.files else glob
            failing, _ = con.execute(DUCKDB_SQL, [files]).fetchone()
        return failing

    results.append(timed("pandera polars, per file (ingest)", rows, polars_per_file))
    results.append(timed("pandera polars, one frame", rows, polars_whole))
    results.append(timed("pandera pandas, one frame", rows, pandas_whole))
    results.append(timed("duckdb sql, read_csv included", rows, duckdb_sql))
    fastest = min(results, key=lambda r: r["seconds"])
    print(f"fastest: {fastest['name']}")
    return results


if __name__ == "__main__":
    main()
