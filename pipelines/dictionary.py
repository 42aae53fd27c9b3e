"""The data dictionary: dbt's static docs site, with the project's docs beside it.

    python -m pipelines.dictionary            # or: make docs
    python -m pipelines.dictionary --warehouse /data/jatim/warehouse.duckdb --target /tmp/docs

runs ``dbt docs generate --static`` against the published warehouse over a
read-only connection (profile target ``docs``: readers and the refresh are
never locked out), so that the site lists every table and column the
warehouse really has, with the descriptions and labels of the dbt YAML. The
pages of ``docs/`` (raw-feed contract, KPI formulas, ...) and the analysts'
queries of ``docs/queries/`` are rendered to HTML beside the site, where its
overview links to them. Open ``<target>/static_index.html`` in a browser.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from html import escape
from pathlib import Path

from markdown_it import MarkdownIt

from pipelines.lib import config
from pipelines.lib.dbt import DBT_DIR, dbt_command
from pipelines.lib.resources import Warehouse

DOCS_DIR = config.PROJECT_ROOT / "docs"
DEFAULT_TARGET = DBT_DIR / "target" / "docs"
PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>body {{ font-family: Arial, sans-serif; max-width: 1000px; margin: 0 auto;
padding: 0 24px 48px; line-height: 1.45; }} table {{ border-collapse: collapse; }}
th, td {{ border: 1px solid #bbb; padding: 3px 6px; vertical-align: top; }}
code, pre {{ background: #f4f4f4; }} pre {{ padding: 8px; overflow-x: auto; }}</style>
</head><body><p><a href="static_index.html">&larr; data dictionary</a></p>{body}</body></html>
"""


def slug(text: str) -> str:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable("table")

    def heading_open(renderer, tokens, index, options, env):
        tokens[index].attrSet("id", slug(tokens[index + 1].content))
        return renderer.renderToken(tokens, index, options, env)

    def link_open(renderer, tokens, index, options, env):
        # A link to another page of docs/ (or a folder's README) points to its rendered page.
        href = tokens[index].attrGet("href") or ""
        href = re.sub(r"^([\w-]+)(?:\.md|/README\.md)(?=#|$)", r"\1.html", href)
        tokens[index].attrSet("href", href)
        return renderer.renderToken(tokens, index, options, env)

    md.add_render_rule("heading_open", heading_open)
    md.add_render_rule("link_open", link_open)
    return md


def render_pages(docs_dir: Path, target: Path) -> list[Path]:
    """Every ``docs/*.md`` as ``<target>/<name>.html``; ``docs/queries/`` as ``queries.html``."""
    md = _markdown()
    pages = {page.stem: (page.stem, md.render(page.read_text())) for page in docs_dir.glob("*.md")}
    queries = docs_dir / "queries"
    pages["queries"] = (
        "Analyst queries",
        md.render((queries / "README.md").read_text())
        + "".join(
            f"<h2 id='{query.stem}'>{escape(query.name)}</h2><pre>{escape(query.read_text())}</pre>"
            for query in sorted(queries.glob("*.sql"))
        ),
    )
    written = []
    for name, (title, body) in sorted(pages.items()):
        path = target / f"{name}.html"
        path.write_text(PAGE.format(title=escape(title), body=body), encoding="utf-8")
        written.append(path)
    return written


def generate(warehouse: Path, target: Path = DEFAULT_TARGET) -> Path:
    """Write the static docs site of ``warehouse`` to ``target``; return its page."""
    if not warehouse.is_file():
        raise FileNotFoundError(f"{warehouse}: no warehouse here yet; run `make refresh` first")
    target.mkdir(parents=True, exist_ok=True)
    # The profile's values (--vars) as the refresh gives them, for this file.
    resource = Warehouse.from_settings(config.Settings.from_env(), warehouse.resolve())
    args = ["docs", "generate", "--static", "--quiet", "--target", "docs"]
    args += ["--target-path", str(target.resolve())]
    subprocess.run(dbt_command(args, resource), cwd=DBT_DIR, check=True)
    render_pages(DOCS_DIR, target)
    return target / "static_index.html"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pipelines.dictionary",
        description="Generate the data dictionary (dbt's static docs site) of the warehouse.",
    )
    parser.add_argument(
        "--warehouse",
        type=Path,
        default=config.warehouse_path(),
        help="warehouse file, opened read-only (default: $WAREHOUSE_PATH or "
        "warehouse/warehouse.duckdb)",
    )
    parser.add_argument(
        "--target",
        type=Path,
        default=DEFAULT_TARGET,
        help="directory of the site (default: dbt_project/target/docs)",
    )
    args = parser.parse_args(argv)
    try:
        page = generate(args.warehouse, args.target)
    except (FileNotFoundError, subprocess.CalledProcessError) as error:
        print(f"data dictionary not generated: {error}", file=sys.stderr)
        return 1
    print(f"data dictionary: {page}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
