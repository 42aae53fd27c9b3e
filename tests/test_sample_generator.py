"""The committed raw/ is exactly what the committed generator writes."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from tests.conftest import PROJECT_ROOT, SAMPLE_RAW


def digests(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.glob("*/*"))
        if p.is_file()
    }


def test_generator_reproduces_the_committed_sample(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pipelines.sample.generate_jateng_2024", "--out", str(tmp_path)],
        cwd=PROJECT_ROOT,
        check=True,
        capture_output=True,
    )
    assert digests(tmp_path) == digests(SAMPLE_RAW)
