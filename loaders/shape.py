"""The database's shape in one place: tables with their keys, then indexes, full-text search and views.

create_tables() runs before the loaders write; ensure_db_shape() after. Both are idempotent."""

from .cde import create_cde_views

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
         "summary": str, "notes": str, "entity_id": int, "citations": int, "line": int},
        "id", [("entity_id", "entities")]),
    "reform_citations": (
        {"id": int, "reform_id": int, "passage_id": int, "document_id": int, "quote": str, "fact": str,
         "year": int, "milestone": int, "start": int, "end": int, "line": int},
        "id", [("reform_id", "reforms"), ("passage_id", "passages"), ("document_id", "documents")]),
    "events": (
        {"id": int, "year": int, "month": int, "day": int, "end_year": int, "precision": str, "date_text": str,
         "sentence": str, "sentence_start": int, "passage_id": int, "document_id": int, "reform_id": int,
         "citation_id": int, "source": str, "start": int, "end": int},
        "id", [("passage_id", "passages"), ("document_id", "documents"), ("reform_id", "reforms"),
               ("citation_id", "reform_citations")]),
    "event_entities": (
        {"event_id": int, "entity_id": int},
        ("event_id", "entity_id"), [("event_id", "events"), ("entity_id", "entities")]),
    # charts rendered by the build's last stage (charts/render.py), served at /charts
    "charts": (
        {"name": str, "position": int, "title": str, "description": str, "source": str, "sql": str,
         "queries": str, "spec": str, "svg": str, "png": bytes, "html": str},
        "name", []),
}

FTS = {"passages": ["text"], "cde_schools": ["school_name"]}

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
    # each reform's span with the size of the charter sector in the school years that began in its first and last year
    "reform_timeline": """
select
  r.id, r.slug, r.name, r.kind, r.start_year, r.end_year, r.citations,
  (select count(*) from reform_citations c where c.reform_id = r.id and c.milestone) as milestones,
  (select count(*) from events e where e.reform_id = r.id) as events,
  (select min(year) from events e where e.reform_id = r.id) as first_event_year,
  (select max(coalesce(end_year, year)) from events e where e.reform_id = r.id) as last_event_year,
  s.total_schools as start_total_schools, s.total_enrollment as start_total_enrollment,
  f.total_schools as end_total_schools, f.total_enrollment as end_total_enrollment,
  r.entity_id
from reforms r
left join charter_enrollment s on s.start_year = r.start_year
left join charter_enrollment f on f.start_year = r.end_year
order by r.start_year is null, r.start_year, r.end_year, r.id""",
    "events_by_year": """
select
  e.year,
  count(*) as events,
  sum(e.source = 'text') as text_events,
  sum(e.source = 'reforms.yml') as milestones,
  count(distinct e.document_id) as documents,
  (select group_concat(slug, ', ') from (select distinct r.slug from events x join reforms r on r.id = x.reform_id
                                         where x.year = e.year order by r.slug)) as reforms,
  (select sentence from events x where x.year = e.year order by x.source = 'text', x.id limit 1) as sample_sentence,
  group_concat(e.id, ',') as event_ids
from events e
group by e.year
order by e.year""",
}


def create_tables(db, tables=TABLES):
    for name, (columns, pk, foreign_keys) in tables.items():
        db[name].create(columns, pk=pk, foreign_keys=foreign_keys, if_not_exists=True)


def ensure_db_shape(db, fts=FTS, views=VIEWS):
    """Index every foreign key, enable full-text search, (re)create the views."""
    db.index_foreign_keys()
    if db["documents"].exists():
        db["documents"].create_index(["slug"], unique=True, if_not_exists=True)
    create_cde_views(db)  # creates the state-file tables empty when no file was loaded
    for table, columns in fts.items():
        if db[table].exists() and not db[f"{table}_fts"].exists():
            db[table].enable_fts(columns, tokenize="porter")
    for name, sql in views.items():
        db.create_view(name, sql.strip(), replace=True)
