"""What the stages of a build share: one typed context, filled in as the stages run."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import sqlite_utils


def quietly(items, length, label):
    """The default progress(): the items, unwrapped."""
    return items


@dataclass
class BuildContext:
    db: sqlite_utils.Database
    corpus: Path
    db_path: Path | None = None  # the database being replaced (the build writes a temporary file beside it)
    # progress(items, length, label) may wrap a stage's long loop (the CLI shows a progress bar)
    progress: Callable = quietly
    # where spaCy's Docs are kept between builds (loaders/nlp_cache.py); None: none kept
    cache_dir: Path | None = None
    # a Dask scheduler's address (tcp://host:port) for the NLP stage (loaders/cluster.py); None: local processes
    scheduler: str | None = None
    # written by the documents stage: the parsed documents (loaders.documents.Document), ids set
    documents: list = field(default_factory=list)
    # "path:line: what" a stage forgave (an unknown kind, a title taken from the text): reported, not fatal
    warnings: list = field(default_factory=list)
    # written by the entities stage
    words: int = 0
    # the process making the early charts beside the build, and the file it writes them to (charts/render.py)
    early_charts: tuple | None = None  # (subprocess.Popen, path)
