"""The Datasette instance, configured in one place for `reformkb serve` and the tests."""

from pathlib import Path

import yaml
from datasette.app import Datasette

ROOT = Path(__file__).resolve().parent.parent
DATASETTE = ROOT / "datasette"
NAME = "reform"

SETTINGS = {
    "sql_time_limit_ms": 1000,
    "default_page_size": 50,
    "allow_download": True,
    "facet_time_limit_ms": 500,
    # three slow (time-limited) queries must leave threads for the pages: Datasette's default is 3
    "num_sql_threads": 12,
    # a table page's suggested facets cost a query per column (a filtered mentions page: 230 ms with, 43 without);
    # facets stay one click away in each column's menu
    "suggest_facets": False,
}


def make_datasette(db_path):
    """Datasette over db_path, read-only (immutable), with metadata.yml and the datasette/ folder."""
    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text())
    ds = Datasette(
        immutables=[str(db_path)],
        metadata=metadata,
        template_dir=str(DATASETTE / "templates"),
        static_mounts=[("static", str(DATASETTE / "static"))],
        plugins_dir=str(DATASETTE / "plugins"),
        settings=SETTINGS,
    )
    # pages, metadata and canned queries address the database as "reform", whatever the file is called
    stem = Path(db_path).stem
    if stem != NAME:
        ds.add_database(ds.databases[stem], name=NAME)
        ds.remove_database(stem)
    return ds
