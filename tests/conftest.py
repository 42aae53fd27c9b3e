"""Shared test set-up: a throwaway pseudonym key, and the sample warehouse built once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SAMPLE_RAW = PROJECT_ROOT / "raw"


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
