"""Shared test set-up: a throwaway pseudonym key, and the sample warehouse built once.

The tests never read the project's ``raw/`` folder. It holds the committed
sample, but it is also the default drop folder of ``make refresh``: a file an
operator delivers there would change what the tests count. The sample they
load (``sample_raw``) is written once per session by its generator,
``pipelines/sample/generate_jateng_2024.py``, into a folder of their own; and
``tests/test_sample_generator.py`` checks that the committed ``raw/`` is what
that generator writes. The generator rather than git's copy (``git show``):
it is the sample's source, it needs no git checkout, and it takes about two
seconds, once, where the session's first warehouse build takes a minute; the
reproduction test, which ran it anyway, reads the same folder.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.definitions import all_assets, resources
from pipelines.defs.feeds.assets import feed_assets
from pipelines.lib import config
from pipelines.lib.lake import LakeTarget
from pipelines.sample import generate_jateng_2024
from tests import postgres

PROJECT_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session", autouse=True)
def dagster_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Tests never touch the operator's Dagster: they record their runs (the command-line
    refreshes they start included) in a Dagster home of their own, with the project's
    instance settings, so that a run they leave behind never holds the operator's queue."""
    home = tmp_path_factory.mktemp("dagster_home")
    shutil.copyfile(PROJECT_ROOT / "deploy" / "dagster.yaml", home / "dagster.yaml")
    os.environ["DAGSTER_HOME"] = str(home)
    return home


@pytest.fixture(scope="session", autouse=True)
def pseudonym_key_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Tests never touch the user's key: they get their own, created on first use."""
    path = tmp_path_factory.mktemp("key") / "pseudonym.key"
    os.environ["PSEUDONYM_KEY_FILE"] = str(path)
    os.environ.pop("PSEUDONYM_KEY", None)
    return path


def write_csv(path: Path, header: str, *rows: str, bom: bool = False) -> Path:
    """Write a contract CSV (``;``-separated lines) and return its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "\n".join([header, *rows]) + "\n"
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return path


def ingest_feeds(raw_dir: Path, warehouse: Path, feeds: set[str]) -> dg.ExecuteInProcessResult:
    """Only the ingest of some feeds (with their checks), written straight into ``warehouse``:
    nothing is built by dbt and nothing is published."""
    selected = [a for a in feed_assets if a.op.name.removeprefix("raw_") in feeds]
    return dg.materialize(
        selected,
        resources=resources(warehouse, raw_dir, build=warehouse),
        raise_on_error=False,
    )


def build_warehouse(path: Path, raw_dir: Path, **settings) -> dg.ExecuteInProcessResult:
    """The whole refresh (ingest, checks, dbt build, publish) from ``raw_dir`` into ``path``;
    ``settings`` are those of :func:`pipelines.definitions.resources`."""
    return dg.materialize(
        all_assets(),
        resources=resources(path, raw_dir, **settings),
        raise_on_error=False,
    )


@pytest.fixture(scope="session")
def sample_raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The committed sample's raw directory (JATENG 2024), as its generator writes it, in a
    folder of the tests' own: never the project's ``raw/``, where an operator drops files.
    Read it, never change it (a test that changes files copies them first)."""
    folder = tmp_path_factory.mktemp("sample_raw") / "raw"
    generate_jateng_2024.main(["--out", str(folder)])
    return folder


@pytest.fixture(scope="session")
def sample_build(
    tmp_path_factory: pytest.TempPathFactory, pseudonym_key_file: Path, sample_raw: Path
) -> tuple[Path, dg.ExecuteInProcessResult]:
    """The sample raw directory built once into a temporary warehouse, marts included."""
    path = tmp_path_factory.mktemp("sample") / "warehouse.duckdb"
    result = build_warehouse(path, sample_raw)
    assert result.success
    return path, result


@pytest.fixture(scope="session")
def warehouse(sample_build: tuple[Path, dg.ExecuteInProcessResult]) -> Path:
    """The sample warehouse's file; open it read-only."""
    return sample_build[0]


# --- the small office, published once, copied for each test that changes it ---------

SMALL_OFFICE = PROJECT_ROOT / "tests" / "fixtures" / "small_office"
REPATRIATIONS = "pemulangan/pemulangan_TESTB_2025.csv"
IKU4_2025 = (
    "select realisation from marts.fct_kpi_annual "
    "where year = 2025 and indicator_code = 'IKU4' and target_basis = 'PK'"
)


@pytest.fixture(scope="session")
def small_office_template(
    tmp_path_factory: pytest.TempPathFactory, pseudonym_key_file: Path
) -> Path:
    """The small office's raw directory and a warehouse (with its reports) published once
    from it: ``<root>/raw``, ``<root>/warehouse/warehouse.duckdb``."""
    root = tmp_path_factory.mktemp("small_office")
    shutil.copytree(SMALL_OFFICE, root / "raw")
    path = root / "warehouse" / "warehouse.duckdb"
    assert build_warehouse(path, root / "raw").success
    assert one(path, IKU4_2025) == 3  # three repatriations
    return root


@pytest.fixture
def raw(tmp_path: Path, small_office_template: Path) -> Path:
    """A private copy of the small office's raw directory, to change at will."""
    return Path(shutil.copytree(small_office_template / "raw", tmp_path / "raw"))


@pytest.fixture
def published(tmp_path: Path, small_office_template: Path, raw: Path) -> Path:
    """A private copy of the published warehouse and its reports, built from ``raw``."""
    shutil.copytree(small_office_template / "warehouse", tmp_path / "warehouse", symlinks=True)
    return tmp_path / "warehouse" / "warehouse.duckdb"


def rejected(warehouse: Path, raw_dir: Path) -> list[str]:
    """The files a load rejected whole (ledger status ``rejected``), each as its error reads:
    ``<path in raw_dir>[, row N]: [rule] detail``."""
    from pipelines.lib.errors import printable

    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "select distinct source_file, reject_row, reject_rule, reject_detail "
            "from audit.file_ledger where status = 'rejected' order by all"
        ).fetchall()
    return [
        f"{printable(str(raw_dir / name))}{f', row {row}' if row is not None else ''}: "
        f"[{rule}] {detail}"
        for name, row, rule, detail in rows
    ]


def one(path: Path, sql: str):
    """The first value of a query on a warehouse, opened read-only."""
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).fetchall()[0][0]


def drop_last_line(path: Path) -> None:
    """Withdraw a file's last row."""
    lines = path.read_text().splitlines(keepends=True)
    path.write_text("".join(lines[:-1]))


# When a file came (marts.fct_deliveries): the history of one warehouse, which a build from
# scratch of the same files cannot have; left out where two builds are compared.
ARRIVAL_COLUMNS = ("first_seen_at", "last_seen_at")


def snapshot(path: Path, where: str = "table_schema in ('marts', 'raw', 'audit')") -> dict:
    """Every row of the tables of a warehouse that ``where`` picks (information_schema), the
    marts without their :data:`ARRIVAL_COLUMNS`."""
    with duckdb.connect(str(path), read_only=True) as con:
        tables = con.execute(
            f"select table_schema, table_name from information_schema.tables where {where} "
            "order by 1, 2"
        ).fetchall()

        def rows(schema: str, table: str) -> list[tuple]:
            names = {
                name
                for (name,) in con.execute(
                    "select column_name from information_schema.columns "
                    "where table_schema = ? and table_name = ?",
                    [schema, table],
                ).fetchall()
            }
            left_out = [c for c in ARRIVAL_COLUMNS if c in names] if schema == "marts" else []
            exclude = f" exclude ({', '.join(left_out)})" if left_out else ""
            return con.execute(f'select *{exclude} from {schema}."{table}" order by all').fetchall()

        return {f"{schema}.{table}": rows(schema, table) for schema, table in tables}


def add_second_office(path: Path) -> Path:
    """Give the warehouse at ``path`` a second office, TESTX: JATENG's rows of every mart
    the reports read, again, with IKU 1 (placements) at 10.000 in 2024. Returns ``path``."""
    from pipelines.defs.reports.assets import MARTS_READ

    with duckdb.connect(str(path)) as con:
        for name in MARTS_READ:
            con.execute(
                f"insert into marts.{name} select * replace ('TESTX' as office_code) "
                f"from marts.{name} where office_code = 'JATENG'"
            )
        con.execute(
            "update marts.fct_kpi_annual set realisation = 10000 where office_code = 'TESTX' "
            "and indicator_code = 'IKU1' and year = 2024"
        )
    return path


# --- a real PostgreSQL, for the national warehouse on DuckLake (tests/postgres.py) ----


@pytest.fixture(scope="session")
def partial_year_warehouse(
    tmp_path_factory: pytest.TempPathFactory, pseudonym_key_file: Path
) -> Path:
    """The warehouse of tests/partial_year.py (a complete year and a partial one on a fixed
    day), built once for the modules that read it; they read it or copy it, never change it."""
    from tests.partial_year import build

    return build(tmp_path_factory.mktemp("partial_year"))


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The PostgreSQL named in BP3MI_TEST_POSTGRES, else one started here for the session
    (as the user postgres when the tests run as root); without either, the tests that need
    it are skipped, saying why."""
    given = os.environ.get(postgres.ENVIRONMENT, "").strip()
    if given:
        yield given
        return
    try:
        with postgres.own_server() as server:
            yield server
    except postgres.Unavailable as error:
        pytest.skip(f"the DuckLake tests need PostgreSQL: {error}")


@pytest.fixture
def lake(postgres_server: str, tmp_path: Path) -> LakeTarget:
    """An empty DuckLake of this test's own: a new database, and a data folder."""
    name = f"lake_{uuid.uuid4().hex[:12]}"
    url = "ducklake:postgres:" + postgres.create_database(postgres_server, name)
    return LakeTarget(url, f"{tmp_path / 'lake-data'}/")


def lake_settings(lake: LakeTarget) -> config.Settings:
    """The environment's settings, publishing into ``lake`` too."""
    return config.Settings.from_env().replace(
        warehouse_url=lake.url, warehouse_data_path=lake.data_path
    )
