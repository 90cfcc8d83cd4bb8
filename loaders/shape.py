"""The database's shape in one place: tables with their keys, then indexes, full-text search and views.

create_tables() runs before the loaders write; ensure_db_shape() after. Both are idempotent."""

TABLES = {
    "documents": (
        {"id": int, "slug": str, "title": str, "author": str, "published": str, "publication": str, "url": str,
         "kind": str, "notes": str, "path": str, "sha256": str, "passages": int, "words": int},
        "id", []),
    "passages": (
        {"id": int, "document_id": int, "seq": int, "section": str, "kind": str, "footnote_number": int,
         "line": int, "text": str},
        "id", [("document_id", "documents")]),
    "footnote_refs": (
        {"id": int, "passage_id": int, "start": int, "number": int, "footnote_passage_id": int},
        "id", [("passage_id", "passages"), ("footnote_passage_id", "passages")]),
    "document_tables": (
        {"id": int, "document_id": int, "seq": int, "line": int, "section": str, "caption": str, "source": str,
         "columns": str, "rows": str},
        "id", [("document_id", "documents")]),
    "charter_enrollment": (
        {"start_year": int, "school_year": str, "independent_schools": int, "independent_enrollment": int,
         "affiliated_schools": int, "affiliated_enrollment": int, "total_schools": int, "total_enrollment": int,
         "document_id": int, "table_id": int, "line": int},
        "start_year", [("document_id", "documents"), ("table_id", "document_tables")]),
    "boilerplate": (
        {"id": int, "document_id": int, "line": int, "text": str, "reason": str},
        "id", [("document_id", "documents")]),
    # entities (loaders/entities.py)
    "entities": (
        {"id": int, "name": str, "type": str, "description": str, "in_gazetteer": int, "mentions": int,
         "documents": int},
        "id", []),
    "entity_aliases": (
        {"id": int, "entity_id": int, "alias": str, "source": str},
        "id", [("entity_id", "entities")]),
    "mentions": (
        {"id": int, "entity_id": int, "document_id": int, "passage_id": int, "start": int, "end": int,
         "text": str, "label": str, "sentence": str, "sentence_start": int},
        "id", [("entity_id", "entities"), ("document_id", "documents"), ("passage_id", "passages")]),
    "co_mentions": (
        {"id": int, "entity_a": int, "entity_b": int, "passages": int, "passage_ids": str},
        "id", [("entity_a", "entities"), ("entity_b", "entities")]),
    # reforms and events (loaders/reforms.py, loaders/events.py)
    "reforms": (
        {"id": int, "slug": str, "name": str, "acronym": str, "kind": str, "start_year": int, "end_year": int,
         "summary": str, "notes": str, "entity_id": int},
        "id", [("entity_id", "entities")]),
    "reform_citations": (
        {"id": int, "reform_id": int, "passage_id": int, "document_id": int, "quote": str, "fact": str,
         "year": int, "milestone": int, "start": int, "end": int},
        "id", [("reform_id", "reforms"), ("passage_id", "passages"), ("document_id", "documents")]),
    "events": (
        {"id": int, "year": int, "month": int, "day": int, "precision": str, "date_text": str, "sentence": str,
         "passage_id": int, "document_id": int, "reform_id": int, "citation_id": int, "source": str,
         "start": int, "end": int},
        "id", [("passage_id", "passages"), ("document_id", "documents"), ("reform_id", "reforms"),
               ("citation_id", "reform_citations")]),
    "event_entities": (
        {"event_id": int, "entity_id": int},
        ("event_id", "entity_id"), [("event_id", "events"), ("entity_id", "entities")]),
}

FTS = {"passages": ["text"]}

VIEWS = {
    "charter_growth": """
select
  start_year, school_year, independent_schools, affiliated_schools, total_schools,
  independent_enrollment, affiliated_enrollment, total_enrollment,
  total_schools - lag(total_schools) over (order by start_year) as schools_change,
  total_enrollment - lag(total_enrollment) over (order by start_year) as enrollment_change,
  round(100.0 * (total_enrollment - lag(total_enrollment) over (order by start_year))
        / nullif(lag(total_enrollment) over (order by start_year), 0), 1) as enrollment_change_pct,
  round(100.0 * affiliated_enrollment / nullif(total_enrollment, 0), 1) as affiliated_enrollment_share,
  round(100.0 * affiliated_schools / nullif(total_schools, 0), 1) as affiliated_schools_share,
  document_id
from charter_enrollment
order by start_year""",
}


def create_tables(db, tables=TABLES):
    for name, (columns, pk, foreign_keys) in tables.items():
        db[name].create(columns, pk=pk, foreign_keys=foreign_keys, if_not_exists=True)


def ensure_db_shape(db, fts=FTS, views=VIEWS):
    """Index every foreign key, enable full-text search, (re)create the views."""
    db.index_foreign_keys()
    if db["documents"].exists():
        db["documents"].create_index(["slug"], unique=True, if_not_exists=True)
    for table, columns in fts.items():
        if db[table].exists() and not db[f"{table}_fts"].exists():
            db[table].enable_fts(columns, tokenize="porter")
    for name, sql in views.items():
        db.create_view(name, sql.strip(), replace=True)
