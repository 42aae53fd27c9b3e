"""What the operator's screens show (issue 20, point 4): Dagster's UI without the newsletter
prompt, a command-line refresh in the UI's run list, and a failed run headed by the short
Indonesian sentence the command line prints, not a stack trace."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import dagster as dg

from pipelines.cli import STARTED_BY, failure_text
from pipelines.lib.resources import STARTED_BY_TAG
from tests.conftest import PROJECT_ROOT, build_warehouse


def test_the_web_ui_opens_without_the_newsletter_prompt(tmp_path: Path) -> None:
    shutil.copyfile(PROJECT_ROOT / "deploy" / "dagster.yaml", tmp_path / "dagster.yaml")
    with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
        assert instance.nux_enabled is False


def test_a_command_line_refresh_is_in_the_web_uis_run_list(raw: Path, tmp_path: Path) -> None:
    """A Dagster home that ``make`` has not laid out yet gets the project's settings, and the
    command line's run is recorded in it as the web UI (``make dev``) shows runs."""
    home = tmp_path / "home"
    warehouse = tmp_path / "w" / "warehouse.duckdb"
    run = subprocess.run(
        [sys.executable, "-m", "pipelines", "refresh", "--raw-dir", str(raw),
         "--warehouse", str(warehouse)],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600,
        env={**os.environ, "DAGSTER_HOME": str(home)},
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    assert (home / "dagster.yaml").read_bytes() == (
        PROJECT_ROOT / "deploy" / "dagster.yaml"
    ).read_bytes()
    with dg.DagsterInstance.from_config(str(home)) as instance:
        [record] = instance.get_run_records()
        assert record.dagster_run.status == dg.DagsterRunStatus.SUCCESS
        assert record.dagster_run.tags[STARTED_BY_TAG] == STARTED_BY
        assert record.dagster_run.job_name == "nightly_refresh"


def test_a_failed_run_is_headed_by_the_operators_sentence(raw: Path, tmp_path: Path) -> None:
    shutil.rmtree(raw / "kasus")  # an operator's mistake: a feed folder gone
    result = build_warehouse(tmp_path / "w" / "warehouse.duckdb", raw)
    assert not result.success
    failure = result.failure_data_for_node("raw_files")
    headline = failure.user_failure_data.description
    assert headline == failure_text(failure, "id")
    assert headline.startswith(f"{raw / 'kasus'}: [missing_folder] ")
    assert "folder" in headline and "tidak ada" in headline
    assert "Traceback" not in headline and len(headline.splitlines()) == 1
    english = failure_text(failure, "en")
    assert english.startswith(f"{raw / 'kasus'}: [missing_folder] the feed folder does not exist")
    # No stack trace of ours behind it: the failure is the error itself.
    assert failure.error.cause is None


def test_an_operators_mistake_is_said_in_indonesian(tmp_path: Path) -> None:
    """The command line speaks Indonesian by default, also when it stops before any run."""
    missing = tmp_path / "tidak-ada"
    run = subprocess.run(
        [sys.executable, "-m", "pipelines", "refresh", "--raw-dir", str(missing),
         "--warehouse", str(tmp_path / "w" / "warehouse.duckdb")],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600, env=dict(os.environ),
    )  # fmt: skip
    assert run.returncode == 1
    assert f"direktori raw {missing} tidak ada: apakah jalurnya salah ketik" in run.stderr
    assert "Refresh GAGAL" in run.stderr
    english = subprocess.run(
        [sys.executable, "-m", "pipelines", "refresh", "--lang", "en", "--raw-dir",
         str(missing), "--warehouse", str(tmp_path / "w" / "warehouse.duckdb")],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600, env=dict(os.environ),
    )  # fmt: skip
    assert f"raw directory {missing} does not exist: is the path mistyped" in english.stderr
