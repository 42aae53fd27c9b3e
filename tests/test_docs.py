"""The documentation says what the code does."""

from __future__ import annotations

import re

from pipelines.defs.feeds.specs import FEEDS
from tests.conftest import PROJECT_ROOT


def test_raw_feed_doc_lists_every_table_and_column() -> None:
    doc = (PROJECT_ROOT / "docs" / "raw-feeds.md").read_text()
    for specs in FEEDS.values():
        for spec in specs:
            section = doc.split(f"### `raw.{spec.table}`:", 1)
            assert len(section) == 2, spec.table
            body = section[1].split("\n### ", 1)[0]
            documented = re.findall(r"^\| ([A-Z0-9_]+) \|", body, flags=re.MULTILINE)
            assert documented == [c.name for c in spec.columns], spec.table


def test_readme_names_the_two_commands() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text()
    assert "make refresh" in readme
    assert "make test" in readme
    ci = (PROJECT_ROOT / ".ci" / "run").read_text()
    assert "make test" in ci
