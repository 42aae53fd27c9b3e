"""The refresh at national scale, measured side by side on the same files.

    python -m bench.run --sizes 1,3,10 --out /tmp/bench

For each size (millions of placement rows; 24 offices x 2015-2024, scaled),
the synthetic raw directory is generated once under ``--out`` and reused
afterwards. Then, each in a fresh process, timed, with its peak memory:

- ``floor``: DuckDB reading every placement file into one table
  (``read_csv`` with the contract's dialect), no validation;
- ``full``: our refresh end to end (ingest, validation, dbt build, publish)
  into an empty warehouse;
- ``incremental``: our refresh again after one monthly placement file changed
  (one placement withdrawn);
- ``unchanged``: our refresh once more, nothing changed (the usual night);
- ``pandas``: the office's pandas + pandera script (``bench.pandas_baseline``),
  on whole offices up to ``--pandas-rows`` placement rows and extrapolated
  linearly to the full size when it ran on a subset (its work, measured by the
  script after its imports, grows with the rows; the process's start is
  counted once);

and on the committed 2024 sample of JATENG (written by its generator under
``--out``, as the tests do: never ``raw/``, where an operator drops files):
``sample``, our refresh, and ``dbt``, a bare ``dbt build`` of the dbt project
on the warehouse it built (the fixed cost no refresh goes under), each pair
``--sample-runs`` times (3), the median of each kept.

The table printed gives seconds, placement rows per second and peak RSS of
each, with the ratios full / floor, pandas / full, incremental / sample and
sample / dbt; ``results.json`` and ``results.md`` under ``--out`` keep them,
with the refresh's step durations (from Dagster's run storage).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
# The dbt manifest, parsed as the refresh would with the environment's settings (read once).
ENSURE_MANIFEST = (
    "from pipelines.lib.config import Settings; from pipelines.lib.dbt import ensure_manifest; "
    "from pipelines.lib.resources import Warehouse; "
    "ensure_manifest(Warehouse.from_settings(Settings.from_env()))"
)
OFFICES = 24
YEARS = "2015-2024"
OFFICE_YEARS = OFFICES * 10
PER_OFFICE_YEAR = 25_000
SEED = "bp3mi-national"


@dataclass
class Measurement:
    """One timed command."""

    size: str
    name: str
    seconds: float
    max_rss_mib: float
    cpu_seconds: float
    rows: int
    note: str = ""
    extrapolated_seconds: float | None = None

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def measure(out_json: Path, command: list[str], env: dict[str, str] | None = None, **kw) -> dict:
    """Run ``command`` under ``bench.measure``; fail loudly if it fails."""
    wrapped = [PYTHON, "-m", "bench.measure", str(out_json), "--", *command]
    result = subprocess.run(
        wrapped, cwd=kw.get("cwd", PROJECT_ROOT), env=env, check=False, **kw.get("io", {})
    )
    data = json.loads(out_json.read_text())
    if result.returncode != 0:
        raise SystemExit(f"benchmark command failed ({result.returncode}): {' '.join(command)}")
    return data


def bench_env(out: Path) -> dict[str, str]:
    """The refresh's environment: a throwaway key and Dagster home; DuckDB settings default."""
    env = dict(os.environ)
    env["PSEUDONYM_KEY_FILE"] = str(out / "pseudonym.key")
    env.pop("PSEUDONYM_KEY", None)
    env["DAGSTER_HOME"] = str(out / "dagster_home")
    (out / "dagster_home").mkdir(parents=True, exist_ok=True)
    return env


def ensure_raw(out: Path, size: float) -> tuple[Path, int, float | None]:
    """The raw directory of ``size`` million placements, generated unless already there."""
    scale = size * 1_000_000 / (OFFICE_YEARS * PER_OFFICE_YEAR)
    raw = out / f"raw-{size:g}m"
    manifest = out / f"raw-{size:g}m.json"
    wanted = {"offices": OFFICES, "years": YEARS, "scale": round(scale, 8), "seed": SEED}
    if manifest.exists() and json.loads(manifest.read_text()).get("args") == wanted:
        return raw, json.loads(manifest.read_text())["placements"], None
    shutil.rmtree(raw, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run(
        [
            PYTHON,
            "-m",
            "pipelines.sample.generate_offices",
            "--out",
            str(raw),
            "--offices",
            str(OFFICES),
            "--years",
            YEARS,
            "--scale",
            str(wanted["scale"]),
            "--seed",
            SEED,
        ],
        cwd=PROJECT_ROOT,
        check=True,
    )
    seconds = time.perf_counter() - started
    placements = count_placements(raw)
    manifest.write_text(json.dumps({"args": wanted, "placements": placements, "seconds": seconds}))
    return raw, placements, seconds


def count_placements(raw: Path) -> int:
    """Data rows of every placement file (lines less headers)."""
    total = 0
    for path in (raw / "penempatan").glob("*.csv"):
        with path.open("rb") as handle:
            total += sum(1 for _ in handle) - 1
    return total


FLOOR_SCRIPT = """
import sys, duckdb
con = duckdb.connect(sys.argv[2])
con.execute(
    "create or replace table penempatan as select * from read_csv(?, delim=';', quote='\\"', "
    "header=true, all_varchar=true)",
    [sys.argv[1] + '/penempatan/*.csv'],
)
print(con.execute('select count(*) from penempatan').fetchone()[0])
con.close()
"""


def step_durations(env: dict[str, str]) -> dict[str, float]:
    """Seconds per step of the latest run in the benchmark's Dagster home."""
    script = (
        "import json, dagster as dg\n"
        "i = dg.DagsterInstance.get()\n"
        "run = i.get_runs(limit=1)[0]\n"
        "print(json.dumps({s.step_key: s.end_time - s.start_time\n"
        "    for s in i.get_run_step_stats(run.run_id) if s.end_time and s.start_time}))\n"
    )
    done = subprocess.run(
        [PYTHON, "-c", script], env=env, cwd=PROJECT_ROOT, capture_output=True, text=True
    )
    if done.returncode != 0:
        return {}
    return json.loads(done.stdout.strip().splitlines()[-1])


def refresh(raw: Path, warehouse: Path, env: dict[str, str], out_json: Path, log: Path) -> dict:
    """Our refresh, its output kept in ``log``."""
    with log.open("w") as handle:
        return measure(
            out_json,
            [
                PYTHON,
                "-m",
                "pipelines",
                "refresh",
                "--raw-dir",
                str(raw),
                "--warehouse",
                str(warehouse),
            ],
            env,
            io={"stdout": handle, "stderr": subprocess.STDOUT},
        )


def touch_one_month(raw: Path) -> tuple[Path, bytes]:
    """Withdraw one placement from one monthly file (a restatement that changes the KPIs);
    return the file's original bytes."""
    path = sorted((raw / "penempatan").glob("*.csv"))[
        len(list((raw / "penempatan").glob("*.csv"))) // 2
    ]
    original = path.read_bytes()
    lines = original.decode("utf-8").split("\n")
    del lines[1]  # the first placement of the month was entered twice in the source system
    path.write_bytes("\n".join(lines).encode("utf-8"))
    return path, original


def run_lake(raw: Path, work: Path, label: str, postgres: str, env: dict[str, str]) -> list:
    """The full refresh and the one-file refresh again with a DuckLake as the target
    (docs/deploy.md): a new database on ``postgres`` (a libpq connection string, no
    database), the data under the work folder; the same raw directory as the file's."""
    name = f"bench_lake_{label.replace('.', '_').lower()}_{int(time.time())}"
    subprocess.run(
        ["psql", f"{postgres} dbname=postgres", "-q", "-c", f'create database "{name}"'],
        check=True,
    )
    lake_env = dict(
        env,
        WAREHOUSE_URL=f"ducklake:postgres:{postgres} dbname={name}",
        WAREHOUSE_DATA_PATH=f"{work / 'lake-data'}/",
    )
    warehouse = work / "lake" / "warehouse.duckdb"
    placements = count_placements(raw)
    print(f"[{label}] full refresh, DuckLake target", flush=True)
    full = refresh(raw, warehouse, lake_env, work / "lake-full.json", work / "lake-full.log")
    print(f"[{label}] incremental refresh, DuckLake target", flush=True)
    path, original = touch_one_month(raw)
    try:
        one = refresh(raw, warehouse, lake_env, work / "lake-one.json", work / "lake-one.log")
    finally:
        path.write_bytes(original)
    return [
        Measurement(label, "lake-full", **_fields(full), rows=placements),
        Measurement(
            label,
            "lake-incremental",
            **_fields(one),
            rows=placements,
            note=f"one placement withdrawn from {path.relative_to(raw)}",
        ),
    ]


def run_size(
    out: Path, size: float, pandas_rows: int, env: dict[str, str], postgres: str = ""
) -> list[Measurement]:
    """Every measurement of one size."""
    label = f"{size:g}M"
    raw, placements, generated = ensure_raw(out, size)
    work = out / f"work-{size:g}m"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    results: list[Measurement] = []
    if generated is not None:
        print(f"[{label}] generated {placements:,} placement rows in {generated:.0f} s", flush=True)

    print(f"[{label}] floor: DuckDB read_csv of every placement file", flush=True)
    data = measure(
        work / "floor.json",
        [PYTHON, "-c", FLOOR_SCRIPT, str(raw), str(work / "floor.duckdb")],
        env,
        io={"stdout": subprocess.DEVNULL},
    )
    results.append(Measurement(label, "floor", **_fields(data), rows=placements))

    print(f"[{label}] full refresh", flush=True)
    warehouse = work / "warehouse.duckdb"
    data = refresh(raw, warehouse, env, work / "full.json", work / "full.log")
    steps = step_durations(env)
    (work / "full-steps.json").write_text(json.dumps(steps, indent=1))
    results.append(Measurement(label, "full", **_fields(data), rows=placements))

    print(f"[{label}] incremental refresh after one monthly file changed", flush=True)
    path, original = touch_one_month(raw)
    try:
        data = refresh(raw, warehouse, env, work / "incremental.json", work / "incremental.log")
        (work / "incremental-steps.json").write_text(json.dumps(step_durations(env), indent=1))
        print(f"[{label}] refresh with nothing changed", flush=True)
        unchanged = refresh(raw, warehouse, env, work / "unchanged.json", work / "unchanged.log")
        (work / "unchanged-steps.json").write_text(json.dumps(step_durations(env), indent=1))
    finally:
        path.write_bytes(original)
    results.append(
        Measurement(
            label,
            "incremental",
            **_fields(data),
            rows=placements,
            note=f"one placement withdrawn from {path.relative_to(raw)}",
        )
    )
    results.append(Measurement(label, "unchanged", **_fields(unchanged), rows=placements))
    if postgres:
        results += run_lake(raw, work, label, postgres, env)

    print(f"[{label}] pandas + pandera script (up to {pandas_rows:,} rows)", flush=True)
    summary = work / "pandas-summary.json"
    data = measure(
        work / "pandas.json",
        [
            PYTHON,
            "-m",
            "bench.pandas_baseline",
            "--raw-dir",
            str(raw),
            "--out",
            str(work / "pandas.duckdb"),
            "--max-rows",
            str(pandas_rows),
            "--summary",
            str(summary),
        ],
        env,
    )
    done = json.loads(summary.read_text())
    measured = Measurement(label, "pandas", **_fields(data), rows=done["placement_rows"])
    if done["placement_rows"] < placements:
        # The script's work grows with the rows; its start (interpreter, pandas and
        # pandera imports) does not, and is counted once.
        start, work = data["seconds"] - done["seconds"], done["seconds"]
        measured.extrapolated_seconds = start + work * placements / done["placement_rows"]
        measured.note = (
            f"{done['offices']} of {OFFICES} offices, {done['placement_rows']:,} rows; "
            f"extrapolated linearly, its start ({start:.1f} s) counted once"
        )
    results.append(measured)
    return results


def run_sample(out: Path, env: dict[str, str], runs: int = 3) -> list[Measurement]:
    """The committed 2024 sample: our refresh, then a bare dbt build on its warehouse.

    The pair is measured ``runs`` times, one after the other, each refresh
    into an empty warehouse; the median of each is kept (they differ by
    seconds on a shared machine, and their ratio is a target).
    """
    work = out / "work-sample"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    raw = work / "raw"
    subprocess.run(
        [PYTHON, "-m", "pipelines.sample.generate_jateng_2024", "--out", str(raw)],
        cwd=PROJECT_ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    rows = count_placements(raw)
    refreshes: list[dict] = []
    builds: list[dict] = []
    for run in range(1, runs + 1):
        round_dir = work / f"run-{run}"
        round_dir.mkdir()
        print(f"[sample] refresh of the JATENG 2024 sample ({run} of {runs})", flush=True)
        warehouse = round_dir / "warehouse.duckdb"
        refreshes.append(
            refresh(raw, warehouse, env, round_dir / "sample.json", round_dir / "sample.log")
        )
        print(f"[sample] bare dbt build ({run} of {runs})", flush=True)
        builds.append(bare_dbt_build(warehouse, round_dir, env))
    return [
        _median("sample", "sample", refreshes, rows),
        _median("sample", "dbt", builds, rows),
    ]


def bare_dbt_build(warehouse: Path, work: Path, env: dict[str, str]) -> dict:
    """``dbt build`` of the project on ``warehouse``, in a new target directory (a full
    parse), with the refresh's settings (``python -m pipelines dbt``)."""
    with (work / "dbt.log").open("w") as handle:
        return measure(
            work / "dbt.json",
            [
                PYTHON,
                "-m",
                "pipelines",
                "dbt",
                "--warehouse",
                str(warehouse),
                "build",
                "--target-path",
                str(work / "dbt-target"),
                "--log-path",
                str(work / "dbt-logs"),
            ],
            env,
            io={"stdout": handle, "stderr": subprocess.STDOUT},
        )


def _median(size: str, name: str, runs: list[dict], rows: int) -> Measurement:
    """The run of median seconds, noting every run's seconds."""
    ordered = sorted(runs, key=lambda data: data["seconds"])
    middle = ordered[(len(ordered) - 1) // 2]
    note = ""
    if len(runs) > 1:
        seconds = ", ".join(f"{data['seconds']:.1f}" for data in runs)
        note = f"median of {len(runs)} runs ({seconds} s)"
    measured = Measurement(size, name, **_fields(middle), rows=rows, note=note)
    measured.max_rss_mib = max(data["max_rss_mib"] for data in runs)
    return measured


def _fields(data: dict) -> dict:
    return {k: data[k] for k in ("seconds", "max_rss_mib", "cpu_seconds")}


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    import dbt.version
    import duckdb
    import polars

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        line.split(":", 1)[1].strip()
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory": memory,
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "polars": polars.__version__,
        "dbt": str(dbt.version.installed).lstrip("="),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


def ratios(results: list[Measurement]) -> dict[str, dict[str, float]]:
    """The ratios per size (and the lake's against the file's, when measured)."""
    by = {(m.size, m.name): m for m in results}
    sample, dbt = by.get(("sample", "sample")), by.get(("sample", "dbt"))
    table: dict[str, dict[str, float]] = {}
    for size in dict.fromkeys(m.size for m in results if m.size != "sample"):
        floor, full = by.get((size, "floor")), by.get((size, "full"))
        incremental, pandas = by.get((size, "incremental")), by.get((size, "pandas"))
        row: dict[str, float] = {}
        if floor and full:
            row["full / floor"] = full.seconds / floor.seconds
        if pandas and full:
            row["pandas / full"] = (pandas.extrapolated_seconds or pandas.seconds) / full.seconds
        if incremental and sample:
            row["incremental / sample"] = incremental.seconds / sample.seconds
        lake_full, lake_one = by.get((size, "lake-full")), by.get((size, "lake-incremental"))
        if lake_full and full:
            row["lake full / file full"] = lake_full.seconds / full.seconds
        if lake_one and incremental:
            row["lake incremental / file incremental"] = lake_one.seconds / incremental.seconds
        table[size] = row
    if sample and dbt:
        table["sample"] = {"sample / dbt": sample.seconds / dbt.seconds}
    return table


def render(results: list[Measurement], ratio_table: dict, info: dict[str, str]) -> str:
    """The results as a markdown table (also what is printed)."""
    lines = [
        f"machine: {info['cpu']}, {info['cores']} cores, {info['memory']}; Python "
        f"{info['python']}, DuckDB {info['duckdb']}, dbt {info['dbt']}; {info['date']}",
        "",
        "| size | measurement | seconds | placement rows | rows/s | peak RSS MiB | note |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for m in results:
        seconds = f"{m.seconds:.1f}"
        if m.extrapolated_seconds:
            seconds += f" (≈{m.extrapolated_seconds:.0f} at full size)"
        lines.append(
            f"| {m.size} | {m.name} | {seconds} | {m.rows:,} | {m.rows_per_second:,.0f} "
            f"| {m.max_rss_mib:,.0f} | {m.note} |"
        )
    lines += ["", "| size | ratio | value |", "|---|---|---:|"]
    for size, row in ratio_table.items():
        for name, value in row.items():
            lines.append(f"| {size} | {name} | {value:.2f} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,3,10", help="millions of placement rows")
    parser.add_argument("--out", type=Path, default=Path("/tmp/bench"), help="work directory")
    parser.add_argument(
        "--pandas-rows",
        type=int,
        default=1_000_000,
        help="most placement rows the pandas script reads (whole offices); extrapolated beyond",
    )
    parser.add_argument("--skip-sample", action="store_true", help="no sample and dbt runs")
    parser.add_argument(
        "--lake-postgres",
        default="",
        help="a PostgreSQL (libpq connection string, no database, e.g. 'host=127.0.0.1 "
        "port=54329 user=postgres'): also measure the full and one-file refreshes with a "
        "DuckLake on it as the target",
    )
    parser.add_argument(
        "--sample-runs", type=int, default=3, help="times the sample pair is measured (median)"
    )
    args = parser.parse_args(argv)
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    env = bench_env(out)
    info = machine()
    results: list[Measurement] = []
    # The dbt manifest is parsed once per checkout (at the first refresh, or here): a
    # cost of setting up, not of a refresh, so it is paid before anything is timed.
    print("[setup] dbt manifest", flush=True)
    subprocess.run(
        [PYTHON, "-c", ENSURE_MANIFEST],
        env=env,
        cwd=PROJECT_ROOT,
        check=True,
    )
    if not args.skip_sample:
        results += run_sample(out, env, args.sample_runs)
    for size in (float(s) for s in args.sizes.split(",")):
        results += run_size(out, size, args.pandas_rows, env, args.lake_postgres)
        table = ratios(results)
        report = render(results, table, info)
        (out / "results.md").write_text(report)
        (out / "results.json").write_text(
            json.dumps(
                {
                    "machine": info,
                    "results": [
                        asdict(m) | {"rows_per_second": m.rows_per_second} for m in results
                    ],
                    "ratios": table,
                },
                indent=1,
            )
        )
    print(render(results, ratios(results), info))


if __name__ == "__main__":
    main()
