"""The reform timeline: each reform's span (reforms table) with its milestones (reforms.yml events and the
citations marked as milestones)."""

import altair as alt

from charts.queries import documents_cited, optional_rows, rows
from charts.style import SKY, VERMILLION, WIDTH, finish

# the last year of data: the end of the charter table's last school year, or a later event, citation or start
LAST_YEAR = """
  select max(year) as year from (
    select max(start_year) + 1 as year from charter_enrollment
    union all select max(year) from events
    union all select max(year) from reform_citations
    union all select max(start_year) from reforms)"""

# the timeline's first year: where the charter table begins; reforms begun earlier are drawn from there
FIRST_YEAR = "select min(start_year) as year from charter_enrollment"

# "Name (ACRONYM)", the acronym left out when the name already contains it
REFORM = "r.name || case when r.acronym is null or instr(r.name, r.acronym) then '' else ' (' || r.acronym || ')' end"

SPANS_SQL = f"""
with last as ({LAST_YEAR})
select r.slug, {REFORM} as reform, r.kind, r.start_year,
  r.end_year as ended, coalesce(r.end_year, last.year) as end_year,
  (select count(*) from reform_citations c where c.reform_id = r.id) as citations
from reforms r, last
where r.start_year is not null
order by r.start_year, r.name"""

# a milestone is an event taken from reforms.yml or a citation marked as one; `union` drops the duplicates
MILESTONES_SQL = f"""
select r.slug, {REFORM} as reform, c.year, c.fact as milestone,
  c.document_id, d.title as document, c.passage_id
from reform_citations c
join reforms r on r.id = c.reform_id
join documents d on d.id = c.document_id
where c.milestone = 1 and c.year is not null
union
select r.slug, {REFORM}, e.year, coalesce(c.fact, e.sentence),
  e.document_id, d.title, e.passage_id
from events e
join reforms r on r.id = e.reform_id
join documents d on d.id = e.document_id
left join reform_citations c on c.id = e.citation_id
where e.source = 'reforms.yml' and e.year is not null
order by year, reform"""


def reform_timeline(db):
    """Each reform with a start year as a bar from its start to its end (or to the last year of data), and its
    milestones as diamonds. Takes a sqlite_utils.Database, returns an Altair chart; raises NoData when no reform
    has a start year or a milestone."""
    spans = optional_rows(db, SPANS_SQL)
    milestones = optional_rows(db, MILESTONES_SQL)
    if not spans and not milestones:
        rows(db, SPANS_SQL, "reform with a start year or a milestone")  # raises NoData with that reason
    # one lane per reform, in the order they began (a reform with milestones only: at its first milestone)
    began = {}
    for row in spans + milestones:
        began.setdefault(row["reform"], row.get("start_year") or row["year"])
    lanes = sorted(began, key=lambda reform: (began[reform], reform))
    first = (optional_rows(db, FIRST_YEAR) or [{}])[0].get("year") or min(began.values())
    last = max([r["end_year"] for r in spans] + [m["year"] for m in milestones])
    earlier = sum(1 for m in milestones if m["year"] < first)

    def x(field):
        return alt.X(f"{field}:Q", title="Year", scale=alt.Scale(domain=[first, last], zero=False, nice=False),
                     axis=alt.Axis(format="d", labelOverlap=True))

    y = alt.Y("reform:N", sort=lanes, title=None, axis=alt.Axis(labelLimit=380))
    layers = []
    if spans:
        bars = alt.Chart({"values": spans}).transform_calculate(drawn_from=f"max(datum.start_year, {first})")
        layers.append(bars.mark_bar(color=SKY, height={"band": 0.6}).encode(
            x=x("drawn_from"), x2="end_year:Q", y=y,
            tooltip=[alt.Tooltip("reform:N", title="Reform"), alt.Tooltip("kind:N", title="Kind"),
                     alt.Tooltip("start_year:Q", title="Started", format="d"),
                     alt.Tooltip("ended:Q", title="Ended", format="d"),
                     alt.Tooltip("citations:Q", title="Facts cited")]))
        layers.append(bars.transform_filter(f"datum.start_year < {first}").transform_calculate(
            since="'since ' + datum.start_year").mark_text(align="left", dx=4, fontSize=10, color="#222").encode(
            x=x("drawn_from"), y=y, text="since:N"))
    if milestones:
        layers.append(alt.Chart({"values": milestones}).transform_filter(f"datum.year >= {first}").mark_point(
            shape="diamond", filled=True, size=90, color=VERMILLION, opacity=0.9, stroke="white", strokeWidth=0.8,
        ).encode(
            x=x("year"), y=y,
            tooltip=[alt.Tooltip("reform:N", title="Reform"), alt.Tooltip("year:Q", title="Year", format="d"),
                     alt.Tooltip("milestone:N", title="Milestone"), alt.Tooltip("document:N", title="Document")]))
    chart = alt.layer(*layers).properties(width=WIDTH, height=alt.Step(20))
    open_ended = sum(1 for r in spans if r["ended"] is None)
    before = sum(1 for r in spans if r["start_year"] < first)
    return finish(
        chart,
        title=f"Los Angeles school reforms under way, {first} to {last}",
        description=f"{len(lanes)} reforms: a bar runs from a reform's start to its end ({open_ended} with no stated"
                    f" end run to {last}, the last year of data; {before} begun before {first} are marked 'since');"
                    f" diamonds mark {len(milestones) - earlier} dated milestones"
                    + (f" ({earlier} earlier ones are in the data)." if earlier else "."),
        source="Source: corpus/reforms.yml, each fact quoted from "
               + (documents_cited(db, "select document_id from reform_citations") or "the documents") + ".",
        sql=SPANS_SQL, queries=[{"label": "Milestones", "sql": MILESTONES_SQL}])
