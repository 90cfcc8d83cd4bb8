"""The reform timeline: each reform's span (reform_spans) with its milestones (reforms.yml events and the
citations marked as milestones). A span is drawn only over the years the sources give it; where they state no end
it stops at the last year a source gives and is marked open (▸), so that a chart never claims a reform lasted
longer than a source says."""

import altair as alt

from charts.queries import documents_cited, optional_rows, rows
from charts.style import SKY, VERMILLION, WIDTH, finish

# the timeline's first year: where the charter table begins; reforms begun earlier are drawn from there
FIRST_YEAR = "select min(start_year) as year from charter_enrollment"

# the segment a reform's bar is drawn in: only the years the sources give
STATED = "stated or cited"
LEGEND = "Start to the stated end, or to the last year a source gives it; an arrowhead: no end stated"


def reform_segments_sql(where="s.start_year is not null"):
    """The SQL of the segments drawn for the reforms with a start year that `where` (a condition on
    `reform_spans s`) keeps: one row per reform, the years the sources give it (segment 'stated or cited': from
    its start_year to its through_year in reform_spans, both included), with its start_year, end_year (empty: no
    end stated, the bar is marked open), as_stated ('1993–1999'), last_cited and citations (count)."""
    return f"""
select slug, label as reform, coalesce(acronym, name) as label, kind, start_year, end_year,
  start_year || '–' || coalesce(end_year, ' (no end stated)') as as_stated, last_cited, citations,
  '{STATED}' as segment, start_year as from_year, through_year as to_year
from reform_spans s
where {where}
order by start_year, reform, from_year"""


SPANS_SQL = reform_segments_sql()

# a milestone is an event the events stage marked as one (a reforms.yml citation marked milestone: true)
MILESTONES_SQL = """
select s.slug, s.label as reform, e.year, coalesce(c.fact, t.text) as milestone,
  e.document_id, d.title as document
from events e
join reform_spans s on s.reform_id = e.reform_id
join documents d on d.id = e.document_id
left join reform_citations c on c.id = e.citation_id
left join sentences t on t.id = e.sentence_id
where e.milestone = 1 and e.year is not null
order by e.year, reform"""

SEGMENT_TOOLTIP = [alt.Tooltip("as_stated:N", title="Start–end as stated"),
                   alt.Tooltip("cited:N", title="Last cited year"), alt.Tooltip("years:N", title="This segment")]


def segment_marks(data, x, y, color, first, legend=True, **bar):
    """A bar mark drawing reform segments (rows of reform_segments_sql in `data`, an Altair data value) from the
    start of from_year to the end of to_year, in color, and a ▸ after each that has no stated end. x: the x
    encoding for a field name; y: the lane encoding; first: the axis' first year (a segment ended before it is not
    drawn); legend: whether to explain the bars beneath the chart; bar: mark properties. Returns an Altair chart."""
    # a year is the stretch from its tick to the next: a segment ends where the year after to_year begins
    drawn = alt.Chart(data).transform_filter(f"datum.to_year >= {first}").transform_calculate(
        drawn_to="datum.to_year + 1", years="datum.from_year + '–' + datum.to_year",
        cited="isValid(datum.last_cited) ? '' + datum.last_cited : 'none'",
    )
    bars = drawn.mark_bar(strokeWidth=1, stroke=color, **bar).encode(
        x=x("from_year"), x2="drawn_to:Q", y=y,
        color=alt.Color("segment:N", title=None, scale=alt.Scale(domain=[STATED], range=[color]),
                        legend=alt.Legend(orient="bottom", labelLimit=500, labelExpr=f"'{LEGEND}'")
                        if legend else None),
        tooltip=[alt.Tooltip("reform:N", title="Reform"), alt.Tooltip("kind:N", title="Kind")] + SEGMENT_TOOLTIP)
    open_ends = drawn.transform_filter("!isValid(datum.end_year)").mark_text(
        text="▸", align="left", dx=1, fontSize=11, color=color).encode(x=x("drawn_to"), y=y)
    return alt.layer(bars, open_ends)


def reform_timeline(db):
    """Each reform with a start year as a bar from its start to its stated end or, where no end is stated, to the
    last year a source gives it (marked open); its milestones as diamonds. Takes a
    sqlite_utils.Database, returns an Altair chart; raises NoData when no reform has a start year or a
    milestone."""
    segments = optional_rows(db, SPANS_SQL)
    milestones = optional_rows(db, MILESTONES_SQL)
    if not segments and not milestones:
        rows(db, SPANS_SQL, "reform with a start year or a milestone")  # raises NoData with that reason
    # one lane per reform, in the order they began (a reform with milestones only: at its first milestone)
    began = {}
    for row in segments + milestones:
        began.setdefault(row["reform"], row.get("start_year") or row["year"])
    lanes = sorted(began, key=lambda reform: (began[reform], reform))
    first = (optional_rows(db, FIRST_YEAR) or [{}])[0].get("year") or min(began.values())
    last = max([r["to_year"] for r in segments] + [m["year"] for m in milestones])
    earlier = sum(1 for m in milestones if m["year"] < first)

    def x(field):
        # each year is the stretch from its tick to the next: the axis ends where the last year does; a reform
        # begun before the first year is drawn from the left edge (clamped)
        return alt.X(f"{field}:Q", title="Year", scale=alt.Scale(domain=[first, last + 1], zero=False, nice=False,
                                                                 clamp=True),
                     axis=alt.Axis(format="d", labelOverlap=True, tickMinStep=1))

    y = alt.Y("reform:N", sort=lanes, title=None, axis=alt.Axis(labelLimit=380))
    layers = []
    if segments:
        data = {"values": segments}
        layers.append(segment_marks(data, x, y, SKY, first, height={"band": 0.6}))
        # a reform begun before the axis: 'since 1903', and the last year cited when that too is before the axis
        layers.append(alt.Chart(data).transform_filter(
            f"datum.segment == '{STATED}' && datum.start_year < {first}").transform_calculate(
            since=f"isValid(datum.end_year) ? datum.start_year + '–' + datum.end_year : 'since ' + datum.start_year"
                  f" + (datum.to_year < {first} && isValid(datum.last_cited) ? ', last cited ' + datum.last_cited"
                  f" : '')",
        ).mark_text(align="left", dx=4, fontSize=10, color="#222").encode(x=x("from_year"), y=y, text="since:N"))
    if milestones:
        layers.append(alt.Chart({"values": milestones}).transform_filter(f"datum.year >= {first}").transform_calculate(
            middle="datum.year + 0.5",
        ).mark_point(
            shape="diamond", filled=True, size=90, color=VERMILLION, opacity=0.9, stroke="white", strokeWidth=0.8,
        ).encode(
            x=x("middle"), y=y,
            tooltip=[alt.Tooltip("reform:N", title="Reform"), alt.Tooltip("year:Q", title="Year", format="d"),
                     alt.Tooltip("milestone:N", title="Milestone"), alt.Tooltip("document:N", title="Document")]))
    chart = alt.layer(*layers).properties(width=WIDTH, height=alt.Step(20))
    spans = [r for r in segments if r["segment"] == STATED]
    stated_end = sum(1 for r in spans if r["end_year"] is not None)
    before = sum(1 for r in spans if r["start_year"] < first)
    return finish(
        chart,
        title=f"Los Angeles school reforms under way, {first} to {last}",
        description=f"{len(lanes)} reforms, each a bar from its start to its stated end ({stated_end}) or, where"
                    f" none is stated, to the last year a source gives it, with an arrowhead ({len(spans) - stated_end}):"
                    f" no bar runs past what a source says. {before} begun"
                    f" before {first} {'is' if before == 1 else 'are'} marked 'since'; diamonds mark"
                    f" {len(milestones) - earlier} dated milestones"
                    + (f" ({earlier} earlier ones are in the data)." if earlier else "."),
        source="Source: corpus/reforms.yml, each fact quoted from "
               + (documents_cited(db, "select document_id from reform_citations") or "the documents") + ".",
        sql=SPANS_SQL, queries=[{"label": "Milestones", "sql": MILESTONES_SQL}])
