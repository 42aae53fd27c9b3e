"""The committed raw/ is exactly what the committed generator writes.

``raw/`` is also where ``make refresh`` reads an operator's files (RAW_DIR's
default), so what is on disk there is not always the sample. The check goes
over the generator's files only, and a file of the sample counts as
reproduced when the generator's bytes equal either the file on disk or git's
copy of it (the index: committed, or staged to be):

- an operator's extra file in ``raw/`` is none of the sample's business: it
  is not looked at;
- a sample file changed on disk whose git copy the generator reproduces (an
  operator's delivery under a sample file's name) fails nothing: the test
  warns, naming it, as the sample itself is intact in git;
- a sample file neither on disk nor in git equal to the generator's output
  fails, naming it; so do, in a git checkout, a file git has that the
  generator no longer writes, and one it writes that git does not have.

Outside a git checkout (an unpacked release) the files on disk are the only
copy and must equal the generator's.
"""

from __future__ import annotations

import hashlib
import subprocess
import warnings
from pathlib import Path

from pipelines.sample.generate_jateng_2024 import FEEDS
from tests.conftest import PROJECT_ROOT

COMMITTED = PROJECT_ROOT / "raw"
REGENERATE = "python -m pipelines.sample.generate_jateng_2024 --out raw"


def sample_files(root: Path) -> list[str]:
    """The files of a raw directory's feed folders, as paths under it."""
    return sorted(p.relative_to(root).as_posix() for p in root.glob("*/*") if p.is_file())


def sha256(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def git(*args: str) -> str | None:
    """A git command's output in the project, or None when the project is not a checkout."""
    try:
        top = subprocess.run(
            ["git", "-C", str(PROJECT_ROOT), "rev-parse", "--show-toplevel"],
            capture_output=True,
            text=True,
        )
    except FileNotFoundError:
        return None
    if top.returncode != 0 or Path(top.stdout.strip()).resolve() != PROJECT_ROOT.resolve():
        return None
    run = subprocess.run(
        ["git", "-C", str(PROJECT_ROOT), *args], capture_output=True, text=True, check=True
    )
    return run.stdout


def test_the_tests_sample_is_not_the_operators_raw_folder(sample_raw: Path) -> None:
    """What the tests load is the generator's sample, in a folder of their own."""
    assert not sample_raw.resolve().is_relative_to(PROJECT_ROOT.resolve())
    assert {name.split("/")[0] for name in sample_files(sample_raw)} == {f for f, _ in FEEDS}
    assert len(sample_files(sample_raw)) == 22


def test_generator_reproduces_the_committed_sample(sample_raw: Path) -> None:
    generated = sample_files(sample_raw)
    in_git = git("ls-files", "--stage", "-z", "--", "raw/*/*")
    if in_git is None:
        git_ids = None
    else:  # "<mode> <blob id> <stage>\t<path>" per file
        entries = [line.split("\t", 1) for line in in_git.split("\0") if line]
        git_ids = {path.removeprefix("raw/"): info.split()[1] for info, path in entries}
        blobs = git("hash-object", "--", *(str(sample_raw / name) for name in generated))
        generated_ids = dict(zip(generated, blobs.split(), strict=True))
    faults, overwritten = [], []
    for name in generated:
        on_disk = sha256(COMMITTED / name) == sha256(sample_raw / name)
        in_index = git_ids is not None and git_ids.get(name) == generated_ids[name]
        if on_disk:
            continue
        if in_index:
            overwritten.append(f"raw/{name}")
        elif git_ids is not None and name not in git_ids:
            faults.append(f"raw/{name}: written by the generator, not in git (git add it)")
        else:
            faults.append(f"raw/{name}: the generator writes something else")
    if git_ids is not None:
        faults += [
            f"raw/{name}: in git, but the generator no longer writes it (git rm it)"
            for name in sorted(set(git_ids) - set(generated))
        ]
    assert not faults, f"regenerate the sample ({REGENERATE}) and commit it: {faults}"
    if overwritten:
        warnings.warn(
            f"not the sample on disk, though git's copy is (an operator's file?): {overwritten}",
            stacklevel=1,
        )
