import textwrap
from pathlib import Path

import pytest
import sqlite_utils

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


def write_document(corpus, slug, body, **meta):
    """Write corpus/documents/<slug>.md with front matter from meta (title defaults to the slug)."""
    meta.setdefault("title", slug.replace("-", " ").title())
    front = "".join(f"{k}: {v}\n" for k, v in meta.items())
    path = Path(corpus) / "documents" / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front}---\n\n{textwrap.dedent(body).strip()}\n", encoding="utf-8")
    return path


@pytest.fixture
def corpus(tmp_path):
    """An empty corpus folder; add documents with write_document()."""
    folder = tmp_path / "corpus"
    (folder / "documents").mkdir(parents=True)
    return folder


@pytest.fixture(scope="session")
def full_db(tmp_path_factory):
    """reform.db built from the real corpus/ once per test session."""
    from reformkb.build import build

    path = tmp_path_factory.mktemp("full") / "reform.db"
    build(CORPUS, path, report=lambda message: None)
    return sqlite_utils.Database(path)


@pytest.fixture(scope="session")
def full_db_path(full_db):
    """Path of the full_db file (for Datasette, which opens the database itself)."""
    return Path(full_db.execute("pragma database_list").fetchone()[2])
