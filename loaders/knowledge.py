"""Domain knowledge read from corpus/*.yml (the district, cleaning patterns, entity rules …).

A corpus folder may hold its own copy of each file; where it has none, the one in this repository's corpus/ is
used, so that a small corpus of a few documents is cleaned and read by the same rules as the real one."""

from pathlib import Path

ROOT_CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def knowledge_file(corpus, name):
    """corpus/<name> when the corpus has it, else the repository's corpus/<name>."""
    own = Path(corpus) / name
    return own if own.exists() else ROOT_CORPUS / name
