"""The shape of reform.db in one place: every table with its keys, indexes, full-text search and views.

create(db) runs once at the start of a build, before any stage writes: tables, indexes and views (a view over
empty tables answers with no rows). index_text(db) runs once at the end, over the written rows. Pages, charts
and canned queries read the views below rather than computing the same idea again."""

from dataclasses import dataclass, field


@dataclass
class Table:
    columns: dict
    pk: object = "id"
    foreign_keys: list = field(default_factory=list)
    not_null: set = field(default_factory=set)
    indexes: list = field(default_factory=list)  # [columns], or ([columns], unique)


TABLES = {
    # documents (loaders/corpus.py, loaders/documents.py, loaders/tables.py)
    "documents": Table(
        {"id": int, "slug": str, "title": str, "author": str, "published": str, "publication": str, "url": str,
         "kind": str, "notes": str, "source_file": str, "format": str, "path": str, "sha256": str, "passages": int,
         "words": int},
        indexes=[(["slug"], True)]),
    "passages": Table(
        {"id": int, "document_id": int, "seq": int, "section": str, "kind": str, "footnote_number": int,
         "line": int, "text": str},
        foreign_keys=[("document_id", "documents")]),
    "footnote_refs": Table(
        {"id": int, "passage_id": int, "start": int, "number": int, "footnote_passage_id": int},
        foreign_keys=[("passage_id", "passages"), ("footnote_passage_id", "passages")]),
    "document_tables": Table(
        {"id": int, "document_id": int, "seq": int, "line": int, "section": str, "caption": str, "source": str,
         "columns": str, "rows": str},
        foreign_keys=[("document_id", "documents")]),
    "charter_enrollment": Table(
        {"start_year": int, "school_year": str, "independent_schools": int, "independent_enrollment": int,
         "affiliated_schools": int, "affiliated_enrollment": int, "total_schools": int, "total_enrollment": int,
         "document_id": int, "table_id": int, "line": int},
        pk="start_year", foreign_keys=[("document_id", "documents"), ("table_id", "document_tables")]),
    "boilerplate": Table(
        {"id": int, "document_id": int, "line": int, "text": str, "reason": str},
        foreign_keys=[("document_id", "documents")]),
    # sentences and entities (loaders/entities.py): spaCy's sentences, kept once for every later stage
    "sentences": Table(
        {"id": int, "passage_id": int, "document_id": int, "seq": int, "start": int, "end": int, "text": str},
        foreign_keys=[("passage_id", "passages"), ("document_id", "documents")]),
    "entities": Table(
        {"id": int, "name": str, "type": str, "value": int, "description": str, "in_gazetteer": int, "mentions": int,
         "documents": int}),
    "entity_aliases": Table(
        {"id": int, "entity_id": int, "alias": str, "source": str},
        foreign_keys=[("entity_id", "entities")]),
    "mentions": Table(
        {"id": int, "entity_id": int, "document_id": int, "passage_id": int, "sentence_id": int, "start": int,
         "end": int, "text": str, "label": str},
        foreign_keys=[("entity_id", "entities"), ("document_id", "documents"), ("passage_id", "passages"),
                      ("sentence_id", "sentences")]),
    "co_mentions": Table(
        {"id": int, "entity_a": int, "entity_b": int, "passages": int, "passage_ids": str, "expected": float,
         "pmi": float, "log_likelihood": float},
        foreign_keys=[("entity_a", "entities"), ("entity_b", "entities")],
        indexes=[(["entity_a", "entity_b"], True)]),
    # roles (loaders/roles.py): who held which position, read from the mentions of each sentence
    "roles": Table(
        {"id": int, "person_id": int, "role": str, "organization_id": int, "organization_source": str,
         "start_year": int, "end_year": int, "year_source": str, "past_marker": str, "pattern": str,
         "document_id": int, "passage_id": int, "sentence_id": int, "start": int, "end": int, "text": str},
        foreign_keys=[("person_id", "entities"), ("organization_id", "entities"), ("document_id", "documents"),
                      ("passage_id", "passages"), ("sentence_id", "sentences")],
        indexes=[["role"]]),
    # reforms and events (loaders/reforms.py, loaders/events.py)
    "reforms": Table(
        {"id": int, "slug": str, "name": str, "acronym": str, "kind": str, "start_year": int, "end_year": int,
         "summary": str, "notes": str, "entity_id": int, "citations": int, "line": int},
        foreign_keys=[("entity_id", "entities")], indexes=[(["slug"], True)]),
    "reform_citations": Table(
        {"id": int, "reform_id": int, "passage_id": int, "document_id": int, "quote": str, "fact": str,
         "year": int, "milestone": int, "start": int, "end": int, "line": int},
        foreign_keys=[("reform_id", "reforms"), ("passage_id", "passages"), ("document_id", "documents")]),
    "events": Table(
        {"id": int, "year": int, "month": int, "day": int, "end_year": int, "precision": str, "date_text": str,
         "sentence_id": int, "passage_id": int, "document_id": int, "reform_id": int, "citation_id": int,
         "milestone": int, "source": str, "start": int, "end": int, "kind": str, "anchored": int},
        foreign_keys=[("sentence_id", "sentences"), ("passage_id", "passages"), ("document_id", "documents"),
                      ("reform_id", "reforms"), ("citation_id", "reform_citations")],
        indexes=[["year"]]),
    "event_entities": Table(
        {"event_id": int, "entity_id": int},
        pk=("event_id", "entity_id"), foreign_keys=[("event_id", "events"), ("entity_id", "entities")]),
    # claims (loaders/claims.py): the counts, sums and dates the sentences state, each with its time and subject
    "claims": Table(
        {"id": int, "document_id": int, "passage_id": int, "sentence_id": int, "start": int, "end": int,
         "text": str, "kind": str, "measure": str, "value": float, "unit": str, "qualifier": str,
         "value_text": str, "counted": str, "start_year": int, "school_year": str, "month": int,
         "time_text": str, "time_source": str, "time_precision": str, "subject_id": int, "subject_text": str,
         "about_district": int, "verb": str, "event": str, "line": int},
        foreign_keys=[("document_id", "documents"), ("passage_id", "passages"), ("sentence_id", "sentences"),
                      ("subject_id", "entities")],
        indexes=[["measure"], ["start_year"], ["document_id"]]),
    # conflicts (loaders/conflicts.py): each claim against the data series and the other documents' claims
    "conflicts": Table(
        {"id": int, "claim_id": int, "measure": str, "start_year": int, "school_year": str, "claimed": float,
         "qualifier": str, "low": float, "high": float, "document_id": int, "passage_id": int,
         "compared_series": str, "compared_source": str, "compared_value": float, "compared_claim_id": int,
         "compared_document_id": int, "compared_table_id": int, "compared_line": int, "compared_file": str,
         "difference": float, "relative_difference": float, "status": str, "assumed_time": int},
        foreign_keys=[("claim_id", "claims"), ("compared_claim_id", "claims"), ("document_id", "documents"),
                      ("passage_id", "passages"), ("compared_document_id", "documents"),
                      ("compared_table_id", "document_tables")],
        indexes=[["claim_id"], ["status"], ["measure", "start_year"]]),
    # state files (loaders/cde.py)
    "cde_files": Table(
        {"name": str, "kind": str, "school_year": str, "start_year": int, "rows": int, "district_rows": int,
         "sha256": str},
        pk="name", not_null={"kind"}),
    "cde_schools": Table(
        {"cds_code": str, "start_year": int, "school_year": str, "county_code": str, "district_code": str,
         "school_code": str, "county_name": str, "district_name": str, "school_name": str, "school_type": str,
         "educational_option_type": str, "nslp_provision_status": str, "charter": int, "charter_number": str,
         "funding_type": str, "charter_type": str, "low_grade": str, "high_grade": str, "grade_span": str,
         "enrollment": int, "free_meal_count": int, "percent_eligible_free": float, "frpm_count": int,
         "percent_eligible_frpm": float, "status": str, "open_date": str, "closed_date": str, "magnet": int,
         "street": str, "city": str, "zip": str, "latitude": float, "longitude": float, "source_file": str,
         "directory_file": str, "directory_cds_code": str},
        pk=("cds_code", "start_year"), not_null={"school_year", "school_name", "source_file"},
        foreign_keys=[("source_file", "cde_files", "name"), ("directory_file", "cde_files", "name")],
        indexes=[["start_year", "charter"]]),
    # every charter of the district in the state's directory, open or closed (loaders/cde.py): the directory
    # series of `series` counts them by their open and closed dates
    "cde_directory_charters": Table(
        {"cds_code": str, "school_name": str, "charter_number": str, "funding_type": str, "charter_type": str,
         "open_date": str, "closed_date": str, "status": str, "directory_file": str, "line": int},
        pk="cds_code", not_null={"directory_file"},
        foreign_keys=[("directory_file", "cde_files", "name")],
        indexes=[["open_date"]]),
    # the district's outline (loaders/geo.py): corpus/geo/*.geojson with its credit, the map's background
    "district_boundary": Table(
        {"file": str, "district": str, "geojson": str, "features": int, "polygons": int, "holes": int,
         "vertices": int, "credit": str, "sha256": str},
        pk="file", not_null={"geojson", "credit"}),
    # what the database was built from (reformkb/build.py): a build with the same inputs does nothing
    "build_info": Table({"inputs": str}, pk="inputs"),
    # charts rendered by the build's last stage (charts/render.py), served at /charts
    "charts": Table(
        {"name": str, "position": int, "title": str, "description": str, "source": str, "sql": str,
         "queries": str, "spec": str, "svg": str, "png": bytes, "html": str},
        pk="name"),
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
    # long form of the district table: one row per school year and charter type (what a stacked chart draws)
    "charter_enrollment_by_type": """
select start_year, school_year, 'Independent' as charter_type, independent_schools as schools,
  independent_enrollment as students, total_schools, total_enrollment, document_id, table_id
from charter_enrollment
union all
select start_year, school_year, 'Affiliated', affiliated_schools, affiliated_enrollment, total_schools,
  total_enrollment, document_id, table_id
from charter_enrollment
order by start_year, charter_type desc""",
    # The one definition of "open in a school year": each charter of the directory open on the school year's census
    # day, 1 October of its first calendar year (CDE counts on the first Wednesday of October) — opened on or
    # before that day and not closed, or closed after it. A charter with no open date is never counted. From
    # 1993-94, the first school year under the Charter Schools Act of 1992, to the school year of the latest
    # directory snapshot (cde_files.start_year); a year in which no charter was open gives one row with no school.
    # The directory dates schools, not charters: a school that opened before the Charter Schools Act took effect
    # (1 January 1993) was no charter then, and its conversion is dated nowhere in the directory, so it is marked
    # undated (counted open from its school's opening, but its charter years are unknown): the series below
    # bounds a year's count by the charters it dates (opened under the law) and all it lists.
    "directory_charters_by_year": """
with recursive years(start_year) as (
  select 1993 where (select max(start_year) from cde_files where kind = 'directory') >= 1993
  union all
  select start_year + 1 from years
  where start_year < (select max(start_year) from cde_files where kind = 'directory')
)
select
  y.start_year,
  y.start_year || '-' || printf('%02d', (y.start_year + 1) % 100) as school_year,
  y.start_year || '-10-01' as census_day,
  c.cds_code, c.school_name, c.charter_number, c.charter_type, c.open_date, c.closed_date, c.status,
  c.directory_file, c.line,
  case when c.cds_code is not null then (c.open_date < '1993-01-01') end as undated
from years y
left join cde_directory_charters c
  on c.open_date <= y.start_year || '-10-01' and (c.closed_date is null or c.closed_date > y.start_year || '-10-01')
order by y.start_year, c.cds_code""",
    # Every data series, one row per measure, school year and source, with its provenance: the district's table
    # (series 'district': document, table and line of the row), each state FRPM file ('state': its file) and the
    # charters the state directory shows open on each census day ('directory': its file). Measures:
    # charter_schools, independent_charter_schools, affiliated_charter_schools, charter_students (district: norm
    # enrollment; state: K-12 enrollment), district_students (an FRPM file's every row of the district, charters
    # and pupils placed in nonpublic schools included), magnet_schools (an FRPM file's schools the directory flags
    # as magnets). A measure a source does not give has no row. The conflicts engine and the charts read it.
    # low: the least the count can be, where the source only bounds it (the directory: the charters it dates,
    # leaving out schools older than the charter law, whose conversion it does not date); else empty.
    "series": """
with
district as (
  select c.*, 'district table (' || coalesce(d.title, 'document ' || c.document_id) || ' table)' as source
  from charter_enrollment c
  left join documents d on d.id = c.document_id
),
state as (
  select
    f.name as file, f.start_year, f.school_year,
    'CDE FRPM ' || f.school_year || ' (' || f.name || ')' as source,
    coalesce(sum(s.charter = 1), 0) as charter_schools,
    coalesce(sum(s.charter = 1 and s.charter_type = 'independent'), 0) as independent_schools,
    coalesce(sum(s.charter = 1 and s.charter_type = 'affiliated'), 0) as affiliated_schools,
    sum(case when s.charter = 1 then s.enrollment end) as charter_students,
    sum(s.enrollment) as district_students,
    case when count(s.magnet) > 0 then sum(s.magnet = 1) end as magnet_schools
  from cde_files f
  left join cde_schools s on s.source_file = f.name
  where f.kind = 'frpm'
  group by f.name
),
directory as (
  select
    start_year, school_year,
    'CDE directory (' || (select group_concat(name, ', ') from (
      select name from cde_files where kind = 'directory' order by name)) || '), open on 1 October' as source,
    (select name from cde_files where kind = 'directory' order by start_year desc, name desc limit 1) as file,
    count(cds_code) as charter_schools,
    coalesce(sum(charter_type = 'independent'), 0) as independent_schools,
    coalesce(sum(charter_type = 'affiliated'), 0) as affiliated_schools,
    coalesce(sum(undated = 0), 0) as charter_schools_low,
    coalesce(sum(charter_type = 'independent' and undated = 0), 0) as independent_schools_low,
    coalesce(sum(charter_type = 'affiliated' and undated = 0), 0) as affiliated_schools_low
  from directory_charters_by_year
  group by start_year
),
measures(measure) as (
  values ('charter_schools'), ('independent_charter_schools'), ('affiliated_charter_schools'),
    ('charter_students'), ('district_students'), ('magnet_schools')
)
select measure, start_year, school_year, source, series, value, low, document_id, table_id, line, file
from (
  select
    m.measure, d.start_year, d.school_year, d.source, 'district' as series,
    case m.measure
      when 'charter_schools' then d.total_schools
      when 'independent_charter_schools' then d.independent_schools
      when 'affiliated_charter_schools' then d.affiliated_schools
      when 'charter_students' then d.total_enrollment
    end as value,
    null as low,
    d.document_id, d.table_id, d.line, null as file
  from district d, measures m
  union all
  select
    m.measure, s.start_year, s.school_year, s.source, 'state',
    case m.measure
      when 'charter_schools' then s.charter_schools
      when 'independent_charter_schools' then s.independent_schools
      when 'affiliated_charter_schools' then s.affiliated_schools
      when 'charter_students' then s.charter_students
      when 'district_students' then s.district_students
      when 'magnet_schools' then s.magnet_schools
    end,
    null, null, null, null, s.file
  from state s, measures m
  union all
  select
    m.measure, y.start_year, y.school_year, y.source, 'directory',
    case m.measure
      when 'charter_schools' then y.charter_schools
      when 'independent_charter_schools' then y.independent_schools
      when 'affiliated_charter_schools' then y.affiliated_schools
    end,
    case m.measure
      when 'charter_schools' then y.charter_schools_low
      when 'independent_charter_schools' then y.independent_schools_low
      when 'affiliated_charter_schools' then y.affiliated_schools_low
    end,
    null, null, null, y.file
  from directory y, measures m
)
where value is not null
order by measure, start_year, series, source""",
    # the charter figures of the district's table and of each state FRPM file, one row per school year and
    # source: `series` read wide (the directory's counts are in `series` only)
    "charter_sources": """
select
  start_year,
  school_year,
  source,
  series,
  max(case when measure = 'charter_schools' then value end) as charter_schools,
  max(case when measure = 'independent_charter_schools' then value end) as independent_schools,
  max(case when measure = 'affiliated_charter_schools' then value end) as affiliated_schools,
  max(case when measure = 'charter_students' then value end) as enrollment,
  max(table_id) as table_id,
  max(file) as file
from series
where series in ('district', 'state')
group by series, source, start_year""",
    "charter_sources_compared": """
with
district as (select * from charter_sources where series = 'district'),
state as (select * from charter_sources where series = 'state'),
years as (
  select start_year, school_year from district
  union
  select start_year, school_year from state
)
select
  y.start_year,
  y.school_year,
  d.charter_schools as district_schools,
  s.charter_schools as state_schools,
  s.charter_schools - d.charter_schools as schools_difference,
  d.independent_schools as district_independent,
  s.independent_schools as state_independent,
  d.affiliated_schools as district_affiliated,
  s.affiliated_schools as state_affiliated,
  d.enrollment as district_enrollment,
  s.enrollment as state_enrollment,
  s.enrollment - d.enrollment as enrollment_difference,
  s.source as state_source
from years y
left join district d on d.start_year = y.start_year
left join state s on s.start_year = y.start_year
order by y.start_year""",
    # When a reform ran, as the sources state it — the one definition the timeline page, the charts and the
    # canned queries read. first_year: the stated start, else the first year a cited fact is about. last_year:
    # the stated end; null for a reform with a stated start and no stated end; else the last cited year.
    # through_year: the last year the sources give it (the stated end, else the last cited year, never before
    # its first year). label: "Name (ACRONYM)", the acronym left out when the name contains it.
    # each citation of a reform (its page included) and whether its year dates the reform: only where its
    # text tells history — not a footnote (a bibliography's year is a publication's), not after the document was
    # published, not a target ("by 2020")
    "reform_citations_dated": """
select rc.*,
  rc.year is not null and coalesce(p.kind, '') <> 'footnote'
    and (d.published is null or rc.year <= cast(substr(d.published, 1, 4) as integer))
    and instr(lower(coalesce(rc.quote, '')), 'by ' || rc.year) = 0 as dates_reform
from reform_citations rc join passages p on p.id = rc.passage_id join documents d on d.id = rc.document_id""",
    "reform_spans": """
select
  r.id as reform_id, r.slug, r.name, r.acronym, r.kind,
  r.name || case when r.acronym is null or instr(r.name, r.acronym) then '' else ' (' || r.acronym || ')' end
    as label,
  r.start_year, r.end_year,
  coalesce(r.start_year, c.first_cited) as first_year,
  case when r.end_year is not null then r.end_year
       when r.start_year is not null then null
       else c.last_cited end as last_year,
  coalesce(r.end_year, max(coalesce(r.start_year, c.first_cited), coalesce(c.last_cited, r.start_year)))
    as through_year,
  c.first_cited, c.last_cited,
  coalesce(c.citations, 0) as citations,
  coalesce(c.milestones, 0) as milestones,
  coalesce(c.documents, 0) as documents,
  (select count(*) from events e where e.reform_id = r.id) as events,
  (select page from reform_citations_dated x where x.reform_id = r.id and x.dates_reform
   order by x.year, x.id limit 1) as first_cited_page,
  r.summary, r.entity_id
from reforms r
left join (
  select reform_id,
    min(case when dates_reform then year end) as first_cited, max(case when dates_reform then year end) as last_cited,
    count(*) as citations, sum(milestone) as milestones, count(distinct document_id) as documents
  from reform_citations_dated group by reform_id
) c on c.reform_id = r.id
order by first_year is null, first_year, r.name""",
    # each reform's span with the size of the charter sector in the school years that began in its first and
    # last year
    "reform_timeline": """
select
  s.reform_id as id, s.slug, s.name, s.kind, s.start_year, s.end_year, s.first_year, s.last_year,
  s.through_year, s.citations, s.milestones, s.events,
  (select min(year) from events e where e.reform_id = s.reform_id) as first_event_year,
  (select max(coalesce(end_year, year)) from events e where e.reform_id = s.reform_id) as last_event_year,
  a.total_schools as start_total_schools, a.total_enrollment as start_total_enrollment,
  b.total_schools as end_total_schools, b.total_enrollment as end_total_enrollment,
  s.entity_id
from reform_spans s
left join charter_enrollment a on a.start_year = s.start_year
left join charter_enrollment b on b.start_year = s.end_year
order by s.start_year is null, s.start_year, s.end_year, s.reform_id""",
    # the people and organisations involved in a reform: mentioned in its cited passages or its events
    "reform_entities": """
select reform_id, entity_id, count(*) as mentions
from (
  select c.reform_id, m.entity_id
  from (select distinct reform_id, passage_id from reform_citations) c join mentions m on m.passage_id = c.passage_id
  union all
  select ev.reform_id, ee.entity_id from events ev join event_entities ee on ee.event_id = ev.id
  where ev.reform_id is not null
)
group by reform_id, entity_id""",
    # what each document holds, counted once for the documents list and the home page
    "document_stats": """
select
  d.id as document_id, d.slug, d.title, d.author, d.published, d.publication, d.kind, d.url, d.passages, d.words,
  (select count(*) from mentions m where m.document_id = d.id) as mentions,
  (select count(distinct entity_id) from mentions m where m.document_id = d.id) as entities,
  (select count(*) from reform_citations c where c.document_id = d.id) as citations,
  (select count(*) from events e where e.document_id = d.id) as events
from documents d""",
    # every mention with its entity, its sentence and where to read it: the entity page and the canned queries
    "mentions_in_context": """
select
  m.id, m.entity_id, e.name, e.type, m.text, m.start, m."end", m.document_id, d.slug, d.title,
  m.passage_id, p.seq, m.sentence_id, s.text as sentence, s.start as sentence_start,
  '/documents/' || d.slug || '#p' || p.seq as page
from mentions m
join entities e on e.id = m.entity_id
join passages p on p.id = m.passage_id
join documents d on d.id = m.document_id
left join sentences s on s.id = m.sentence_id""",
    # every role with the names of its person and organisation, its sentence and where to read it
    "roles_in_context": """
select
  r.id, r.person_id, p.name as person, r.role, r.organization_id, o.name as organization, r.start_year,
  r.end_year, r.year_source, r.past_marker, r.text, r.start, r."end", r.document_id, d.slug, d.published,
  r.passage_id, r.sentence_id, s.text as sentence, '/documents/' || d.slug || '#p' || ps.seq as page
from roles r
join entities p on p.id = r.person_id
left join entities o on o.id = r.organization_id
join documents d on d.id = r.document_id
join passages ps on ps.id = r.passage_id
left join sentences s on s.id = r.sentence_id""",
    "events_by_year": """
select
  e.year,
  count(*) as events,
  sum(e.source = 'text') as text_events,
  sum(e.milestone) as milestones,
  count(distinct e.document_id) as documents,
  (select group_concat(slug, ', ') from (select distinct r.slug from events x join reforms r on r.id = x.reform_id
                                         where x.year = e.year order by r.slug)) as reforms,
  (select s.text from events x join sentences s on s.id = x.sentence_id where x.year = e.year
   order by not x.milestone, x.id limit 1) as sample_sentence,
  group_concat(e.id, ',') as event_ids
from events e
group by e.year
order by e.year""",
}


# the tables of facts: each row also carries the page of its passage (/documents/<slug>#p<seq>), so that an
# export of any of them (CSV, JSON) says where to read it; written once the passages are final (link_pages)
PAGED = ("mentions", "roles", "reform_citations", "events", "claims", "conflicts")


def link_pages(db):
    """Fill the page column of the PAGED tables from their passage_id."""
    for name in PAGED:
        db.execute(f"""update {name} set page = (select '/documents/' || d.slug || '#p' || p.seq
            from passages p join documents d on d.id = p.document_id where p.id = {name}.passage_id)""")


def create(db, tables=TABLES, views=VIEWS):
    """Create every table (with its keys and indexes) and view; idempotent."""
    for name, table in tables.items():
        columns = {**table.columns, "page": str} if name in PAGED else table.columns
        db[name].create(columns, pk=table.pk, foreign_keys=table.foreign_keys, not_null=table.not_null,
                        if_not_exists=True)
        for index in table.indexes:
            columns, unique = index if isinstance(index, tuple) else (index, False)
            db[name].create_index(columns, unique=unique, if_not_exists=True)
    db.index_foreign_keys()
    for name, sql in views.items():
        db.create_view(name, sql.strip(), replace=True)


def index_text(db, fts=FTS):
    """Full-text search over the written rows (porter stemming)."""
    for table, columns in fts.items():
        if not db[f"{table}_fts"].exists():
            db[table].enable_fts(columns, tokenize="porter")
