"""Domain knowledge read from corpus/*.yml (the district, cleaning patterns, entity rules …).

A corpus folder may hold its own copy of each file; where it has none, the one in this repository's corpus/ is
used, so that a small corpus of a few documents is cleaned and read by the same rules as the real one."""

import re
from pathlib import Path

ROOT_CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def knowledge_file(corpus, name):
    """corpus/<name> when the corpus has it, else the repository's corpus/<name>."""
    own = Path(corpus) / name
    return own if own.exists() else ROOT_CORPUS / name


def alternation(phrases, between=r"[\s-]*"):
    """One regex alternation of a knowledge file's phrases, longest first; a space or hyphen inside a phrase
    matches either (between: what may stand there, by default also nothing: "co-founder" finds "cofounder")."""
    words = [re.split(r"[\s-]+", p.strip("-")) for p in sorted(phrases, key=lambda p: (-len(p), p))]
    return "|".join(between.join(map(re.escape, w)) for w in words)
