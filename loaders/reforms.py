"""Load corpus/reforms.yml into reforms and reform_citations.

Every citation's quote must be found in a passage of its document (after the same cleaning the passages got),
and a citation's year must be stated in that passage; anything else stops the build with reforms.yml:line.
"""

import re
from pathlib import Path
from typing import Literal

from pydantic import field_validator, model_validator

from .corpus_yaml import CorpusModel, KeyProblem, read_yaml, validate
from .documents import clean_text
from .errors import CorpusError
from .events import find_dates

KINDS = Literal["district reform", "external partnership", "state law", "federal program", "board resolution",
                "union agreement", "philanthropic plan", "charter sector", "grant", "policy"]
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def whole_year(value, info):
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 1800 <= value <= 2100):
        raise ValueError(f"{info.field_name} must be a year such as 1993, not {value!r}")
    return value


class Citation(CorpusModel):
    document: str
    quote: str
    fact: str
    year: int | None = None
    milestone: bool = False

    _year = field_validator("year", mode="before")(whole_year)

    @field_validator("document", "quote", "fact", mode="before")
    @classmethod
    def text(cls, value, info):
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"the citation has no '{info.field_name}'")
        return value

    @field_validator("milestone", mode="before")
    @classmethod
    def true_or_false(cls, value):
        if value is not None and not isinstance(value, bool):
            raise ValueError("milestone must be true or false")
        return bool(value)

    @model_validator(mode="after")
    def milestone_has_a_year(self):
        if self.milestone and self.year is None:
            raise KeyProblem("milestone", "a milestone needs a year")
        return self


class Reform(CorpusModel):
    slug: str
    name: str
    acronym: str | None = None
    entity: str | None = None
    kind: KINDS | None = None
    start_year: int | None = None
    end_year: int | None = None
    summary: str | None = None
    notes: str | None = None
    citations: list[Citation]

    _years = field_validator("start_year", "end_year", mode="before")(whole_year)

    @field_validator("slug")
    @classmethod
    def slug_shape(cls, value):
        if not SLUG.match(value):
            raise ValueError("slug must be lower-case words joined by hyphens")
        return value

    @field_validator("citations", mode="before")
    @classmethod
    def some_citations(cls, value):
        if not value:
            raise ValueError("'citations' is empty (every reform cites at least one passage)")
        return value

    @model_validator(mode="after")
    def ends_after_it_starts(self):
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise KeyProblem("end_year", f"end_year {self.end_year} is before start_year {self.start_year}")
        return self


def describe(item):
    return f"reform '{item.get('slug') or item.get('name') or '?'}'"


def read_reforms(path):
    """Parse and validate reforms.yml: a list of Reform; raises CorpusError naming path:line on bad input."""
    path = Path(path)
    data = read_yaml(path)
    if data is None:
        return []
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise CorpusError(f"{path}:1: reforms.yml must be a list of reforms ('- slug: …' entries)")
    reforms = validate(list[Reform], data, path, describe)
    slugs = {}
    for reform in reforms:
        if reform.slug in slugs:
            raise CorpusError(f"{path}:{reform.line_of('slug')}: reform '{reform.slug}': slug '{reform.slug}' is "
                              f"already used on line {slugs[reform.slug]}")
        slugs[reform.slug] = reform.line_of("slug")
    return reforms


def find_quote(quote, passages):
    """(passage, start, end) of the first passage whose text contains quote, or None."""
    for passage in passages:
        start = passage["text"].find(quote)
        if start >= 0:
            return passage, start, start + len(quote)
    return None


def closest_passage(quote, passages):
    """A hint for a quote that is not found: the passage holding the longest run of its first words."""
    words = quote.split()
    for n in range(len(words) - 1, 2, -1):
        prefix = " ".join(words[:n])
        found = find_quote(prefix, passages)
        if found:
            return f" (its first {n} words are in the passage on line {found[0]['line']}; the rest differs)"
    return ""


def find_entity(db, terms):
    """id of the entity named, or aliased, by the first of terms that matches (case-insensitive), or None."""
    for term in filter(None, terms):
        for sql in ("select id from entities where lower(name) = lower(:term) order by in_gazetteer desc, mentions desc, id",
                    "select e.id from entity_aliases a join entities e on e.id = a.entity_id "
                    "where lower(a.alias) = lower(:term) order by e.in_gazetteer desc, e.mentions desc, e.id"):
            row = next(db.query(sql + " limit 1", {"term": str(term)}), None)
            if row:
                return row["id"]
    return None


def load_reforms(ctx):
    """Validate corpus/reforms.yml, resolve every quote to its passage and write reforms and reform_citations.
    A corpus without reforms.yml loads nothing. Returns a summary."""
    db, path = ctx.db, Path(ctx.corpus) / "reforms.yml"
    if not path.exists():
        return "no reforms.yml"
    reforms = read_reforms(path)
    passages_of = {}
    for passage in db.query("select p.id, p.document_id, p.line, p.text, d.slug from passages p "
                            "join documents d on d.id = p.document_id order by d.id, p.seq"):
        passages_of.setdefault(passage["slug"], []).append(passage)

    reform_rows, citation_rows = [], []
    for reform_id, reform in enumerate(reforms, start=1):
        slug = reform.slug
        for citation in reform.citations:
            where = f"{path}:{citation.line}: reform '{slug}'"
            document = citation.document
            if document not in passages_of:
                raise CorpusError(f"{path}:{citation.line_of('document')}: reform '{slug}': unknown document "
                                  f"'{document}' (no document with that slug in corpus/documents/)")
            quote = clean_text(citation.quote)
            found = find_quote(quote, passages_of[document])
            if not found:
                raise CorpusError(f"{where}: quote not found in document '{document}': \"{quote}\""
                                  f"{closest_passage(quote, passages_of[document])}")
            passage, start, end = found
            elsewhere = [p["line"] for p in passages_of[document] if p is not passage and quote in p["text"]]
            if elsewhere:  # the citation links to the first; a reader checking it may land on the wrong one
                ctx.warnings.append(f"{where}: the quote is found in {len(elsewhere) + 1} passages of '{document}' "
                                    f"(lines {passage['line']}, {', '.join(map(str, elsewhere))}); the first is "
                                    f"cited — give a longer quote to choose")
            year = citation.year
            if year is not None and not any(d.covers(year) for d in find_dates(passage["text"])):
                raise CorpusError(f"{path}:{citation.line_of('year')}: reform '{slug}': year {year} is not stated "
                                  f"in the passage that holds the quote ({document}, line {passage['line']})")
            citation_rows.append({
                "id": len(citation_rows) + 1, "reform_id": reform_id, "passage_id": passage["id"],
                "document_id": passage["document_id"], "quote": quote, "fact": clean_text(citation.fact),
                "year": year, "milestone": int(citation.milestone), "start": start, "end": end,
                "line": citation.line,
            })
        reform_rows.append({
            "id": reform_id, "slug": slug, "name": reform.name, "acronym": reform.acronym,
            "kind": reform.kind, "start_year": reform.start_year, "end_year": reform.end_year,
            "summary": reform.summary, "notes": reform.notes,
            "entity_id": find_entity(db, [reform.entity, reform.name, reform.acronym]),
            "citations": len(reform.citations), "line": reform.line,
        })
    db["reforms"].insert_all(reform_rows)
    db["reform_citations"].insert_all(citation_rows)
    unlinked = sum(r["entity_id"] is None for r in reform_rows)
    milestones = sum(c["milestone"] for c in citation_rows)
    return (f"{len(reform_rows)} reforms, {len(citation_rows)} citations ({milestones} milestones), "
            f"{len(reform_rows) - unlinked} linked to an entity, {unlinked} without one")
